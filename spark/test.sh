#!/usr/bin/env bash
# The Spark package's tests, from a fresh machine: a Java runtime if none,
# a virtual environment with the package installed as the README tells a
# user to (`pip install ./spark`, with its `test` extra: pytest), the
# command-line binary to compare with, then pytest against a local-cluster
# of two executor processes bound to 127.0.0.1.
#
#   spark/test.sh [PYTEST-ARGS...]
set -euo pipefail
cd "$(dirname "$0")"
if ! command -v java >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq openjdk-17-jre-headless >/dev/null
fi
venv="${PROVTRACE_SPARK_VENV:-.venv}"
case "$venv" in /*) ;; *) venv="$PWD/$venv" ;; esac
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
# The package and every runtime dependency it declares, nothing else.
"$venv/bin/pip" install -q --disable-pip-version-check "$PWD[test]"
(cd .. && cargo build --release --quiet --bin provtrace)
export SPARK_LOCAL_IP=127.0.0.1
export PYSPARK_PYTHON="$venv/bin/python"
exec "$venv/bin/python" -m pytest -q tests "$@"
