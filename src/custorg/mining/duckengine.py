"""The duckdb engine: the same figures as the python engine, as SQL over CSV or Parquet,
for logs larger than memory (DuckDB spills to a temporary folder).

The unit-pair counts are `pairs.sql`, shared with Spark; timestamps go through the regular
expression and the integer arithmetic of `events.py`, so both engines see the same
instants and the same skipped events."""

from __future__ import annotations

import os
import re
import tempfile
from importlib import resources
from pathlib import Path
from typing import Any

from ..errors import UsageError
from ..inputs import checked, open_input
from ..limits import Limits
from . import csvlog
from .events import (
    FAST_TIMESTAMP_PATTERN,
    SKIP_REASONS,
    TIMESTAMP_PATTERN,
    Columns,
    LogError,
    Progress,
    case_too_large,
)
from .summary import ranked
from .tally import Mined, collapse

MEMORY_LIMIT = "1500MB"  # 10M events run without spilling, in 1.4 GB (bench/mine_results.md)


def pairs_sql() -> str:
    """The query of `pairs.sql` (the file Spark runs unchanged)."""
    return resources.files("custorg.mining").joinpath("pairs.sql").read_text("utf-8")


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


_PARTS = ["y", "mo", "d", "h", "mi", "s", "f", "o"]


def _instant() -> str:
    """SQL for the instant (microseconds, UTC) of the struct `t` that the regular
    expression of events.py extracted; NULL when the text is not a timestamp. The same
    arithmetic as `parse_timestamp`."""
    num = {p: f"try_cast(t.{p} AS BIGINT)" for p in _PARTS[:6]}
    o = "replace(t.o, ':', '')"
    oh, om = f"try_cast(substr({o}, 2, 2) AS BIGINT)", f"try_cast(substr({o}, 4, 2) AS BIGINT)"
    off = (f"(CASE WHEN t.o IN ('', 'Z', 'z') THEN 0 ELSE (CASE WHEN left({o}, 1) = '-' "
           f"THEN -1 ELSE 1 END) * ({oh} * 60 + coalesce({om}, 0)) END)")
    h, mi, sec = (f"coalesce({num[p]}, 0)" for p in ("h", "mi", "s"))
    day = "try_cast(t.y || '-' || t.mo || '-' || t.d AS DATE)"
    ok = (f"{num['y']} >= 1 AND {h} <= 23 AND {mi} <= 59 AND {sec} <= 59 AND {day} IS NOT "
          f"NULL AND (t.o IN ('', 'Z', 'z') OR ({oh} <= 23 AND coalesce({om}, 0) <= 59))")
    value = (f"({day} - DATE '1970-01-01')::BIGINT * 86400000000 + (({h} * 60 + {mi} - {off})"
             f" * 60 + {sec}) * 1000000 + left(rpad(t.f, 6, '0'), 6)::BIGINT")
    return f"(CASE WHEN {ok} THEN {value} END)"


_GLOB = re.compile(r"[*?\[]")


def _literal(path: Path) -> str:
    """A file name for DuckDB, which expands `*`, `?` and `[...]` in any name it reads
    (also in a list): each of them as a class of that one character (`[*]`), so the name
    matches the one file it names and no other. Absolute: no `~` expansion either. The
    name is the checked real path of the file (`_regular`: the rule of every input)."""
    return _quote(_GLOB.sub(lambda m: f"[{m.group()}]", os.path.abspath(_regular(path))))


def _source(con: Any, path: Path, files: list[Path], columns: Columns, kind: str
            ) -> tuple[str, bool]:
    """A SELECT of (case_id, unit, ts_us, activity, seq) over the files, raw; `seq` is
    the position in the input, file after file."""
    native = "NULL::BIGINT"
    if kind == "csv":
        lay = csvlog.folder_layout(files, columns)
        names = {f"c{i}": "VARCHAR" for i in range(len(lay.header))}
        listed = ", ".join(_literal(f) for f in files)
        reader = (f"read_csv([{listed}], header=true, auto_detect=false, "
                  f"delim={_quote(lay.delimiter)}, quote='\"', escape='\"', "
                  f"columns={names!r})")
        case, unit, ts, act = (f"c{i}" if i is not None else None for i in lay.indexes)
        seq = "row_number() OVER () - 1"
        text = f"src.{ts}"
    else:
        first = f"read_parquet({_literal(files[0])})"
        types = {row[0]: row[1] for row in con.execute(f"DESCRIBE SELECT * FROM {first}"
                                                       ).fetchall()}
        case, unit, ts, act = _parquet_columns(path, columns, types)
        # a file's rows are numbered from 0: the file's place makes the numbers distinct
        reader = "(" + " UNION ALL ".join(
            f"SELECT *, {i}::BIGINT << 40 AS custorg_file_ FROM read_parquet({_literal(f)}, "
            "file_row_number=true)" for i, f in enumerate(files)) + ")"
        seq = "custorg_file_ + file_row_number"
        text, native = _parquet_instant(f"src.{ts}", types[columns.timestamp])
    activity = f"CAST(src.{act} AS VARCHAR)" if act else "NULL::VARCHAR"
    pattern = _quote("^" + TIMESTAMP_PATTERN + "$")
    fast = _quote("^" + FAST_TIMESTAMP_PATTERN + "$")
    inner = (f"SELECT CAST(src.{case} AS VARCHAR) AS case_id, CAST(src.{unit} AS VARCHAR) "
             f"AS unit, {text} AS ts_text, {native} AS ts_native, {activity} AS activity, "
             f"{seq} AS seq, regexp_full_match({text}, {fast}) AND NOT starts_with({text}, "
             f"'0000') AS is_fast FROM {reader} AS src")
    # the common shape is cast natively (the same instant: tested); the rest is taken apart
    middle = (f"SELECT *, CASE WHEN is_fast THEN epoch_us(try_cast(ts_text AS TIMESTAMPTZ)) "
              f"END AS ts_fast, CASE WHEN NOT is_fast THEN regexp_extract(ts_text, {pattern}, "
              f"{_PARTS!r}) END AS t FROM ({inner}) AS inner_")
    select = (f"SELECT case_id, unit, CASE WHEN is_fast THEN ts_fast ELSE coalesce(ts_native, "
              f"{_instant()}) END AS ts_us, activity, seq FROM ({middle}) AS middle_")
    return select, act is not None


