"""The spark engine (issue 24): the figures of the duckdb engine, computed where the log
lives, by the queries of queries.py (transpiled by SQLGlot, `sqlrun.SparkRunner`).

What travels to the driver: the skip counts, each unit's events, the unit pairs, the
handoffs-per-case histogram (with ping-pong totals per bucket), the `top` variants
(ranked in Spark) and the events of their example cases, and the evidence aggregates.
Its memory grows with distinct units and activities and with `--top`, never with events
or cases. `--org`'s mapping is applied in Spark, to every event first, so the figures
handed back are already mapped (`mine` does not map them again)."""

from __future__ import annotations

import tempfile
import uuid
from collections import Counter
from pathlib import Path
from typing import Any

from ..errors import UsageError
from ..limits import Limits
from . import queries as q
from .events import Columns, EvidenceSink, LogError
from .sparkread import SEQ, Source, check_utf8, read_log, read_table
from .sparksession import SHUFFLE_PARTITIONS, SparkOptions, Tuning, partitions_for, spark_session
from .sparksql import SparkRunner
from .sqlrun import check_case_events, read_counts
from .tally import UNMAPPED, CaseFigures, Mined, UnitOf, collapse

# the last run's (rows, bytes) collected to the driver (`--statistics`)
COLLECTED: list[tuple[int, int]] = []


def mine_spark(log: str, columns: Columns, options: SparkOptions, top: int = 10,
               limits: Limits | None = None, unit_of: UnitOf | None = None,
               evidence: EvidenceSink | None = None) -> Mined:
    """Every figure of docs/mining.md for the log (a path or URI; `options.table`: a
    catalog table), mapped with `unit_of` first. UsageError for a wrong option, column
    or environment; LogError for a log Spark cannot read."""
    with spark_session(options) as spark, tempfile.TemporaryDirectory(
            prefix="custorg-spark-") as scratch:
        runner = SparkRunner(spark)
        tuning = Tuning(spark, options)
        try:
            return _run(runner, tuning, log, columns, options, top, limits or Limits(),
                        unit_of, evidence, scratch)
        except (UsageError, LogError):
            raise
        except Exception as exc:  # noqa: BLE001 - Spark's errors: the log cannot be read
            raise LogError(f"{log}: cannot read the log with Spark: {_first(exc)}") from exc
        finally:
            COLLECTED[:] = [(runner.rows_collected, runner.bytes_collected)]
            runner.close()
            tuning.restore()


def _first(exc: BaseException) -> str:
    text = str(exc).strip()
    line = text.splitlines()[0] if text else exc.__class__.__name__
    return line[:400]


def _run(runner: SparkRunner, tuning: Tuning, log: str, columns: Columns,
         options: SparkOptions, top: int, limits: Limits, unit_of: UnitOf | None,
         evidence: EvidenceSink | None, scratch: str) -> Mined:
    spark = runner.spark
    if options.table is not None:
        source = read_table(spark, options.table, options.order or "", columns)
    else:
        source = read_log(spark, log, columns, scratch)
    tag = uuid.uuid4().hex[:8]
    names = {k: f"custorg_{k}_{tag}" for k in ("src", "raw", "umap", "events", "runs",
                                                  "cases")}
    mined = Mined(Path(log).name, notes=list(source.notes))
    _raw(runner, source, names, columns)
    _counts(runner, mined, names["raw"])
    check_utf8(source, log, mined.unit_events)
    raw_units = dict(mined.unit_events)
    if unit_of is not None:
        to = {u: unit_of(u) or UNMAPPED for u in raw_units}
        runner.values(names["umap"], [("unit", "VARCHAR"), ("mapped", "VARCHAR")],
                      sorted(to.items()))
        mined.unit_events = Counter()
        for value, n in raw_units.items():
            mined.unit_events[to[value]] += n
            if to[value] == UNMAPPED:
                mined.unmapped[value] = n
    events = names["events"]
    partitions = partitions_for(runner.spark, options, mined.events)
    tuning.set(SHUFFLE_PARTITIONS, str(partitions))
    runner.view(events, ordered(runner.frame(q.mapped_events(
        names["raw"], names["umap"] if unit_of is not None else None)), partitions),
        cache=True)
    if mined.events > limits.case_events:
        check_case_events(runner, events, Path(log), limits.case_events)
    for a, b, n in runner.rows(q.pairs_sql(events)):
        mined.pairs[(a, b)] = n
    runner.release(names["raw"])  # the events are computed: the read log is not needed
    mined.transitions = sum(mined.pairs.values())
    runner.view_of(names["runs"], q.runs(events))
    runner.create(names["cases"], q.case_paths(names["runs"]))
    _figures(runner, mined, names["cases"])
    _variants(runner, mined, names["cases"], events, top, source.names[2] is not None)
    if evidence is not None:
        mined.pair_cases = (
            {(a, b): n for a, b, n in runner.rows(q.PAIR_CASES.format(events=events))},
            {(a, b): n for a, b, n in runner.rows(q.PAIR_BOUNCES.format(runs=names["runs"]))})
        top_paths = f"custorg_top_{tag}"
        runner.view(top_paths, runner.frame(q.top_variants(names["cases"], top)))
        evidence.from_spark(runner, events, names["cases"], top_paths)
    return mined


