#!/usr/bin/env bash
# Trains the attribution tagger's model (models/attribution.tsv) on the
# PolNeAR train compartment. The sequences come from the Rust feature code
# (examples/train_tagger.rs); CRFsuite (python-crfsuite, from PyPI, in a
# venv under target/) fits the CRF, and its weights are written as a table
# that the build embeds: a line of labels, a line of transition weights
# (from each label to each), then one line per attribute with its weight for
# each label.
#
#   bash benches/train_tagger.sh [POLNEAR_DIR] [--silver FILE]... [--gold-copies N] [--out TSV]
#       [--c1 X] [--c2 X] [--iterations N]
#
# --silver adds sequences in the same format labelled by another tagger
# (examples/distill_tagger.rs: the contextual model over an unlabelled
# corpus), to distil that model into the CRF; --gold-copies N repeats the
# annotated sequences N times beside them; --out writes the table elsewhere
# than models/attribution.tsv (to compare before replacing the model).
#
# L-BFGS with L1 c1 = 1.0 (keeps the model small) and L2 c2 = 0.05, 150
# iterations. Takes about five minutes on two cores. When the dev
# compartment is there, the new model's cue and source F1 on it are printed
# (spans of words tagged by CRFsuite itself, overlap 0.3), a quick check
# before the full evaluation (`cargo run --release --example evaluate`).
set -euo pipefail
cd "$(dirname "$0")/.."
polnear=../shared/data/polnear
silver=()
copies=1
out=models/attribution.tsv
c1=1.0
c2=0.05
iterations=150
while [[ $# -gt 0 ]]; do
    case "$1" in
        --silver) silver+=("$2"); shift 2 ;;
        --gold-copies) copies="$2"; shift 2 ;;
        --out) out="$2"; shift 2 ;;
        --c1) c1="$2"; shift 2 ;;
        --c2) c2="$2"; shift 2 ;;
        --iterations) iterations="$2"; shift 2 ;;
        *) polnear="$1"; shift ;;
    esac
done
if [[ ! -d "$polnear/train" ]]; then
    echo "no PolNeAR train compartment at $polnear" >&2
    exit 2
fi
venv=target/tagger-venv
if [[ ! -x "$venv/bin/python" ]]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet 'python-crfsuite==0.9.*'
fi
work="target/tagger-$(basename "$out" .tsv)"
mkdir -p "$work"
sequences=$work/sequences.jsonl
cargo run --quiet --release --example train_tagger -- "$polnear" > "$sequences"
"$venv/bin/python" - "$sequences" "$work/model.crfsuite" "$out" "$copies" "$c1" "$c2" "$iterations" "${silver[@]}" <<'PY'
import json, sys
import pycrfsuite

LABELS = ["O", "B-C", "I-C", "B-S", "I-S"]

trainer = pycrfsuite.Trainer(verbose=False)
gold, silver = 0, 0
for path, copies in [(sys.argv[1], int(sys.argv[4]))] + [(p, 1) for p in sys.argv[8:]]:
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            seq = json.loads(line)
            for _ in range(copies):
                trainer.append(seq["x"], seq["y"])
            if path == sys.argv[1]:
                gold += copies
            else:
                silver += 1
print(f"training on {gold} annotated and {silver} silver sequences", file=sys.stderr)
trainer.set_params({"c1": float(sys.argv[5]), "c2": float(sys.argv[6]),
                    "max_iterations": int(sys.argv[7])})
trainer.train(sys.argv[2])

tagger = pycrfsuite.Tagger()
tagger.open(sys.argv[2])
info = tagger.info()
weights = {}
for (attribute, label), weight in info.state_features.items():
    weights.setdefault(attribute, [0.0] * len(LABELS))[LABELS.index(label)] = weight
with open(sys.argv[3] + ".tmp", "w", encoding="utf-8") as out:
    out.write("labels\t" + "\t".join(LABELS) + "\n")
    out.write("transitions\t" + "\t".join(
        "%.6g" % info.transitions.get((a, b), 0.0) for a in LABELS for b in LABELS) + "\n")
    for attribute in sorted(weights):
        out.write(attribute + "\t" + "\t".join("%.6g" % w for w in weights[attribute]) + "\n")
PY
mv "$out.tmp" "$out"
ls -l "$out"
if [[ -d "$polnear/dev" ]]; then
    dev=$work/dev-sequences.jsonl
    cargo run --quiet --release --example train_tagger -- "$polnear" --compartment dev > "$dev"
    "$venv/bin/python" - "$dev" "$work/model.crfsuite" <<'PY'
import json, sys
import pycrfsuite

sys.path.insert(0, "benches")
from word_spans import scores

tagger = pycrfsuite.Tagger()
tagger.open(sys.argv[2])
sequences = [json.loads(line) for line in open(sys.argv[1], encoding="utf-8")]
pairs = [(tagger.tag(s["x"]), s["y"]) for s in sequences]
for kind, name in (("C", "cues"), ("S", "sources")):
    precision, recall, f1 = scores(pairs, kind)
    print(f"dev {name}: precision {precision:.3f} recall {recall:.3f} F1 {f1:.3f}")
PY
fi
