#!/usr/bin/env bash
# The Spark package's tests, from a fresh machine: a Java runtime if none,
# a virtual environment with pyspark and maturin, the extension built into
# it, the command-line binary to compare with, then pytest against a
# local-cluster of two executor processes bound to 127.0.0.1.
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
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
"$venv/bin/pip" install -q --disable-pip-version-check "pyspark[sql]>=4.0,<5" "pandas<3" "maturin>=1.5,<2" "pytest>=8" "pytest-timeout>=2"
# The extension, built in the workspace's target directory.
VIRTUAL_ENV="$PWD/$venv" PATH="$PWD/$venv/bin:$PATH" maturin develop --release --quiet
(cd .. && cargo build --release --quiet --bin provtrace)
export SPARK_LOCAL_IP=127.0.0.1
export PYSPARK_PYTHON="$PWD/$venv/bin/python"
exec "$venv/bin/python" -m pytest -q tests "$@"
