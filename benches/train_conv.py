"""Trains the convolutional attribution tagger (models/attribution-conv/,
read by crates/attribution/src/tagger/convolution.rs) from the word inputs that
examples/conv_inputs.rs writes: word pieces `p`, suffixes `s`, flags `f` and
labels `y` of each sentence.

    python benches/train_conv.py --train GOLD.jsonl [--silver SILVER.jsonl]
        --dev DEV.jsonl --base MINILM_DIR --out models/attribution-conv

The network: each word is the mean of its pieces' vectors (started from the
contextual model's piece vectors, cut to --dim by principal components), a
vector for its suffix and its flags; four convolutions of three taps spaced
1, 2, 4 and 8 words apart (rectified, the later three with a residual path),
with a summary of the whole sentence (each unit's largest value over the
words, through a rectified layer) added to each word after the second; a
linear layer to the five labels. Cross-entropy of each word's label, Adam
with a cosine-decayed rate, dropout on each layer. Dev F1 is printed after
each epoch for information: no epoch is chosen by it, the last is written.
"""

import argparse
import json
import math
import os
import sys
import time
from collections import Counter

import jax
import jax.numpy as jnp
import numpy as np
import optax
from safetensors.numpy import load_file, save_file

sys.path.insert(0, os.path.dirname(__file__))
from word_spans import scores  # noqa: E402

LABELS = ["O", "B-C", "I-C", "B-S", "I-S"]
DILATIONS = [1, 2, 4, 8]
MAX_PIECES = 8
FLAGS = 23
BUCKETS = [16, 32, 64, 128, 200]
# The layer after which the sentence's summary is added to each word.
GLOBAL_AFTER = 1


def read(path):
    with open(path, encoding="utf-8") as lines:
        return [json.loads(line) for line in lines]


def arrays(sequences, suffix_ids, length):
    n = len(sequences)
    pieces = np.zeros((n, length, MAX_PIECES), np.int32)
    piece_mask = np.zeros((n, length, MAX_PIECES), np.float32)
    suffixes = np.zeros((n, length), np.int32)
    flags = np.zeros((n, length, FLAGS), np.float32)
    labels = np.zeros((n, length), np.int32)
    mask = np.zeros((n, length), np.float32)
    # The contextual model's probabilities where given, else none (weight 0).
    teacher = np.zeros((n, length, len(LABELS)), np.float32)
    taught = np.zeros((n, length), np.float32)
    bits = 1 << np.arange(FLAGS)
    for i, s in enumerate(sequences):
        m = min(length, len(s["p"]))
        for j in range(m):
            p = s["p"][j][:MAX_PIECES]
            pieces[i, j, : len(p)] = p
            piece_mask[i, j, : len(p)] = 1.0
            suffixes[i, j] = suffix_ids.get(s["s"][j], 0)
        flags[i, :m] = (np.array(s["f"][:m], np.int64)[:, None] & bits) != 0
        labels[i, :m] = [LABELS.index(y) for y in s["y"][:m]]
        mask[i, :m] = 1.0
        if s.get("q") and len(s["q"]) >= m:
            q = np.exp(np.array(s["q"][:m], np.float32))
            teacher[i, :m] = q / q.sum(-1, keepdims=True)
            taught[i, :m] = 1.0
    return pieces, piece_mask, suffixes, flags, labels, mask, teacher, taught


def batches(sequences, suffix_ids, size, rng):
    by_bucket = {}
    for s in sequences:
        n = len(s["p"])
        if n == 0:
            continue
        bucket = next((b for b in BUCKETS if n <= b), BUCKETS[-1])
        by_bucket.setdefault(bucket, []).append(s)
    out = []
    for bucket, group in by_bucket.items():
        order = rng.permutation(len(group)) if rng is not None else np.arange(len(group))
        for start in range(0, len(group), size):
            chosen = [group[k] for k in order[start : start + size]]
            while len(chosen) < size:  # fixed shapes: pad with empty rows
                chosen.append({"p": [], "s": [], "f": [], "y": []})
            out.append((bucket, chosen))
    if rng is not None:
        rng.shuffle(out)
    return out


def shift(x, d):
    """x[:, j - d] at j (zero before the start); d < 0 looks ahead."""
    if d > 0:
        return jnp.pad(x, ((0, 0), (d, 0), (0, 0)))[:, : x.shape[1]]
    return jnp.pad(x, ((0, 0), (0, -d), (0, 0)))[:, -d:]


