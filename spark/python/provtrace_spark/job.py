"""`provtrace dedup` as a Spark job: the same files, byte for byte.

Every decision is made by the Rust kernels (`_kernels`), the same library
functions `provtrace dedup` calls; this module only moves data between
them. The stages, each a Spark job over Arrow batches:

1. plan (driver): the inputs as sources, large JSON Lines files cut into
   pieces at line starts;
2. extents: each source's lines and units, so that prefix sums give every
   document the unit number, line number and id the command line gives it;
3. sign: each source's documents signed (content hash, LSH band keys);
4. ids made unique family by family (only families with a repeated id
   travel to the driver);
5. exact groups (content hash) and LSH buckets, capped as on the command
   line, give candidate pairs;
6. a second read of only the documents that can be in a cluster;
7. candidate pairs verified on exact shingle sets;
8. connected components: union-find on the driver below a bound on the
   edges, else large-star/small-star over DataFrames with checkpoints;
9. each component resolved whole (origin, member similarity, pairs);
10. rows, clusters and pairs rendered in Rust, in reading order, and
    written to temporary files renamed into place together.
"""

from __future__ import annotations

import os
import sys
import tempfile
from dataclasses import dataclass, field
from typing import Iterable, Iterator, Sequence

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from . import _kernels as K

#: Unions (exact copies and verified pairs) up to this many are joined into
#: components on the driver; more go to large-star/small-star.
DRIVER_EDGES = 5_000_000
#: Rounds of large-star/small-star before the job gives up.
STAR_ROUNDS = 64
#: JSON Lines files are read in pieces of this many bytes.
SPLIT_BYTES = 64 << 20
#: Unless told otherwise, shuffles are cut so that a partition holds about
#: this many documents' worth of rows: the groupings by LSH band and by
#: component then fit in 1 GiB executors (at 1M documents, 8 partitions
#: ran out of heap; adaptive execution merges partitions that are small).
DOCUMENTS_A_PARTITION = 20_000


class DedupError(Exception):
    """A run that cannot go on: said to the user, exit status 2."""


@dataclass
class Result:
    """What a run found, besides the files it wrote."""

    documents: int
    skipped: list = field(default_factory=list)
    clusters: int = 0
    dropped: int = 0
    passed_over: str | None = None
    timings: list = field(default_factory=list)


# --- Arrow and byte strings ----------------------------------------------


def _i64_bytes(column) -> bytes:
    if isinstance(column, pa.ChunkedArray):
        column = column.combine_chunks()
    return np.asarray(column.to_numpy(zero_copy_only=False), dtype="<i8").tobytes()


def _list_bytes(column) -> tuple[bytes, bytes]:
    """A list<int64> column as values and i32 offsets from 0."""
    if isinstance(column, pa.ChunkedArray):
        column = column.combine_chunks()
    if len(column) == 0:
        return b"", np.zeros(1, dtype="<i4").tobytes()
    offsets = column.offsets.to_numpy()
    starts = offsets[:-1]
    ends = offsets[1:]
    valid = column.is_valid().to_numpy(zero_copy_only=False)
    lengths = np.where(valid, ends - starts, 0)
    values = column.flatten().to_numpy(zero_copy_only=False)
    out = np.zeros(len(column) + 1, dtype="<i4")
    np.cumsum(lengths, out=out[1:])
    return np.asarray(values, dtype="<i8").tobytes(), out.tobytes()


def _i64_array(data: bytes) -> pa.Array:
    return pa.array(np.frombuffer(data, dtype="<i8"), type=pa.int64())


def _list_array(values: bytes, offsets: bytes, valid: Sequence[bool] | None = None) -> pa.Array:
    offs = pa.array(np.frombuffer(offsets, dtype="<i4"), type=pa.int32())
    if valid is not None:
        mask = pa.array([not v for v in valid] + [False], type=pa.bool_())
        offs = pc.if_else(mask, pa.scalar(None, pa.int32()), offs)
    return pa.ListArray.from_arrays(offs, _i64_array(values))


# --- the stages, as functions Spark ships to executors -------------------


EXTENTS = pa.schema(
    [("source", pa.int32()), ("lines", pa.int64()), ("units", pa.int64()), ("records", pa.int64())]
)


