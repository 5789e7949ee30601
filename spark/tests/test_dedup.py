"""`provtrace-spark dedup` writes the bytes `provtrace dedup` writes, in a
cluster of two executor processes, whatever the splits, the component
method, and an executor killed mid-job."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from conftest import ROOT, files_of, run_cli

import provtrace_spark


def run_spark(spark, inputs, out: Path, **options) -> dict[str, bytes]:
    pairs = out.with_name(out.name + ".pairs.csv")
    provtrace_spark.dedup(spark, inputs, str(out), pairs=str(pairs), **options)
    return files_of(out, pairs)


def assert_same(cli: dict[str, bytes], spark: dict[str, bytes]) -> None:
    for name in ("list", "clusters", "pairs"):
        assert spark[name] == cli[name], f"{name} differs"


def test_the_corpus_plants_what_it_says(corpus, provtrace, tmp_path):
    """The comparisons below mean something only if the corpus has every
    case in it: checked on the command line's own output."""
    root, inputs = corpus
    cli = run_cli(provtrace, inputs, tmp_path / "list.jsonl", "--config", str(root / "provtrace.toml"))
    rows = [json.loads(line) for line in cli["list"].splitlines()]
    ids = [r["id"] for r in rows]
    assert len(rows) > 3000
    assert len(set(ids)) == len(ids)
    assert {"a", "a#2", "a#2#2"} <= set(ids)
    assert any(i.endswith("feed-1.jsonl:" + i.rsplit(":", 1)[-1]) for i in ids), "records named by line"
    clusters = json.loads(cli["clusters"])
    reasons = " ".join(s["reason"] for s in clusters["skipped"])
    for reason in ("malformed JSON", "no `text` field", "larger than the limit", "binary"):
        assert reason in reasons, reason
    sizes = sorted(len(c["members"]) for c in clusters["clusters"])
    assert sizes[-1] > 256, "a cluster larger than the LSH bucket cap"
    assert len(sizes) > 100
    assert any(c["origin"] for c in clusters["clusters"]), "an origin chosen by date or credit"
    assert cli["pairs"].count(b"\n") > 1000


@pytest.mark.parametrize(
    ("raw", "split_bytes", "components"),
    [
        (False, 1 << 30, "driver"),
        (False, 20_000, "star"),
        (True, 20_000, "driver"),
        (True, 1 << 30, "star"),
    ],
    ids=["one-split-driver", "many-splits-star", "raw-many-splits-driver", "raw-one-split-star"],
)
@pytest.mark.timeout(900)
def test_byte_identical_to_the_command_line(corpus, provtrace, spark, tmp_path, raw, split_bytes, components):
    root, inputs = corpus
    config = str(root / "provtrace.toml")
    flags = ["--config", config] + (["--raw"] if raw else [])
    cli = run_cli(provtrace, inputs, tmp_path / "cli.jsonl", *flags)
    found = run_spark(
        spark,
        inputs,
        tmp_path / "spark.jsonl",
        raw=raw,
        config=config,
        split_bytes=split_bytes,
        components=components,
    )
    assert_same(cli, found)


@pytest.mark.timeout(600)
def test_csv_and_threshold_flags(corpus, provtrace, spark, tmp_path):
    root, inputs = corpus
    cli = run_cli(provtrace, inputs[1:3], tmp_path / "cli.csv", "--format", "csv", "--threshold", "0.6")
    found = run_spark(spark, inputs[1:3], tmp_path / "spark.csv", format="csv", threshold=0.6, split_bytes=50_000)
    assert_same(cli, found)
    assert cli["list"].startswith(b"id,cluster,keep,duplicate_of,jaccard\n")


def _executors() -> list[int]:
    found = subprocess.run(["pgrep", "-f", "CoarseGrainedExecutorBackend"], capture_output=True, text=True)
    return [int(p) for p in found.stdout.split()]


@pytest.mark.timeout(900)
def test_an_executor_killed_mid_job_changes_nothing(corpus, provtrace, spark, tmp_path):
    """One executor JVM is killed once the job has run a few stages; Spark
    starts another and runs the lost tasks again, from the same inputs, to
    the same bytes."""
    root, inputs = corpus
    config = str(root / "provtrace.toml")
    cli = run_cli(provtrace, inputs, tmp_path / "cli.jsonl", "--config", config)
    tracker = spark.sparkContext.statusTracker()
    killed: list[int] = []
    stop = threading.Event()
    before = max(tracker.getJobIdsForGroup(None) or [-1])

    def kill_one():
        while not stop.is_set():
            jobs = [j for j in (tracker.getJobIdsForGroup(None) or []) if j > before]
            running = tracker.getActiveStageIds()
            if len(jobs) >= 4 and running:
                executors = _executors()
                if executors:
                    os.kill(executors[0], signal.SIGKILL)
                    killed.append(executors[0])
                    return
            time.sleep(0.05)

    watcher = threading.Thread(target=kill_one, daemon=True)
    watcher.start()
    try:
        found = run_spark(spark, inputs, tmp_path / "spark.jsonl", config=config, split_bytes=20_000)
    finally:
        stop.set()
        watcher.join(timeout=5)
    assert killed, "no executor was killed: the test did not test"
    assert_same(cli, found)


