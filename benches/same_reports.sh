#!/usr/bin/env bash
# Two provtrace binaries, the same reports? Byte for byte, on every corpus at hand.
#
#   benches/same_reports.sh OLD NEW
#
# Runs `analyze` (every format: json, md, html, dot, csv) and `dedup` (raw
# and not, with pairs) with OLD and with NEW on the seeds, samples/, Reuters,
# Clough & Stevenson and PolNeAR dev, and `cmp`s every file the two wrote.
# Prints one line per corpus and command, "same" or the files that differ,
# and exits non-zero when any differ. Corpora under ../shared that are
# absent are said and passed over. Use it to show that a change which should
# not change behaviour (a refactor) did not.
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ $# -ne 2 ]]; then
    echo "usage: benches/same_reports.sh OLD NEW" >&2
    exit 2
fi
old="$(realpath "$1")"
new="$(realpath "$2")"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

corpora=(
    "seeds|../shared/seeds|"
    "samples|samples|--config samples/provtrace.toml"
    "reuters|../shared/data/reuters21578.jsonl|"
    "clough-stevenson|../shared/data/clough-stevenson/texts|"
    "polnear-dev|../shared/data/polnear/dev/text|"
)

status=0
compare() {
    local label="$1" a="$2" b="$3"
    local differ=()
    while IFS= read -r file; do
        if ! cmp -s "$a/$file" "$b/$file"; then
            differ+=("$file")
        fi
    done < <(cd "$a" && find . -type f | sort)
    if [[ "$(cd "$a" && find . -type f | sort)" != "$(cd "$b" && find . -type f | sort)" ]]; then
        differ+=("(the two wrote different files)")
    fi
    if [[ ${#differ[@]} -eq 0 ]]; then
        printf '%-18s %-14s same (%s files)\n' "$label" "$4" "$(cd "$a" && find . -type f | wc -l)"
    else
        printf '%-18s %-14s DIFFER: %s\n' "$label" "$4" "${differ[*]}"
        status=1
    fi
}

for entry in "${corpora[@]}"; do
    IFS='|' read -r name path extra <<<"$entry"
    if [[ ! -e "$path" ]]; then
        echo "$name: $path is absent, passed over"
        continue
    fi
    for which in old new; do
        bin="$old"
        [[ $which == new ]] && bin="$new"
        out="$work/$name/$which"
        mkdir -p "$out/analyze" "$out/dedup" "$out/raw"
        # shellcheck disable=SC2086
        "$bin" analyze "$path" -o "$out/analyze" --format json,md,html,dot,csv --quiet $extra
        # shellcheck disable=SC2086
        "$bin" dedup "$path" -o "$out/dedup/list.jsonl" --pairs "$out/dedup/pairs.csv" --quiet $extra
        # shellcheck disable=SC2086
        "$bin" dedup "$path" -o "$out/raw/list.jsonl" --raw --quiet $extra
    done
    compare "$name" "$work/$name/old/analyze" "$work/$name/new/analyze" analyze
    compare "$name" "$work/$name/old/dedup" "$work/$name/new/dedup" "dedup --pairs"
    compare "$name" "$work/$name/old/raw" "$work/$name/new/raw" "dedup --raw"
done
exit "$status"