def _extents(root: str, config: str):
    def run(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        for batch in batches:
            sources = batch.column("source").to_pylist()
            texts = batch.column("json").to_pylist()
            lines, units, records = [], [], []
            for text in texts:
                line_count, unit_count, record_count = K.extent(text, root, config)
                lines.append(line_count)
                units.append(unit_count)
                records.append(record_count)
            yield pa.RecordBatch.from_pydict(
                {"source": sources, "lines": lines, "units": units, "records": records},
                schema=EXTENTS,
            )

    return run


SIGNED = pa.schema(
    [
        ("source", pa.int32()),
        ("seq", pa.int64()),
        ("unit", pa.int64()),
        ("id", pa.string()),
        ("family", pa.string()),
        ("exact", pa.binary()),
        ("keys", pa.list_(pa.int64())),
        ("skip_input", pa.string()),
        ("skip_reason", pa.string()),
    ]
)


def _signed_batch(source: int, n: int, **columns) -> pa.RecordBatch:
    """`n` rows of one source for `SIGNED`, numbered from 0 within it (`seq`):
    the columns given, the others null."""
    columns["source"] = pa.array([source] * n, pa.int32())
    columns["seq"] = pa.array(np.arange(n, dtype=np.int64))
    def column(f: pa.Field) -> pa.Array:
        given = columns.get(f.name)
        if given is None:
            return pa.nulls(n, f.type)
        return given if isinstance(given, pa.Array) else pa.array(given, f.type)

    arrays = [column(f) for f in SIGNED]
    return pa.RecordBatch.from_arrays(arrays, schema=SIGNED)


def _sign(root: str, config: str, raw: bool):
    def run(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        for batch in batches:
            rows = zip(*(batch.column(c).to_pylist() for c in ("source", "json", "first_line", "first_unit")))
            for source, text, first_line, first_unit in rows:
                out = K.sign(text, root, config, raw, first_line, first_unit)
                skipped = out["skipped"]
                if out["ids"]:
                    yield _signed_batch(
                        source,
                        len(out["ids"]),
                        unit=_i64_array(out["units"]),
                        id=out["ids"],
                        family=out["families"],
                        exact=out["exact"],
                        keys=_list_array(out["keys"], out["key_offsets"]),
                    )
                if skipped:
                    yield _signed_batch(
                        source,
                        len(skipped),
                        skip_input=[s[0] for s in skipped],
                        skip_reason=[s[1] for s in skipped],
                    )

    return run


def _bucket_pairs(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
    for batch in batches:
        values, offsets = _list_bytes(batch.column("docs"))
        pairs = np.frombuffer(K.bucket_pairs(values, offsets), dtype="<i8").reshape(-1, 2)
        yield pa.RecordBatch.from_pydict({"a": pa.array(pairs[:, 0]), "b": pa.array(pairs[:, 1])})


# What choosing a cluster's origin reads of each member.
FACT_COLUMNS = ("date", "outlet", "credits", "url", "original")

FACTS = pa.schema(
    [
        ("unit", pa.int64()),
        ("date", pa.string()),
        ("outlet", pa.string()),
        ("credits", pa.list_(pa.string())),
        ("url", pa.string()),
        ("original", pa.string()),
        ("exact2", pa.binary()),
        ("shingles", pa.list_(pa.int64())),
    ]
)


def _facts(root: str, config: str, raw: bool):
    def run(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        for batch in batches:
            columns = ("json", "first_line", "first_unit", "wanted", "shingled")
            for text, first_line, first_unit, wanted, shingled in zip(
                *(batch.column(c).to_pylist() for c in columns)
            ):
                wanted_bytes = np.asarray(sorted(wanted), dtype="<i8").tobytes()
                shingled_bytes = np.asarray(sorted(s for s in shingled if s is not None), dtype="<i8").tobytes()
                out = K.facts(text, root, config, raw, first_line, first_unit, wanted_bytes, shingled_bytes)
                yield pa.RecordBatch.from_arrays(
                    [
                        _i64_array(out["units"]),
                        pa.array(out["dates"], pa.string()),
                        pa.array(out["outlets"], pa.string()),
                        pa.array(out["credits"], pa.list_(pa.string())),
                        pa.array(out["urls"], pa.string()),
                        pa.array(out["originals"], pa.string()),
                        pa.array(out["exact"], pa.binary()),
                        _list_array(out["shingles"], out["shingle_offsets"], out["has_shingles"]),
                    ],
                    schema=FACTS,
                )

    return run


def _jaccards(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
    for batch in batches:
        a, a_offsets = _list_bytes(batch.column("sa"))
        b, b_offsets = _list_bytes(batch.column("sb"))
        j = np.frombuffer(K.jaccards(a, a_offsets, b, b_offsets), dtype="<f8")
        yield pa.RecordBatch.from_pydict(
            {"a": batch.column("a"), "b": batch.column("b"), "j": pa.array(j, pa.float64())}
        )


RESOLVED = pa.schema(
    [
        ("kind", pa.int8()),  # 0: a member's row, 1: the cluster, 2: a pair
        ("doc", pa.int64()),  # the member; the cluster's number; a pair's first
        ("cluster", pa.string()),
        ("keep", pa.bool_()),
        ("duplicate_of", pa.string()),
        ("jaccard", pa.float64()),
        ("part", pa.string()),
        ("b", pa.int64()),
    ]
)


def _resolve(threshold: float, want_pairs: bool):
    def run(table: pa.Table) -> pa.Table:
        table = table.sort_by("doc")
        docs = _i64_bytes(table.column("doc"))
        k = table.column("k")[0].as_py()
        shingles, offsets = _list_bytes(table.column("shingles"))
        has = [v is not None for v in table.column("shingles").to_pylist()]
        edge_a, edge_b, edge_j = [], [], []
        for a, edges in zip(table.column("doc").to_pylist(), table.column("edges").to_pylist()):
            for edge in edges or ():
                edge_a.append(a)
                edge_b.append(edge["b"])
                edge_j.append(edge["j"])
        out = K.resolve(
            k,
            docs,
            table.column("id").to_pylist(),
            table.column("date").to_pylist(),
            table.column("outlet").to_pylist(),
            [c or [] for c in table.column("credits").to_pylist()],
            table.column("url").to_pylist(),
            table.column("original").to_pylist(),
            _i64_bytes(table.column("copy_of")),
            shingles,
            offsets,
            has,
            np.asarray(edge_a, dtype="<i8").tobytes(),
            np.asarray(edge_b, dtype="<i8").tobytes(),
            np.asarray(edge_j, dtype="<f8").tobytes(),
            threshold,
            want_pairs,
        )
        n = table.num_rows
        pair_a = np.frombuffer(out["pair_a"], dtype="<i8")
        pair_b = np.frombuffer(out["pair_b"], dtype="<i8")
        pair_j = np.frombuffer(out["pair_j"], dtype="<f8")
        p = len(pair_a)
        kinds = [0] * n + [1] + [2] * p
        return pa.Table.from_arrays(
            [
                pa.array(kinds, pa.int8()),
                pa.concat_arrays([table.column("doc").combine_chunks(), pa.array([k], pa.int64()), pa.array(pair_a)]),
                pa.array(out["clusters"] + [None] * (1 + p), pa.string()),
                pa.array(out["keep"] + [None] * (1 + p), pa.bool_()),
                pa.array(out["duplicate_of"] + [None] * (1 + p), pa.string()),
                pa.array(out["jaccard"] + [None] + pair_j.tolist(), pa.float64()),
                pa.array([None] * n + [out["cluster"]] + [None] * p, pa.string()),
                pa.array([None] * (n + 1) + pair_b.tolist(), pa.int64()),
            ],
            schema=RESOLVED,
        )

    return run


def _render_rows(csv: bool):
    def run(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        for batch in batches:
            data = K.render_rows(
                batch.column("id").to_pylist(),
                batch.column("cluster").to_pylist(),
                batch.column("keep").to_pylist(),
                batch.column("duplicate_of").to_pylist(),
                batch.column("jaccard").to_pylist(),
                csv,
                False,
            )
            yield pa.RecordBatch.from_pydict({"doc": [batch.column("doc")[0].as_py()], "bytes": [data]})

    return run


def _render_pairs(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
    for batch in batches:
        data = K.render_pairs(
            batch.column("ida").to_pylist(),
            batch.column("idb").to_pylist(),
            np.asarray(batch.column("j").to_numpy(zero_copy_only=False), dtype="<f8").tobytes(),
            False,
        )
        yield pa.RecordBatch.from_pydict({"a": [batch.column("a")[0].as_py()], "bytes": [data]})


# --- the job ---------------------------------------------------------------


class _Clock:
    """Wall time of each stage, for `--timings` and the benchmark."""

    def __init__(self, show: bool):
        import time

        self._time = time.perf_counter
        self._show = show
        self._last = self._time()
        self.stages: list[tuple[str, float]] = []

    def lap(self, name: str) -> None:
        now = self._time()
        self.stages.append((name, now - self._last))
        if self._show:
            print(f"{name:<28} {now - self._last:8.2f} s", file=sys.stderr)
        self._last = now


def _connected_star(spark, unions, checkpoint: bool):
    """Large-star/small-star (Kiveris et al., SoCC 2014) over DataFrames:
    every node of a component with the component's smallest node as label.
    Converged when a round leaves the edge set unchanged; refuses to loop
    past `STAR_ROUNDS` rounds."""
    from pyspark.sql import functions as F

    def stable(df):
        df = df.checkpoint(eager=True) if checkpoint else df.localCheckpoint(eager=True)
        return df

    edges = stable(
        unions.select(F.greatest("a", "b").alias("u"), F.least("a", "b").alias("v"))
        .where(F.col("u") != F.col("v"))
        .distinct()
    )
    for _ in range(STAR_ROUNDS):
        both = edges.select("u", "v").union(edges.select(F.col("v").alias("u"), F.col("u").alias("v")))
        low = both.groupBy("u").agg(F.min("v").alias("m")).select("u", F.least("u", "m").alias("m"))
        large = (
            both.join(low, "u")
            .where(F.col("v") > F.col("u"))
            .select(F.col("v").alias("u"), F.col("m").alias("v"))
        )
        oriented = large.select(F.greatest("u", "v").alias("u"), F.least("u", "v").alias("v")).where(
            F.col("u") != F.col("v")
        ).distinct()
        low2 = oriented.groupBy("u").agg(F.min("v").alias("m"))
        small = (
            oriented.join(low2, "u")
            .select(F.col("v").alias("u"), F.col("m").alias("v"))
            .union(low2.select("u", F.col("m").alias("v")))
        )
        after = stable(
            small.select(F.greatest("u", "v").alias("u"), F.least("u", "v").alias("v"))
            .where(F.col("u") != F.col("v"))
            .distinct()
        )
        same = after.exceptAll(edges).isEmpty() and edges.exceptAll(after).isEmpty()
        edges = after
        if same:
            labels = edges.select(F.col("u").alias("doc"), F.col("v").alias("label"))
            roots = edges.select(F.col("v").alias("doc"), F.col("v").alias("label"))
            return labels.union(roots).distinct()
    raise DedupError(
        f"connected components did not converge in {STAR_ROUNDS} rounds of large-star/small-star"
    )


def _connected_driver(spark, unions):
    table = unions.toArrow()
    nodes, labels = K.components(_i64_bytes(table.column("a")), _i64_bytes(table.column("b")))
    found = pa.table({"doc": _i64_array(nodes), "label": _i64_array(labels)})
    if found.num_rows == 0:
        return spark.createDataFrame([], "doc long, label long")
    return spark.createDataFrame(found)


def _stage_file(path: str) -> tuple[str, object]:
    directory = os.path.dirname(os.path.abspath(path)) or "."
    handle = tempfile.NamedTemporaryFile(
        dir=directory, prefix=".provtrace-", suffix=".tmp", delete=False
    )
    return handle.name, handle


def _write_chunks(path: str, chunks: Iterable[bytes], staged: list) -> None:
    name, handle = _stage_file(path)
    staged.append((name, path))
    with handle:
        for chunk in chunks:
            handle.write(chunk)
        handle.flush()
        os.fsync(handle.fileno())


def prepare(
    inputs: Sequence[str],
    output: str | None,
    *,
    threshold: float | None = None,
    pairs: str | None = None,
    config: str | None = None,
    extensions: Sequence[str] = (),
    format: str = "jsonl",
    split_bytes: int = SPLIT_BYTES,
    components: str = "auto",
) -> tuple[str, list[str], int, int]:
    """Checks the flags, outputs and configuration and plans the inputs,
    before any Spark work: the configuration (JSON), the sources, and the
    counts of files passed over by ending and as hidden. Raises
    `DedupError` with the message `provtrace dedup` gives."""
    if format not in ("jsonl", "csv"):
        raise DedupError(f"`--format {format}`: use jsonl or csv")
    if components not in ("auto", "driver", "star"):
        raise DedupError(f"`--components {components}`: use auto, driver or star")
    for path in [p for p in (output, pairs) if p]:
        directory = os.path.dirname(os.path.abspath(path))
        if not os.path.isdir(directory):
            raise DedupError(f"cannot write `{path}`: no such directory `{directory}`")
        if os.path.isdir(path):
            raise DedupError(f"cannot write `{path}`: it is a directory")
    toml = None
    if config is not None:
        try:
            with open(config, encoding="utf-8") as handle:
                toml = handle.read()
        except OSError as e:
            raise DedupError(f"cannot read configuration `{config}`: {e.strerror}") from e
    try:
        settings = K.configuration(toml, config, threshold, list(extensions))
        sources, passed_extension, passed_hidden = K.plan(list(inputs), settings, split_bytes)
    except ValueError as e:
        raise DedupError(str(e)) from e
    return settings, sources, passed_extension, passed_hidden


def dedup(
    spark,
    inputs: Sequence[str],
    output: str | None = None,
    *,
    threshold: float | None = None,
    raw: bool = False,
    pairs: str | None = None,
    config: str | None = None,
    extensions: Sequence[str] = (),
    format: str = "jsonl",
    split_bytes: int = SPLIT_BYTES,
    components: str = "auto",
    timings: bool = False,
    shuffle_partitions: int | None = None,
    stdout=None,
) -> Result:
    """Finds the near-duplicate clusters of `inputs` on `spark` and writes
    what `provtrace dedup` writes: the keep/drop list to `output` (standard
    output when `None`), `output.clusters.json`, and the pairs CSV to
    `pairs`. `components` is `driver`, `star` or `auto` (the driver below
    `DRIVER_EDGES` unions). `shuffle_partitions` sets Spark's
    `spark.sql.shuffle.partitions` for the job; by default it follows the
    number of documents (`DOCUMENTS_A_PARTITION` a partition, at least two
    a core)."""
    # Spark cannot estimate the size of what the kernels return, and a
    # guess too small broadcasts a large table through the driver: the job
    # broadcasts only the tables it knows are small, and puts the setting
    # back when it is done.
    conf = spark.conf
    saved = {
        key: conf.get(key, None)
        for key in (
            "spark.sql.autoBroadcastJoinThreshold",
            "spark.sql.shuffle.partitions",
            "spark.sql.adaptive.advisoryPartitionSizeInBytes",
        )
    }
    conf.set("spark.sql.autoBroadcastJoinThreshold", "-1")
    # Adaptive execution merges partitions up to 64 MiB by default, which
    # undoes the cut by documents below: kept small, as a 1 GiB executor
    # needs (the groupings by band and by component hold their groups).
    conf.set("spark.sql.adaptive.advisoryPartitionSizeInBytes", str(16 << 20))
    try:
        return _dedup(
            spark, inputs, output, threshold=threshold, raw=raw, pairs=pairs, config=config,
            extensions=extensions, format=format, split_bytes=split_bytes,
            components=components, timings=timings, shuffle_partitions=shuffle_partitions,
            stdout=stdout,
        )
    finally:
        for key, value in saved.items():
            if value is None:
                conf.unset(key)
            else:
                conf.set(key, value)


def _dedup(
    spark,
    inputs: Sequence[str],
    output: str | None,
    *,
    threshold: float | None,
    raw: bool,
    pairs: str | None,
    config: str | None,
    extensions: Sequence[str],
    format: str,
    split_bytes: int,
    components: str,
    timings: bool,
    shuffle_partitions: int | None,
    stdout,
) -> Result:
    from pyspark import StorageLevel
    from pyspark.sql import functions as F

    settings, sources, passed_extension, passed_hidden = prepare(
        inputs, output, threshold=threshold, pairs=pairs, config=config, extensions=extensions,
        format=format, split_bytes=split_bytes, components=components,
    )
    import json

    threshold_used = json.loads(settings)["near_duplicate"]["threshold"]
    # Executors start in directories of their own: relative paths are
    # opened from the driver's (on a cluster, inputs are on storage every
    # node sees at the same path).
    root = os.getcwd()
    clock = _Clock(timings)
    sc = spark.sparkContext
    # What the job keeps between stages goes to the executors' disks, not
    # their heaps: execution (the shuffles' sorts and groupings) then has
    # the memory, and a lost executor's blocks are recomputed all the same.
    keep_level = StorageLevel.DISK_ONLY
    parallel = max(1, sc.defaultParallelism)
    n_sources = len(sources)
    pieces = max(1, min(n_sources, parallel * 4))
    clock.lap("plan")

    # 2. extents, and the prefix sums that number units and lines
    listed = spark.createDataFrame(
        [(i, s) for i, s in enumerate(sources)], "source int, json string"
    ).repartition(pieces)
    counted = listed.mapInArrow(_extents(root, settings), _ddl(EXTENTS)).collect()
    extent = {row["source"]: (row["lines"], row["units"]) for row in counted}
    passed_records = sum(row["records"] for row in counted)
    starts = K.number(sources, [extent.get(i, (0, 0)) for i in range(n_sources)])
    placed = [(i, text, line, unit) for i, (text, (line, unit)) in enumerate(zip(sources, starts))]
    placed_df = spark.createDataFrame(
        placed, "source int, json string, first_line long, first_unit long"
    ).repartition(pieces)
    placed_df.persist(keep_level)
    clock.lap("extents")

    # 3. pass 1: sign
    signed = placed_df.mapInArrow(_sign(root, settings, raw), SIGNED_DDL).persist(keep_level)
    per_source = {
        row["source"]: row["count"]
        for row in signed.where(F.col("id").isNotNull()).groupBy("source").count().collect()
    }
    skipped = [
        (row["skip_input"], row["skip_reason"])
        for row in signed.where(F.col("id").isNull())
        .orderBy("source", "seq")
        .select("skip_input", "skip_reason")
        .collect()
    ]
    offsets = []
    total = 0
    for i in range(n_sources):
        offsets.append((i, total))
        total += per_source.get(i, 0)
    passed = K.passed_over_message(passed_extension, passed_hidden, passed_records)
    clock.lap("sign")
    if total == 0:
        signed.unpersist()
        return Result(documents=0, skipped=skipped, passed_over=passed, timings=clock.stages)

    if shuffle_partitions is None:
        shuffle_partitions = max(2 * parallel, -(-total // DOCUMENTS_A_PARTITION))
    spark.conf.set("spark.sql.shuffle.partitions", str(shuffle_partitions))
    offsets_df = spark.createDataFrame(offsets, "source int, doc0 long")
    docs = (
        signed.where(F.col("id").isNotNull())
        .join(F.broadcast(offsets_df), "source")
        .select(
            (F.col("doc0") + F.col("seq")).alias("doc"),
            "source",
            "unit",
            "id",
            "family",
            "exact",
            "keys",
        )
    )

    # 4. ids made unique, family by family
    repeated = docs.groupBy("family").count().where(F.col("count") > 1).select("family")
    family_rows = (
        docs.join(repeated, "family").select("doc", "family", "id").orderBy("doc").collect()
    )
    renamed = []
    if family_rows:
        by_family: dict[str, list] = {}
        for row in family_rows:
            by_family.setdefault(row["family"], []).append((row["doc"], row["id"]))
        for members in by_family.values():
            unique = K.unique_ids([m[1] for m in members])
            renamed.extend((d, u) for (d, given), u in zip(members, unique) if u != given)
    if renamed:
        renamed_df = spark.createDataFrame(renamed, "doc long, uid string")
        docs = docs.join(F.broadcast(renamed_df) if len(renamed) < 1_000_000 else renamed_df, "doc", "left")
        docs = docs.withColumn("id", F.coalesce("uid", "id")).drop("uid")
    clock.lap("ids")

    # 5. exact groups and candidates
    groups = (
        docs.where(F.col("exact").isNotNull())
        .groupBy("exact")
        .agg(F.min("doc").alias("first"), F.count(F.lit(1)).alias("copies"))
    )
    docs = (
        docs.join(groups, "exact", "left")
        .select(
            "doc",
            "source",
            "unit",
            "id",
            "exact",
            "keys",
            F.coalesce("first", "doc").alias("copy_of"),
            F.coalesce("copies", F.lit(1)).alias("copies"),
        )
        .persist(keep_level)
    )
    texts = docs.where((F.col("doc") == F.col("copy_of")) & (F.size("keys") > 0))
    buckets = (
        texts.select("doc", F.posexplode("keys").alias("band", "key"))
        .groupBy("band", "key")
        .agg(F.sort_array(F.collect_list("doc")).alias("docs"))
        .where(F.size("docs") > 1)
        .select("docs")
    )
    candidates = buckets.mapInArrow(_bucket_pairs, "a long, b long").distinct().persist(keep_level)
    candidate_count = candidates.count()
    clock.lap("candidates")

    # 6. pass 2: the facts of the documents that can be in a cluster
    in_candidates = (
        candidates.select(F.col("a").alias("t"))
        .union(candidates.select(F.col("b").alias("t")))
        .distinct()
        .withColumn("in_candidates", F.lit(True))
    )
    needed = (
        docs.join(in_candidates, docs["copy_of"] == in_candidates["t"], "left")
        .where((F.col("copies") > 1) | F.col("in_candidates").isNotNull())
        .select(
            "doc",
            "source",
            "unit",
            "id",
            "exact",
            "copy_of",
            (F.col("in_candidates").isNotNull() & (F.col("doc") == F.col("copy_of"))).alias("shingled"),
        )
        .persist(keep_level)
    )
    wanted = needed.groupBy("source").agg(
        F.collect_list("unit").alias("wanted"),
        F.collect_list(F.when(F.col("shingled"), F.col("unit"))).alias("shingled"),
    )
    reread = placed_df.join(wanted, "source").select(
        "json", "first_line", "first_unit", "wanted", "shingled"
    )
    facts = reread.mapInArrow(_facts(root, settings, raw), FACTS_DDL)
    read = needed.join(facts, "unit", "left").persist(keep_level)
    # A document not found again (credits are a list, empty or not, for
    # each one read), or whose text differs from the first read.
    changed = read.where(
        F.col("credits").isNull()
        | (F.col("shingles").isNotNull() & ~F.col("exact").eqNullSafe(F.col("exact2")))
    ).select("id").limit(1).collect()
    if changed:
        raise DedupError(f"`{changed[0]['id']}` changed while dedup was reading it; run it again")
    clock.lap("verify: read again")

    # 7. candidates verified on the exact shingle sets
    sets = read.where(F.col("shingles").isNotNull()).select("doc", "shingles")
    paired = (
        candidates.join(sets.select(F.col("doc").alias("a"), F.col("shingles").alias("sa")), "a")
        .join(sets.select(F.col("doc").alias("b"), F.col("shingles").alias("sb")), "b")
        .select("a", "b", "sa", "sb")
    )
    edges = (
        paired.mapInArrow(_jaccards, "a long, b long, j double")
        .where(F.col("j") >= F.lit(threshold_used))
        .persist(keep_level)
    )
    unions = docs.where(F.col("doc") != F.col("copy_of")).select(
        F.col("doc").alias("a"), F.col("copy_of").alias("b")
    ).union(edges.select("a", "b"))
    union_count = unions.count()
    clock.lap("verify: jaccard")

    # 8. components
    method = components
    if method == "auto":
        method = "driver" if union_count <= DRIVER_EDGES else "star"
    if method == "driver":
        labelled = _connected_driver(spark, unions)
    else:
        labelled = _connected_star(spark, unions, checkpoint=sc.getCheckpointDir() is not None)
    labelled = labelled.persist(keep_level)
    numbers = (
        labelled.select("label")
        .distinct()
        .rdd.map(lambda row: row[0])
        .sortBy(lambda label: label)
        .zipWithIndex()
        .toDF(["label", "k"])
    )
    clock.lap(f"components ({method})")

    # 9. each component resolved whole
    edge_lists = edges.groupBy("a").agg(
        F.collect_list(F.struct(F.col("b"), F.col("j"))).alias("edges")
    )
    members = (
        labelled.join(numbers, "label")
        .join(read.select("doc", "id", "copy_of", *FACT_COLUMNS, "shingles"), "doc")
        .join(edge_lists, F.col("doc") == F.col("a"), "left")
        .select("label", "k", "doc", "id", "copy_of", *FACT_COLUMNS, "shingles", "edges")
    )
    resolved = (
        members.groupBy("label")
        .applyInArrow(_resolve(threshold_used, pairs is not None), RESOLVED_DDL)
        .persist(keep_level)
    )
    cluster_count = resolved.where(F.col("kind") == 1).count()
    clock.lap("resolve")

    # 10. rendered in reading order and written
    csv = format == "csv"
    staged: list[tuple[str, str]] = []
    rows = (
        docs.select("doc", "id")
        .join(
            resolved.where(F.col("kind") == 0).select("doc", "cluster", "keep", "duplicate_of", "jaccard"),
            "doc",
            "left",
        )
        .select(
            "doc", "id", "cluster", F.coalesce("keep", F.lit(True)).alias("keep"), "duplicate_of", "jaccard"
        )
        .orderBy("doc")
    )
    rendered = rows.mapInArrow(_render_rows(csv), "doc long, bytes binary")
    header = K.render_rows([], [], [], [], [], csv, True)

    def list_chunks():
        yield header
        for row in rendered.toLocalIterator():
            yield row["bytes"]

    try:
        if output is not None:
            _write_chunks(output, list_chunks(), staged)
            head, between, tail = K.clusters_frame(cluster_count > 0, skipped)

            def cluster_chunks():
                # Streamed, a partition at a time: never all on the driver.
                yield head.encode()
                parts = resolved.where(F.col("kind") == 1).orderBy("doc").select("part")
                for i, row in enumerate(parts.toLocalIterator()):
                    yield (between + row["part"] if i else row["part"]).encode()
                yield tail.encode()

            _write_chunks(output + ".clusters.json", cluster_chunks(), staged)
        else:
            out = stdout or sys.stdout.buffer
            for chunk in list_chunks():
                out.write(chunk)
            out.flush()
        if pairs is not None:
            ids = docs.select("doc", "id")
            found = (
                resolved.where(F.col("kind") == 2)
                .select(F.col("doc").alias("a"), "b", F.col("jaccard").alias("j"))
                .join(ids.select(F.col("doc").alias("a"), F.col("id").alias("ida")), "a")
                .join(ids.select(F.col("doc").alias("b"), F.col("id").alias("idb")), "b")
                .orderBy("a", "b")
            )
            rendered_pairs = found.mapInArrow(_render_pairs, "a long, bytes binary")

            def pair_chunks():
                yield K.render_pairs([], [], b"", True)
                for row in rendered_pairs.toLocalIterator():
                    yield row["bytes"]

            _write_chunks(pairs, pair_chunks(), staged)
        for name, path in staged:
            os.replace(name, path)
        staged.clear()
    finally:
        for name, _ in staged:
            try:
                os.unlink(name)
            except OSError:
                pass
    dropped = resolved.where((F.col("kind") == 0) & ~F.col("keep")).count()
    clock.lap("write")
    for frame in (signed, placed_df, docs, candidates, needed, read, edges, labelled, resolved):
        frame.unpersist()
    return Result(
        documents=total,
        skipped=skipped,
        clusters=cluster_count,
        dropped=dropped,
        passed_over=passed,
        timings=clock.stages,
    )


def _ddl(schema: pa.Schema) -> str:
    names = {
        pa.int8(): "tinyint",
        pa.int32(): "int",
        pa.int64(): "long",
        pa.string(): "string",
        pa.binary(): "binary",
        pa.bool_(): "boolean",
        pa.float64(): "double",
        pa.list_(pa.int64()): "array<long>",
        pa.list_(pa.string()): "array<string>",
    }
    return ", ".join(f"{f.name} {names[f.type]}" for f in schema)


SIGNED_DDL = _ddl(SIGNED)
FACTS_DDL = _ddl(FACTS)
RESOLVED_DDL = _ddl(RESOLVED)
