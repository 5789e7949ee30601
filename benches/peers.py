"""Near-duplicate detection, side by side: provtrace dedup, rensa, datasketch.

The same job in each tool, on one JSON Lines corpus: word 5-grams, 128
permutations, LSH banding for a Jaccard threshold of 0.8, then every candidate
pair verified on the exact shingle sets. Each timed run starts from the file
on disk and ends with the set of verified pairs: for the Python tools, in
the Python process; for provtrace, the whole command, process start and
output files included (reading those files back for scoring is not timed). Runs alternate between the
tools, round after round, so that drift of the machine falls on all of them.

Every tool is scored against the exact set of pairs with Jaccard >= 0.8,
found once by an exact all-pairs search (prefix filtering) and cached.

`analyze` (the whole of `provtrace analyze`, every report format, in the
same alternation) is timed beside them, to compare its documents per second
with the peers' deduplication alone; it has no pairs to score.

Run through benches/peers.sh, which makes the virtual environment.
"""

import argparse
import csv
import hashlib
import json
import math
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict

K = 5
PERMUTATIONS = 128
SEED = 42

# A word is a run of letters and digits; "30,000" and "5.93" are one word.
WORD = re.compile(r"[^\W_]+(?:(?<=[0-9])[.,](?=[0-9])[^\W_]+)*")


def tokens(text):
    return [w.lower().replace(",", "") for w in WORD.findall(text)]


def shingles(text):
    """The distinct word 5-grams of a text; a shorter text is one shingle."""
    words = tokens(text)
    if not words:
        return set()
    k = min(K, len(words))
    return {" ".join(words[i : i + k]) for i in range(len(words) - k + 1)}


def load(path):
    ids, texts = [], []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                record = json.loads(line)
                ids.append(record["id"])
                texts.append(record["text"])
    return ids, texts


def jaccard(a, b):
    if not a and not b:
        return 0.0
    shared = len(a & b)
    return shared / (len(a) + len(b) - shared)


def verify(candidates, sets, threshold):
    """Pairs (i, j), i < j, among the candidates, with exact Jaccard >= threshold."""
    pairs = set()
    for i, found in enumerate(candidates):
        for j in found:
            if j > i and sets[i] and jaccard(sets[i], sets[j]) >= threshold:
                pairs.add((i, j))
    return pairs


