#!/usr/bin/env python3
"""Scores claim identity and claim origin from what `provtrace analyze` writes.

    python3 benches/claim_scores.py [--binary target/release/provtrace] [-- ANALYZE ARGS]

Two corpora from ../shared/data, each run through one `provtrace analyze`
(defaults, plus any arguments after `--`), scored from its report.json:

METER showbiz, laid out as a user would give it: one JSON Lines file, PA
copy dated its folder's day with outlet "PA", each newspaper story the next
day with its paper's name as outlet. Printed: of the claims of stories
labelled wholly_derived, the share whose origin is PA (the outlet PA, or a
document under PA/); the same for partially_derived stories' claims that
lie in a passage aligned with a PA file (the claim's middle byte inside the
passage's target span); of claim clusters with claims from
two documents or more, the share that span two news stories (catchline
folders), counted both by folder and with folders that hold the same PA
file taken as one story.

Reuters-21578 against benches/claims/reuters_pairs.tsv: pairs of claim
sentences from different stories, judged by hand as the same claim or not
(how they were drawn and judged: benches/claims/README.md). Each judged
sentence is found in the report as the claim of its document that covers
its first byte. Printed: pairwise precision of "same cluster" (of the
judged pairs the run puts in one cluster, the share judged the same claim)
and the share of same-claim pairs kept together.
"""

import argparse
import collections
import csv
import datetime
import json
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.path.join(os.path.dirname(ROOT), "shared", "data")


def decode(raw):
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def meter_corpus(root, out):
    files = []
    for top in ("PA", "newspapers"):
        for folder, _, names in os.walk(os.path.join(root, top)):
            files += [os.path.join(folder, n) for n in names if n.endswith(".txt") and n != "readme.txt"]
    files.sort()
    with open(out, "w", encoding="utf-8") as f:
        for path in files:
            rel = os.path.relpath(path, root).replace(os.sep, "/")
            parts = rel.split("/")
            day = None
            for part in parts:
                m = re.fullmatch(r"(\d\d)\.(\d\d)\.(\d\d)", part)
                if m:
                    year = int(m[3])
                    day = datetime.date(2000 + year if year < 50 else 1900 + year, int(m[2]), int(m[1]))
            with open(path, "rb") as raw:
                record = {"id": rel, "text": decode(raw.read())}
            if parts[0] == "PA":
                record["outlet"] = "PA"
            else:
                day = day + datetime.timedelta(days=1) if day else None
                record["outlet"] = parts[-1].rsplit("_", 1)[-1][: -len(".txt")]
            if day:
                record["published"] = day.isoformat()
            f.write(json.dumps(record) + "\n")


def analyze(binary, corpus, extra):
    out = tempfile.mkdtemp(prefix="provtrace-claims-")
    subprocess.run(
        [binary, "analyze", corpus, "--format", "json", "--quiet", "-o", out, *extra], check=True
    )
    with open(os.path.join(out, "report.json"), encoding="utf-8") as f:
        return json.load(f)


def clusters_of(report):
    """Each claim's clusters (a claim with several values may be in several)."""
    of = collections.defaultdict(list)
    for k in report["claim_clusters"]:
        for c in k["claims"]:
            of[c].append(k)
    return of


def origin_of(claim, of):
    """A claim's own origin when the report gives one, else its first cluster's."""
    if claim.get("origin"):
        return claim["origin"]
    clusters = of.get(claim["id"])
    return clusters[0]["origin"] if clusters else None


def is_pa(origin):
    if not origin:
        return False
    return (origin.get("outlet") or "") in ("PA", "PA Media") or (origin.get("doc") or "").startswith("PA/")


def meter(binary, extra):
    root = os.path.join(SHARED, "meter-showbiz")
    with tempfile.NamedTemporaryFile(suffix=".jsonl", delete=False) as tmp:
        corpus = tmp.name
    meter_corpus(root, corpus)
    report = analyze(binary, corpus, extra)
    with open(os.path.join(root, "labels.tsv"), encoding="utf-8") as f:
        labels = {row["newspaper_file"]: row["label"] for row in csv.DictReader(f, delimiter="\t")}
    of = clusters_of(report)
    # Target spans aligned with a PA file, per newspaper story.
    aligned = collections.defaultdict(list)
    for pair in report["reuse"]:
        if pair["source"].startswith("PA/"):
            aligned[pair["target"]] += [p["target_span"] for p in pair["passages"]]
    counts = collections.Counter()
    for claim in report["claims"]:
        label = labels.get(claim["doc"])
        if label == "wholly_derived":
            key = "wholly"
        elif label == "partially_derived" and any(
            s <= (claim["span"][0] + claim["span"][1]) // 2 < e for s, e in aligned[claim["doc"]]
        ):
            key = "partially, in a passage aligned with PA"
        else:
            continue
        counts[key, "all"] += 1
        counts[key, "pa"] += is_pa(origin_of(claim, of))
    print(f"METER showbiz: one analyze over {report['summary']['documents']} documents")
    for key in ("wholly", "partially, in a passage aligned with PA"):
        n, pa = counts[key, "all"], counts[key, "pa"]
        print(f"  claims of {key} stories with PA as origin: {pa} of {n} = {pa / max(n, 1):.3f}")
    # Stories: catchline folders; folders holding the same PA file are one
    # story when counted loosely.
    folder = lambda doc: "/".join(doc.split("/")[-3:-1])
    parent = {}

    def find(x):
        while parent.get(x, x) != x:
            x = parent[x]
        return x

    by_file = collections.defaultdict(set)
    for doc in report["documents"]:
        if doc["id"].startswith("PA/"):
            by_file[doc["sha256"]].add(folder(doc["id"]))
    for folders in by_file.values():
        first, *rest = sorted(folders)
        for other in rest:
            parent[find(other)] = find(first)
    claims = {c["id"]: c for c in report["claims"]}
    multi = [k for k in report["claim_clusters"] if len({claims[c]["doc"] for c in k["claims"]}) >= 2]
    by_folder = [k for k in multi if len({folder(claims[c]["doc"]) for c in k["claims"]}) > 1]
    by_story = [k for k in multi if len({find(folder(claims[c]["doc"])) for c in k["claims"]}) > 1]
    print(
        f"  multi-document claim clusters: {len(multi)}; spanning two catchline folders "
        f"{len(by_folder)} = {len(by_folder) / max(len(multi), 1):.3f}; two stories "
        f"(folders sharing a PA file as one) {len(by_story)} = {len(by_story) / max(len(multi), 1):.3f}"
    )
    for k in by_story[:20] if os.environ.get("CLAIM_SCORES_DETAIL") else []:
        print("   ", k["id"], repr(k["summary"]), sorted({folder(claims[c]["doc"]) for c in k["claims"]}))


