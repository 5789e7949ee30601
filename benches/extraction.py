"""Article text from web pages, side by side: `provtrace extract` and trafilatura.

Two sets of pages, each scored on its own:

- `readability`: the news and magazine articles of Mozilla Readability's test
  set (`test/test-pages` of https://github.com/mozilla/readability): each
  directory holds the page as saved (`source.html`) and the article as its
  maintainers accept it (`expected.html`). The set's unit tests of one
  feature each (`001`, `base-url`, ...), wikis, manuals and blog platforms
  are left out; PAGES lists the 49 kept. The true body is `expected.html`'s
  text. It is Readability's own output, checked by hand: an extractor that
  ports Readability (provtrace's does) is favoured by it, so the figure is an
  upper bound on what a neutral gold would give; trafilatura's score beside
  it shows how much.
- `hand` (with `--hand`): the pages of
  https://github.com/leogao2/htmltotext-benchmark (`benchmarkdata`), whose
  text was extracted by hand, independently of any extractor. Its news pages
  (English, German, Croatian) are scored apart from its blog posts; forums
  and wikis are left out, and so is Chinese (word 4-grams need spaces).
  One blog's hand text keeps its hundreds of comments, which the body of
  an article leaves out; it is scored all the same.

Neither set was used to choose or tune anything but the extraction crate
(on `readability`, see docs/web-pages.md).

Each body is scored as the article-extraction benchmarks score: word
4-grams of the extracted text against those of the true body (lower case,
runs of letters and digits), precision, recall and F1 per page, then the
mean over pages.

Speed is the whole process of each, from the files on disk to the records
written, over every page of both sets: `provtrace extract DIR -o FILE` (all
cores), and a Python process that imports trafilatura and calls
`trafilatura.extract` on each page (one core, as trafilatura runs),
alternating, `--rounds` times; the medians.

    python3 benches/extraction.py --pages readability/test/test-pages \
        --hand htmltotext-benchmark/benchmarkdata

benches/extraction.sh makes the virtual environment with trafilatura.
"""

import argparse
import collections
import html.parser
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

PAGES = """aclu aktualne ars-1 bbc-1 breitbart buzzfeed-1 citylab-1 cnet cnn ehow-1 ehow-2
engadget folha gmw guardian-1 heise herald-sun-1 iab-1 la-nacion lemonde-1 liberation-1
lifehacker-post-comment-load lifehacker-working medicalnewstoday msn nytimes-1 nytimes-2
nytimes-3 nytimes-4 nytimes-5 pixnet qq quanta-1 salon-1 seattletimes-1 simplyfound-1
spiceworks telegraph theverge tmz-1 wapo-1 wapo-2 webmd-1 webmd-2 yahoo-1 yahoo-2 yahoo-3
yahoo-4 youth""".split()

WORD = re.compile(r"\w+")

TRAFILATURA = """
import json, sys, trafilatura
with open(sys.argv[2], "w", encoding="utf-8") as out:
    for name in sys.argv[3:]:
        with open(f"{sys.argv[1]}/{name}", encoding="utf-8", errors="replace") as f:
            text = trafilatura.extract(f.read()) or ""
        out.write(json.dumps({"id": name, "text": text}) + "\\n")
"""


class Text(html.parser.HTMLParser):
    """A page's text, a space at every tag, scripts and styles left out."""

    def __init__(self):
        super().__init__()
        self.parts, self.hidden = [], 0

    def handle_starttag(self, tag, attrs):
        self.hidden += tag in ("script", "style")
        self.parts.append(" ")

    def handle_endtag(self, tag):
        self.hidden -= tag in ("script", "style")
        self.parts.append(" ")

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)


def text_of(path):
    parser = Text()
    with open(path, encoding="utf-8") as f:
        parser.feed(f.read())
    return "".join(parser.parts)


