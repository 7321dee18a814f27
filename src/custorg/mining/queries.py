"""The queries of the SQL engines, each defined once (issue 24): the duckdb engine runs
them as they are, the spark engine as SQLGlot transpiles them (`sqlrun.to_spark`). Written
in DuckDB's SQL, in the constructs that SQLGlot carries over to Spark with the same meaning
(held by tests/test_mine_spark.py); the engines differ only in how they read files."""

from __future__ import annotations

from importlib import resources

from .events import FAST_TIMESTAMP_PATTERN, SKIP_REASONS, TIMESTAMP_PATTERN, WHITESPACE
from .timeformat import MONTHS, TimestampFormat


def pairs_sql(events: str = "events") -> str:
    """The query of `pairs.sql` (the file Spark runs as SQLGlot transpiles it), reading
    the relation `events`."""
    text = resources.files("custorg.mining").joinpath("pairs.sql").read_text("utf-8")
    return text if events == "events" else text.replace("FROM events\n",
                                                        f"FROM {events}\n", 1)


def quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


PARTS = ("y", "mo", "d", "h", "mi", "s", "f", "o")  # the groups of TIMESTAMP_PATTERN


def instant(parts: tuple[str, ...], t: str) -> str:
    """SQL for the instant (microseconds, UTC) of the struct `t` that a timestamp pattern
    extracted (its groups named `parts`: TIMESTAMP_PATTERN's, or a --timestamp-format's);
    NULL when the text is not a timestamp. The arithmetic of `timeformat.instant` and
    `events.parse_timestamp`: an empty group is an absent one."""
    def given(p: str) -> str:
        return f"coalesce({t}.{p}, '') <> ''"

    def num(p: str) -> str:
        return f"try_cast({t}.{p} AS BIGINT)" if p in parts else "NULL::BIGINT"

    def zero(p: str) -> str:
        return f"coalesce({num(p)}, 0)"

    year = (f"(CASE WHEN {given('y') if 'y' in parts else 'false'} THEN {num('y')} "
            f"WHEN {given('yy') if 'yy' in parts else 'false'} THEN {num('yy')} + CASE WHEN "
            f"{num('yy')} >= 69 THEN 1900 ELSE 2000 END END)")
    month = (f"(CASE WHEN {given('b')} THEN (strpos('{MONTHS}', lower({t}.b)) + 2) // 3 "
             f"ELSE {zero('mo')} END)" if "b" in parts else zero("mo"))
    pm = f"lower(coalesce({t}.p, '')) = 'pm'" if "p" in parts else "false"
    hour, hour_ok = zero("h"), f"{zero('h')} <= 23"
    if "i" in parts:
        hour = (f"(CASE WHEN {given('i')} THEN {num('i')} % 12 + CASE WHEN {pm} THEN 12 "
                f"ELSE 0 END ELSE {hour} END)")
        hour_ok = f"(CASE WHEN {given('i')} THEN {num('i')} BETWEEN 1 AND 12 ELSE {hour_ok} END)"
    mi, sec = zero("mi"), zero("s")
    o = f"coalesce({t}.o, '')" if "o" in parts else "''"
    digits = f"replace({o}, ':', '')"
    oh, om = (f"try_cast(substr({digits}, 2, 2) AS BIGINT)",
              f"coalesce(try_cast(substr({digits}, 4, 2) AS BIGINT), 0)")
    utc = f"({o} IN ('', 'Z', 'z') OR ltrim({o}) = 'UTC')"
    off = (f"(CASE WHEN {utc} THEN 0 ELSE (CASE WHEN left({o}, 1) = '-' THEN -1 ELSE 1 END)"
           f" * ({oh} * 60 + {om}) END)")
    pad = "lpad(CAST({} AS VARCHAR), {}, '0')"
    day = (f"try_cast({pad.format(year, 4)} || '-' || {pad.format(month, 2)} || '-' || "
           f"{pad.format(zero('d'), 2)} AS DATE)")
    frac = f"left(rpad(coalesce({t}.f, ''), 6, '0'), 6)::BIGINT" if "f" in parts else "0"
    ok = (f"{year} BETWEEN 1 AND 9999 AND {hour_ok} AND {mi} <= 59 AND {sec} <= 59 AND "
          f"{day} IS NOT NULL AND ({utc} OR ({oh} <= 23 AND {om} <= 59))")
    value = (f"datediff('day', DATE '1970-01-01', {day}) * 86400000000 + (({hour} * 60 + "
             f"{mi} - {off}) * 60 + {sec}) * 1000000 + {frac}")
    return f"(CASE WHEN {ok} THEN {value} END)"


