"""Issue 24, step 1: one definition of each aggregate, SQLGlot or Ibis? (bench/engine_choice.md)

    python bench/mine_logs.py 10000000 --out /tmp/logs --parquet   # once (cached)
    python bench/engine_choice.py /tmp/logs/log-10000000.parquet [--rounds 3] [--ibis DIR]

Measures on one Parquet log, best of `--rounds`:
- `engine`: the whole duckdb engine (`custorg.mining.mine(..., engine="duckdb")`), to be
  compared with the same run before the change (run this script on both commits);
- `sql_pairs`, `sql_handoffs`: today's SQL of the duckdb engine for the unit pairs
  (`pairs.sql`) and the handoffs-per-case histogram (paths as lists, collapsed), over one
  `events` table (case_id, unit, ts, seq) built once from the log;
- `ibis_pairs`, `ibis_handoffs`: the same two aggregates as Ibis expressions run on Ibis's
  DuckDB backend over the same table (`--ibis DIR`: a folder holding ibis-framework, e.g.
  `pip install --target DIR --no-deps ibis-framework atpublic parsy toolz`);
- `shared_handoffs`: the same histogram from the queries the spark engine runs
  (`queries.runs` and `case_paths`: a LAG window instead of DuckDB's list lambdas);
- `transpile`: SQLGlot's cost of turning every query of the engine into Spark SQL.
Prints one JSON object. Not run in CI (it needs the 10M log and minutes)."""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HANDOFFS_SQL = """SELECT len(path) - 1 AS handoffs, count(*) AS cases FROM (
    SELECT list_filter(units, lambda x, i: i = 1 OR x <> units[i - 1]) AS path
    FROM (SELECT list_transform(list_sort(list({'t': ts, 's': seq, 'u': unit})),
                                lambda s: s.u) AS units
          FROM events GROUP BY case_id)) GROUP BY ALL ORDER BY 1"""


def shared_handoffs() -> str:
    """The histogram from the queries both engines share (`queries.runs`, `case_paths`:
    what the spark engine runs), on DuckDB."""
    from custorg.mining.queries import case_paths, runs

    return (f"SELECT handoffs, count(*) FROM ({case_paths('(' + runs('events') + ')')})"
            " GROUP BY ALL ORDER BY 1")


def best(rounds: int, run: Callable[[], Any]) -> tuple[float, Any]:
    """The best wall time of `rounds` runs (seconds) and the last result."""
    times, result = [], None
    for _ in range(rounds):
        start = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - start)
    return round(min(times), 3), result


def engine_time(log: Path, rounds: int) -> float:
    from custorg.mining import Columns, mine

    return best(rounds, lambda: mine(log, Columns(), "duckdb", top=10))[0]


def events_table(con: Any, log: Path) -> None:
    """The engine's `events` (usable events, ordered by ts then input row), built once."""
    con.execute(f"""CREATE TABLE events AS SELECT "case:concept:name" AS case_id,
        "org:group" AS unit, try_cast("time:timestamp" AS TIMESTAMPTZ)::TIMESTAMP AS ts,
        file_row_number AS seq FROM read_parquet('{log}', file_row_number=true)
        WHERE coalesce("org:group", '') <> '' AND coalesce("case:concept:name", '') <> ''
          AND try_cast("time:timestamp" AS TIMESTAMPTZ) IS NOT NULL""")


def ibis_queries(con: Any) -> tuple[Callable[[], Any], Callable[[], Any]]:
    """The pairs and the handoffs-per-case histogram as Ibis expressions on `events`."""
    import ibis
    from ibis import _

    backend = ibis.duckdb.from_connection(con)
    events = backend.table("events")
    w = ibis.window(group_by=events.case_id, order_by=[events.ts, events.seq])
    steps = events.mutate(to_unit=events.unit.lead().over(w),
                          prev=events.unit.lag().over(w))
    pairs = (steps.filter(_.to_unit.notnull()).mutate(from_unit=_.unit)
             .group_by(["from_unit", "to_unit"]).aggregate(n=_.count())
             .order_by([ibis.desc("n"), "from_unit", "to_unit"]))
    changes = steps.filter(_.prev.isnull() | (_.prev != _.unit))
    per_case = changes.group_by("case_id").aggregate(handoffs=_.count() - 1)
    histogram = per_case.group_by("handoffs").aggregate(cases=_.count()).order_by("handoffs")
    # the SQL Ibis compiles them to, run on the same connection (its result conversion
    # to pandas or Arrow left out: it would only add to Ibis's time)
    pairs_sql, histogram_sql = (ibis.to_sql(e, dialect="duckdb") for e in (pairs, histogram))
    return (lambda: con.execute(pairs_sql).fetchall(),
            lambda: con.execute(histogram_sql).fetchall())


def transpile_cost() -> dict[str, Any]:
    """Seconds SQLGlot takes (uncached) for the queries of one spark run: the events
    SELECT, the raw table, pairs, runs and case paths, the histogram, the top variants."""
    from custorg.mining import queries as q
    from custorg.mining.sparksql import to_spark

    select = q.events_select("src", ('"case"', '"unit"', '"act"', None, None), "src.seq",
                             'CAST(src."ts" AS VARCHAR)', "NULL::BIGINT", None)
    queries = [q.usable(select, q.reason(None)), q.pairs_sql("events"), q.runs("events"),
               q.case_paths("runs"), q.HISTOGRAM.format(cases="cases"),
               q.top_variants("cases", 10), q.SKIPPED.format(raw="raw")]
    seconds, _ = best(3, lambda: [to_spark.__wrapped__(text) for text in queries])
    return {"queries": len(queries), "chars": sum(map(len, queries)), "seconds": seconds}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("log", type=Path)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--ibis", type=Path, help="folder holding ibis-framework")
    parser.add_argument("--engine-only", action="store_true")
    args = parser.parse_args()
    import duckdb

    out: dict[str, Any] = {"log": str(args.log), "engine": engine_time(args.log, args.rounds)}
    if not args.engine_only:
        con = duckdb.connect()
        con.execute("SET TimeZone = 'UTC'")
        events_table(con, args.log)
        from custorg.mining.duckengine import pairs_sql

        out["sql_pairs"], sql_pairs = best(args.rounds,
                                           lambda: con.execute(pairs_sql()).fetchall())
        out["sql_handoffs"], sql_hist = best(args.rounds,
                                             lambda: con.execute(HANDOFFS_SQL).fetchall())
        shared = shared_handoffs()
        out["shared_handoffs"], shared_hist = best(args.rounds,
                                                   lambda: con.execute(shared).fetchall())
        out["same_shared_handoffs"] = shared_hist == sql_hist
        if args.ibis is not None:
            sys.path.insert(0, str(args.ibis))
            pairs, hist = ibis_queries(con)
            out["ibis_pairs"], ibis_pairs = best(args.rounds, pairs)
            out["ibis_handoffs"], ibis_hist = best(args.rounds, hist)
            out["same_pairs"] = sorted(ibis_pairs) == sorted(sql_pairs)
            out["same_handoffs"] = ibis_hist == sql_hist
        out["transpile"] = transpile_cost()
    print(json.dumps(out, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