def plain(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def grams(text):
    words = WORD.findall(text.lower())
    return collections.Counter(tuple(words[i : i + 4]) for i in range(len(words) - 3))


class Page:
    """One page: its file, the group it is scored in, and its true body."""

    def __init__(self, name, group, source, gold):
        self.name, self.group, self.source, self.gold = name, group, source, gold


def readability_pages(root):
    missing = [n for n in PAGES if not os.path.isfile(os.path.join(root, n, "source.html"))]
    if missing:
        sys.exit(f"not in {root}: {' '.join(missing)}")
    return [
        Page(f"{n}.html", "readability", os.path.join(root, n, "source.html"),
             lambda n=n: text_of(os.path.join(root, n, "expected.html")))
        for n in PAGES
    ]


def hand_pages(root):
    pages = []
    for language in ("en", "de", "hr"):
        folder = os.path.join(root, language, "html")
        if not os.path.isdir(folder):
            sys.exit(f"not a benchmarkdata directory: {root} (no {language}/html)")
        for file in sorted(os.listdir(folder)):
            kind = file.split("-", 1)[0]
            if kind not in ("news", "blog"):
                continue
            gold = os.path.join(root, language, "text", file[: -len(".html")] + ".txt")
            if os.path.isfile(gold):
                pages.append(Page(f"{language}-{file}", f"hand, {kind}", os.path.join(folder, file),
                                  lambda gold=gold: plain(gold)))
    return pages


def score(extracted, pages):
    """Mean precision, recall and F1 of word 4-grams over the pages."""
    totals = [0.0, 0.0, 0.0]
    for page in pages:
        gold = grams(page.gold())
        got = grams(extracted.get(page.name, ""))
        shared = sum((gold & got).values())
        p = shared / max(1, sum(got.values()))
        r = shared / max(1, sum(gold.values()))
        f = 2 * p * r / (p + r) if p + r else 0.0
        for i, x in enumerate((p, r, f)):
            totals[i] += x
    return [t / len(pages) for t in totals]


def records(path):
    with open(path, encoding="utf-8") as f:
        return {r["id"]: r["text"] for r in map(json.loads, f)}


def timed(command):
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", required=True, help="Readability's test/test-pages")
    parser.add_argument("--hand", help="htmltotext-benchmark's benchmarkdata")
    parser.add_argument("--binary", default="target/release/provtrace")
    parser.add_argument("--python", default=sys.executable, help="a Python with trafilatura")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    pages = readability_pages(args.pages) + (hand_pages(args.hand) if args.hand else [])
    with tempfile.TemporaryDirectory() as work:
        folder = os.path.join(work, "pages")
        os.mkdir(folder)
        for page in pages:
            shutil.copy(page.source, os.path.join(folder, page.name))
        size = sum(os.path.getsize(page.source) for page in pages)
        ours, theirs = f"{work}/provtrace.jsonl", f"{work}/trafilatura.jsonl"
        script = f"{work}/trafilatura_run.py"
        with open(script, "w") as f:
            f.write(TRAFILATURA)
        provtrace = [args.binary, "extract", "--quiet", folder, "-o", ours]
        trafilatura = [args.python, script, folder, theirs, *(p.name for p in pages)]
        times = {"provtrace": [], "trafilatura": []}
        for _ in range(args.rounds):
            times["provtrace"].append(timed(provtrace))
            times["trafilatura"].append(timed(trafilatura))
        extracted = {"provtrace": records(ours), "trafilatura": records(theirs)}
        order = ["readability", "hand, news", "hand, blog"]
        groups = [g for g in order if any(p.group == g for p in pages)]
        print("pages                 extractor    precision  recall     F1")
        for group in groups:
            members = [p for p in pages if p.group == group]
            for name in ("provtrace", "trafilatura"):
                p, r, f = score(extracted[name], members)
                label = f"{group} ({len(members)})"
                print(f"{label:<21} {name:<12} {p:>9.3f} {r:>7.3f} {f:>6.3f}")
        print(f"\nspeed, all {len(pages)} pages, {size / 1e6:.1f} MB of HTML")
        print("extractor      seconds  pages/s    MB/s")
        for name in ("provtrace", "trafilatura"):
            seconds = statistics.median(times[name])
            print(f"{name:<12} {seconds:>9.2f} {len(pages) / seconds:>8.0f} {size / 1e6 / seconds:>7.1f}")
        ratio = statistics.median(times["trafilatura"]) / statistics.median(times["provtrace"])
        print(f"provtrace extract is {ratio:.1f}x trafilatura, whole process, median of {args.rounds}")


if __name__ == "__main__":
    main()