def events_select(reader: str, names: tuple[str | None, ...], seq: str, text: str,
                  native: str, timestamp_format: TimestampFormat | None) -> str:
    """A SELECT of (case_id, unit, ts_us, activity, lifecycle, resource, seq) over the
    relation `reader` (alias `src`): `names` the SQL of its case, unit, activity,
    lifecycle and resource columns (None: absent), values trimmed; `seq` the SQL of each
    row's input position; `text` of its timestamp as text, `native` as microseconds
    (a typed column: the other is NULL)."""
    case, unit, act, lc, res = names

    def trimmed(column: str | None) -> str:
        if column is None:
            return "NULL::VARCHAR"
        return f"trim(CAST(src.{column} AS VARCHAR), {quote(WHITESPACE)})"

    pattern = quote("^" + TIMESTAMP_PATTERN + "$")
    fast = quote("^" + FAST_TIMESTAMP_PATTERN + "$")
    inner = (f"SELECT {trimmed(case)} AS case_id, {trimmed(unit)} AS unit, {text} AS ts_text, "
             f"{native} AS ts_native, {trimmed(act)} AS activity, {trimmed(lc)} AS lifecycle, "
             f"{trimmed(res)} AS resource, "
             f"{seq} AS seq, regexp_full_match({text}, {fast}) AND NOT starts_with({text}, "
             f"'0000') AS is_fast FROM {reader} AS src")
    alternatives = timestamp_format.alternatives if timestamp_format else ()
    extracted = "".join(f", regexp_extract(ts_text, {quote('^' + alt.pattern + '$')}, "
                        f"{list(alt.parts)!r}) AS t{k}" for k, alt in enumerate(alternatives))
    # the common shape is cast natively (the same instant: tested); the rest is taken apart
    middle = (f"SELECT *, CASE WHEN is_fast THEN epoch_us(try_cast(ts_text AS TIMESTAMPTZ)) "
              f"END AS ts_fast, CASE WHEN NOT is_fast THEN regexp_extract(ts_text, {pattern}, "
              f"{list(PARTS)!r}) END AS t{extracted} FROM ({inner}) AS inner_")
    iso = f"CASE WHEN is_fast THEN ts_fast ELSE coalesce(ts_native, {instant(PARTS, 't')}) END"
    ts_us = "coalesce(" + "".join(f"{instant(alt.parts, f't{k}')}, " for k, alt in
                                  enumerate(alternatives)) + iso + ")"
    return (f"SELECT case_id, unit, {ts_us} AS ts_us, activity, lifecycle, resource, seq "
            f"FROM ({middle}) AS middle_")


def typed_instant(ts: str, kind: str) -> tuple[str, str]:
    """(text, native instant) of a timestamp column: a timestamp type is taken as it is
    (without a zone: UTC); any other type is read as text."""
    if kind == "TIMESTAMP WITH TIME ZONE":
        return "NULL::VARCHAR", f"epoch_us({ts})"
    if kind.startswith("TIMESTAMP") or kind == "DATE":
        return "NULL::VARCHAR", f"epoch_us(CAST({ts} AS TIMESTAMP))"
    return f"CAST({ts} AS VARCHAR)", "NULL::BIGINT"


FILTERED = 255  # the reason code of an event --lifecycle leaves out


def reason(lifecycle: str | None) -> str:
    """Why an event is left out, from the columns case_id, unit, ts_us, lifecycle of
    `_source`'s SELECT: FILTERED (--lifecycle), its place in SKIP_REASONS, or 0 (usable);
    the order of the python engine's `_usable`."""
    wanted = ("" if lifecycle is None else
              f"WHEN coalesce(lifecycle, '') <> '' AND lower(lifecycle) <> "
              f"lower({quote(lifecycle)}) THEN {FILTERED} ")
    return f"""(CASE {wanted}
    WHEN case_id IS NULL OR case_id = '' THEN {SKIP_REASONS.index('missing-case') + 1}
    WHEN unit IS NULL OR unit = '' THEN {SKIP_REASONS.index('missing-unit') + 1}
    WHEN ts_us IS NULL THEN {SKIP_REASONS.index('bad-timestamp') + 1} ELSE 0 END)::UTINYINT"""


LIFECYCLE_KIND = """(CASE lower(lifecycle) WHEN 'start' THEN 1 WHEN 'complete' THEN 2
    ELSE 0 END)::UTINYINT"""


