"""The archive as a user runs it: equivalence with one run over all, and cost.

    python3 benches/archive.py [--reuters PATH] [--sizes 100000,1000000] [--new 10000]

Reuters-21578 (`../shared/data/reuters21578.jsonl`): its first 15,000 lines
archived (`provtrace archive add`), the last 4,043 checked
(`provtrace analyze NEW --archive A`, JSON report, the default tagger),
scored against one `provtrace analyze` over all 19,043 by
`benches/archive_equivalence.py`; wall time and peak memory of each run.

Generated corpora (`examples/gencorpus.rs`, kept in target/archive/N): for
each size N, a corpus of N + NEW documents; the first N archived, the last
NEW checked against them. Prints wall time and peak memory of the add and of
the check, and the check's time against the first size's.
"""

import argparse
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(__file__))
import archive_equivalence  # noqa: E402
from scale import timed  # noqa: E402

BINARY = "target/release/provtrace"


def split(path, first, folder):
    """Writes the first `first` lines of `path` to old.jsonl, the rest to new.jsonl."""
    old, new = f"{folder}/old.jsonl", f"{folder}/new.jsonl"
    with open(path, encoding="utf-8") as f, open(old, "w", encoding="utf-8") as o, open(
        new, "w", encoding="utf-8"
    ) as n:
        for i, line in enumerate(f):
            (o if i < first else n).write(line)
    return old, new


def fresh(path):
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(path + suffix):
            os.remove(path + suffix)


def reuters(path):
    folder = "target/archive/reuters"
    os.makedirs(folder, exist_ok=True)
    old, new = split(path, 15_000, folder)
    archive = f"{folder}/reuters.archive"
    fresh(archive)
    whole_s, whole_mib = timed(
        [BINARY, "analyze", path, "-o", f"{folder}/whole", "--format", "json", "-q"]
    )
    add_s, add_mib = timed([BINARY, "archive", "add", archive, old, "-q"])
    check_s, check_mib = timed(
        [BINARY, "analyze", new, "--archive", archive, "-o", f"{folder}/checked", "--format", "json", "-q"]
    )
    print(f"Reuters, one analyze over 19,043: {whole_s:.2f} s, {whole_mib:,.0f} MiB peak")
    print(f"Reuters, archive add of the first 15,000: {add_s:.2f} s, {add_mib:,.0f} MiB peak")
    print(
        f"Reuters, analyze of the last 4,043 --archive: {check_s:.2f} s ({check_s / whole_s:.2f}x), "
        f"{check_mib:,.0f} MiB peak ({check_mib / whole_mib:.2f}x)"
    )
    new_ids = archive_equivalence.ids(new)
    a = archive_equivalence.sets(archive_equivalence.load(f"{folder}/whole/report.json"), new_ids)
    b = archive_equivalence.sets(archive_equivalence.load(f"{folder}/checked/report.json"), new_ids)
    for line in archive_equivalence.agreements(a, b):
        print(f"Reuters, {line}")


def generated(sizes, new_count):
    subprocess.run(["cargo", "build", "--release", "--quiet", "--example", "gencorpus"], check=True)
    first = None
    for n in sizes:
        folder = f"target/archive/{n}"
        corpus = f"{folder}/corpus.jsonl"
        if not os.path.exists(corpus):
            subprocess.run(["target/release/examples/gencorpus", str(n + new_count), folder], check=True)
        old, new = split(corpus, n, folder)
        archive = f"{folder}/generated.archive"
        fresh(archive)
        add_s, add_mib = timed([BINARY, "archive", "add", archive, old, "-q"])
        check_s, check_mib = timed(
            [BINARY, "analyze", new, "--archive", archive, "-o", f"{folder}/checked", "--format", "json", "-q"]
        )
        first = first or check_s
        print(
            f"generated, {n:,} archived: add {add_s:.1f} s, {add_mib:,.0f} MiB peak; "
            f"check of {new_count:,} new {check_s:.2f} s, {check_mib:,.0f} MiB peak "
            f"({check_s / first:.2f}x the first size's time)",
            flush=True,
        )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--reuters", default="../shared/data/reuters21578.jsonl")
    parser.add_argument("--sizes", default="")
    parser.add_argument("--new", type=int, default=10_000)
    args = parser.parse_args()
    os.chdir(os.path.join(os.path.dirname(__file__), ".."))
    subprocess.run(["cargo", "build", "--release", "--quiet"], check=True)
    if os.path.exists(args.reuters):
        reuters(args.reuters)
    else:
        print(f"skipping Reuters: `{args.reuters}` is not present")
    if args.sizes:
        generated([int(s) for s in args.sizes.split(",")], args.new)


if __name__ == "__main__":
    main()
