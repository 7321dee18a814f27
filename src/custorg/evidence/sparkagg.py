"""The evidence tables (`Aggregates`) in Spark, for the spark engine: the queries of
duck.py (steps, waits, nearest-rank quantiles, working together, workload, first
appearance), transpiled by SQLGlot (`mining.sqlrun`), over the spark engine's events,
already mapped to units. Only the aggregates are collected; the variants' waits only for
the `top` variants (those a report shows).

Business hours: each event's business clock `b_us` is read from the windows of
`hours.windows` (one truth, as in duck.py) with a range join on [low, next low): the
window that starts last at or before the event, as DuckDB's ASOF join finds it."""

from __future__ import annotations

from typing import Any

from .aggregates import Aggregates, PairWait, VariantWait
from .duck import FIRST_SEEN, MISSING, TOGETHER, WAITS, WORK, ranked, steps_sql
from .hours import BusinessHours, windows

NEVER = 1 << 62  # microseconds after every event: the end of the last window's range


def spark_tables(runner: Any, events: str, cases: str, top_paths: str,
                 hours: BusinessHours | None) -> Aggregates:
    """The Aggregates of the relation `events` (case_id, unit, ts_us, seq, activity,
    resource); `cases` the engine's table of case paths; `top_paths` a relation of the
    top variants' paths."""
    tag = events.rsplit("_", 1)[-1]
    ev, steps, waits = f"custorg_ev_{tag}", f"custorg_steps_{tag}", f"custorg_waits_{tag}"
    runner.view(ev, runner.frame(
        f"SELECT case_id, unit, ts_us, seq, nullif(activity, '') AS activity, "
        f"nullif(resource, '') AS resource FROM {events}"))
    runner.create(steps, steps_sql(_clock(runner, ev, hours, tag)))
    runner.view(waits, runner.frame(WAITS.format(steps=steps)))
    pair_waits = {(a, b): PairWait(n, median, p90, int(total)) for a, b, n, median, p90,
                  total in runner.rows(ranked(waits, "a, b", "wait"))}
    sums = (f"(SELECT c.path, s.summed FROM {cases} AS c JOIN {top_paths} AS t "
            f"ON c.path = t.path JOIN (SELECT case_id, coalesce(sum(CASE WHEN next_unit <> "
            f"unit THEN wait END), 0) AS summed FROM {steps} GROUP BY case_id) AS s "
            "ON s.case_id = c.case_id)")
    variant_waits = {tuple(path): VariantWait(median, p90) for path, _, median, p90, _
                     in runner.rows(ranked(sums, "path", "summed"))}
    # over `events` (ev's cases and units): the query `mine` ran for the pairs' cases
    together = {(a, b): n for a, b, n in runner.rows(TOGETHER.format(ev=events))}
    work = {(r, u, q): n for r, u, q, n in runner.rows(WORK.format(ev=ev))}
    missing = runner.rows(MISSING.format(ev=ev))[0][0]
    resources = tuple(r for (r,) in runner.rows(FIRST_SEEN.format(steps=steps)))
    return Aggregates(pair_waits, variant_waits, together, work, int(missing), resources)


def _clock(runner: Any, ev: str, hours: BusinessHours | None, tag: str) -> str:
    """A SELECT of ev's rows with `b_us`, each event's business clock."""
    if hours is None:
        return f"SELECT *, ts_us AS b_us FROM {ev}"
    low, high = runner.rows(f"SELECT min(ts_us), max(ts_us) FROM {ev}")[0]
    spans = list(windows(low, high, hours)) if low is not None else []
    rows, cum = [], 0
    for k, (start, end) in enumerate(spans):
        following = spans[k + 1][0] if k + 1 < len(spans) else NEVER
        rows.append((start, end, cum, following))
        cum += end - start
    bh = f"custorg_bh_{tag}"
    runner.values(bh, [("low", "BIGINT"), ("high", "BIGINT"), ("cum", "BIGINT"),
                       ("next_low", "BIGINT")], rows)
    return (f"SELECT e.*, coalesce(bh.cum + least(greatest(e.ts_us - bh.low, 0), "
            f"bh.high - bh.low), 0) AS b_us FROM {ev} AS e LEFT JOIN {bh} AS bh "
            "ON e.ts_us >= bh.low AND e.ts_us < bh.next_low")