def usable(select: str, why: str) -> str:
    """Every event of `events_select`'s SELECT with its reason (`reason`) and lifecycle
    kind: the engines' table `raw` (ts_us kept as microseconds)."""
    return (f"SELECT case_id, unit, ts_us, seq, activity, resource, {why} AS reason, "
            f"{LIFECYCLE_KIND} AS lifecycle_kind FROM ({select})")


SKIPPED = "SELECT reason, count(*) FROM {raw} WHERE reason > 0 GROUP BY reason"
LIFECYCLES = ("SELECT DISTINCT lifecycle_kind FROM {raw} WHERE reason <> " + str(FILTERED)
              + " AND lifecycle_kind > 0")
UNIT_EVENTS = "SELECT unit, count(*) FROM {raw} WHERE reason = 0 GROUP BY unit"
CASE_TOO_LARGE = ("SELECT case_id FROM {events} GROUP BY case_id HAVING count(*) > {limit} "
                  "LIMIT 1")


def mapped_events(raw: str, umap: str | None) -> str:
    """The usable events (case_id, unit, ts, seq, activity, resource), each unit mapped
    through the table `umap` (unit, mapped) first when given (`--org`)."""
    unit = "m.mapped" if umap else "r.unit"
    join = f" JOIN {umap} AS m ON m.unit = r.unit" if umap else ""
    return (f"SELECT r.case_id, {unit} AS unit, make_timestamp(r.ts_us) AS ts, r.ts_us, "
            f"r.seq, r.activity, r.resource FROM {raw} AS r{join} WHERE r.reason = 0")


def runs(events: str) -> str:
    """The events of `events` that start a step of their case's path (their unit differs
    from the one before), with the next step's unit and whether the step after it comes
    back to this unit (`pp`: a ping-pong at this position)."""
    order = "PARTITION BY case_id ORDER BY ts, seq"
    return f"""SELECT *, lead(unit) OVER ({order}) AS next_unit,
                  coalesce(lead(unit, 2) OVER ({order}) = unit, false) AS pp
        FROM (SELECT case_id, unit, ts, seq,
                     min(seq) OVER (PARTITION BY case_id) AS case_first,
                     lag(unit) OVER ({order}) AS prev
              FROM {events}) AS steps
        WHERE prev IS NULL OR prev <> unit"""


def case_paths(runs: str) -> str:
    """Per case: its first input position, handoffs, ping-pong and path (units with
    consecutive repeats collapsed), from the relation `runs` (docs/mining.md)."""
    return f"""SELECT case_id, min(case_first) AS first_seq, count(*) - 1 AS handoffs,
        sum(CASE WHEN pp THEN 1 ELSE 0 END) AS ping_pong,
        list_transform(list_sort(list({{'t': ts, 's': seq, 'u': unit}})),
                       lambda s: s.u) AS path
    FROM {runs} GROUP BY case_id"""


# per unordered unit pair (a < b): the cases with events of both, and the cases whose
# path goes a b a or b a b (rule T006, evidence/service.py)
PAIR_CASES = """WITH present AS (SELECT DISTINCT case_id, unit FROM {events})
    SELECT x.unit, y.unit, count(*) FROM present AS x JOIN present AS y
    ON x.case_id = y.case_id AND x.unit < y.unit GROUP BY x.unit, y.unit"""
PAIR_BOUNCES = """SELECT least(unit, next_unit), greatest(unit, next_unit),
    count(DISTINCT case_id) FROM {runs} WHERE pp GROUP BY 1, 2"""


# the handoffs-per-case histogram, with each bucket's ping-pong and cases with ping-pong
HISTOGRAM = """SELECT handoffs, count(*), sum(ping_pong),
    sum(CASE WHEN ping_pong > 0 THEN 1 ELSE 0 END) FROM {cases} GROUP BY handoffs"""


def top_variants(cases: str, top: int) -> str:
    """The `top` variants ranked as docs/mining.md says, with their cases, first input
    position and example case (the earliest)."""
    return f"""SELECT path, count(*) AS cases, min(first_seq), arg_min(case_id, first_seq)
        FROM {cases} GROUP BY path
        ORDER BY cases DESC, array_to_string(path, ' > ') LIMIT {int(top)}"""


def example_events(events: str, cases: list[str]) -> str:
    """The units and activities of a few cases, in order (their steps' activities)."""
    listed = ", ".join(quote(c) for c in cases)
    return (f"SELECT case_id, unit, activity FROM {events} WHERE case_id IN ({listed}) "
            "ORDER BY case_id, ts, seq")
