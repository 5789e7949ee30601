"""Fine-tunes MiniLM (all-MiniLM-L6-v2) to tag attribution cues and sources,
and writes the model directory that `--attribution-model` loads.

Run by benches/train_contextual.sh, which makes the inputs: the base model
directory (config.json, tokenizer.json, model.safetensors) and the word and
label sequences of examples/train_tagger.rs for PolNeAR train and dev.

Each word's label is learnt on its first word piece; a linear layer over the
encoder's last layer scores the five labels. AdamW, warm-up over the first
tenth of the steps then linear decay, dropout 0.1, sentences batched by
length. After each epoch the dev cue and source F1 (word spans, overlap 0.3)
are printed; the last epoch's weights are written, in 16-bit floats.
"""
import json, os, shutil, sys, time, argparse, math
import numpy as np
import jax, jax.numpy as jnp
import optax
from safetensors.numpy import load_file, save_file
from tokenizers import Tokenizer

import word_spans

ap = argparse.ArgumentParser()
ap.add_argument("--model", required=True, help="base model directory")
ap.add_argument("--train", required=True, help="train sequences (JSON lines)")
ap.add_argument("--dev", required=True, help="dev sequences (JSON lines)")
ap.add_argument("--out", required=True, help="model directory to write")
ap.add_argument("--layers", type=int, default=6, help="top layers to train (6: all, with the embeddings)")
ap.add_argument("--epochs", type=int, default=3)
ap.add_argument("--lr", type=float, default=5e-5)
ap.add_argument("--batch", type=int, default=32)
ap.add_argument("--limit", type=int, default=0, help="read only this many sentences (a smoke run)")
args = ap.parse_args()

LABELS = ["O", "B-C", "I-C", "B-S", "I-S"]
H, NH, NL = 384, 12, 6
MAXLEN = 128

tok = Tokenizer.from_file(f"{args.model}/tokenizer.json")
tok.no_truncation(); tok.no_padding()

def load(path):
    seqs = [json.loads(l) for l in open(path)]
    if args.limit: seqs = seqs[: args.limit]
    encs = tok.encode_batch([s["w"] for s in seqs], is_pretokenized=True)
    out = []
    for s, e in zip(seqs, encs):
        ids = e.ids[:MAXLEN]
        if len(e.ids) > MAXLEN:
            ids = ids[: MAXLEN - 1] + [e.ids[-1]]
        wid = e.word_ids[: len(ids)]
        first = [-1] * len(s["w"])  # token index of each word's first piece
        prev = None
        for t, w in enumerate(wid):
            if w is not None and w != prev and t < len(ids) - 1:
                first[w] = t
            prev = w
        out.append((ids, first, [LABELS.index(y) for y in s["y"]]))
    return out