def _regular(path: Path) -> str:
    """The checked real path of a file duckdb reads by path (the rule of every input,
    a regular file: a FIFO or device is refused before duckdb opens it)."""
    with open_input(path):
        return checked(path)


def _parquet_columns(path: Path, columns: Columns, types: dict[str, str]
                     ) -> tuple[str, str, str, str | None]:
    names = tuple(types)
    found = []
    for option, name in (("--case", columns.case), ("--unit", columns.unit),
                         ("--timestamp", columns.timestamp)):
        if name not in types:
            raise UsageError(csvlog.missing_column(path, option, name, names))
        found.append(_ident(name))
    act = _ident(columns.activity) if columns.activity in types else None
    if act is None and columns.activity_explicit:
        raise UsageError(csvlog.missing_column(path, "--activity", columns.activity, names))
    return found[0], found[1], found[2], act


def _parquet_instant(ts: str, kind: str) -> tuple[str, str]:
    """(text, native instant) of a timestamp column: a timestamp type is taken as it is
    (without a zone: UTC); any other type is read as text."""
    if kind == "TIMESTAMP WITH TIME ZONE":
        return "NULL::VARCHAR", f"epoch_us({ts})"
    if kind.startswith("TIMESTAMP") or kind == "DATE":
        return "NULL::VARCHAR", f"epoch_us(CAST({ts} AS TIMESTAMP))"
    return f"CAST({ts} AS VARCHAR)", "NULL::BIGINT"


def mine_duckdb(path: Path, files: list[Path], columns: Columns, kind: str,
                on_progress: Progress | None = None, top: int = 10,
                limits: Limits | None = None) -> Mined:
    try:
        import duckdb
    except ImportError:
        raise UsageError("--engine duckdb needs DuckDB: pip install 'custorg[duckdb]'"
                         ) from None
    with tempfile.TemporaryDirectory(prefix="custorg-duckdb-") as scratch:
        # in memory: DuckDB spills tables and operators to `scratch` beyond the limit,
        # and skips the compression a database file would cost
        con = duckdb.connect(":memory:")
        try:
            con.execute(f"SET memory_limit = '{MEMORY_LIMIT}'")
            con.execute(f"SET temp_directory = {_quote(scratch)}")
            con.execute("SET enable_progress_bar = false")
            # a CSV's input order is its scan order (row_number); Parquet names its rows
            con.execute(f"SET preserve_insertion_order = {kind == 'csv'}")
            con.execute("SET TimeZone = 'UTC'")  # a timestamp without offset is UTC
            return _mine(con, path, files, columns, kind, on_progress, top,
                         limits or Limits())
        except duckdb.Error as exc:
            if isinstance(exc, duckdb.InterruptException):
                raise KeyboardInterrupt from None
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else repr(exc)
            raise LogError(f"{path}: cannot read the log with duckdb: {first}") from None
        finally:
            con.close()


# why an event is skipped, as its place in SKIP_REASONS (0: usable), from the columns
# case_id, unit, ts_us of `_source`'s SELECT
_REASON = f"""(CASE
    WHEN case_id IS NULL OR trim(case_id) = '' THEN {SKIP_REASONS.index('missing-case') + 1}
    WHEN unit IS NULL OR trim(unit) = '' THEN {SKIP_REASONS.index('missing-unit') + 1}
    WHEN ts_us IS NULL THEN {SKIP_REASONS.index('bad-timestamp') + 1} ELSE 0 END)::UTINYINT"""