def bands_for(threshold, permutations, divisors_only):
    """Bands and rows minimising false positives plus false negatives
    (datasketch's rule); rensa needs a band count that divides 128."""

    def integral(f, a, b, steps=200):
        h = (b - a) / steps
        return sum(f(a + (i + 0.5) * h) for i in range(steps)) * h

    best = None
    for b in range(1, permutations + 1):
        if divisors_only and permutations % b:
            continue
        r = permutations // b if divisors_only else None
        for r in [r] if r else range(1, permutations // b + 1):
            fp = integral(lambda s: 1 - (1 - s**r) ** b, 0.0, threshold)
            fn = integral(lambda s: (1 - s**r) ** b, threshold, 1.0)
            if best is None or fp + fn < best[0]:
                best = (fp + fn, b, r)
    return best[1], best[2]


def run_datasketch(path, threshold):
    from datasketch import MinHash, MinHashLSH

    start = time.perf_counter()
    ids, texts = load(path)
    sets = [shingles(t) for t in texts]
    encoded = [[s.encode() for s in doc] for doc in sets]
    hashes = MinHash.bulk(encoded, num_perm=PERMUTATIONS, seed=SEED)
    lsh = MinHashLSH(threshold=threshold, num_perm=PERMUTATIONS)
    with lsh.insertion_session() as session:
        for i, m in enumerate(hashes):
            if sets[i]:
                session.insert(i, m, check_duplication=False)
    candidates = [lsh.query(m) if sets[i] else [] for i, m in enumerate(hashes)]
    pairs = verify(candidates, sets, threshold)
    return ids, pairs, time.perf_counter() - start


def run_rensa(path, threshold):
    from rensa import RMinHash, RMinHashLSH

    start = time.perf_counter()
    ids, texts = load(path)
    sets = [shingles(t) for t in texts]
    bands, _ = bands_for(threshold, PERMUTATIONS, divisors_only=True)
    hashes = RMinHash.from_token_sets([list(s) for s in sets], PERMUTATIONS, SEED)
    lsh = RMinHashLSH(threshold, PERMUTATIONS, bands)
    lsh.insert_many(hashes)
    candidates = lsh.query_all(hashes)
    pairs = verify(candidates, sets, threshold)
    return ids, pairs, time.perf_counter() - start


def run_provtrace(path, threshold, binary, raw):
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "dedup.jsonl")
        pairs_file = os.path.join(tmp, "pairs.csv")
        start = time.perf_counter()
        subprocess.run(
            [binary, "dedup", path, "-o", out, "--pairs", pairs_file, "--quiet",
             "--threshold", str(threshold)] + (["--raw"] if raw else []),
            check=True,
        )
        seconds = time.perf_counter() - start
        ids = []
        with open(out, encoding="utf-8") as f:
            for line in f:
                ids.append(json.loads(line)["id"])
        index = {d: i for i, d in enumerate(ids)}
        pairs = set()
        with open(pairs_file, encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                i, j = index[row["a"]], index[row["b"]]
                pairs.add((min(i, j), max(i, j)))
    return ids, pairs, seconds


def run_analyze(path, binary):
    """The whole of `provtrace analyze`, every report format, with the CRF
    attribution tagger (the fastest, as a crawl would be analysed;
    benches/tagger_times.sh times the default): timed only."""
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        subprocess.run(
            [binary, "analyze", path, "-o", os.path.join(tmp, "report"), "--quiet",
             "--format", "json,md,html,dot,csv", "--attribution-model", "crf"],
            check=True,
        )
        seconds = time.perf_counter() - start
        documents = summary(os.path.join(tmp, "report", "report.json"))["documents"]
    return [None] * documents, None, seconds


def summary(path):
    """The `summary` of a report.json, from its own line: loading the whole
    report (90 MB on Reuters) would take a gigabyte of this process's
    memory between timed runs."""
    with open(path, encoding="utf-8") as f:
        lines = None
        for line in f:
            if lines is None and line.startswith('  "summary":'):
                lines = [line.split(":", 1)[1]]
            elif lines is not None:
                lines.append(line)
                if line.startswith("  }"):
                    return json.loads("".join(lines).rstrip().rstrip(","))
    raise ValueError(f"{path}: no summary")


def exact_pairs(path, threshold, cache_dir):
    """Every pair with Jaccard >= threshold: an exact all-pairs search with
    prefix filtering (rarest shingles first), cached by the corpus's hash."""
    with open(path, "rb") as f:
        digest = hashlib.sha256(f.read()).hexdigest()[:16]
    cache = os.path.join(cache_dir, f"exact-{digest}-k{K}-t{threshold}.json")
    if os.path.exists(cache):
        with open(cache) as f:
            return {tuple(p) for p in json.load(f)}
    start = time.perf_counter()
    _, texts = load(path)
    sets = [shingles(t) for t in texts]
    frequency = defaultdict(int)
    for s in sets:
        for x in s:
            frequency[x] += 1
    order = {x: (n, x) for x, n in frequency.items()}
    index = defaultdict(list)
    pairs = set()
    for i, s in enumerate(sets):
        if not s:
            continue
        ranked = sorted(s, key=order.__getitem__)
        prefix = len(ranked) - math.ceil(threshold * len(ranked)) + 1
        seen = set()
        for x in ranked[:prefix]:
            for j in index[x]:
                if j not in seen:
                    seen.add(j)
                    if jaccard(s, sets[j]) >= threshold:
                        pairs.add((j, i))
            index[x].append(i)
    os.makedirs(cache_dir, exist_ok=True)
    with open(cache + ".tmp", "w") as f:
        json.dump(sorted(pairs), f)
    os.replace(cache + ".tmp", cache)
    print(f"exact pairs: {len(pairs)} found in {time.perf_counter() - start:.1f} s, cached in {cache}")
    return pairs


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("corpus")
    parser.add_argument("--provtrace", required=True, help="the provtrace binary")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--threshold", type=float, default=0.8)
    parser.add_argument("--cache", default="target/peers")
    parser.add_argument("--tools", default="provtrace,analyze,rensa,datasketch")
    args = parser.parse_args()

    truth = exact_pairs(args.corpus, args.threshold, args.cache)
    tools = {
        "provtrace": lambda: run_provtrace(args.corpus, args.threshold, args.provtrace, True),
        "provtrace-clean": lambda: run_provtrace(args.corpus, args.threshold, args.provtrace, False),
        "analyze": lambda: run_analyze(args.corpus, args.provtrace),
        "rensa": lambda: run_rensa(args.corpus, args.threshold),
        "datasketch": lambda: run_datasketch(args.corpus, args.threshold),
    }
    chosen = args.tools.split(",")
    times = {t: [] for t in chosen}
    found = {}
    documents = None
    for round_ in range(args.rounds):
        # Alternate the order too, so no tool always runs first.
        for tool in chosen if round_ % 2 == 0 else reversed(chosen):
            ids, pairs, seconds = tools[tool]()
            times[tool].append(seconds)
            found[tool] = pairs
            documents = len(ids)
            print(f"round {round_ + 1}: {tool:<10} {times[tool][-1]:8.3f} s", flush=True)

    print()
    print(f"corpus: {args.corpus}, {documents} documents; exact pairs (Jaccard >= {args.threshold}): {len(truth)}")
    print(f"{'tool':<11} {'median s':>9} {'docs/s':>10} {'recall':>7} {'precision':>9} {'pairs':>7}")
    rate = {}
    for tool in chosen:
        median = statistics.median(times[tool])
        rate[tool] = documents / median
        pairs = found[tool]
        if pairs is None:
            # `analyze` reports clusters and reuse, not the pairs at 0.8.
            print(f"{tool:<11} {median:9.3f} {rate[tool]:10.0f} {'-':>7} {'-':>9} {'-':>7}")
            continue
        hits = len(pairs & truth)
        recall = hits / len(truth) if truth else 1.0
        precision = hits / len(pairs) if pairs else 1.0
        print(f"{tool:<11} {median:9.3f} {rate[tool]:10.0f} {recall:7.4f} {precision:9.4f} {len(pairs):7}")
    for ours in ("provtrace", "analyze"):
        if ours not in rate:
            continue
        for tool in ("rensa", "datasketch"):
            if tool in rate:
                print(f"{ours} / {tool}: {rate[ours] / rate[tool]:.2f}x docs/s")


if __name__ == "__main__":
    sys.exit(main())