def forward(params, batch, key, rate):
    pieces, piece_mask, suffixes, flags, _, mask = batch[:6]
    vectors = params["pieces"][pieces] * piece_mask[..., None]
    count = jnp.maximum(piece_mask.sum(-1, keepdims=True), 1.0)
    x = jnp.concatenate([vectors.sum(2) / count, params["suffixes"][suffixes], flags], -1)
    x = x * mask[..., None]
    for i, d in enumerate(DILATIONS):
        columns = jnp.concatenate([shift(x, d), x, shift(x, -d)], -1)
        h = jax.nn.relu(columns @ params[f"conv{i}.weight"] + params[f"conv{i}.bias"])
        if key is not None and rate > 0:
            key, sub = jax.random.split(key)
            keep = jax.random.bernoulli(sub, 1 - rate, h.shape)
            h = h * keep / (1 - rate)
        x = (h + x if i > 0 else h) * mask[..., None]
        if i == GLOBAL_AFTER and "global.weight" in params:
            # The whole sentence: the largest value of each unit over its
            # words (all are at least 0, the padding 0), added to each word.
            g = jax.nn.relu(x.max(1) @ params["global.weight"] + params["global.bias"])
            x = (x + g[:, None, :]) * mask[..., None]
    return x @ params["output.weight"] + params["output.bias"]


def loss(params, batch, key, rate, soft):
    labels, mask, teacher, taught = batch[4], batch[5], batch[6], batch[7]
    logits = forward(params, batch, key, rate)
    nll = optax.softmax_cross_entropy_with_integer_labels(logits, labels)
    # Where the contextual model's probabilities are given, they are a
    # second target beside the label, weighted by `soft`.
    distil = optax.softmax_cross_entropy(logits, teacher)
    per_word = (1 - soft * taught) * nll + soft * taught * distil
    return (per_word * mask).sum() / jnp.maximum(mask.sum(), 1.0)


def viterbi(logp):
    """Best labels under BIO: an inside label only after its begin or inside."""
    n = len(logp)
    allowed = np.zeros((5, 5))
    for a in range(5):
        allowed[a, 2] = 0 if a in (1, 2) else -np.inf
        allowed[a, 4] = 0 if a in (3, 4) else -np.inf
    first = logp[0].copy()
    first[[2, 4]] = -np.inf
    best, back = first, np.zeros((n, 5), np.int64)
    for t in range(1, n):
        total = best[:, None] + allowed
        back[t] = total.argmax(0)
        best = total.max(0) + logp[t]
    out = [int(best.argmax())]
    for t in range(n - 1, 0, -1):
        out.append(int(back[t][out[-1]]))
    return out[::-1]