def batches(data, bs, shuffle_seed=None):
    order = sorted(range(len(data)), key=lambda i: len(data[i][0]))
    bl = [order[i : i + bs] for i in range(0, len(order), bs)]
    res = []
    for b in bl:
        L = max(len(data[i][0]) for i in b)
        L = min(MAXLEN, ((L + 15) // 16) * 16)
        ids = np.zeros((len(b), L), np.int32)
        mask = np.zeros((len(b), L), np.float32)
        lab = np.zeros((len(b), L), np.int32)
        lm = np.zeros((len(b), L), np.float32)
        for r, i in enumerate(b):
            t, first, y = data[i]
            ids[r, : len(t)] = t
            mask[r, : len(t)] = 1
            for w, f in enumerate(first):
                if f >= 0:
                    lab[r, f] = y[w]; lm[r, f] = 1
        res.append((b, ids, mask, lab, lm))
    return res

W = load_file(f"{args.model}/model.safetensors")
W = {k: jnp.asarray(v) for k, v in W.items() if v.dtype == np.float32}

def ln(x, g, b):
    m = x.mean(-1, keepdims=True); v = ((x - m) ** 2).mean(-1, keepdims=True)
    return (x - m) / jnp.sqrt(v + 1e-12) * g + b

def lin(x, p, name):
    return x @ p[name + ".weight"].T + p[name + ".bias"]

def embed(p, ids):
    L = ids.shape[1]
    x = p["embeddings.word_embeddings.weight"][ids] + p["embeddings.position_embeddings.weight"][:L][None] + p["embeddings.token_type_embeddings.weight"][0]
    return ln(x, p["embeddings.LayerNorm.weight"], p["embeddings.LayerNorm.bias"])

def layer(p, i, x, mask, key=None, rate=0.1):
    pre = f"encoder.layer.{i}."
    B, L, _ = x.shape
    def heads(t): return t.reshape(B, L, NH, H // NH).transpose(0, 2, 1, 3)
    q = heads(lin(x, p, pre + "attention.self.query"))
    k = heads(lin(x, p, pre + "attention.self.key"))
    v = heads(lin(x, p, pre + "attention.self.value"))
    a = q @ k.transpose(0, 1, 3, 2) / math.sqrt(H // NH) + (1.0 - mask)[:, None, None, :] * -1e9
    a = jax.nn.softmax(a, -1)
    c = (a @ v).transpose(0, 2, 1, 3).reshape(B, L, H)
    o = lin(c, p, pre + "attention.output.dense")
    if key is not None:
        key, k1 = jax.random.split(key); o = o * jax.random.bernoulli(k1, 1 - rate, o.shape) / (1 - rate)
    x = ln(x + o, p[pre + "attention.output.LayerNorm.weight"], p[pre + "attention.output.LayerNorm.bias"])
    h = jax.nn.gelu(lin(x, p, pre + "intermediate.dense"), approximate=False)
    o = lin(h, p, pre + "output.dense")
    if key is not None:
        key, k1 = jax.random.split(key); o = o * jax.random.bernoulli(k1, 1 - rate, o.shape) / (1 - rate)
    return ln(x + o, p[pre + "output.LayerNorm.weight"], p[pre + "output.LayerNorm.bias"])

FROZEN = NL - args.layers

@jax.jit
def lower(ids, mask):
    x = embed(W, ids)
    for i in range(FROZEN):
        x = layer(W, i, x, mask)
    return x

def upper(p, x, mask, key=None):
    for i in range(FROZEN, NL):
        if key is not None: key, k1 = jax.random.split(key)
        else: k1 = None
        x = layer(p, i, x, mask, k1)
    if key is not None:
        key, k1 = jax.random.split(key); x = x * jax.random.bernoulli(k1, 0.9, x.shape) / 0.9
    return x @ p["classifier.weight"].T + p["classifier.bias"]

params = {k: v for k, v in W.items() if any(k.startswith(f"encoder.layer.{i}.") for i in range(FROZEN, NL))}
if FROZEN == 0:
    params.update({k: v for k, v in W.items() if k.startswith("embeddings.")})
rng = np.random.default_rng(0)
params["classifier.weight"] = jnp.asarray(rng.normal(0, 0.02, (len(LABELS), H)).astype(np.float32))
params["classifier.bias"] = jnp.zeros(len(LABELS), jnp.float32)

train = load(args.train); dev = load(args.dev)
tb = batches(train, args.batch); db = batches(dev, 64)
print(f"{len(train)} train, {len(dev)} dev sentences; {len(tb)} batches; training top {args.layers} layers", flush=True)

def feats(bs):
    if FROZEN == 0:
        return None
    t = time.time()
    out = [np.asarray(lower(jnp.asarray(ids), jnp.asarray(mask))) for _, ids, mask, _, _ in bs]
    print(f"lower layers cached in {time.time()-t:.0f} s", flush=True)
    return out

tf = feats(tb); df = feats(db)

def forward(p, ids, x, mask, key=None):
    if FROZEN == 0:
        merged = dict(W); merged.update(p)
        x = embed(merged, ids)
        return upper(merged, x, mask, key)
    merged = dict(W); merged.update(p)
    return upper(merged, x, mask, key)

def loss_fn(p, ids, x, mask, lab, lm, key):
    logits = forward(p, ids, x, mask, key)
    ll = optax.softmax_cross_entropy_with_integer_labels(logits, lab)
    return (ll * lm).sum() / jnp.maximum(lm.sum(), 1)

steps = args.epochs * len(tb)
sched = optax.join_schedules([optax.linear_schedule(0, args.lr, max(1, steps // 10)), optax.linear_schedule(args.lr, 0, steps - steps // 10)], [steps // 10])
opt = optax.chain(optax.clip_by_global_norm(1.0), optax.adamw(sched, weight_decay=0.01))
state = opt.init(params)

@jax.jit
def step(p, s, ids, x, mask, lab, lm, key):
    l, g = jax.value_and_grad(loss_fn)(p, ids, x, mask, lab, lm, key)
    u, s = opt.update(g, s, p)
    return optax.apply_updates(p, u), s, l

@jax.jit
def predict(p, ids, x, mask):
    return forward(p, ids, x, mask)

def evaluate(p):
    """Dev (precision, recall, F1) of cues and of sources, each word taking
    the best label of its first piece."""
    pairs = [None] * len(dev)
    for n, (b, ids, mask, _, _) in enumerate(db):
        x = df[n] if df is not None else None
        lg = np.asarray(predict(p, jnp.asarray(ids), None if x is None else jnp.asarray(x), jnp.asarray(mask)))
        for r, i in enumerate(b):
            _, first, y = dev[i]
            predicted = [LABELS[int(lg[r, f].argmax())] if f >= 0 else "O" for f in first]
            pairs[i] = (predicted, [LABELS[v] for v in y])
    return {kind: tuple(round(v, 3) for v in word_spans.scores(pairs, kind)) for kind in "CS"}

key = jax.random.PRNGKey(0)
order = np.random.default_rng(1)
t0 = time.time(); n = 0
for ep in range(args.epochs):
    perm = order.permutation(len(tb)); tot = 0
    for k in perm:
        _, ids, mask, lab, lm = tb[k]
        key, k1 = jax.random.split(key)
        x = tf[k] if tf is not None else None
        params, state, l = step(params, state, jnp.asarray(ids), None if x is None else jnp.asarray(x), jnp.asarray(mask), jnp.asarray(lab), jnp.asarray(lm), k1)
        tot += float(l); n += 1
        if n % 200 == 0:
            print(f"step {n}/{steps} loss {tot/200:.4f} {time.time()-t0:.0f} s", flush=True); tot = 0
    r = evaluate(params)
    print(f"epoch {ep+1}: dev cue P/R/F {r['C']} src {r['S']} ({time.time()-t0:.0f} s)", flush=True)

# The model directory: every weight (the base's where not trained), the
# label names in Hugging Face's `id2label`, and the base's tokenizer.
weights = {k: np.asarray(v) for k, v in W.items()}
weights.update({k: np.asarray(v) for k, v in params.items()})
os.makedirs(args.out, exist_ok=True)
save_file({k: v.astype(np.float16) for k, v in sorted(weights.items())}, f"{args.out}/model.safetensors")
base = json.load(open(f"{args.model}/config.json"))
keep = ["model_type", "hidden_act", "hidden_size", "intermediate_size", "num_attention_heads",
        "num_hidden_layers", "vocab_size", "max_position_embeddings", "layer_norm_eps"]
config = {k: base[k] for k in keep}
config["architectures"] = ["BertForTokenClassification"]
config["id2label"] = {str(i): label for i, label in enumerate(LABELS)}
with open(f"{args.out}/config.json", "w") as out:
    json.dump(config, out, indent=2)
    out.write("\n")
shutil.copy(f"{args.model}/tokenizer.json", f"{args.out}/tokenizer.json")
print(f"wrote {args.out}", flush=True)
