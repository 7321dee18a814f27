"""`custorg mine`: every definition of mining.md on small logs (CSV), and the CLI."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from custorg.mining import Columns, events, mine
from custorg.mining.events import parse_timestamp
from custorg.mining.summary import nearest_rank
from mining_helpers import csv_log, mine_json, run, ts


def test_pairs_path_handoffs_ping_pong(tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    log = csv_log(tmp_path / "log.csv", [
        ("c1", "A", ts(1), "a"), ("c1", "A", ts(2), "b"), ("c1", "B", ts(3), "c"),
        ("c1", "B", ts(4), "d"), ("c1", "A", ts(5), "e"), ("c1", "B", ts(6), "f"),
        ("c2", "C", ts(1), "x")])
    doc = mine_json(capsys, str(log))
    assert (doc["events"], doc["cases"], doc["transitions"]) == (7, 2, 5)
    assert doc["pairs"] == [
        {"from": "A", "to": "B", "count": 2}, {"from": "A", "to": "A", "count": 1},
        {"from": "B", "to": "A", "count": 1}, {"from": "B", "to": "B", "count": 1}]
    # path A B A B: 3 handoffs, ping-pong at 0 and 1
    assert (doc["handoffs"], doc["ping_pong"], doc["cases_with_ping_pong"]) == (3, 2, 1)
    assert doc["variants"] == [
        {"rank": 1, "path": ["A", "B", "A", "B"], "cases": 1, "handoffs": 3, "ping_pong": 2},
        {"rank": 2, "path": ["C"], "cases": 1, "handoffs": 0, "ping_pong": 0}]
    assert doc["skipped"] == {"missing-unit": 0, "missing-case": 0, "bad-timestamp": 0}
    assert doc["comparison"] is None and doc["log"] == "log.csv"


def test_order_by_instant_offsets_and_ties(tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    log = csv_log(tmp_path / "log.csv", [
        # 10:00+02:00 is 08:00Z: before 09:00 without offset (UTC)
        ("c1", "LATE", "2024-03-01T09:00:00", "x"),
        ("c1", "EARLY", "2024-03-01T10:00:00+02:00", "x"),
        # equal instants keep the order of the file, whatever the offsets
        ("c2", "FIRST", "2024-03-01T12:00:00+01:00", "x"),
        ("c2", "SECOND", "2024-03-01 11:00:00Z", "x"),
        ("c2", "THIRD", "2024-03-01T11:00:00.000000+00:00", "x")])
    doc = mine_json(capsys, str(log))
    paths = {tuple(v["path"]) for v in doc["variants"]}
    assert paths == {("EARLY", "LATE"), ("FIRST", "SECOND", "THIRD")}


def test_skipped_events_are_counted_by_reason(tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    log = csv_log(tmp_path / "log.csv", [
        ("", "A", ts(1), "x"), (" ", "A", ts(1), "x"), ("c1", "", ts(2), "x"),
        ("c1", "A", "", "x"), ("c1", "A", "yesterday", "x"), ("c1", "A", "2024-02-30", "x"),
        ("c1", "A", "2024-03-01T24:00:00Z", "x"), ("c1", "A", "2024-03-01T10:00+25:00", "x"),
        ("c1", "A", ts(3), "x"), ("c1", "B", ts(4), "x")])
    doc = mine_json(capsys, str(log), "--allow-skipped")  # 8 of 10 skipped: else exit 1
    assert doc["skipped"] == {"missing-unit": 1, "missing-case": 2, "bad-timestamp": 5}
    assert (doc["events"], doc["cases"], doc["handoffs"]) == (2, 1, 1)


@pytest.mark.parametrize(("text", "expected"), [
    ("1970-01-01T00:00:00Z", 0),
    ("1970-01-01", 0),
    ("1970-01-01 00:00:01.5", 1_500_000),
    ("1970-01-01T01:00:00+01:00", 0),
    ("1970-01-01T00:00-0130", 90 * 60_000_000),
    ("1970-01-01T00:00:00.1234567+00", 123_456),
    (" 2011-10-11 13:45:40.276000+02:00 ", 1318333540276000),
    ("2011-10-11T13:45:40,5z", 1318340740500000),
    ("2020-01-01 10:00:00 UTC", 1577872800000000),  # a trailing UTC (issue 20)
    ("2020-01-01T10:00UTC", 1577872800000000),
])
def test_timestamp_grammar(text: str, expected: int) -> None:
    assert parse_timestamp(text) == expected


@pytest.mark.parametrize("text", ["", "2011", "11.10.2011", "2011-13-01", "2011-02-29",
                                  "2011-10-11T25:00", "2011-10-11T10:60", "2011-10-11T10:00:60",
                                  "2011-10-11T10:00+2400", "2011-10-11T10:00 CET", "0000-01-01",
                                  "2011-10-11T10", "２０１１-10-11"])
def test_not_timestamps(text: str) -> None:
    assert parse_timestamp(text) is None


def _field(low: int, high: int) -> st.SearchStrategy[str]:
    """Two digits, mostly in [low, high], often on or just past its bounds."""
    return st.one_of(st.integers(low, high), st.sampled_from(
        [0, low, high, high + 1, 99])).map(lambda n: f"{n:02d}")


_STAMPS = st.builds(
    lambda y, mo, d, sep, h, mi, sec, tail: f"{y}-{mo}-{d}{sep}{h}:{mi}:{sec}{tail}",
    st.sampled_from(["1970", "2024", "2023", "0000", "9999", "\uff12\uff10\uff12\uff14"]),
    _field(1, 12), _field(1, 28), st.sampled_from(["T", " ", "t", "x"]), _field(0, 23),
    _field(0, 59), _field(0, 59),
    st.sampled_from(["", "Z", "z", "+02:00", "-0530", "+24:00", "+01:60", ".5", ",123456789Z",
                     ".1234567890", " ", "  ", "+2", "Q", ".000+00:00", "\u0663"]))


@settings(max_examples=4000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_STAMPS, st.lists(st.tuples(st.integers(0, 40),
                                   st.sampled_from([None, *"0123456789-:TZ+. \u0663"])),
                         max_size=2))
def test_timestamp_fast_path_is_the_grammar(stamp: str, edits: list[tuple[int, str | None]]
                                            ) -> None:
    """The common shape is read from remembered parts; it must give what the grammar
    gives, field by field in and out of range, and after small edits (a character
    replaced, inserted or removed)."""
    text = stamp
    for at, char in edits:
        at = min(at, len(text))
        text = text[:at] + (char or "") + text[at + (1 if char is None or at % 2 else 0):]
    assert parse_timestamp(text) == events._parse(text), text


def test_variant_ranking_and_top(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = []
    for n, path in enumerate(["B", "A", "B C", "A", "B"]):
        rows += [(f"c{n}", u, ts(i), "x") for i, u in enumerate(path.split())]
    doc = mine_json(capsys, str(csv_log(tmp_path / "log.csv", rows)), "--top", "2")
    # A and B have 2 cases each: ties ranked by the path text; B > C is cut by --top 2
    assert [(v["rank"], v["path"], v["cases"]) for v in doc["variants"]] == [
        (1, ["A"], 2), (2, ["B"], 2)]


def test_handoffs_per_case_nearest_rank(tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    rows = []
    for n, hops in enumerate([0, 0, 1, 1, 1, 2, 2, 3, 5, 9]):
        units = ["A" if i % 2 == 0 else "B" for i in range(hops + 1)]
        rows += [(f"c{n}", u, ts(i), "x") for i, u in enumerate(units)]
    doc = mine_json(capsys, str(csv_log(tmp_path / "log.csv", rows)))
    assert doc["handoffs_per_case"] == {"mean": 2.4, "median": 1, "p90": 5, "max": 9}
    assert nearest_rank({4: 1}, 0.9) == 4 and nearest_rank({1: 1, 2: 1}, 0.5) == 1


def test_empty_log_has_no_spread(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = mine_json(capsys, str(csv_log(tmp_path / "log.csv", [])))
    assert (doc["events"], doc["cases"], doc["pairs"], doc["variants"]) == (0, 0, [], [])
    assert doc["handoffs_per_case"] == {"mean": None, "median": None, "p90": None,
                                        "max": None}


def test_interleaved_cases_equal_grouped(tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    grouped = [("c1", "A", ts(1), "x"), ("c1", "B", ts(2), "x"), ("c1", "A", ts(3), "x"),
               ("c2", "B", ts(1), "x"), ("c2", "C", ts(2), "x")]
    interleaved = [grouped[0], grouped[3], grouped[1], grouped[4], grouped[2]]
    one = mine_json(capsys, str(csv_log(tmp_path / "a.csv", grouped)))
    two = mine_json(capsys, str(csv_log(tmp_path / "b.csv", interleaved)))
    assert {**one, "log": ""} == {**two, "log": ""}
    assert one["ping_pong"] == 1


@pytest.mark.parametrize("delimiter", [";", "\t", "|"])
def test_delimiter_is_detected(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                               delimiter: str) -> None:
    log = csv_log(tmp_path / "log.csv", [("c1", "Dział sprzedaży, Kraków", ts(1), "x"),
                                         ("c1", "客服部", ts(2), "x")], delimiter=delimiter)
    doc = mine_json(capsys, str(log))
    assert doc["pairs"] == [{"from": "Dział sprzedaży, Kraków", "to": "客服部", "count": 1}]


def test_quoted_fields_and_bom(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    log = tmp_path / "log.csv"
    log.write_text('\ufeffcase:concept:name,org:group,time:timestamp\n'
                   'c1,"Отдел ""Продажи"", Москва",2024-03-01T10:00:00Z\n'
                   'c1,"Skyrius\nVilnius",2024-03-01T10:01:00Z\n', encoding="utf-8")
    doc = mine_json(capsys, str(log))
    assert doc["variants"][0]["path"] == ['Отдел "Продажи", Москва', "Skyrius\nVilnius"]


def test_other_column_names(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    log = csv_log(tmp_path / "log.csv", [("1", "A", ts(1), "x"), ("1", "B", ts(2), "y")],
                  header="ticket,team,when,what")
    doc = mine_json(capsys, str(log), "--case", "ticket", "--unit", "team",
                    "--timestamp", "when", "--activity", "what")
    assert doc["handoffs"] == 1


def test_missing_column_exits_2_listing_columns(tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    log = csv_log(tmp_path / "log.csv", [("1", "A", ts(1), "x")], header="case,team,when,x")
    code, out, err = run(capsys, "mine", str(log), "--case", "case")
    assert code == 2 and out == ""
    assert "no column 'org:group' (the --unit column)" in err
    assert "'case', 'team', 'when', 'x'" in err and "--unit COLUMN" in err
    code, _, err = run(capsys, "mine", str(log), "--case", "case", "--unit", "team",
                       "--timestamp", "when", "--activity", "nope")
    assert code == 2 and "no column 'nope' (the --activity column)" in err


def test_usage_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    log = csv_log(tmp_path / "log.csv", [("c1", "A", ts(1), "x")])
    assert run(capsys, "mine", str(tmp_path / "none.csv"))[0] == 2
    code, _, err = run(capsys, "mine", str(log), "--engine", "flink")
    assert code == 2 and "unknown --engine 'flink'" in err
    code, _, err = run(capsys, "mine", str(log), "--format", "csv")
    assert code == 2 and "unknown --format" in err
    code, _, err = run(capsys, "mine", str(log), "--top", "0")
    assert code == 2 and "--top" in err
    parquet = tmp_path / "log.parquet"
    parquet.write_bytes(b"PAR1")
    code, _, err = run(capsys, "mine", str(parquet))
    assert code == 2 and "Parquet needs the duckdb engine" in err


def test_text_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    log = csv_log(tmp_path / "log.csv", [
        ("c1", "A", ts(1), "x"), ("c1", "B\x1b[31m", ts(2), "x"), ("c1", "A", ts(3), "x")])
    code, out, _ = run(capsys, "mine", str(log))
    assert code == 0
    assert out.splitlines()[:4] == [
        "log.csv: 3 events, 1 case, 2 transitions", "skipped: none",
        "handoffs: 2 (per case: mean 2.0, median 2, p90 2, max 2)",
        "ping-pong: 1 in 1 case"]
    assert "A -> B\\x1b[31m" in out and "\x1b" not in out
    assert "     1          1         2          1  A > B\\x1b[31m > A" in out


def test_progress_callback_reports_events(tmp_path: Path) -> None:
    rows = [(f"c{i // 3}", "AB"[i % 2], ts(i % 3), "x") for i in range(70_000)]
    log = csv_log(tmp_path / "log.csv", rows)
    calls: list[tuple[int, int | None]] = []
    mined = mine(log, Columns(), on_progress=lambda done, total: calls.append((done, total)))
    assert mined.events == 70_000
    # reported between cases (of three rows here), once per 65,536 events read
    assert calls[0] == (0, None) and 65_536 <= calls[1][0] < 65_536 + 3 and calls[1][1] is None


def test_collapse_keeps_each_runs_distinct_activities_in_order() -> None:
    from custorg.mining.tally import collapse, path_of

    units = ["A", "A", "B", "B", "B", "A", "C"]
    acts = ["open", "open", "fix", "", "check", None, "fix"]
    assert collapse(units, acts) == (("A", "B", "A", "C"),
                                     (("open",), ("fix", "check"), (), ("fix",)))
    assert collapse(units) == (path_of(units), None) == (("A", "B", "A", "C"), None)
    assert path_of([]) == () and collapse([], []) == ((), ())
