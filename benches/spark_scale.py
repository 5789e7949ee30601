#!/usr/bin/env python3
"""`provtrace-spark dedup` against `provtrace dedup` on generated corpora:
wall time per stage, shuffle bytes per document, and whether all three
files are byte-identical (sha256).

    benches/spark_scale.py [--sizes 200000,1000000] [--master 'local-cluster[2,1,1024]']
                           [--work /tmp/provtrace-spark-scale] [--corpus FILE]

Run it with the Python that has the package (`spark/test.sh` makes
`spark/.venv`): `spark/.venv/bin/python benches/spark_scale.py`. Corpora
come from `examples/gencorpus.rs` (made once per size in the work
directory); `--corpus FILE` measures one given JSON Lines file instead.
Shuffle bytes are read from Spark's event log (the sum of every task's
shuffle write)."""

from __future__ import annotations

import argparse
import glob
import hashlib
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STAGE = re.compile(r"^\s*([a-z][a-z :()_-]*?)\s+(\d+\.\d+) s")


def sha(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def timed(command: list[str], env=None) -> tuple[float, int, str]:
    """Wall seconds, peak RSS of the process tree's largest member (KiB,
    from GNU time) and standard error."""
    start = time.perf_counter()
    done = subprocess.run(["/usr/bin/time", "-f", "%M", *command], capture_output=True, text=True, env=env)
    wall = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"failed: {' '.join(command)}\n{done.stderr[-4000:]}")
    peak = int(done.stderr.strip().splitlines()[-1])
    return wall, peak, done.stderr


def shuffle_bytes(log_dir: Path) -> int:
    total = 0
    # Spark 4 writes each application's log as a directory of event files.
    for log in glob.glob(str(log_dir / "**" / "*"), recursive=True):
        if not os.path.isfile(log):
            continue
        with open(log, encoding="utf-8", errors="replace") as handle:
            for line in handle:
                if '"SparkListenerTaskEnd"' not in line:
                    continue
                event = json.loads(line)
                metrics = event.get("Task Metrics") or {}
                total += (metrics.get("Shuffle Write Metrics") or {}).get("Shuffle Bytes Written", 0)
    return total


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="200000,1000000")
    parser.add_argument("--master", default="local-cluster[2,1,1024]")
    parser.add_argument("--work", default="/tmp/provtrace-spark-scale")
    parser.add_argument("--corpus", help="one JSON Lines file to measure instead of generated ones")
    parser.add_argument("--binary", default=str(ROOT / "target" / "release" / "provtrace"))
    args = parser.parse_args()
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    subprocess.run(["cargo", "build", "--release", "--quiet", "--bin", "provtrace", "--example", "gencorpus"], cwd=ROOT, check=True)
    corpora = []
    if args.corpus:
        corpora.append((Path(args.corpus).name, Path(args.corpus)))
    else:
        for size in [int(s) for s in args.sizes.split(",")]:
            out = work / f"gen{size}"
            corpus = out / "corpus.jsonl"
            if not corpus.exists():
                subprocess.run([str(ROOT / "target" / "release" / "examples" / "gencorpus"), str(size), str(out)], check=True)
            corpora.append((f"{size:,} generated", corpus))
    env = dict(os.environ, SPARK_LOCAL_IP="127.0.0.1", PYSPARK_PYTHON=sys.executable)
    for name, corpus in corpora:
        documents = sum(1 for _ in open(corpus, "rb"))
        cli_out = work / "cli.jsonl"
        spark_out = work / "spark.jsonl"
        cli_wall, cli_peak, cli_err = timed(
            [args.binary, "dedup", str(corpus), "-o", str(cli_out), "--pairs", str(work / "cli.pairs.csv"), "--timings"]
        )
        log_dir = work / f"events-{int(time.time())}"
        log_dir.mkdir()
        spark_wall, spark_peak, spark_err = timed(
            [
                sys.executable, "-m", "provtrace_spark.cli", "dedup", str(corpus), "-o", str(spark_out),
                "--pairs", str(work / "spark.pairs.csv"), "--master", args.master, "--timings",
                "--conf", "spark.eventLog.enabled=true", "--conf", f"spark.eventLog.dir={log_dir}",
                "--conf", "spark.eventLog.compress=false",
            ],
            env=env,
        )
        same = all(
            sha(work / f"cli{suffix}") == sha(work / f"spark{suffix}")
            for suffix in (".jsonl", ".jsonl.clusters.json", ".pairs.csv")
        )
        shuffled = shuffle_bytes(log_dir)
        print(f"\n## {name} ({documents:,} lines, {corpus.stat().st_size / 1e6:,.0f} MB), master {args.master}\n")
        print(f"byte-identical (sha256 of list, clusters, pairs): {'yes' if same else 'NO'}")
        print(f"provtrace dedup: {cli_wall:.1f} s wall, {cli_peak / 1024:,.0f} MiB peak")
        print(f"provtrace-spark dedup: {spark_wall:.1f} s wall (driver process {spark_peak / 1024:,.0f} MiB peak)")
        print(f"shuffle written: {shuffled / 1e6:,.1f} MB, {shuffled / max(documents, 1):,.0f} bytes a document\n")
        print("| provtrace-spark stage | wall s |")
        print("|---|---:|")
        for line in spark_err.splitlines():
            match = STAGE.match(line)
            if match:
                print(f"| {match.group(1)} | {float(match.group(2)):.1f} |")
        print("\n| provtrace dedup stage | wall s |")
        print("|---|---:|")
        for line in cli_err.splitlines():
            match = re.match(r"^\s*([a-z ]+?)\s+(\d+\.\d+) s ", line)
            if match:
                print(f"| {match.group(1)} | {float(match.group(2)):.1f} |")


if __name__ == "__main__":
    main()
