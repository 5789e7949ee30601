#!/usr/bin/env bash
# Article extraction, provtrace against trafilatura: makes a virtual
# environment with trafilatura (in target/venv-extraction) and runs
# benches/extraction.py with it.
#
#   bash benches/extraction.sh PAGES [HAND] [--rounds N]
#
# PAGES is `test/test-pages` of a clone of https://github.com/mozilla/readability;
# HAND, when given, `benchmarkdata` of a clone of
# https://github.com/leogao2/htmltotext-benchmark (bodies extracted by hand).
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ $# -lt 1 ]]; then
    echo "usage: benches/extraction.sh PAGES [HAND] [--rounds N]" >&2
    exit 2
fi
pages="$1"
shift
hand=()
if [[ $# -gt 0 && "$1" != --* ]]; then
    hand=(--hand "$1")
    shift
fi
venv=target/venv-extraction
if [[ ! -x "$venv/bin/python" ]]; then
    python3 -m venv "$venv"
    # trafilatura's justext needs lxml's cleaner, a package of its own.
    "$venv/bin/pip" install --quiet trafilatura lxml_html_clean
fi
cargo build --release --quiet
python3 benches/extraction.py --pages "$pages" "${hand[@]}" --python "$venv/bin/python" "$@"
