#!/usr/bin/env bash
# `--threads 1` means one thread: `analyze` on Reuters-21578 (the CRF
# attribution tagger) with one thread, its CPU time (user + system) over its wall time, which stays near
# 1 when no stage, the report's writing included, runs on more.
#
#   bash benches/threads_one.sh
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=../shared/data/reuters21578.jsonl
[ -f "$corpus" ] || { echo "needs $corpus" >&2; exit 2; }
cargo build --release -q
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
for threads in 1 2; do
  /usr/bin/time -f "%e %U %S" -o "$out/time" \
    target/release/provtrace analyze "$corpus" -o "$out/report" -q --threads "$threads" \
    --attribution-model crf
  read -r wall user system < "$out/time"
  awk -v t="$threads" -v w="$wall" -v u="$user" -v s="$system" \
    'BEGIN { printf "--threads %s: %.2f s wall, %.2f s CPU, CPU/wall %.2f\n", t, w, u + s, (u + s) / w }'
done
