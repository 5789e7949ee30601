"""A Spark cluster of two executor processes on this machine, the command
line `provtrace` to compare with, and a generated corpus with every case
`dedup` must get right planted in it."""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _missing(what: str):
    """Skips on a developer's machine; fails in CI, where it must not be missing."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"{what} (CI=true: every test must run)")
    pytest.skip(what)


@pytest.fixture(scope="session")
def provtrace() -> Path:
    """The command-line binary, built by `cargo build --release`."""
    binary = Path(os.environ.get("PROVTRACE_BIN", ROOT / "target" / "release" / "provtrace"))
    if not binary.exists():
        _missing(f"no provtrace binary at {binary}; run `cargo build --release`")
    return binary


@pytest.fixture(scope="session")
def spark(tmp_path_factory):
    """`local-cluster[2,1,1024]`: a master, two workers and two executor
    JVMs, each running its own Python workers, all bound to 127.0.0.1."""
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        _missing("no Java runtime (apt-get install openjdk-17-jre-headless)")
    os.environ["SPARK_LOCAL_IP"] = "127.0.0.1"
    os.environ["PYSPARK_PYTHON"] = sys.executable
    os.environ["PYSPARK_DRIVER_PYTHON"] = sys.executable
    from pyspark.sql import SparkSession

    session = (
        SparkSession.builder.master("local-cluster[2,1,1024]")
        .appName("provtrace-spark tests")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", "8")
        .config("spark.executorEnv.PYSPARK_PYTHON", sys.executable)
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    session.sparkContext.setCheckpointDir(str(tmp_path_factory.mktemp("checkpoints")))
    yield session
    session.stop()


WORDS = (
    "council mayor river flood bridge valley police report budget school court"
    " minister election vote market price share company worker strike union"
    " hospital doctor patient storm wind rain harbour ship port cargo train"
    " station airport flight pilot museum artist painting festival music film"
    " record season team player coach match goal league title crowd stadium"
).split()


def _story(rng: random.Random, words: int) -> str:
    sentences = []
    while sum(len(s.split()) for s in sentences) < words:
        n = rng.randint(8, 20)
        sentence = " ".join(rng.choice(WORDS) for _ in range(n))
        number = rng.randint(2, 99_999)
        sentences.append(f"{sentence.capitalize()} {number} {rng.choice(WORDS)}.")
    paragraphs = [" ".join(sentences[i : i + 3]) for i in range(0, len(sentences), 3)]
    return "\n\n".join(paragraphs)


def _near(rng: random.Random, text: str, changes: int) -> str:
    words = text.split(" ")
    for _ in range(changes):
        words[rng.randrange(len(words))] = rng.choice(WORDS)
    return " ".join(words)


def write_corpus(root: Path, documents: int = 3000, seed: int = 7) -> list[str]:
    """Writes the corpus under `root`; returns the inputs to name, in order:
    a directory of text files (a JSON Lines file inside it too), two JSON
    Lines files, and one text file named alone.

    Planted: exact copies, near copies, excerpts, copies across the
    directory and the JSON Lines files, repeated ids (also `a`, `a`, `a#2`),
    records with no id, blank, malformed and over-size lines (the
    configuration in `root/provtrace.toml` sets the size limit), a record
    without text, a binary file, a hidden file, a file of another ending,
    and over 300 distinct near copies of one story, which share LSH buckets
    above the cap."""
    rng = random.Random(seed)
    root.mkdir(parents=True, exist_ok=True)
    originals = [_story(rng, rng.randint(60, 220)) for _ in range(documents // 3)]
    records = []
    for i in range(documents):
        kind = rng.random()
        source = rng.choice(originals)
        if kind < 0.45:
            text = rng.choice(originals) if rng.random() < 0.3 else _story(rng, rng.randint(40, 200))
        elif kind < 0.60:
            text = source
        elif kind < 0.80:
            text = _near(rng, source, rng.randint(1, 4))
        elif kind < 0.90:
            paragraphs = source.split("\n\n")
            text = "\n\n".join(paragraphs[: max(1, len(paragraphs) // 2)])
        else:
            text = f"Share this story\n{source}\nRead more at the Valley Courier"
        record = {"id": f"s{i // 2}" if i % 17 == 0 else f"doc-{i}", "text": text}
        if i % 23 == 0:
            del record["id"]
        if i % 29 == 0:
            record["outlet"] = rng.choice(["Valley Courier", "Harbour Times"])
            record["published"] = f"2024-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}"
        records.append(record)
    hub = _story(rng, 400)
    for i in range(320):
        records.insert(rng.randrange(len(records)), {"id": f"hub-{i}", "text": _near(rng, hub, 1)})
    records.insert(5, {"id": "a", "text": _story(rng, 50)})
    records.insert(9, {"id": "a", "text": _story(rng, 50)})
    records.insert(12, {"id": "a#2", "text": _story(rng, 50)})
    records.insert(40, {"id": 12345678901234567890, "text": originals[0]})

    lines = [json.dumps(r) for r in records]
    half = len(lines) // 2
    extra = ["", "   ", "{not json", json.dumps({"id": "no-text"}), json.dumps({"id": "big", "text": "word " * 6000})]
    first = lines[:half]
    for at, line in zip((3, 50, 51, 200, 777), extra):
        first.insert(min(at, len(first)), line)
    (root / "feed-1.jsonl").write_text("\n".join(first) + "\n", encoding="utf-8")
    (root / "feed-2.ndjson").write_bytes(("\ufeff" + "\n".join(lines[half:])).encode("utf-8"))

    pages = root / "pages"
    (pages / "nested").mkdir(parents=True, exist_ok=True)
    for i in range(60):
        text = originals[i] if i % 3 else _near(rng, originals[i], 2)
        (pages / ("nested" if i % 4 == 0 else ".") / f"page-{i:03}.txt").write_text(text, encoding="utf-8")
    (pages / "inside.jsonl").write_text(
        "\n".join(json.dumps({"id": f"in-{i}", "text": originals[i + 7]}) for i in range(30)) + "\n",
        encoding="utf-8",
    )
    (pages / "broken.txt").write_bytes(b"binary\x00bytes here")
    (pages / ".hidden.txt").write_text(originals[1], encoding="utf-8")
    (pages / "notes.xml").write_text("<xml/>", encoding="utf-8")
    (pages / "latin1.txt").write_bytes(("caf\xe9 " + originals[2]).encode("cp1252"))
    alone = root / "alone.txt"
    alone.write_text(originals[3], encoding="utf-8")
    (root / "provtrace.toml").write_text("[ingest]\nmax_document_bytes = 20000\n", encoding="utf-8")
    return [str(pages), str(root / "feed-1.jsonl"), str(root / "feed-2.ndjson"), str(alone)]


@pytest.fixture(scope="session")
def corpus(tmp_path_factory) -> tuple[Path, list[str]]:
    root = tmp_path_factory.mktemp("corpus")
    return root, write_corpus(root)


def run_cli(provtrace: Path, inputs: list[str], out: Path, *flags: str) -> dict[str, bytes]:
    """`provtrace dedup` with `flags`: the bytes of each file it wrote."""
    pairs = out.with_name(out.name + ".pairs.csv")
    command = [str(provtrace), "dedup", *inputs, "-o", str(out), "--pairs", str(pairs), "-q", *flags]
    done = subprocess.run(command, capture_output=True, timeout=600)
    assert done.returncode == 0, done.stderr.decode()
    return files_of(out, pairs)


def files_of(out: Path, pairs: Path) -> dict[str, bytes]:
    return {
        "list": out.read_bytes(),
        "clusters": Path(str(out) + ".clusters.json").read_bytes(),
        "pairs": pairs.read_bytes(),
    }