def ordered(events: Any, partitions: int) -> Any:
    """The mapped events (`queries.mapped_events`) as every later query reads them:
    hash-partitioned by case_id into `partitions` and sorted by (case_id, ts, seq) within
    each partition, persisted by the caller. Spark then plans no shuffle for the queries
    that partition or group by case (the windows of `pairs.sql` and `queries.runs`, the
    case paths, the pair cases, the evidence steps) and no sort for those ordered by
    (ts, seq): the events are shuffled and ordered once, not once per query."""
    from pyspark.sql import functions as F

    # the orders the windows ask for: the partition key ascending (nulls first), then the
    # ORDER BY as SQLGlot writes DuckDB's default (nulls last)
    return events.repartition(partitions, "case_id").sortWithinPartitions(
        F.col("case_id").asc(), F.col("ts").asc_nulls_last(), F.col("seq").asc_nulls_last())


def _raw(runner: SparkRunner, source: Source, names: dict[str, str],
         columns: Columns) -> None:
    runner.view(names["src"], source.frame)
    select = q.events_select(names["src"], source.names, f"src.{SEQ}", source.text,
                             source.native, columns.timestamp_format)
    runner.create(names["raw"], q.usable(select, q.reason(columns.lifecycle)))


def _counts(runner: SparkRunner, mined: Mined, raw: str) -> None:
    """Skipped and filtered events, lifecycle kinds seen, each unit's events."""
    read_counts(runner, mined, raw)
    for unit, n in runner.rows(q.UNIT_EVENTS.format(raw=raw)):
        mined.unit_events[unit] = n
    mined.events = sum(mined.unit_events.values())


def _figures(runner: SparkRunner, mined: Mined, cases: str) -> None:
    histogram: dict[int, int] = {}
    handoffs = ping = with_ping = 0
    for n, count, pp, with_pp in runner.rows(q.HISTOGRAM.format(cases=cases)):
        histogram[n] = count
        handoffs += n * count
        ping += pp
        with_ping += with_pp
    mined.figures = CaseFigures(sum(histogram.values()), handoffs, ping, with_ping,
                                histogram)


def _variants(runner: SparkRunner, mined: Mined, cases: str, events: str, top: int,
              with_activity: bool) -> None:
    """The top variants, and the step activities of their example cases."""
    examples: dict[str, tuple[str, ...]] = {}
    for path, n, first_seq, example in runner.rows(q.top_variants(cases, top)):
        named = tuple(path)
        mined.add_variant(named, n, first_seq, () if with_activity else None)
        examples[example] = named
    if not with_activity or not examples:
        return
    steps: dict[str, tuple[list[str], list[Any]]] = {}
    for case, unit, activity in runner.rows(q.example_events(events, list(examples))):
        units, acts = steps.setdefault(case, ([], []))
        units.append(unit)
        acts.append(activity)
    for case, (units, acts) in steps.items():
        mined.variants[examples[case]].activities = collapse(units, acts)[1]
