"""Spark's side of the runner seam (sqlrun.py): DuckDB's SQL as Spark SQL (`to_spark`:
SQLGlot and custorg's rewrites of the constructs whose Spark output SQLGlot gets wrong
for us), and `SparkRunner`."""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from sqlglot import exp
from sqlglot.dialects.spark import Spark


class SparkRunner:
    """Spark: the text transpiled (`to_spark`); tables are cached temporary views, all
    dropped by `close`. Counts what it collects to the driver (`--statistics`): rows,
    and bytes as the UTF-8 length of each row's values written as JSON."""

    def __init__(self, spark: Any) -> None:
        self.spark = spark
        self.made: list[tuple[str, Any]] = []
        self.rows_collected = 0
        self.bytes_collected = 0
        self.answered: dict[str, list[tuple[Any, ...]]] = {}

    def frame(self, sql: str) -> Any:
        return self.spark.sql(to_spark(sql))

    def rows(self, sql: str) -> list[tuple[Any, ...]]:
        """The rows of a query; a query already answered in this run (the same text over
        the same tables, e.g. the pairs' cases of `mine` and of the evidence) is not run
        again: its tables are never replaced while the runner lives."""
        if sql in self.answered:
            return list(self.answered[sql])
        out = [tuple(row) for row in self.frame(sql).collect()]
        self.answered[sql] = out
        self.rows_collected += len(out)
        self.bytes_collected += sum(len(json.dumps(row, default=str, ensure_ascii=False)
                                        .encode("utf-8")) for row in out)
        return out

    def view(self, name: str, frame: Any, cache: bool = False) -> None:
        """`frame` as the temporary view `name` (cached: computed once)."""
        if cache:
            frame = frame.persist()
        frame.createOrReplaceTempView(name)
        self.made.append((name, frame if cache else None))

    def create(self, name: str, sql: str) -> None:
        self.view(name, self.frame(sql), cache=True)

    def view_of(self, name: str, sql: str) -> None:
        """The query as the temporary view `name` (not cached: computed where read)."""
        self.view(name, self.frame(sql))

    def release(self, name: str) -> None:
        """Uncache the table `name` now (its view stays until `close`)."""
        for made, cached in self.made:
            if made == name and cached is not None:
                cached.unpersist()

    def values(self, name: str, columns: Sequence[tuple[str, str]],
               rows: Sequence[tuple[Any, ...]]) -> None:
        schema = ", ".join(f"{col} {_SPARK_TYPES.get(kind, kind)}" for col, kind in columns)
        self.view(name, self.spark.createDataFrame(list(rows), schema))

    def close(self) -> None:
        """Drop every view made, uncache every table (a session already broken, e.g. a
        cluster gone, has lost them with it: nothing more to do)."""
        made, self.made = self.made, []
        self.answered = {}
        for name, cached in reversed(made):
            try:
                self.spark.catalog.dropTempView(name)
                if cached is not None:
                    cached.unpersist()
            except Exception:  # noqa: BLE001 - see above; the first error is the one to show
                return


_SPARK_TYPES = {"VARCHAR": "STRING"}


def _regex(node: exp.Expression) -> exp.Expression:
    """A DuckDB (RE2) pattern literal as Java's: `$` at the end means the end of the text
    (Java's `$` also matches before a final line break)."""
    if isinstance(node, exp.Literal) and node.is_string and node.this.endswith("$"):
        return exp.Literal.string(node.this[:-1] + r"\z")
    return node


def _extract(gen: Any, node: exp.RegexpExtract) -> str:
    """DuckDB's `regexp_extract(text, pattern, ['a', 'b'])` (a struct of the groups by
    name) as a NAMED_STRUCT of one REGEXP_EXTRACT per group."""
    text, pattern, group = node.this, _regex(node.expression), node.args.get("group")
    if isinstance(group, exp.Array):
        fields = [f"{gen.sql(name)}, REGEXP_EXTRACT({gen.sql(text)}, {gen.sql(pattern)}, "
                  f"{k})" for k, name in enumerate(group.expressions, 1)]
        return f"NAMED_STRUCT({', '.join(fields)})"
    index = gen.sql(group) if group is not None else "1"
    return f"REGEXP_EXTRACT({gen.sql(text)}, {gen.sql(pattern)}, {index})"


def _full_match(gen: Any, node: exp.Expression) -> str:
    return f"({gen.sql(node.this)} RLIKE {gen.sql(_regex(node.expression))})"


class SparkSQL(Spark):
    """Spark's dialect with custorg's rewrites of DuckDB constructs."""

    class Generator(Spark.Generator):  # type: ignore[misc,valid-type]
        TRANSFORMS = {
            **Spark.Generator.TRANSFORMS,
            exp.RegexpExtract: _extract,
            exp.RegexpFullMatch: _full_match,
            exp.RegexpLike: _full_match,
        }

        def anonymous_sql(self, expression: exp.Anonymous) -> str:
            if str(expression.this).lower() == "epoch_us":  # DuckDB's, as Spark's
                return f"UNIX_MICROS({self.sql(expression.expressions[0])})"
            result: str = super().anonymous_sql(expression)
            return result


@lru_cache(maxsize=256)
def to_spark(sql: str) -> str:
    """A query of DuckDB's SQL as Spark SQL (SQLGlot and `SparkSQL`'s rewrites)."""
    from sqlglot import transpile

    return str(transpile(sql, read="duckdb", write=SparkSQL)[0])
