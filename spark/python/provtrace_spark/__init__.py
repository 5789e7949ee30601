"""provtrace dedup on Apache Spark.

`dedup(spark, inputs, output, ...)` writes what `provtrace dedup` writes,
byte for byte: the keep/drop list, `output.clusters.json` and the pairs CSV.
The command `provtrace-spark dedup` takes the same flags.
"""

from .job import DedupError, Result, dedup

__all__ = ["DedupError", "Result", "dedup"]
