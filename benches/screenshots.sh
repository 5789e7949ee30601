#!/usr/bin/env bash
# The report screenshots under docs/, from the product path: one
# `provtrace analyze` over the seed pages (and Reuters-21578 for the graph
# of a large corpus), each view opened in headless Chromium.
#
#   bash benches/screenshots.sh            # writes docs/*.png
#
# A view inside the page (a contested claim, a document) is shown through a
# wrapper page holding the report in a frame at that anchor: headless
# Chromium's --screenshot does not scroll to a fragment.
set -euo pipefail
cd "$(dirname "$0")/.."
shared=../shared
[ -d "$shared/seeds" ] || { echo "needs $shared/seeds" >&2; exit 2; }
cargo build --release -q
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

shoot() { # DIR ANCHOR WIDTHxHEIGHT OUT
  local dir=$1 anchor=$2 size=$3 out=$4
  local w=${size%x*} h=${size#*x}
  printf '<!DOCTYPE html><html><body style="margin:0"><iframe src="report.html#%s" style="border:0;width:%spx;height:%spx"></iframe></body></html>' \
    "$anchor" "$w" "$h" > "$dir/shot.html"
  chromium --headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking \
    --user-data-dir="$work/profile" --hide-scrollbars --window-size="$w,$h" \
    --screenshot="$out" "file://$dir/shot.html" 2>/dev/null
  echo "wrote $out (report.html#$anchor, ${w}x${h})"
}

target/release/provtrace analyze "$shared/seeds" -o "$work/seeds" -q
read -r contested document < <(python3 - "$work/seeds/report.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
claims = {c["id"]: c for c in r["claims"]}
k = next(k for k in r["claim_clusters"] if k["origin"]["contested"])
# The document view: the first witness of the contested claim.
print(k["id"], claims[k["claims"][0]]["doc"])
PY
)
shoot "$work/seeds" top 1400x1500 docs/seeds-report.png
shoot "$work/seeds" "$contested" 1400x1000 docs/seeds-contested.png
shoot "$work/seeds" "$document" 1400x1100 docs/seeds-document.png
shoot "$work/seeds" graph 1400x900 docs/seeds-graph.png

if [ -f "$shared/data/reuters21578.jsonl" ]; then
  target/release/provtrace analyze "$shared/data/reuters21578.jsonl" -o "$work/reuters" -q --format html
  shoot "$work/reuters" graph 1400x1400 docs/reuters-graph.png
fi
