#!/usr/bin/env python3
"""Scores attribution cues and sources on PolNeAR from what `provtrace analyze` writes.

    python3 benches/polnear_as_run.py [--binary target/release/provtrace] [--compartment dev] [-- ANALYZE ARGS]

`cargo run --release --example evaluate -- polnear` tags each sentence of
each article by calling the library; this runs one `analyze` over the
compartment's articles (one JSON Lines file, `id` the file name, `text` the
article), as a user runs it, and scores the cue and source spans of the
report's claims (every attribution made in the text, not a page's credit;
each span once) against the first annotator's, as the example scores them:
spans matched one to one, best overlap first, overlap being shared bytes
over the bytes of both together, at 0.3 and 0.8. Only sentences that
`analyze` keeps as claims (a quantity, a quotation or an attribution) and
as article text (not a headline or boilerplate line) can score, so the
figures differ from the example's.
"""

import json
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from claim_scores import SHARED, analyze, arguments  # noqa: E402


def brat(ann, text):
    """Cue and source spans of a brat file, characters made bytes."""
    at = [len(text[:i].encode("utf-8")) for i in range(len(text) + 1)]
    spans = {"Cue": [], "Source": []}
    for line in ann.splitlines():
        fields = line.split("\t")
        if len(fields) < 2 or not fields[0].startswith("T"):
            continue
        label, _, ranges = fields[1].partition(" ")
        numbers = [int(n) for n in ranges.replace(";", " ").split() if n.isdigit()]
        if label in spans and numbers and numbers[-1] <= len(text):
            spans[label].append((at[numbers[0]], at[numbers[-1]]))
    return spans


def overlap(a, b):
    shared = max(0, min(a[1], b[1]) - max(a[0], b[0]))
    union = max(a[1], b[1]) - min(a[0], b[0])
    return shared / union if union else 0.0


def match(predicted, gold, threshold):
    pairs = sorted(
        ((overlap(p, g), i, j) for i, p in enumerate(predicted) for j, g in enumerate(gold)),
        key=lambda x: (-x[0], x[1], x[2]),
    )
    used_p, used_g, tp = set(), set(), 0
    for o, i, j in pairs:
        if o >= threshold and o > 0 and i not in used_p and j not in used_g:
            used_p.add(i)
            used_g.add(j)
            tp += 1
    return tp, len(predicted) - tp, len(gold) - tp


def main():
    parser, argv, extra = arguments(__doc__)
    parser.add_argument("--compartment", default="dev")
    args = parser.parse_args(argv)
    root = os.path.join(SHARED, "polnear")
    if not os.path.isdir(root):
        sys.exit(f"skipped: {root} is absent")
    compartment = os.path.join(root, args.compartment)
    texts, anns = {}, {}
    with open(os.path.join(root, "metadata.tsv"), encoding="utf-8") as f:
        header = f.readline().rstrip("\n").split("\t")
        for line in f:
            row = dict(zip(header, line.rstrip("\n").split("\t")))
            if row.get("compartment") != args.compartment:
                continue
            name = row["filename"]
            path = os.path.join(compartment, "text", name + ".txt")
            if not os.path.exists(path):
                continue
            with open(path, encoding="utf-8") as t:
                texts[name] = t.read()
            found = sorted(
                n for n in os.listdir(os.path.join(compartment, "attributions")) if n.startswith(name + "_")
            )
            if found:
                with open(os.path.join(compartment, "attributions", found[0]), encoding="utf-8") as a:
                    anns[name] = a.read()
    corpus = os.path.join(tempfile.mkdtemp(prefix="provtrace-polnear-"), "polnear.jsonl")
    with open(corpus, "w", encoding="utf-8") as f:
        for name, text in texts.items():
            f.write(json.dumps({"id": name, "text": text}) + "\n")
    report = analyze(args.binary, corpus, extra)
    cues, sources = {}, {}
    for claim in report["claims"]:
        for a in claim["attributions"]:
            if a["scope"] == "document":
                continue
            if a.get("cue_span"):
                cues.setdefault(claim["doc"], set()).add(tuple(a["cue_span"]))
            if a.get("source_span"):
                sources.setdefault(claim["doc"], set()).add(tuple(a["source_span"]))
    print(
        f"PolNeAR {args.compartment}: one analyze over {report['summary']['documents']} articles, "
        f"tagger {report['tool'].get('attribution_model')}, {len(anns)} annotated"
    )
    print("| what | overlap | precision | recall | F1 |")
    print("|---|---:|---:|---:|---:|")
    for label, found in (("Cue", cues), ("Source", sources)):
        for threshold in (0.3, 0.8):
            tp = fp = fn = 0
            for name, ann in anns.items():
                gold = brat(ann, texts[name])[label]
                a, b, c = match(sorted(found.get(name, ())), gold, threshold)
                tp, fp, fn = tp + a, fp + b, fn + c
            p = tp / max(tp + fp, 1)
            r = tp / max(tp + fn, 1)
            f = 2 * p * r / (p + r) if p + r else 0.0
            print(f"| {label.lower()}s | {threshold} | {p:.3f} | {r:.3f} | {f:.3f} |")


if __name__ == "__main__":
    main()
