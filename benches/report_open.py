#!/usr/bin/env python3
"""How large the HTML report is and how long headless Chromium takes to open
it: from navigation start to the load event with the page laid out (a
script added at the page's end forces layout at `load` and notes the time).
Three runs, the median, beside the same for an empty page.

    python3 benches/report_open.py DIR [DIR ...]   # each holds a report.html
    python3 benches/report_open.py --reuters       # runs analyze on Reuters-21578 first
"""
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PROBE = """<script>
window.addEventListener("load", function () {
  document.body.getBoundingClientRect();
  var t = performance.now();
  var pre = document.createElement("pre");
  pre.id = "open-time";
  pre.textContent = JSON.stringify({ms: t, nodes: document.getElementsByTagName("*").length});
  document.body.appendChild(pre);
});
</script></body>"""


def opened(page, profile):
    start = time.monotonic()
    out = subprocess.run(
        ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--disable-background-networking", f"--user-data-dir={profile}",
         "--window-size=1400,1000", "--dump-dom", f"file://{page}"],
        capture_output=True, text=True, check=True).stdout
    wall = time.monotonic() - start
    found = out.split('<pre id="open-time">')[1].split("</pre>")[0]
    return json.loads(found), wall


def measure(html, work):
    page = os.path.join(work, "probe.html")
    with open(page, "w", encoding="utf-8") as f:
        f.write(html.replace("</body>", PROBE, 1))
    runs = [opened(page, os.path.join(work, "profile")) for _ in range(3)]
    return (statistics.median(r[0]["ms"] for r in runs) / 1000,
            statistics.median(r[1] for r in runs), runs[0][0]["nodes"])


def main():
    dirs = [a for a in sys.argv[1:] if not a.startswith("--")]
    with tempfile.TemporaryDirectory() as work:
        if "--reuters" in sys.argv:
            out = os.path.join(work, "reuters")
            subprocess.run(["cargo", "build", "--release", "-q"], cwd=ROOT, check=True)
            subprocess.run([os.path.join(ROOT, "target/release/provtrace"), "analyze",
                            os.path.join(ROOT, "../shared/data/reuters21578.jsonl"),
                            "-o", out, "-q", "--format", "html"], check=True)
            dirs.append(out)
        empty, empty_wall, _ = measure("<!DOCTYPE html><html><body></body></html>", work)
        print(f"empty page: {empty:.2f} s to load, {empty_wall:.2f} s Chromium start to exit")
        for d in dirs:
            path = os.path.join(d, "report.html")
            with open(path, encoding="utf-8") as f:
                html = f.read()
            load, wall, nodes = measure(html, work)
            print(f"{path}: {os.path.getsize(path) / 1e6:.1f} MB, {nodes:,} elements; "
                  f"{load:.2f} s to load and lay out, {wall:.2f} s Chromium start to exit (median of 3)")


if __name__ == "__main__":
    main()
