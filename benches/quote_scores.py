#!/usr/bin/env python3
"""Scores quotations and their speakers from what `provtrace analyze` writes.

    python3 benches/quote_scores.py [--binary target/release/provtrace] [--only-judged] [-- ANALYZE ARGS]

One `provtrace analyze` over METER showbiz (../shared/data/meter-showbiz,
laid out as benches/claim_scores.py lays it out: one JSON Lines file of all
287 stories), defaults plus any arguments after `--`, scored from its
report.json against benches/quotes/meter_showbiz.tsv: 44 British stories
(Press Association copy and eight papers) whose quotations were marked by
hand, each a document id, a byte span of the text as `analyze` decodes it,
direct (inside quotation marks, or printed as a quotation without them) or
reported ("said the show should live on"), and the speaker's name or the
noun that names them (`spokeswoman`), `|` between other names for the
same speaker. How they were drawn and marked: benches/quotes/README.md.

A quotation the report gives is a claim's quote span, or, for a claim with
no quote whose first attribution of its own (not a document's credit)
names a source, the claim's sentence (reported speech: "Sallis told LBC
the show should go on"); its speaker is that source. Quote spans of consecutive sentences with only spaces and
quotation marks between them are one quotation. Scored as quotation
corpora are (Gender Gap Tracker, DirectQuote): a marked quotation is found
when one the report gives covers at least 30% of its bytes; precision is the
share of given quotations that cover 30% of a marked one. The speaker of a
found quotation is right when the given source shares a name word with the
marked speaker (not "a", "the", "mr", ...); a pronoun is not a name.
"""

import collections
import json
import os
import re
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from claim_scores import ROOT, SHARED, analyze, arguments, meter_corpus  # noqa: E402

JUDGED = os.path.join(ROOT, "benches", "quotes", "meter_showbiz.tsv")
OVERLAP = 0.3
NOT_NAMES = {
    "a", "an", "the", "of", "for", "to", "mr", "mrs", "ms", "miss", "sir", "dr", "her", "his",
    "he", "she", "they", "it", "i", "we", "and", "who", "new", "at", "in", "on",
}
BETWEEN = re.compile(r"[\s\"'“”‘’`<]*")


def judged():
    """Marked quotations by document, and the judged documents."""
    quotes = collections.defaultdict(list)
    docs = []
    with open(JUDGED, encoding="utf-8") as f:
        next(f)
        for line in f:
            doc, kind, start, end, speaker = line.rstrip("\n").split("\t")
            if kind == "article":
                docs.append(doc)
            else:
                quotes[doc].append((kind, int(start), int(end), speaker))
    return docs, quotes


def given(report, texts):
    """The quotations the report gives, by document: (start, end, speaker, kind)."""
    out = collections.defaultdict(list)
    for claim in report["claims"]:
        doc = claim["doc"]
        own = [a for a in claim["attributions"] if a["scope"] != "document"]
        speaker = own[0]["source"] if own else ""
        if claim["quotes"]:
            out[doc] += [(s, e, speaker, "direct") for s, e in claim["quotes"]]
        elif speaker:
            s, e = claim["span"]
            out[doc].append((s, e, speaker, "reported"))
    for doc, spans in out.items():
        spans.sort()
        text = texts.get(doc, b"")
        merged = []
        for s, e, who, kind in spans:
            if merged and kind == "direct" and merged[-1][3] == "direct":
                ps, pe, pwho, _ = merged[-1]
                gap = text[pe:s].decode("utf-8", "replace")
                if s >= pe and BETWEEN.fullmatch(gap):
                    merged[-1] = (ps, e, pwho or who, kind)
                    continue
            merged.append((s, e, who, kind))
        out[doc] = merged
    return out


def covers(g, p):
    return max(0, min(g[2], p[1]) - max(g[1], p[0])) >= OVERLAP * (g[2] - g[1])


def names(text):
    return {w for w in re.findall(r"[a-z0-9]+", text.lower()) if w not in NOT_NAMES}


def speaker_right(marked, source):
    said = names(source)
    return any(names(alias) & said for alias in marked.split("|"))


def f1(p, r):
    return 2 * p * r / (p + r) if p + r else 0.0


def main():
    parser, argv, extra = arguments(__doc__)
    parser.add_argument(
        "--only-judged", action="store_true", help="analyze the 44 judged stories alone (faster)"
    )
    parser.add_argument("--show", action="store_true", help="print each miss and false quotation")
    args = parser.parse_args(argv)
    root = os.path.join(SHARED, "meter-showbiz")
    if not os.path.isdir(root):
        sys.exit(f"skipped: {root} is absent")
    docs, marked = judged()
    corpus = os.path.join(tempfile.mkdtemp(prefix="provtrace-quotes-"), "meter-showbiz.jsonl")
    meter_corpus(root, corpus)
    texts = {}
    with open(corpus, encoding="utf-8") as f:
        lines = f.readlines()
    for line in lines:
        record = json.loads(line)
        texts[record["id"]] = record["text"].encode("utf-8")
    if args.only_judged:
        wanted = set(docs)
        with open(corpus, "w", encoding="utf-8") as f:
            f.writelines(l for l in lines if json.loads(l)["id"] in wanted)
    report = analyze(args.binary, corpus, extra)
    gave = given(report, texts)
    print(
        f"METER showbiz: one analyze over {report['summary']['documents']} documents, "
        f"tagger {report['tool'].get('attribution_model')}"
    )
    print(f"{len(docs)} judged stories, {sum(len(v) for v in marked.values())} marked quotations")
    rows = []
    for kind in ("direct", "reported", "all"):
        found = right = named = total = 0
        for doc in docs:
            for g in marked.get(doc, []):
                if kind != "all" and g[0] != kind:
                    continue
                total += 1
                hits = [p for p in gave.get(doc, []) if covers(g, p)]
                if not hits:
                    if args.show and kind == "all":
                        print("  missed", doc, g, texts[doc][g[1] : g[2]][:80])
                    continue
                found += 1
                if g[3] != "-":
                    named += 1
                    best = max(hits, key=lambda p: min(g[2], p[1]) - max(g[1], p[0]))
                    if speaker_right(g[3], best[2]):
                        right += 1
                    elif args.show and kind == "all":
                        print("  speaker", doc, g[3], "given:", repr(best[2]))
        given_n = good = 0
        for doc in docs:
            for p in gave.get(doc, []):
                if kind != "all" and p[3] != kind:
                    continue
                given_n += 1
                if any(covers(g, p) for g in marked.get(doc, [])):
                    good += 1
                elif args.show and kind == "all":
                    print("  false", doc, p[:3], texts[doc][p[0] : p[1]][:80])
        p = good / given_n if given_n else 0.0
        r = found / total if total else 0.0
        s = right / named if named else 0.0
        rows.append((kind, given_n, total, p, r, f1(p, r), s, right, named))
    print("| quotations | given | marked | precision | recall | F1 | speaker right |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for kind, given_n, total, p, r, f, s, right, named in rows:
        print(f"| {kind} | {given_n} | {total} | {p:.3f} | {r:.3f} | {f:.3f} | {s:.3f} ({right}/{named}) |")


if __name__ == "__main__":
    main()
