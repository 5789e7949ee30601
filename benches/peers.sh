#!/usr/bin/env bash
# provtrace dedup beside rensa and datasketch, on the same corpus, same job.
#
#   benches/peers.sh [CORPUS.jsonl] [--rounds N] [--tools provtrace,rensa,...]
#
# Makes a virtual environment in target/peers-venv with datasketch 2.x and
# rensa 0.5 from PyPI, builds provtrace, and runs benches/peers.py, which
# prints each tool's median time, documents per second, recall and precision
# against the exact pairs, and the ratios. The corpus defaults to
# ../shared/data/reuters21578.jsonl.
set -euo pipefail
cd "$(dirname "$0")/.."

corpus="../shared/data/reuters21578.jsonl"
if [[ $# -gt 0 && "$1" != --* ]]; then
    corpus="$1"
    shift
fi
if [[ ! -f "$corpus" ]]; then
    echo "skipping: corpus \`$corpus\` is not present" >&2
    exit 0
fi

venv="target/peers-venv"
if [[ ! -x "$venv/bin/python" ]]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet 'datasketch>=2,<3' 'rensa>=0.5,<0.6'
fi
"$venv/bin/python" -c 'import datasketch, rensa'
cargo build --release --quiet

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
"$venv/bin/pip" list 2>/dev/null | grep -Ei '^(datasketch|rensa) '
exec "$venv/bin/python" benches/peers.py "$corpus" --provtrace target/release/provtrace "$@"
