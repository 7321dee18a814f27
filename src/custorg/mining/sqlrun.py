"""The seam between the queries of the SQL engines and where they run (issue 24).

Every query of the duckdb and spark engines is written once, in DuckDB's SQL (queries.py,
pairs.sql, evidence/duck.py); DuckDB runs that text untouched, and Spark runs the text
SQLGlot transpiles from it (sparksql.py, with a few rewrites of our own where SQLGlot's
Spark output differs in meaning; bench/engine_choice.md says why SQLGlot and not Ibis).

A `Runner` is what an engine needs of its database: rows of a query, a table made from
a query (DuckDB: a table; Spark: a cached temporary view, dropped by `close`), a small
table made from Python values. Both engines run the same query builders through it."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

from ..errors import UsageError
from . import queries as q
from .events import SKIP_REASONS, case_too_large
from .tally import LIFECYCLE_KINDS, Mined


class Runner(Protocol):
    def rows(self, sql: str) -> list[tuple[Any, ...]]:
        """The rows of a query (DuckDB's SQL)."""

    def create(self, name: str, sql: str) -> None:
        """A table `name` holding the rows of a query (DuckDB's SQL)."""

    def values(self, name: str, columns: Sequence[tuple[str, str]],
               rows: Sequence[tuple[Any, ...]]) -> None:
        """A table `name` of a few rows from Python, `columns` as (name, SQL type)."""


class DuckRunner:
    """DuckDB: the text as it is."""

    def __init__(self, con: Any) -> None:
        self.con = con

    def rows(self, sql: str) -> list[tuple[Any, ...]]:
        return list(self.con.execute(sql).fetchall())

    def create(self, name: str, sql: str) -> None:
        self.con.execute(f"CREATE TABLE {name} AS {sql}")

    def values(self, name: str, columns: Sequence[tuple[str, str]],
               rows: Sequence[tuple[Any, ...]]) -> None:
        listed = ", ".join(f"unnest(?::{kind}[]) AS {col}" for col, kind in columns)
        self.con.execute(f"CREATE TABLE {name} AS SELECT {listed}",
                         [[row[i] for row in rows] for i in range(len(columns))])


def read_counts(runner: Runner, mined: Mined, raw: str) -> None:
    """From the table `raw` (`queries.usable`'s columns): the skipped events by reason,
    the events --lifecycle filtered out, and the lifecycle kinds of the kept ones."""
    for code, n in runner.rows(q.SKIPPED.format(raw=raw)):
        if code == q.FILTERED:
            mined.filtered = n
        else:
            mined.skipped[SKIP_REASONS[code - 1]] = n
    for (kind,) in runner.rows(q.LIFECYCLES.format(raw=raw)):
        mined.lifecycles.add(LIFECYCLE_KINDS[kind - 1])


def check_case_events(runner: Runner, events: str, log: Path, limit: int) -> None:
    """A case with more than `limit` events is refused as the python engine refuses it,
    before the window and the paths hold it (one hash aggregate over the events)."""
    found = runner.rows(q.CASE_TOO_LARGE.format(events=events, limit=int(limit)))
    if found:
        raise UsageError(case_too_large(log, found[0][0], limit))
