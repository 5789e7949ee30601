#!/usr/bin/env bash
# Trains the attribution tagger's model (models/attribution.tsv) on the
# PolNeAR train compartment. The sequences come from the Rust feature code
# (examples/train_tagger.rs); CRFsuite (python-crfsuite, from PyPI, in a
# venv under target/) fits the CRF, and its weights are written as a table
# that the build embeds: a line of labels, a line of transition weights
# (from each label to each), then one line per attribute with its weight for
# each label.
#
#   bash benches/train_tagger.sh [POLNEAR_DIR]
#
# L-BFGS with L1 c1 = 1.0 (keeps the model small) and L2 c2 = 0.05, 150
# iterations. Takes about five minutes on two cores. When the dev
# compartment is there, the new model's cue and source F1 on it are printed
# (spans of words tagged by CRFsuite itself, overlap 0.3), a quick check
# before the full evaluation (`cargo run --release --example evaluate`).
set -euo pipefail
cd "$(dirname "$0")/.."
polnear="${1:-../shared/data/polnear}"
if [[ ! -d "$polnear/train" ]]; then
    echo "no PolNeAR train compartment at $polnear" >&2
    exit 2
fi
venv=target/tagger-venv
if [[ ! -x "$venv/bin/python" ]]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet 'python-crfsuite==0.9.*'
fi
sequences=target/tagger-sequences.jsonl
cargo run --quiet --release --example train_tagger -- "$polnear" > "$sequences"
"$venv/bin/python" - "$sequences" target/attribution.crfsuite models/attribution.tsv <<'PY'
import json, sys
import pycrfsuite

LABELS = ["O", "B-C", "I-C", "B-S", "I-S"]

trainer = pycrfsuite.Trainer(verbose=False)
with open(sys.argv[1], encoding="utf-8") as lines:
    for line in lines:
        seq = json.loads(line)
        trainer.append(seq["x"], seq["y"])
trainer.set_params({"c1": 1.0, "c2": 0.05, "max_iterations": 150})
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
mv models/attribution.tsv.tmp models/attribution.tsv
ls -l models/attribution.tsv
if [[ -d "$polnear/dev" ]]; then
    dev=target/tagger-dev-sequences.jsonl
    cargo run --quiet --release --example train_tagger -- "$polnear" --compartment dev > "$dev"
    "$venv/bin/python" - "$dev" target/attribution.crfsuite <<'PY'
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
