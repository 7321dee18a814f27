"""The evidence tables (`Aggregates`, docs/evidence.md) in SQL, for the duckdb engine
(`Tables.from_sql`): the same figures as the reference accumulator `EvidenceTally` (held
equal by a property test), computed where the events are.

Over the usable events of the table `raw` (reason 0), each unit mapped first (`--org`):

- a case's events in order (timestamp, then input position); a handoff's wait is the
  difference of the two events' *business clocks*: the instant itself without
  `--business-hours`, else the microseconds of business hours before it (`B(t)`, the sum
  of every window's part before t). For a start s <= end e, the time inside the windows
  is exactly B(e) - B(s), as `evidence.hours.wait_us` sums it window by window; the
  windows are those `hours.windows` gives (one truth), and B is read with an ASOF join
  on them;
- quantiles are nearest rank, `x[ceil(q * n) - 1]`, by row number (DuckDB's
  `quantile_disc` takes another rank), q a DOUBLE as Python multiplies it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .aggregates import Aggregates, PairWait, VariantWait
from .hours import BusinessHours, windows


def sql_tables(con: Any, hours: BusinessHours | None, mapping: Mapping[str, str]
               ) -> Aggregates:
    """The Aggregates of the usable events of the duckdb engine's table `raw` (columns
    case_id, unit, ts, seq, activity, resource, reason); `mapping`: raw unit -> unit."""
    raw = sorted(mapping)
    mapped = [mapping[u] for u in raw]
    con.execute("CREATE TABLE umap AS SELECT unnest(?::VARCHAR[]) AS unit, "
                "unnest(?::VARCHAR[]) AS mapped", [raw, mapped])
    con.execute("""CREATE TABLE ev AS SELECT r.case_id, m.mapped AS unit,
                   epoch_us(r.ts) AS ts_us, r.seq, nullif(r.activity, '') AS activity,
                   nullif(r.resource, '') AS resource
                   FROM raw AS r JOIN umap AS m USING (unit) WHERE r.reason = 0""")
    clock = _clock(con, hours)
    con.execute(f"CREATE TABLE steps AS {steps_sql(clock)}")
    con.execute(f"CREATE TABLE waits AS {WAITS.format(steps='steps')}")
    waits = {(a, b): PairWait(n, median, p90, int(total)) for a, b, n, median, p90, total
             in con.execute(ranked("waits", "a, b", "wait")).fetchall()}
    variant_waits = {tuple(path): VariantWait(median, p90) for path, _, median, p90, _
                     in con.execute(ranked(f"({_CASE_SUMS})", "path", "summed")).fetchall()}
    together = {(a, b): n for a, b, n in con.execute(TOGETHER.format(ev="ev")).fetchall()}
    work = {(r, u, q): n for r, u, q, n in con.execute(WORK.format(ev="ev")).fetchall()}
    missing = con.execute(MISSING.format(ev="ev")).fetchone()[0]
    resources = tuple(r for (r,) in con.execute(FIRST_SEEN.format(steps="steps")).fetchall())
    return Aggregates(waits, variant_waits, together, work, int(missing), resources)


def _clock(con: Any, hours: BusinessHours | None) -> str:
    """A SELECT of ev's rows with `b_us`, each event's business clock (module docstring)."""
    if hours is None:
        return "SELECT *, ts_us AS b_us FROM ev"
    low, high = con.execute("SELECT min(ts_us), max(ts_us) FROM ev").fetchone()
    spans = list(windows(low, high, hours)) if low is not None else []
    lows, highs = [w[0] for w in spans], [w[1] for w in spans]
    con.execute("""CREATE TABLE bh AS SELECT low, high,
                   coalesce(sum(high - low) OVER (ORDER BY low ROWS BETWEEN UNBOUNDED
                            PRECEDING AND 1 PRECEDING), 0) AS cum
                   FROM (SELECT unnest(?::BIGINT[]) AS low, unnest(?::BIGINT[]) AS high)""",
                [lows, highs])
    return ("SELECT ev.*, coalesce(bh.cum + least(greatest(ev.ts_us - bh.low, 0), "
            "bh.high - bh.low), 0)::BIGINT AS b_us FROM ev ASOF LEFT JOIN bh "
            "ON ev.ts_us >= bh.low")


def steps_sql(clock: str) -> str:
    """Each event of the SELECT `clock` (ev's columns and b_us) with its case's first
    input position, its index in the case, the next event's unit and the wait until it."""
    order = "PARTITION BY case_id ORDER BY ts_us, seq"
    return f"""SELECT case_id, unit, resource, ts_us, seq,
        min(seq) OVER (PARTITION BY case_id) AS case_first, row_number() OVER ({order}) AS idx,
        lead(unit) OVER ({order}) AS next_unit, lead(b_us) OVER ({order}) - b_us AS wait
        FROM ({clock}) AS clocked"""


WAITS = """SELECT unit AS a, next_unit AS b, wait FROM {steps}
    WHERE next_unit IS NOT NULL AND next_unit <> unit"""
WORK = ("SELECT resource, unit, activity, count(*) FROM {ev} WHERE activity IS NOT NULL "
        "GROUP BY ALL")
MISSING = "SELECT count(*) FROM {ev} WHERE resource IS NULL"


def ranked(relation: str, keys: str, value: str) -> str:
    """Per group of `keys`: count, nearest-rank median and p90 of `value`, and its sum."""
    return f"""SELECT {keys}, count(*) AS n,
        max(CASE WHEN rn = greatest(ceil(0.5::DOUBLE * cnt), 1) THEN {value} END),
        max(CASE WHEN rn = greatest(ceil(0.9::DOUBLE * cnt), 1) THEN {value} END),
        sum({value})
        FROM (SELECT *, row_number() OVER (PARTITION BY {keys} ORDER BY {value}) AS rn,
                     count(*) OVER (PARTITION BY {keys}) AS cnt FROM {relation}) AS r
        GROUP BY {keys}"""


# each case's mapped path (consecutive repeats collapsed) and its summed handover waits
_CASE_SUMS = """SELECT list_filter(units, lambda x, i: i = 1 OR x <> units[i - 1]) AS path,
    summed FROM (SELECT case_id, list(unit ORDER BY idx) AS units,
                        coalesce(sum(CASE WHEN next_unit <> unit THEN wait END), 0) AS summed
                 FROM steps GROUP BY case_id) AS cases"""

TOGETHER = """WITH present AS (SELECT DISTINCT case_id, unit FROM {ev})
    SELECT x.unit, y.unit, count(*) FROM present AS x JOIN present AS y
    ON x.case_id = y.case_id AND x.unit < y.unit GROUP BY x.unit, y.unit"""

FIRST_SEEN = """SELECT resource FROM {steps} WHERE resource IS NOT NULL
    GROUP BY resource ORDER BY min((case_first, idx))"""
