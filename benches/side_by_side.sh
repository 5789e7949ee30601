#!/usr/bin/env bash
# Two provtrace binaries on one corpus, alternating, every report format (json, md, html, dot, csv).
#
#   benches/side_by_side.sh OLD NEW [CORPUS] [--rounds N]
#
# Runs `OLD analyze CORPUS` with every format and the same with NEW, one after
# the other, N times (default 5), and prints each run's wall time, each
# binary's median, and NEW / OLD. Alternating keeps a busy machine from
# favouring either. The corpus defaults to ../shared/data/reuters21578.jsonl.
# Build the old binary from an earlier commit (`git worktree add`, `cargo
# build --release`) to see what a change costs.
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ $# -lt 2 ]]; then
    echo "usage: benches/side_by_side.sh OLD NEW [CORPUS] [--rounds N]" >&2
    exit 2
fi
old="$1"
new="$2"
shift 2
corpus="../shared/data/reuters21578.jsonl"
if [[ $# -gt 0 && "$1" != --* ]]; then
    corpus="$1"
    shift
fi
rounds=5
if [[ $# -gt 1 && "$1" == --rounds ]]; then
    rounds="$2"
fi
if [[ ! -f "$corpus" ]]; then
    echo "skipping: corpus \`$corpus\` is not present" >&2
    exit 0
fi
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
run() {
    local start end
    start=$(date +%s.%N)
    "$1" analyze "$corpus" --format json,md,html,dot,csv --quiet -o "$out/$2"
    end=$(date +%s.%N)
    echo "$end - $start" | bc
}
olds=()
news=()
for ((i = 1; i <= rounds; i++)); do
    o=$(run "$old" old)
    n=$(run "$new" new)
    olds+=("$o")
    news+=("$n")
    printf 'round %d: old %.2f s, new %.2f s\n' "$i" "$o" "$n"
done
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
mo=$(median "${olds[@]}")
mn=$(median "${news[@]}")
printf 'median: old %.2f s, new %.2f s, new/old %.3f\n' "$mo" "$mn" "$(echo "$mn / $mo" | bc -l)"
