#!/usr/bin/env python3
"""Scores `analyze NEW --archive A` against one `analyze` over the whole corpus.

Usage: archive_equivalence.py FULL/report.json ARCHIVED/report.json NEW.jsonl

Compares, for the documents of NEW.jsonl (the new ones), what both reports
say: the reuse pairs (source, target, derivation) with a new document on
either side, the duplicate clusters (their member sets) holding a new
document, and the claim clusters (sets of (document, sentence) of their
claims) holding a claim of a new document. Prints each set's size in both,
what they share, and agreement: shared / size of their union.
"""
import json
import sys


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def claim_key(report):
    """Claim id -> (document id, claim text), the same in both reports."""
    return {c["id"]: (c["doc"], c["text"]) for c in report["claims"]}


def sets(report, new):
    pairs = {
        (r["source"], r["target"], r["derivation"])
        for r in report["reuse"]
        if r["source"] in new or r["target"] in new
    }
    clusters = {
        frozenset(c["members"]) for c in report["duplicate_clusters"] if new & set(c["members"])
    }
    key = claim_key(report)
    claim_clusters = set()
    for k in report["claim_clusters"]:
        members = frozenset(key[c] for c in k["claims"])
        if any(doc in new for doc, _ in members):
            claim_clusters.add(members)
    return {"reuse pairs": pairs, "duplicate clusters": clusters, "claim clusters": claim_clusters}


def ids(path):
    """The ids of a JSON Lines file's records."""
    with open(path, encoding="utf-8") as f:
        return {json.loads(line)["id"] for line in f if line.strip()}


def agreements(a, b):
    """One line a kind of finding: sizes in both runs, shared, agreement."""
    for name in a:
        x, y = a[name], b[name]
        union = len(x | y)
        agreement = len(x & y) / union if union else 1.0
        yield (
            f"{name}: whole run {len(x)}, archive run {len(y)}, shared {len(x & y)}, "
            f"agreement {agreement:.4f}"
        )


def main():
    full, part, new_path = sys.argv[1:4]
    new = ids(new_path)
    for line in agreements(sets(load(full), new), sets(load(part), new)):
        print(line)


if __name__ == "__main__":
    main()
