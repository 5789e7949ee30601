"""`provtrace-spark dedup`: the flags and files of `provtrace dedup`, on Spark.

Exit status: 0 on success, 1 when the job fails, 2 when the inputs or flags
are wrong (as `provtrace`).
"""

from __future__ import annotations

import argparse
import os
import sys

from .job import SPLIT_BYTES, DedupError, dedup, prepare


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="provtrace-spark",
        description="provtrace on Apache Spark: near-duplicate clusters of a corpus too large for one machine",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser(
        "dedup",
        help="keep/drop list of near-duplicates, the same bytes as `provtrace dedup`",
    )
    run.add_argument("inputs", nargs="+", metavar="INPUT", help="files, directories, JSON Lines files")
    run.add_argument("-o", "--output", metavar="FILE", help="the keep/drop list (standard output when absent); FILE.clusters.json beside it")
    run.add_argument("--format", choices=["jsonl", "csv"], default="jsonl", help="format of the keep/drop list")
    run.add_argument("--pairs", metavar="FILE", help="also write every pair at or above the threshold, as CSV")
    run.add_argument("--raw", action="store_true", help="shingle each text whole, as given")
    run.add_argument("--threshold", type=float, metavar="J", help="Jaccard threshold in (0, 1]; overrides the configuration")
    run.add_argument("--config", metavar="FILE", help="a TOML configuration file")
    run.add_argument("--ext", default="", metavar="EXT", help="more file endings to read in directories, comma-separated")
    run.add_argument("-q", "--quiet", action="store_true", help="print nothing but errors")
    run.add_argument("--timings", action="store_true", help="print each stage's wall time")
    run.add_argument("--master", metavar="URL", help="Spark master (default: local[*], or what spark-submit set)")
    run.add_argument("--split-bytes", type=int, default=SPLIT_BYTES, metavar="N", help="read JSON Lines files in pieces of N bytes")
    run.add_argument(
        "--components",
        choices=["auto", "driver", "star"],
        default="auto",
        help="connected components: union-find on the driver, large-star/small-star on the cluster, or by size",
    )
    run.add_argument(
        "--shuffle-partitions",
        type=int,
        metavar="N",
        help="partitions of each shuffle (default: one for every 20,000 documents, at least two a core)",
    )
    run.add_argument("--checkpoint-dir", metavar="DIR", help="checkpoints for large-star/small-star (shared storage on a cluster)")
    run.add_argument("--conf", action="append", default=[], metavar="KEY=VALUE", help="a Spark setting (repeatable)")
    return parser


def session(master: str | None, conf: list[str]):
    """A Spark session; a local one binds to 127.0.0.1."""
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName("provtrace-spark dedup")
    if master:
        builder = builder.master(master)
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    if not master or master.startswith("local"):
        builder = builder.config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
    builder = builder.config("spark.ui.showConsoleProgress", "false").config("spark.sql.execution.arrow.maxRecordsPerBatch", "4096")
    for item in conf:
        key, _, value = item.partition("=")
        builder = builder.config(key, value)
    return builder.getOrCreate()


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    extensions = [e for e in args.ext.split(",") if e]
    options = dict(
        threshold=args.threshold,
        pairs=args.pairs,
        config=args.config,
        extensions=extensions,
        format=args.format,
        split_bytes=args.split_bytes,
        components=args.components,
    )
    try:
        # Bad flags, outputs and inputs are said before Spark starts.
        prepare(args.inputs, args.output, **options)
    except DedupError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    spark = session(args.master, args.conf)
    spark.sparkContext.setLogLevel("ERROR")
    if args.checkpoint_dir:
        spark.sparkContext.setCheckpointDir(args.checkpoint_dir)
    try:
        found = dedup(
            spark,
            args.inputs,
            args.output,
            raw=args.raw,
            timings=args.timings,
            shuffle_partitions=args.shuffle_partitions,
            **options,
        )
    except DedupError as e:
        print(f"error: {e}", file=sys.stderr)
        spark.stop()
        return 2
    except Exception as e:  # a failed Spark job: its first line, not the JVM's trace
        first = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
        print(f"error: the Spark job failed: {first}", file=sys.stderr)
        spark.stop()
        return 1
    if not args.quiet:
        for name, reason in found.skipped:
            print(f"warning: skipped `{name}`: {reason}", file=sys.stderr)
        if found.passed_over:
            print(f"note: {found.passed_over}", file=sys.stderr)
    if found.documents == 0:
        n = len(found.skipped)
        if n == 0:
            print("error: no document read: the inputs hold no file or record to read", file=sys.stderr)
        else:
            print(f"error: no document read: every input was skipped ({n}, each with its reason above)", file=sys.stderr)
        spark.stop()
        return 2
    if not args.quiet:
        print(
            f"{_count(found.documents, 'document')} ({len(found.skipped)} skipped): "
            f"{_count(found.clusters, 'duplicate cluster')}, "
            f"{found.documents - found.dropped} kept, {found.dropped} dropped",
            file=sys.stderr,
        )
    spark.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())


def _count(n: int, noun: str) -> str:
    """`n` and `noun` in its number, as `provtrace dedup` says them."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"
