#!/usr/bin/env python3
"""How far word evidence can go on METER, with thresholds fitted on METER itself.

    python3 benches/reuse_ceiling.py [DIR]

DIR defaults to ../shared/data/meter-showbiz. For each labelled newspaper
story and each of its candidate PA files, computes features of the pair
(lower-cased word tokens, the corpus of all wire and newspaper files as the
document frequencies' corpus), keeps each story's best candidate by each
feature, then fits the two thresholds of the ternary split (wholly /
partially / non) on the labels themselves and prints the best macro-F1: an
oracle, fitted on the test data, that no threshold rule can beat with that
feature. The second column asks, as source P@1 >= 0.90 does, that at least
90% of the derived stories be reported derived.

Features: n-gram containment of the story in the wire file (n = 1, 2, 3, 5),
and term coverage (the story's distinct words weighted by ln N/df, the share
the wire file holds): plain, with idf squared, and beyond chance (a file of
the wire file's size holds each word with probability df/N scaled by its
size), as `terms::Rarity::share` computes it. The tokenisation is simpler
than provtrace's, so the figures approximate the product's features; they
bound what thresholds can do, they do not score the product (that is
benches/reuse_scores.sh).
"""

import collections
import itertools
import math
import os
import re
import sys

CLASSES = ["wholly_derived", "partially_derived", "non_derived"]


def words(text):
    return re.findall(r"[a-z0-9]+(?:'[a-z]+)?", text.lower())


def load(directory):
    texts = {}
    for top in ("PA", "newspapers"):
        for root, _, files in os.walk(os.path.join(directory, top)):
            for name in files:
                if name.endswith(".txt") and name != "readme.txt":
                    path = os.path.join(root, name)
                    with open(path, "rb") as f:
                        text = f.read().decode("cp1252", errors="replace")
                    texts[os.path.relpath(path, directory)] = words(text)
    return texts


class Rarity:
    def __init__(self, texts):
        self.df = collections.Counter()
        for tokens in texts.values():
            self.df.update(set(tokens))
        self.n = len(texts)
        self.mean = sum(len(set(t)) for t in texts.values()) / self.n

    def share(self, source, target, power=1.0, chance=False):
        held_set = set(source)
        size = len(held_set) / self.mean
        held = total = expected = 0.0
        for w in set(target):
            df = self.df.get(w, 1)
            weight = math.log(self.n / df) ** power
            total += weight
            if chance:
                expected += weight * min(1.0, df / self.n * size)
            if w in held_set:
                held += weight
        if total - expected <= 1e-9:
            return 0.0
        return max(0.0, (held - expected) / (total - expected))


def containment(source, target, n):
    grams = lambda t: {tuple(t[i : i + n]) for i in range(len(t) - n + 1)}
    t = grams(target)
    return len(t & grams(source)) / max(1, len(t))


def macro_f1(rows, predicted):
    f1s = []
    for c in CLASSES:
        tp = sum(1 for (label, _), p in zip(rows, predicted) if label == c and p == c)
        fp = sum(1 for (label, _), p in zip(rows, predicted) if label != c and p == c)
        fn = sum(1 for (label, _), p in zip(rows, predicted) if label == c and p != c)
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1s.append(2 * precision * recall / (precision + recall) if precision + recall else 0.0)
    return sum(f1s) / len(f1s)


def fitted(rows):
    """Best macro-F1 over two thresholds, and the best with 90% of the
    derived stories reported derived."""
    values = sorted({round(v, 2) for _, v in rows})
    derived = sum(1 for label, _ in rows if label != "non_derived")
    best = constrained = 0.0
    for low, high in itertools.combinations(values, 2):
        predicted = [
            "wholly_derived" if v >= high else "partially_derived" if v >= low else "non_derived"
            for _, v in rows
        ]
        score = macro_f1(rows, predicted)
        best = max(best, score)
        found = sum(1 for (label, _), p in zip(rows, predicted) if label != "non_derived" and p != "non_derived")
        if found >= 0.9 * derived:
            constrained = max(constrained, score)
    return best, constrained


def main():
    directory = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        os.path.dirname(__file__), "..", "..", "shared", "data", "meter-showbiz"
    )
    labels = os.path.join(directory, "labels.tsv")
    if not os.path.exists(labels):
        print(f"skipping: `{labels}` is not present", file=sys.stderr)
        return 0
    texts = load(directory)
    rarity = Rarity(texts)
    features = {
        "word containment (n=1)": lambda s, t: containment(s, t, 1),
        "2-gram containment": lambda s, t: containment(s, t, 2),
        "3-gram containment": lambda s, t: containment(s, t, 3),
        "5-gram containment": lambda s, t: containment(s, t, 5),
        "term coverage": lambda s, t: rarity.share(s, t),
        "term coverage, idf squared": lambda s, t: rarity.share(s, t, power=2.0),
        "term coverage beyond chance": lambda s, t: rarity.share(s, t, chance=True),
    }
    with open(labels) as f:
        header = f.readline().rstrip("\n").split("\t")
        column = {name: header.index(name) for name in ("newspaper_file", "label", "pa_candidate_files")}
        stories = [line.rstrip("\n").split("\t") for line in f if line.strip()]
    print(f"METER: {len(stories)} labelled stories; thresholds fitted on the labels (an oracle)\n")
    print(f"{'feature':<30} {'best macro-F1':>14} {'with 90% derived found':>24}")
    for name, feature in features.items():
        rows = []
        for fields in stories:
            story = texts.get(fields[column["newspaper_file"]])
            if story is None:
                continue
            candidates = [texts[c] for c in fields[column["pa_candidate_files"]].split("|") if c in texts]
            value = max((feature(c, story) for c in candidates), default=0.0)
            rows.append((fields[column["label"]], value))
        best, constrained = fitted(rows)
        print(f"{name:<30} {best:>14.3f} {constrained:>24.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
