#!/usr/bin/env bash
# Seconds of one `analyze` (the default formats) with each attribution
# tagger, side by side in one run: PolNeAR dev (its 84 texts, 415 KB, the
# articles benches/polnear_as_run.py scores), METER showbiz (287
# stories, as benches/quote_scores.py lays it out) and Reuters-21578 (19,043
# stories, 15.8 MB) with the default convolutional network and the CRF,
# three runs each; PolNeAR and METER once with the contextual model, which
# takes half a minute each. Prints the least and the most of each tagger's
# runs.
#
#   bash benches/tagger_times.sh [SHARED_DATA_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
data="${1:-../shared/data}"
if [[ ! -f "$data/reuters21578.jsonl" || ! -d "$data/meter-showbiz" || ! -d "$data/polnear/dev" ]]; then
    echo "needs Reuters-21578, METER showbiz and PolNeAR dev under $data" >&2
    exit 2
fi
cargo build --quiet --release
bin=target/release/provtrace
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 - "$data/meter-showbiz" "$work/meter.jsonl" <<'PY'
import sys
sys.path.insert(0, "benches")
from claim_scores import meter_corpus
meter_corpus(sys.argv[1], sys.argv[2])
PY
# Seconds of one run, by /usr/bin/time's wall clock.
run() {
    local out="$work/out" corpus="$1"
    shift
    /usr/bin/time -f "%e" -o "$work/time" "$bin" analyze --quiet "$@" -o "$out" "$corpus"
    cat "$work/time"
}
row() {
    local name="$1" corpus="$2" runs="$3"
    shift 3
    local times=()
    for _ in $(seq "$runs"); do
        times+=("$(run "$corpus" "$@")")
    done
    printf '%s\n' "${times[@]}" | sort -n | awk -v name="$name" -v n="$runs" \
        'NR == 1 { low = $1 } { high = $1 } END { printf "| %s | %d | %s to %s |\n", name, n, low, high }'
}
echo "| tagger and corpus | runs | seconds |"
echo "|---|---:|---:|"
# Alternated, so that a change in the machine's load falls on both.
row "convolutional (default), PolNeAR dev" "$data/polnear/dev/text" 3
row "CRF, PolNeAR dev" "$data/polnear/dev/text" 3 --attribution-model crf
row "convolutional (default), METER" "$work/meter.jsonl" 3
row "CRF, METER" "$work/meter.jsonl" 3 --attribution-model crf
row "convolutional (default), Reuters" "$data/reuters21578.jsonl" 3
row "CRF, Reuters" "$data/reuters21578.jsonl" 3 --attribution-model crf
row "contextual, PolNeAR dev" "$data/polnear/dev/text" 1 --attribution-model contextual
row "contextual, METER" "$work/meter.jsonl" 1 --attribution-model contextual
