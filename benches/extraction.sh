#!/usr/bin/env bash
# Article extraction, provtrace against trafilatura: makes a virtual
# environment with trafilatura (in target/venv-extraction) and runs
# benches/extraction.py with it.
#
#   bash benches/extraction.sh PAGES [--rounds N]
#
# PAGES is `test/test-pages` of a clone of https://github.com/mozilla/readability.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ $# -lt 1 ]]; then
    echo "usage: benches/extraction.sh PAGES [--rounds N]" >&2
    exit 2
fi
pages="$1"
shift
venv=target/venv-extraction
if [[ ! -x "$venv/bin/python" ]]; then
    python3 -m venv "$venv"
    # trafilatura's justext needs lxml's cleaner, a package of its own.
    "$venv/bin/pip" install --quiet trafilatura lxml_html_clean
fi
cargo build --release --quiet
python3 benches/extraction.py --pages "$pages" --python "$venv/bin/python" "$@"
