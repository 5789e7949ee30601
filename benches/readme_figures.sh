#!/usr/bin/env bash
# Every figure the README shows, printed by the commands that make it, so
# that a change to the code it measures is followed by one run of this and
# the README edited from what it prints.
#
#   bash benches/readme_figures.sh          # the quick ones (about 3 minutes)
#   bash benches/readme_figures.sh --all    # and the long ones: peers, scale,
#                                           # Spark, a fresh clone, cargo bench
#
# Needs ../shared beside the checkout; Chromium for the report's open time.
set -euo pipefail
cd "$(dirname "$0")/.."
all=false
[[ "${1:-}" == "--all" ]] && all=true
data=../shared/data
cargo build --release --quiet --bin provtrace --example evaluate
bin=target/release/provtrace
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
section() { printf '\n== %s\n' "$1"; }
timed() { /usr/bin/time -f "%e s wall, %M KB peak RSS" "$@"; }

section "README 'Two commands': analyze samples/"
$bin analyze samples/ -o "$work/samples" --config samples/provtrace.toml | head -1

section "README 'Reports': the seed pages"
$bin analyze ../shared/seeds -o "$work/seeds" | head -1

section "README 'Performance' (and docs/performance.md 'On Reuters-21578'): analyze, default formats, three runs"
for run in 1 2 3; do
  timed $bin analyze "$data/reuters21578.jsonl" -o "$work/rd" -q
done
$bin analyze "$data/reuters21578.jsonl" -o "$work/rd" | head -1
python3 - "$work/rd" <<'PY'
import collections, json, os, sys
d = sys.argv[1]
r = json.load(open(os.path.join(d, "report.json")))
kinds = collections.Counter("near-duplicate" if p["near_duplicate"] else p["derivation"] for p in r["reuse"])
print("reuse pairs:", dict(sorted(kinds.items())))
for f in ("report.json", "report.html", "report.md"):
    print(f"{f}: {os.path.getsize(os.path.join(d, f)) / 1e6:.1f} MB")
PY

section "docs/performance.md 'On Reuters-21578': JSON only, two threads against one, byte-identical"
timed $bin analyze "$data/reuters21578.jsonl" -o "$work/r2" --threads 2 --format json -q
timed $bin analyze "$data/reuters21578.jsonl" -o "$work/r1" --threads 1 --format json -q
cmp "$work/r1/report.json" "$work/r2/report.json" && echo "identical"

section "docs/performance.md 'On Reuters-21578': dedup --threshold 0.8, three runs each"
for run in 1 2 3; do timed $bin dedup "$data/reuters21578.jsonl" -o "$work/dd.jsonl" --threshold 0.8 -q; done
for run in 1 2 3; do timed $bin dedup "$data/reuters21578.jsonl" -o "$work/dr.jsonl" --threshold 0.8 --raw -q; done
python3 -c "import json,sys; print(len(json.load(open(sys.argv[1]))['clusters']), 'clusters')" "$work/dd.jsonl.clusters.json"

section "docs/performance.md 'One thread': CPU over wall time with --threads 1"
bash benches/threads_one.sh

section "docs/reports.md: the HTML report's size and open time"
if command -v chromium >/dev/null; then
  $bin analyze ../shared/seeds -o "$work/seedrep" -q
  python3 benches/report_open.py --reuters "$work/seedrep"
else
  echo "skipped: chromium is not installed"
fi

section "README 'Reuse' (and docs/reuse.md 'Scored as a user runs it'): reuse on METER and Clough-Stevenson"
bash benches/reuse_scores.sh

section "README 'Claims and where they came from' (and docs/claims.md): claim origins on METER, judged Reuters pairs"
python3 benches/claim_scores.py

section "README 'Attribution' (and docs/attribution.md): dev compartment, the default tagger (conv)"
timed target/release/examples/evaluate polnear ../shared/data/polnear
section "README 'Attribution' (and docs/attribution.md): dev compartment, the CRF"
timed target/release/examples/evaluate polnear ../shared/data/polnear --attribution-model crf
section "README 'Attribution' (and docs/attribution.md 'As a user runs it'): dev compartment scored from one analyze's report"
timed python3 benches/polnear_as_run.py
timed python3 benches/polnear_as_run.py -- --attribution-model crf
section "README 'Attribution' (and docs/attribution.md 'Quotations'): quotations marked by hand in METER, the default tagger"
timed python3 benches/quote_scores.py
section "README 'Attribution' (and docs/attribution.md 'Quotations'): the same, the CRF"
timed python3 benches/quote_scores.py -- --attribution-model crf
section "README 'Attribution' (and docs/attribution.md): the contextual model, dev and quotations"
python3 benches/polnear_as_run.py -- --attribution-model contextual
python3 benches/quote_scores.py -- --attribution-model contextual
section "README 'Attribution' and 'Performance': seconds of analyze with each tagger"
bash benches/tagger_times.sh
section "README 'An archive that grows' (and docs/archive.md): Reuters checked against its first 15,000"
python3 benches/archive.py

if $all; then
  section "README 'Performance' (and docs/performance.md 'Deduplication against the peers')"
  bash benches/peers.sh
  section "README 'Performance' (and docs/performance.md 'Scaling')"
  python3 benches/scale.py
  section "README 'Performance' (and docs/archive.md 'Cost'): checking 10,000 against generated archives"
  python3 benches/archive.py --reuters /nonexistent --sizes 20000,100000
  section "docs/performance.md 'One long line'"
  python3 benches/long_lines.py
  section "docs/performance.md 'On Spark, beside the command line'"
  spark/test.sh >/dev/null
  spark/.venv/bin/python benches/spark_scale.py --corpus "$data/reuters21578.jsonl"
  spark/.venv/bin/python benches/spark_scale.py --sizes 200000,1000000
  section "README 'Performance' (and docs/performance.md 'Building from a fresh clone')"
  bash benches/fresh_clone.sh
  section "docs/performance.md 'On Reuters-21578': the micro-benchmarks"
  cargo bench --bench pipeline
fi
