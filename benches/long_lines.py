"""How `analyze` grows with one long line: a document with no line ends.

    python3 benches/long_lines.py [--sizes 0.5,1,2,4,8] [--binary PATH]

Builds one-line documents of each size (in MB) from the prose of
`examples/gencorpus.rs` (sentences with numbers, quotes and credits, every
line end made a space), writes each as a one-record JSON Lines file, runs
`provtrace analyze --format json --attribution-model crf` on it under /usr/bin/time, and prints wall
time, peak memory and claims per size, with the growth exponent between
successive sizes, log(t2 / t1) / log(n2 / n1), and the least-squares slope
over all of them. Linear work gives about 1.0; a per-claim scan of the line
gives about 2.
"""

import argparse
import json
import math
import os
import subprocess
import sys

from scale import timed


def prose(root, megabytes):
    """At least `megabytes` MB of generated article text on one line."""
    corpus = os.path.join(root, "source")
    docs = max(200, int(megabytes * 600))
    path = os.path.join(corpus, f"{docs}", "corpus.jsonl")
    if not os.path.exists(path):
        subprocess.run(
            ["cargo", "run", "--release", "--quiet", "--example", "gencorpus", "--",
             str(docs), os.path.dirname(path), "7"],
            check=True,
        )
    want = int(megabytes * 1_000_000)
    parts, size = [], 0
    with open(path, encoding="utf-8") as f:
        for line in f:
            text = " ".join(json.loads(line)["text"].split())
            parts.append(text)
            size += len(text.encode("utf-8")) + 1
            if size >= want:
                break
    text = " ".join(parts).encode("utf-8")[:want].decode("utf-8", "ignore")
    return text


def slope(points):
    xs = [math.log(n) for n, _ in points]
    ys = [math.log(t) for _, t in points]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    num = sum((x - mx) * (y - my) for x, y in zip(xs, ys))
    den = sum((x - mx) ** 2 for x in xs)
    return num / den if den else float("nan")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="0.5,1,2,4,8")
    parser.add_argument("--binary", default="target/release/provtrace")
    parser.add_argument("--work", default="target/long-lines")
    args = parser.parse_args()
    sizes = [float(s) for s in args.sizes.split(",")]
    if not os.path.exists(args.binary):
        subprocess.run(["cargo", "build", "--release", "--quiet"], check=True)
    os.makedirs(args.work, exist_ok=True)
    rows = []
    print(f"{'MB':>5} {'bytes':>10} {'wall s':>8} {'peak MiB':>9} {'claims':>7}")
    for mb in sizes:
        text = prose(args.work, mb)
        assert "\n" not in text
        path = os.path.join(args.work, f"line-{mb}.jsonl")
        with open(path, "w", encoding="utf-8") as f:
            f.write(json.dumps({"id": f"line-{mb}", "text": text}, ensure_ascii=False))
        out = os.path.join(args.work, f"report-{mb}")
        wall, peak = timed(
            [args.binary, "analyze", path, "-o", out, "--format", "json", "--quiet",
             "--attribution-model", "crf"]
        )
        with open(os.path.join(out, "report.json"), encoding="utf-8") as f:
            claims = json.load(f)["summary"]["claims"]
        rows.append((len(text.encode("utf-8")), wall))
        print(f"{mb:>5} {len(text.encode('utf-8')):>10} {wall:>8.2f} {peak:>9.0f} {claims:>7}")
    steps = [
        f"{math.log(b[1] / a[1]) / math.log(b[0] / a[0]):.2f}"
        for a, b in zip(rows, rows[1:])
        if a[1] > 0 and b[1] > 0
    ]
    print(f"growth exponent between sizes: {', '.join(steps)}")
    print(f"growth exponent, least squares over all sizes: {slope(rows):.2f}")


if __name__ == "__main__":
    main()
