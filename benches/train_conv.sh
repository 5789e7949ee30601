#!/usr/bin/env bash
# Trains the convolutional attribution tagger, the default
# (models/attribution-conv/, embedded in the binary at build time).
#
#   bash benches/train_conv.sh [POLNEAR_DIR] [REUTERS_JSONL] [-- TRAINING OPTIONS]
#
# What it learns from:
#   - the 28,434 sentences of the PolNeAR train compartment, with their
#     annotated labels and the contextual model's label probabilities for
#     each word (examples/teacher_scores.rs), both as targets;
#   - every third story of Reuters-21578 (about 48,000 sentences), labelled
#     by the contextual model (examples/distill_tagger.rs).
# Neither the PolNeAR dev compartment (on which the dev F1 printed after
# each epoch is measured) nor METER (the quotation set of benches/quotes/)
# is trained on. The words are cut and read by the Rust code
# (examples/conv_inputs.rs), so training and tagging read them alike; JAX
# (CPU), optax, numpy and safetensors from PyPI, in a venv under target/,
# fit the network (benches/train_conv.py). The piece vectors start from
# models/attribution-minilm's.
#
# About 30 minutes on two cores: 25 for the contextual model's labels, 6
# for ten epochs.
set -euo pipefail
cd "$(dirname "$0")/.."
polnear="${1:-../shared/data/polnear}"
reuters="${2:-../shared/data/reuters21578.jsonl}"
shift 2 || shift $# || true
[[ "${1:-}" == "--" ]] && shift
if [[ ! -d "$polnear/train" || ! -d "$polnear/dev" || ! -f "$reuters" ]]; then
    echo "needs the PolNeAR train and dev compartments at $polnear and Reuters at $reuters" >&2
    exit 2
fi
venv=target/conv-venv
if [[ ! -x "$venv/bin/python" ]]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet 'jax[cpu]==0.10.2' 'optax==0.2.8' 'safetensors==0.8.0' \
        'numpy==2.4.6'
fi
work=target/conv-training
mkdir -p "$work"
cargo build --quiet --release --features contextual \
    --example train_tagger --example teacher_scores --example distill_tagger --example conv_inputs
bin=target/release/examples
teacher=models/attribution-minilm
"$bin/train_tagger" "$polnear" > "$work/train.jsonl"
"$bin/train_tagger" "$polnear" --compartment dev > "$work/dev.jsonl"
"$bin/teacher_scores" "$teacher" < "$work/train.jsonl" | "$bin/conv_inputs" > "$work/train-inputs.jsonl"
"$bin/conv_inputs" < "$work/dev.jsonl" > "$work/dev-inputs.jsonl"
"$bin/distill_tagger" "$teacher" "$reuters" --every 3 | "$bin/conv_inputs" > "$work/silver-inputs.jsonl"
"$venv/bin/python" benches/train_conv.py --train "$work/train-inputs.jsonl" \
    --silver "$work/silver-inputs.jsonl" --dev "$work/dev-inputs.jsonl" \
    --base "$teacher" --out models/attribution-conv "$@"