def reuters(binary, extra):
    report = analyze(binary, os.path.join(SHARED, "reuters21578.jsonl"), extra)
    of = clusters_of(report)
    by_doc = collections.defaultdict(list)
    for claim in report["claims"]:
        by_doc[claim["doc"]].append(claim)

    def claim_at(doc, start):
        for claim in by_doc.get(doc, ()):
            if claim["span"][0] <= start < claim["span"][1]:
                return claim
        return None

    def together_of(row):
        a = claim_at(row["a_doc"], int(row["a_start"]))
        b = claim_at(row["b_doc"], int(row["b_start"]))
        return bool(
            a and b and {k["id"] for k in of.get(a["id"], ())} & {k["id"] for k in of.get(b["id"], ())}
        )

    tp = fp = fn = 0
    with open(os.path.join(ROOT, "benches", "claims", "reuters_pairs.tsv"), encoding="utf-8") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    # Drawn from the clusters of a later grouping: what it joins.
    for name, what in (
        ("reuters_pairs_drawn_after.tsv", "drawn after claims were traced through the copies"),
        ("reuters_pairs_drawn_now.tsv", "drawn after figures' roles and names were read"),
    ):
        with open(os.path.join(ROOT, "benches", "claims", name), encoding="utf-8") as f:
            after = list(csv.DictReader(f, delimiter="\t"))
        joined = [r for r in after if together_of(r)]
        same = sum(r["same"] == "yes" for r in joined)
        print(
            f"Reuters-21578: {len(after)} pairs {what}: {len(joined)} still joined, "
            f"precision {same / max(len(joined), 1):.3f} ({same} of {len(joined)})"
        )
    # Pairs the grouping before figures' roles were read joined and this one
    # parts, and the reverse, each drawn at random and judged.
    with open(os.path.join(ROOT, "benches", "claims", "reuters_pairs_changed.tsv"), encoding="utf-8") as f:
        changed = list(csv.DictReader(f, delimiter="\t"))
    joined = [r for r in changed if r["drawn"] == "joined_now" and together_of(r)]
    right = sum(r["same"] == "yes" for r in joined)
    parted = [r for r in changed if r["drawn"] == "parted_now" and not together_of(r)]
    wrong = sum(r["same"] == "no" for r in parted)
    print(
        f"Reuters-21578: pairs the grouping joins that it did not before figures' roles were read: "
        f"{len(joined)} still joined, {right} the same claim ({right / max(len(joined), 1):.3f}); "
        f"pairs it parts that it joined: {len(parted)} still parted, {wrong} of them two claims "
        f"({wrong / max(len(parted), 1):.3f})"
    )
    for row in rows:
        a = claim_at(row["a_doc"], int(row["a_start"]))
        b = claim_at(row["b_doc"], int(row["b_start"]))
        together = bool(
            a and b and {k["id"] for k in of.get(a["id"], ())} & {k["id"] for k in of.get(b["id"], ())}
        )
        same = row["same"] == "yes"
        tp += together and same
        fp += together and not same
        fn += same and not together
        if os.environ.get("CLAIM_SCORES_DETAIL") and together != same:
            print(f"    #{row['n']} {'joined' if together else 'apart'}, judged {row['same']}: {row['reason']}")
    print(f"Reuters-21578: {len(rows)} judged pairs of claim sentences from different stories")
    print(
        f"  pairwise precision of same cluster {tp / max(tp + fp, 1):.3f} ({tp} of {tp + fp}); "
        f"same-claim pairs kept together {tp / max(tp + fn, 1):.3f} ({tp} of {tp + fn})"
    )


def arguments(doc):
    """A parser with `--binary`, the arguments before `--`, and those after it
    (passed on to `analyze`)."""
    argv = sys.argv[1:]
    extra = []
    if "--" in argv:
        extra = argv[argv.index("--") + 1 :]
        argv = argv[: argv.index("--")]
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--binary", default=os.path.join(ROOT, "target", "release", "provtrace"))
    return parser, argv, extra


def main():
    parser, argv, extra = arguments(__doc__)
    args = parser.parse_args(argv)
    if not os.path.isdir(SHARED):
        sys.exit(f"skipped: {SHARED} is absent")
    meter(args.binary, extra)
    reuters(args.binary, extra)


if __name__ == "__main__":
    main()
