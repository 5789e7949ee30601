#!/usr/bin/env bash
# What a new user pays: the README's two commands from a fresh clone, timed.
#
#   benches/fresh_clone.sh [REV]
#
# Clones this repository at REV (default HEAD) into a temporary directory
# with ../shared linked beside it, so the tests that read the real corpora
# run, and a cold target/. Then runs, each under /usr/bin/time -v:
#
#   cargo run --release -- analyze samples/ --config samples/provtrace.toml
#   cargo test --release
#
# and prints each command's wall time, CPU seconds (user + system) and peak
# resident memory, their sum, and the size of target/ after both. Downloads
# come from the cargo registry cache when it holds them; run it on an idle
# machine, since the wall time is the figure.
set -euo pipefail
cd "$(dirname "$0")/.."

rev="${1:-HEAD}"
root="$(pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
git clone -q "$root" "$work/main"
git -C "$work/main" checkout -q "$rev"
if [[ -e "$root/../shared" ]]; then
    ln -s "$(realpath "$root/../shared")" "$work/shared"
fi
cd "$work/main"
export CARGO_TARGET_DIR="$work/main/target"
unset CARGO_BUILD_TARGET_DIR

total_wall=0
total_cpu=0
run() {
    local label="$1"
    shift
    /usr/bin/time -v -o "$work/time.txt" "$@" >"$work/out.txt" 2>&1 || {
        tail -20 "$work/out.txt" >&2
        echo "$label failed" >&2
        exit 1
    }
    local wall user sys rss
    wall="$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$work/time.txt" |
        awk -F: '{ if (NF == 3) print $1 * 3600 + $2 * 60 + $3; else print $1 * 60 + $2 }')"
    user="$(awk -F': ' '/User time/ {print $2}' "$work/time.txt")"
    sys="$(awk -F': ' '/System time/ {print $2}' "$work/time.txt")"
    rss="$(awk -F': ' '/Maximum resident/ {print $2}' "$work/time.txt")"
    local cpu
    cpu="$(echo "$user + $sys" | bc)"
    printf '%-42s %7.1f s wall %8.1f s CPU %6d MiB peak\n' "$label" "$wall" "$cpu" "$((rss / 1024))"
    total_wall="$(echo "$total_wall + $wall" | bc)"
    total_cpu="$(echo "$total_cpu + $cpu" | bc)"
}

echo "fresh clone of $(git rev-parse --short HEAD), $(nproc) cores"
run "cargo run --release -- analyze samples/" \
    cargo run --release -- analyze samples/ --config samples/provtrace.toml -o "$work/report"
run "cargo test --release" cargo test --release
printf '%-42s %7.1f s wall %8.1f s CPU\n' "both" "$total_wall" "$total_cpu"
echo "target/ after both: $(du -sh target | cut -f1)"
