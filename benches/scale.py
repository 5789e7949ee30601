"""How dedup and analyze grow with the corpus: wall time, peak memory, recall.

    python3 benches/scale.py [--sizes 10000,100000,1000000] [--analyze-up-to N]

Generates each corpus once with `examples/gencorpus.rs` (kept in
target/scale/N), runs `provtrace dedup` and `provtrace analyze` (JSON report
only: the other formats show a capped view; the CRF attribution tagger, as
a crawl would be analysed) under /usr/bin/time, scores the
planted copies (kinds `copy` and `doubled`) that dedup put in their
source's cluster, and prints a table with the growth exponent between
successive sizes: log(t2 / t1) / log(n2 / n1).
"""

import argparse
import csv
import json
import math
import os
import subprocess
import sys


def timed(command):
    """Wall seconds and peak resident memory (MiB) of a command."""
    result = subprocess.run(
        ["/usr/bin/time", "-f", "%e %M"] + command,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    if result.returncode != 0:
        sys.exit(f"failed: {' '.join(command)}\n{result.stderr}")
    wall, kib = result.stderr.strip().splitlines()[-1].split()
    return float(wall), int(kib) / 1024


def recall(truth_path, dedup_path):
    cluster = {}
    with open(dedup_path, encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            cluster[row["id"]] = row["cluster"]
    planted = found = 0
    with open(truth_path, encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            if row["kind"] in ("copy", "doubled"):
                planted += 1
                c = cluster.get(row["id"])
                found += c is not None and c == cluster.get(row["source"])
    return found / planted if planted else 1.0, planted


def exponent(rows, key):
    out = []
    for (n1, a), (n2, b) in zip(rows, rows[1:]):
        if a.get(key) and b.get(key):
            out.append(f"{math.log(b[key] / a[key]) / math.log(n2 / n1):.2f} ({n1}→{n2})")
    return ", ".join(out) or "—"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--analyze-up-to", type=int, default=1_000_000)
    parser.add_argument("--threads", type=int, default=None)
    args = parser.parse_args()
    os.chdir(os.path.join(os.path.dirname(__file__), ".."))
    subprocess.run(["cargo", "build", "--release", "--quiet", "--example", "gencorpus"], check=True)
    subprocess.run(["cargo", "build", "--release", "--quiet"], check=True)
    binary = "target/release/provtrace"
    threads = ["--threads", str(args.threads)] if args.threads else []
    rows = []
    for n in [int(s) for s in args.sizes.split(",")]:
        folder = f"target/scale/{n}"
        corpus = f"{folder}/corpus.jsonl"
        if not os.path.exists(corpus):
            subprocess.run(["target/release/examples/gencorpus", str(n), folder], check=True)
        size = os.path.getsize(corpus) / 2**20
        row = {}
        dedup_out = f"{folder}/dedup.jsonl"
        row["dedup_s"], row["dedup_mib"] = timed(
            [binary, "dedup", corpus, "-o", dedup_out, "--quiet"] + threads
        )
        row["recall"], planted = recall(f"{folder}/truth.csv", dedup_out)
        if n <= args.analyze_up_to:
            row["analyze_s"], row["analyze_mib"] = timed(
                [binary, "analyze", corpus, "-o", f"{folder}/report", "--format", "json", "--quiet",
                 "--attribution-model", "crf"]
                + threads
            )
        rows.append((n, row))
        print(
            f"{n:>9} docs ({size:,.0f} MiB): dedup {row['dedup_s']:.2f} s, {row['dedup_mib']:,.0f} MiB, "
            f"recall {row['recall']:.4f} of {planted} planted copies; "
            + (
                f"analyze {row['analyze_s']:.2f} s, {row['analyze_mib']:,.0f} MiB"
                if "analyze_s" in row
                else "analyze not run"
            ),
            flush=True,
        )
    print()
    print("| documents | dedup wall | dedup peak | planted copies found | analyze wall | analyze peak |")
    print("|---:|---:|---:|---:|---:|---:|")
    for n, r in rows:
        a = (
            f"{r['analyze_s']:.1f} s | {r['analyze_mib']:,.0f} MiB"
            if "analyze_s" in r
            else "not run | —"
        )
        print(f"| {n:,} | {r['dedup_s']:.2f} s | {r['dedup_mib']:,.0f} MiB | {r['recall']:.4f} | {a} |")
    print()
    print(f"growth exponent, dedup wall: {exponent(rows, 'dedup_s')}")
    print(f"growth exponent, analyze wall: {exponent(rows, 'analyze_s')}")


if __name__ == "__main__":
    main()