def evaluate(params, sequences, suffix_ids, predict):
    pairs = []
    for bucket, group in batches(sequences, suffix_ids, 64, None):
        batch = arrays(group, suffix_ids, bucket)
        logits = np.asarray(predict(params, tuple(jnp.asarray(a) for a in batch)))
        for s, row in zip(group, logits):
            n = min(len(s["p"]), bucket)
            if n == 0:
                continue
            logp = row[:n] - np.log(np.exp(row[:n] - row[:n].max(-1, keepdims=True)).sum(-1, keepdims=True)) - row[:n].max(-1, keepdims=True)
            pairs.append(([LABELS[l] for l in viterbi(logp)], s["y"][:n]))
    return [scores(pairs, kind)[2] for kind in ("C", "S")]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--train", required=True)
    parser.add_argument("--silver", action="append", default=[])
    parser.add_argument("--dev")
    parser.add_argument("--base", required=True, help="the contextual model's directory")
    parser.add_argument("--out", required=True)
    parser.add_argument("--dim", type=int, default=64)
    parser.add_argument("--suffix-dim", type=int, default=16)
    parser.add_argument("--channels", type=int, default=96)
    parser.add_argument("--epochs", type=int, default=10)
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--rate", type=float, default=3e-3)
    parser.add_argument("--dropout", type=float, default=0.2)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--no-global-context", dest="global_context", action="store_false",
                        help="without the summary of the whole sentence added after layer 2")
    parser.add_argument("--soft", type=float, default=0.5,
                        help="weight of the contextual model's probabilities, where given")
    args = parser.parse_args()

    train = read(args.train)
    for path in args.silver:
        train += read(path)
    dev = read(args.dev) if args.dev else []
    counts = Counter(s for seq in train for s in seq["s"])
    suffix_list = sorted(s for s, c in counts.items() if c >= 3 and "\n" not in s and "\r" not in s)
    suffix_ids = {s: i + 1 for i, s in enumerate(suffix_list)}
    print(f"{len(train)} training sequences, {len(suffix_list)} suffixes", file=sys.stderr)

    # Piece vectors: the contextual model's, to `dim` principal components.
    base = load_file(os.path.join(args.base, "model.safetensors"))
    table = base["embeddings.word_embeddings.weight"].astype(np.float32)
    centred = table - table.mean(0)
    _, _, vt = np.linalg.svd(centred[:: 1], full_matrices=False)
    projected = centred @ vt[: args.dim].T
    projected /= projected.std()

    rng = np.random.default_rng(args.seed)
    key = jax.random.PRNGKey(args.seed)

    def dense(fan_in, fan_out):
        return (rng.standard_normal((fan_in, fan_out)) * math.sqrt(2.0 / fan_in)).astype(np.float32)

    params = {
        "pieces": projected.astype(np.float32),
        "suffixes": (rng.standard_normal((len(suffix_list) + 1, args.suffix_dim)) * 0.1).astype(np.float32),
    }
    width = args.dim + args.suffix_dim + FLAGS
    for i in range(len(DILATIONS)):
        params[f"conv{i}.weight"] = dense(3 * width, args.channels)
        params[f"conv{i}.bias"] = np.zeros(args.channels, np.float32)
        width = args.channels
    if args.global_context:
        params["global.weight"] = dense(width, width) * 0.5
        params["global.bias"] = np.zeros(width, np.float32)
    params["output.weight"] = dense(width, len(LABELS)) * 0.1
    params["output.bias"] = np.zeros(len(LABELS), np.float32)
    params = {k: jnp.asarray(v) for k, v in params.items()}

    steps = args.epochs * sum(1 for _ in batches(train, suffix_ids, args.batch, None))
    schedule = optax.warmup_cosine_decay_schedule(0.0, args.rate, max(1, steps // 50), steps)
    optimiser = optax.adam(schedule)
    state = optimiser.init(params)

    @jax.jit
    def step(params, state, batch, key):
        value, grads = jax.value_and_grad(loss)(params, batch, key, args.dropout, args.soft)
        updates, state = optimiser.update(grads, state, params)
        return optax.apply_updates(params, updates), state, value

    predict = jax.jit(lambda p, b: forward(p, b, None, 0.0))
    for epoch in range(args.epochs):
        started, total, count = time.time(), 0.0, 0
        for bucket, group in batches(train, suffix_ids, args.batch, rng):
            batch = tuple(jnp.asarray(a) for a in arrays(group, suffix_ids, bucket))
            key, sub = jax.random.split(key)
            params, state, value = step(params, state, batch, sub)
            total, count = total + float(value), count + 1
        line = f"epoch {epoch + 1}: loss {total / count:.4f}, {time.time() - started:.0f} s"
        if dev:
            cue, source = evaluate(params, dev, suffix_ids, predict)
            line += f", dev cue F1 {cue:.3f}, source F1 {source:.3f}"
        print(line, file=sys.stderr, flush=True)

    os.makedirs(args.out, exist_ok=True)
    pieces = np.asarray(params["pieces"])
    scale = np.maximum(np.abs(pieces).max(1), 1e-8) / 127.0
    out = {
        "pieces": np.clip(np.round(pieces / scale[:, None]), -127, 127).astype(np.int8),
        "pieces.scale": scale.astype(np.float32),
    }
    for name, value in params.items():
        if name != "pieces":
            out[name] = np.asarray(value, np.float32)
    save_file(out, os.path.join(args.out, "model.safetensors"))
    with open(os.path.join(args.out, "suffixes.txt"), "w", encoding="utf-8") as f:
        f.write("".join(s + "\n" for s in suffix_list))
    # The piece vocabulary, one a line by row: the base model's, which
    # examples/conv_inputs.rs read the words with (a build embeds it).
    with open(os.path.join(args.base, "tokenizer.json"), encoding="utf-8") as f:
        vocab = json.load(f)["model"]["vocab"]
    rows = sorted(vocab, key=vocab.get)
    assert [vocab[p] for p in rows] == list(range(len(rows))) == list(range(len(pieces)))
    with open(os.path.join(args.out, "pieces.txt"), "w", encoding="utf-8") as f:
        f.write("".join(p + "\n" for p in rows))
    print(f"wrote {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