@pytest.mark.timeout(600)
def test_the_command_on_samples(provtrace, tmp_path):
    """`provtrace-spark dedup` as the README runs it: the command `pip install
    ./spark` put beside the interpreter, in its own process, on `local[1]`."""
    samples = ROOT / "samples"
    cli = run_cli(provtrace, [str(samples)], tmp_path / "cli.jsonl")
    out, pairs = tmp_path / "spark.jsonl", tmp_path / "spark.jsonl.pairs.csv"
    env = dict(os.environ, SPARK_LOCAL_IP="127.0.0.1", PYSPARK_PYTHON=sys.executable)
    installed = Path(sys.executable).parent / "provtrace-spark"
    assert installed.is_file(), f"`pip install ./spark` did not install {installed}"
    command = [
        str(installed), "dedup", str(samples), "-o", str(out),
        "--pairs", str(pairs), "--master", "local[1]",
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=500, env=env)
    assert done.returncode == 0, done.stderr
    assert "15 documents (0 skipped): 2 duplicate clusters" in done.stderr
    assert_same(cli, files_of(out, pairs))
    missing = subprocess.run(
        [str(installed), "dedup", str(tmp_path / "nowhere"), "-o", str(out)],
        capture_output=True, text=True, timeout=300, env=env,
    )
    assert missing.returncode == 2
    assert "does not exist" in missing.stderr


ARTICLE = """<p>The Millbrook bridge will close for two years from May, the county council said on Tuesday,
while engineers replace its deck at a cost of 14 million pounds.</p>
<p>About 9,000 vehicles cross the bridge each day. Drivers will be sent on a 12-mile diversion
through Ashford, and a free shuttle bus will carry pedestrians and cyclists.</p>
<p>"We know this will be hard for people who live on both sides of the river," said council leader
Maria Okafor. "But the alternative is a bridge that fails."</p>
<p>The bridge, built in 1962, was given a weight limit of 7.5 tonnes last year after cracks were
found in two of its piers during an inspection in January.</p>"""


def _page(site: str, own: str, canonical: str, chrome: str) -> str:
    """An undated page of `site` carrying the article in its own chrome."""
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Millbrook bridge to close for two years | {site}</title>
<meta property="og:site_name" content="{site}">
<meta property="og:url" content="{own}">
<link rel="canonical" href="{canonical}">
<script>window.offer = "Subscribe for 50% off";</script>
</head><body><nav><a href="/">Home</a> | <a href="/news">News</a></nav>
<div class="promo">{chrome}</div>
<main><article><h1>Millbrook bridge to close for two years</h1>{ARTICLE}</article></main>
<footer>Copyright {site}. Cookie settings.</footer></body></html>"""


def _record(kind: str, uri: str, block: bytes, content_type: str = "application/http; msgtype=response") -> bytes:
    head = (
        f"WARC/1.1\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\n"
        f"WARC-Date: 2024-04-01T00:00:00Z\r\nContent-Type: {content_type}\r\n"
        f"Content-Length: {len(block)}\r\n\r\n"
    )
    return head.encode() + block + b"\r\n\r\n"


def _response(uri: str, page: str) -> bytes:
    http = "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + page
    return _record("response", uri, http.encode())


@pytest.mark.timeout(600)
def test_warc_archives_as_on_the_command_line(provtrace, spark, tmp_path):
    """WARC archives, one compressed record by record and one plain, each
    one task: the same list, clusters and pairs as `provtrace dedup`, the
    origin chosen by the copy's canonical link (neither page is dated), and
    the records that hold no page passed over and said."""
    import gzip

    courier = "https://valleycourier.example/news/millbrook-bridge"
    daily = "https://www.riversidedaily.example/2024/03/06/millbrook-bridge"
    crawl = tmp_path / "crawl"
    crawl.mkdir()
    # The copy comes first in reading order: only the declaration orders them.
    records = [
        _record("request", daily, b"GET /2024/03/06/millbrook-bridge", "application/http; msgtype=request"),
        _response(daily, _page("Riverside Daily", daily, courier, "Download our app")),
        _record("metadata", daily, b"fetch-time: 2.1 s", "application/warc-fields"),
        _response(courier, _page("The Valley Courier", courier, courier, "Subscribe to our newsletter")),
    ]
    (crawl / "a.warc.gz").write_bytes(b"".join(gzip.compress(r) for r in records))
    other = _page("The Hill Gazette", "https://hillgazette.example/fair", "https://hillgazette.example/fair",
                  "Events this week")
    other = other.replace(ARTICLE, "<p>" + "The county fair opens on Saturday with 40 stalls and a parade. " * 6 + "</p>")
    (crawl / "b.warc").write_bytes(_response("https://hillgazette.example/fair", other))

    cli = run_cli(provtrace, [str(crawl)], tmp_path / "cli.jsonl")
    clusters = json.loads(cli["clusters"])["clusters"]
    assert len(clusters) == 1, clusters
    assert clusters[0]["origin"] == courier, clusters
    assert "declare it their original" in clusters[0]["origin_reason"]
    found = run_spark(spark, [str(crawl)], tmp_path / "spark.jsonl", split_bytes=1 << 30)
    assert_same(cli, found)

    out = tmp_path / "command.jsonl"
    env = dict(os.environ, SPARK_LOCAL_IP="127.0.0.1", PYSPARK_PYTHON=sys.executable)
    installed = Path(sys.executable).parent / "provtrace-spark"
    done = subprocess.run(
        [str(installed), "dedup", str(crawl), "-o", str(out), "--master", "local[1]"],
        capture_output=True, text=True, timeout=500, env=env,
    )
    assert done.returncode == 0, done.stderr
    assert "passed over 2 WARC records" in done.stderr, done.stderr
    assert out.read_bytes() == cli["list"]
