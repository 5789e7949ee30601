"""Cue and source scores of word labels, as the training scripts print them
after training: spans of words read from the labels (an inside label with
no begin before it opens a span), matched one to one at overlap 0.3.

Used by benches/train_tagger.sh and benches/train_contextual.py.
"""


def spans(labels, kind):
    """The (start, end) word spans of `kind` ("C" or "S") in `labels`."""
    out, start = [], None
    for i, label in enumerate(list(labels) + ["O"]):
        if label == "B-" + kind or (label == "I-" + kind and start is None):
            if start is not None:
                out.append((start, i))
            start = i
        elif label != "I-" + kind and start is not None:
            out.append((start, i))
            start = None
    return out


def overlap(a, b):
    shared = max(0, min(a[1], b[1]) - max(a[0], b[0]))
    return shared / (max(a[1], b[1]) - min(a[0], b[0]))


def scores(pairs, kind, threshold=0.3):
    """Precision, recall and F1 of `kind` over (predicted, gold) label lists."""
    tp = fp = fn = 0
    for predicted, gold in pairs:
        found, truth, used = spans(predicted, kind), spans(gold, kind), set()
        for p in found:
            j = next((j for j, g in enumerate(truth) if j not in used and overlap(p, g) >= threshold), None)
            if j is not None:
                used.add(j)
        tp += len(used)
        fp += len(found) - len(used)
        fn += len(truth) - len(used)
    precision, recall = tp / max(1, tp + fp), tp / max(1, tp + fn)
    return precision, recall, 2 * precision * recall / max(1e-9, precision + recall)
