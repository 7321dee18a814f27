"""The duckdb engine gives byte-identical results to the python engine (property test over
generated logs, and the same log as Parquet); `pairs.sql` runs unchanged on Spark."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from custorg.mining import Columns, as_dict, mine, to_json
from custorg.mining.writer import org_files
from mining_helpers import mine_json

duckdb = pytest.importorskip("duckdb")

UNITS = ["A", "B", "Dział", "客服", " C ", "D,E", 'say "hi"', "line\nbreak", "", " "]
CASES = ["1", "2", "c3", "", "Ж"]
TIMESTAMPS = ["2024-01-01T10:00:00Z", "2024-01-01T10:00:00", "2024-01-01T12:00:00+02:00",
              "2024-01-01 09:00:00.5-01:00", "2024-01-01T10:00:00.1234567+0000",
              "2024-01-02", "2023-12-31T23:59:59z", "2024-02-30T00:00:00Z", "soon", "",
              "2024-01-01T10:00+01", " 2024-01-01T10:00:00Z "]
ACTIVITIES = ["open", "fix", "", "zamknij"]

row = st.tuples(st.sampled_from(CASES), st.sampled_from(UNITS),
                st.sampled_from(TIMESTAMPS), st.sampled_from(ACTIVITIES))


def _write_csv(path: Path, rows: list[tuple[str, str, str, str]], delimiter: str,
               with_activity: bool) -> Path:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\n")
    header = ["case:concept:name", "extra", "org:group", "time:timestamp"]
    writer.writerow(header + (["concept:name"] if with_activity else []))
    for case, unit, ts, act in rows:
        writer.writerow([case, "x", unit, ts] + ([act] if with_activity else []))
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def _outputs(path: Path, engine: str) -> tuple[str, dict[str, str]]:
    mined = mine(path, Columns(), engine, top=1000)
    return to_json(as_dict(mined, top=1000)), org_files(mined, 1000, None)


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(row, max_size=40), delimiter=st.sampled_from([",", ";", "\t", "|"]),
       with_activity=st.booleans())
def test_duckdb_equals_python(tmp_path: Path, rows: list[tuple[str, str, str, str]],
                              delimiter: str, with_activity: bool) -> None:
    log = _write_csv(tmp_path / "log.csv", rows, delimiter, with_activity)
    assert _outputs(log, "duckdb") == _outputs(log, "python")


def _to_parquet(csv_path: Path, target: Path, native_time: bool) -> Path:
    con = duckdb.connect()
    ts = ("CAST(\"time:timestamp\" AS TIMESTAMPTZ)" if native_time else "\"time:timestamp\"")
    con.execute("SET TimeZone = 'UTC'")
    con.execute(f"""COPY (SELECT "case:concept:name", "org:group", {ts} AS "time:timestamp",
                         "concept:name" FROM read_csv('{csv_path}', all_varchar = true))
                    TO '{target}' (FORMAT parquet)""")
    con.close()
    return target


@pytest.mark.parametrize("native_time", [False, True])
def test_parquet_equals_csv(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                            native_time: bool) -> None:
    rows = [(f"c{i % 7}", ["A", "B", "Dział"][i * 5 % 3], f"2024-01-01T10:{i % 60:02d}:00Z",
             f"step {i % 4}") for i in range(200)]
    log = _write_csv(tmp_path / "log.csv", rows, ",", True)
    clean = tmp_path / "clean.csv"  # the same log without the extra column
    clean.write_text("\n".join(["case:concept:name,org:group,time:timestamp,concept:name"]
                               + [",".join(r) for r in rows]) + "\n", encoding="utf-8")
    parquet = _to_parquet(clean, tmp_path / "log.parquet", native_time)
    from_csv = mine_json(capsys, str(log))
    from_parquet = mine_json(capsys, str(parquet), "--engine", "duckdb")
    assert from_parquet["log"] == "log.parquet"
    assert {**from_parquet, "log": ""} == {**from_csv, "log": ""}
    assert from_csv["events"] == 200 and from_csv["handoffs"] > 0
    # the org folder too: its steps' activities come from a second read of the Parquet
    (_, from_duckdb), (_, from_python) = _outputs(parquet, "duckdb"), _outputs(clean, "python")
    assert {name: text.replace("log.parquet", "clean.csv")
            for name, text in from_duckdb.items()} == from_python
    assert from_python["processes.yaml"].count("activity: step") > 7


def test_duckdb_reports_malformed_csv(tmp_path: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    from mining_helpers import csv_log, run, ts

    log = csv_log(tmp_path / "log.csv", [("c1", "A", ts(1), "x"), ("c1", "B", ts(2))])
    code, out, err = run(capsys, "mine", str(log), "--engine", "duckdb")
    assert code == 1 and out == ""
    assert f"{log}: cannot read the log with duckdb" in err and "Traceback" not in err
    xes = tmp_path / "log.xes"
    xes.write_text("<log/>", encoding="utf-8")
    code, _, err = run(capsys, "mine", str(xes), "--engine", "duckdb")
    assert code == 2 and "--engine python" in err


def _spark() -> object:
    pytest.importorskip("pyspark")
    if shutil.which("java") is None:
        pytest.skip("Java is not installed (pyspark needs it)")
    from pyspark.sql import SparkSession

    return (SparkSession.builder.master("local[1]").appName("custorg-pairs")
            .config("spark.sql.session.timeZone", "UTC")
            .config("spark.ui.enabled", "false").getOrCreate())


def test_pairs_sql_runs_on_spark(tmp_path: Path) -> None:
    spark = _spark()
    from datetime import datetime, timezone

    from custorg.mining.duckengine import pairs_sql

    when = [datetime(2024, 1, 1, 10, m, tzinfo=timezone.utc) for m in range(4)]
    events = [("c1", "A", when[0], 0), ("c1", "B", when[1], 1), ("c1", "A", when[1], 2),
              ("c1", "A", when[3], 3), ("c2", "B", when[2], 4), ("c2", "C", when[0], 5)]
    frame = spark.createDataFrame(events, "case_id string, unit string, ts timestamp, "  # type: ignore[attr-defined]
                                  "seq long")
    frame.createOrReplaceTempView("events")
    rows = [tuple(r) for r in spark.sql(pairs_sql()).collect()]  # type: ignore[attr-defined]
    # c1: A B A A (ties keep seq); c2 by time: C B
    assert rows == [("A", "A", 1), ("A", "B", 1), ("B", "A", 1), ("C", "B", 1)]
    con = duckdb.connect()
    con.execute("CREATE TABLE events (case_id VARCHAR, unit VARCHAR, ts TIMESTAMP, "
                "seq BIGINT)")
    con.executemany("INSERT INTO events VALUES (?, ?, ?, ?)",
                    [(c, u, t.replace(tzinfo=None), s) for c, u, t, s in events])
    assert con.execute(pairs_sql()).fetchall() == rows


# --- issue 20: timestamp formats, trimming, --lifecycle and --org mapping ------------------

FORMATS = ["%d/%m/%Y[ %H:%M[:%S]]", "%b %d %Y %I:%M:%S %p", "%y%m%d %H%M%S.%f %z",
           "%d.%m.%Y %H:%M", "%Y-%m-%d %H:%M:%S"]


def _number(low: int, high: int) -> st.SearchStrategy[str]:
    """Mostly in [low, high], padded or not; sometimes just out of it."""
    inside = st.integers(low, high)
    return st.one_of(inside.map(str), inside.map(lambda n: f"{n:02d}"), inside.map(str),
                     st.sampled_from([str(low - 1), str(high + 1), "99"]))


_TWO = _number(0, 59)
PIECES = {
    "%d": _number(1, 31), "%m": _number(1, 12),
    "%Y": st.sampled_from(["2024", "1999", "0000", "2023", "9999"]),
    "%y": st.sampled_from(["24", "69", "68", "00", "99"]),
    "%b": st.sampled_from(["Jan", "feb", "MAR", "Sep", "Sept", "Foo"]),
    "%H": _number(0, 23), "%I": _number(1, 12),
    "%p": st.sampled_from(["AM", "pm", "Pm", "xm"]), "%M": _TWO, "%S": _TWO,
    "%f": st.text("0123456789", min_size=1, max_size=10),
    "%z": st.sampled_from(["Z", "+0100", "-05:30", "+02", "+24", "+0260", " UTC", "z"]),
}


@st.composite
def _stamp(draw: st.DrawFn, fmt: str) -> str:
    """A text in roughly the shape of `fmt`: fields in and out of range, optional parts
    given or not, a tail (` UTC`, `Z`, spaces) or not; sometimes ISO 8601 instead."""
    if draw(st.integers(0, 9)) == 0:
        return draw(st.sampled_from(TIMESTAMPS))
    text = fmt
    while "[" in text:  # an optional part: in or out
        start = text.rindex("[")
        end = text.index("]", start)
        keep = draw(st.booleans())
        text = text[:start] + (text[start + 1:end] if keep else "") + text[end + 1:]
    for directive, piece in PIECES.items():
        while directive in text:
            text = text.replace(directive, draw(piece), 1)
    tail = draw(st.sampled_from(["", "", "", " UTC", "Z", "  ", "x"]))
    return draw(st.sampled_from(["", " "])) + text + tail


@settings(max_examples=40, deadline=None)
@given(data=st.data(), fmt=st.sampled_from(FORMATS))
def test_timestamp_formats_read_alike(data: st.DataObject, fmt: str) -> None:
    """The python engine's parse and the duckdb SQL give the same instant (or none) for
    every text, per --timestamp-format."""
    import tempfile

    from custorg.mining.duckengine import _source
    from custorg.mining.events import timestamp_parser
    from custorg.mining.tally import Mined
    from custorg.mining.timeformat import timestamp_format

    texts = data.draw(st.lists(_stamp(fmt), min_size=1, max_size=30))
    columns = Columns(timestamp_format=timestamp_format(fmt, False))
    parse = timestamp_parser(columns)
    with tempfile.TemporaryDirectory() as folder:
        log = _write_csv(Path(folder) / "log.csv", [("c", "A", t, "") for t in texts], ",",
                         False)
        con = duckdb.connect()
        con.execute("SET TimeZone = 'UTC'")
        select, _ = _source(con, log, [log], columns, "csv", folder, Mined("log"))
        got = [row[0] for row in con.execute(f"SELECT ts_us FROM ({select}) ORDER BY seq"
                                             ).fetchall()]
        con.close()
    assert got == [parse(t) for t in texts], list(zip(texts, got, strict=True))


LIFECYCLES = ["start", "complete", "COMPLETE", " complete ", "", "schedule"]
MESSY_UNITS = [*UNITS, "\tA", "B\u00a0", "A ", "\u3000C"]


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.tuples(st.sampled_from([*CASES, " 1", "2\t"]),
                               st.sampled_from(MESSY_UNITS), st.sampled_from(TIMESTAMPS),
                               st.sampled_from(ACTIVITIES), st.sampled_from(LIFECYCLES)),
                     max_size=40),
       lifecycle=st.sampled_from([None, "complete", "Start"]),
       mapping=st.dictionaries(st.sampled_from(["A", "B", "C", "Dział", "D,E"]),
                               st.sampled_from(["x", "y"])),
       with_org=st.booleans())
def test_duckdb_equals_python_on_messy_logs(
        tmp_path: Path, rows: list[tuple[str, str, str, str, str]], lifecycle: str | None,
        mapping: dict[str, str], with_org: bool) -> None:
    """Trimmed values, --lifecycle and --org's mapping (applied to every event first)
    give the same JSON and org folder with both engines."""
    log = tmp_path / "log.csv"
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["case:concept:name", "org:group", "time:timestamp", "concept:name",
                     "lifecycle:transition"])
    writer.writerows(rows)
    log.write_text(buffer.getvalue(), encoding="utf-8")
    columns = Columns(lifecycle=lifecycle)
    unit_of = mapping.get if with_org else None
    ids = {u: u for u in ("x", "y")} if with_org else None

    def outputs(engine: str) -> tuple[str, dict[str, str], set[str]]:
        mined = mine(log, columns, engine, top=3, unit_of=unit_of)
        return (to_json(as_dict(mined, top=3)), org_files(mined, 3, ids),
                mined.lifecycles)

    assert outputs("duckdb") == outputs("python")