def _mine(con: Any, path: Path, files: list[Path], columns: Columns, kind: str,
          on_progress: Progress | None, top: int, limits: Limits) -> Mined:
    select, with_activity = _source(con, path, files, columns, kind)
    # the activities are needed for the top variants' example cases only: a Parquet file
    # is read again for those few cases; a CSV (no such cheap second read) keeps them
    kept = ", activity" if kind == "csv" else ""
    con.execute(f"""CREATE TABLE raw AS SELECT case_id, unit, make_timestamp(ts_us) AS ts,
        seq{kept}, {_REASON} AS reason FROM ({select})""")
    con.execute(f"CREATE VIEW events AS SELECT case_id, unit, ts, seq{kept} FROM raw "
                "WHERE reason = 0")
    activities = "events" if kept else (
        f"(SELECT case_id, unit, make_timestamp(ts_us) AS ts, seq, activity FROM ({select}) "
        f"WHERE {_REASON} = 0)")
    mined = Mined(path.name)
    for reason, n in con.execute("SELECT reason, count(*) FROM raw WHERE reason > 0 "
                                 "GROUP BY reason").fetchall():
        mined.skipped[SKIP_REASONS[reason - 1]] = n
    # each unit's events, and a small integer id for the paths (`_variants`)
    con.execute("""CREATE TABLE units AS SELECT unit, count(*) AS n,
                   (row_number() OVER (ORDER BY unit))::INTEGER AS uid
                   FROM events GROUP BY unit""")
    for unit, n in con.execute("SELECT unit, n FROM units").fetchall():
        mined.unit_events[unit] = n
    mined.events = sum(mined.unit_events.values())
    if mined.events > limits.case_events:  # else no case can be over the limit
        _check_case_events(con, path, limits.case_events)
    if on_progress is not None:
        on_progress(mined.events, None)
    for a, b, n in con.execute(pairs_sql()).fetchall():
        mined.pairs[(a, b)] = n
    mined.transitions = sum(mined.pairs.values())
    _variants(con, mined, activities if with_activity else None, top)
    return mined


def _check_case_events(con: Any, path: Path, limit: int) -> None:
    """A case with more than `limit` events is refused as the python engine refuses it,
    before the window and the paths hold it (one hash aggregate over the events)."""
    row = con.execute(f"SELECT case_id FROM events GROUP BY case_id HAVING count(*) > "
                      f"{int(limit)} LIMIT 1").fetchone()
    if row is not None:
        raise UsageError(case_too_large(path, row[0], limit))


def _variants(con: Any, mined: Mined, activities: str | None, top: int) -> None:
    """Every path with its cases; the step activities of the `top` ones' example cases,
    read from the relation `activities` (None: the log has none)."""
    # units as small integers: a case's steps gathered unordered as (ts, seq, unit id),
    # sorted as one list (faster than an ordered aggregate, and than strings); repeats
    # collapsed by their position (DuckDB 1.3 lambda syntax)
    names = [None, *(row[0] for row in con.execute("SELECT unit FROM units ORDER BY uid")
                     .fetchall())]
    con.execute("""CREATE TABLE paths AS
        SELECT case_id, first_seq,
               list_filter(units, lambda x, i: i = 1 OR x <> units[i - 1]) AS path
        FROM (SELECT case_id, first_seq,
                     list_transform(list_sort(steps), lambda s: s.u) AS units
              FROM (SELECT case_id, min(seq) AS first_seq,
                           list({'t': ts, 's': seq, 'u': uid}) AS steps
                    FROM events JOIN units USING (unit) GROUP BY case_id) AS gathered
             ) AS cases""")
    examples: dict[tuple[str, ...], str] = {}
    for path, cases, first_seq, example in con.execute(
            """SELECT path, count(*), min(first_seq), arg_min(case_id, first_seq)
               FROM paths GROUP BY path""").fetchall():
        named = tuple(names[uid] for uid in path)
        examples[named] = example
        mined.add_variant(named, cases, first_seq, None if activities is None else ())
    if activities is not None:
        chosen = {examples[path]: path for path, _ in ranked(mined)[:top]}
        for case, runs in _example_activities(con, list(chosen), activities).items():
            mined.variants[chosen[case]].activities = runs


def _example_activities(con: Any, cases: list[str], relation: str) -> dict[str, Any]:
    """Per example case, the activities of each run of its path (as `collapse` does).
    The cases are a literal list: DuckDB then filters the Parquet scan itself, before any
    timestamp is parsed (a join reads every row)."""
    if not cases:
        return {}
    rows = con.execute(f"""SELECT e.case_id, list(e.unit ORDER BY e.ts, e.seq),
                                  list(e.activity ORDER BY e.ts, e.seq)
                           FROM {relation} AS e
                           WHERE e.case_id IN ({', '.join(_quote(c) for c in cases)})
                           GROUP BY e.case_id""").fetchall()
    return {case: collapse(units, acts)[1] for case, units, acts in rows}
