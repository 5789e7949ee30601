#!/usr/bin/env bash
# Reuse scored as a user runs it: one `provtrace analyze` over each whole
# labelled corpus, scored from the report it writes.
#
#   benches/reuse_scores.sh [-- ANALYZE-ARGS]
#
# Builds the release binary and examples/evaluate.rs, then prints the METER
# showbiz and Clough & Stevenson figures the README shows. Arguments after
# `--` go to every `provtrace analyze` (`-- --config FILE`).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet --bin provtrace --example evaluate
data="../shared/data"
for corpus in meter-showbiz clough-stevenson; do
    if [[ ! -d "$data/$corpus" ]]; then
        echo "skipping: \`$data/$corpus\` is not present" >&2
        continue
    fi
done
[[ -d "$data/meter-showbiz" ]] && target/release/examples/evaluate meter "$data/meter-showbiz" "$@"
echo
[[ -d "$data/clough-stevenson" ]] && target/release/examples/evaluate clough-stevenson "$data/clough-stevenson" "$@"
