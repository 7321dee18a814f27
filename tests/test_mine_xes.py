"""`custorg mine` on XES and XES.gz, and on hostile or broken logs of every format."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from mining_helpers import csv_log, mine_json, run, ts, xes_log

TRACES = [("c1", [("A", ts(1), "open"), ("B", ts(2), "fix"), ("A", ts(3), "close")]),
          ("c2", [("B", ts(5), "fix"), ("B", ts(1), "triage")]),
          ("empty", [])]


def test_xes_equals_the_same_log_as_csv(tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    xes = tmp_path / "log.xes"
    xes.write_text(xes_log(TRACES), encoding="utf-8")
    rows = [(case, u, t, a) for case, events in TRACES for u, t, a in events]
    doc = mine_json(capsys, str(xes))
    as_csv = mine_json(capsys, str(csv_log(tmp_path / "log.csv", rows)))
    assert doc["skipped"].pop("empty-trace") == 1
    assert {**doc, "log": ""} == {**as_csv, "log": ""}
    assert (doc["events"], doc["cases"], doc["transitions"], doc["ping_pong"]) == (5, 2, 3, 1)


def test_xes_gz_is_read_by_content(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    packed = tmp_path / "log.xes.gz"
    packed.write_bytes(gzip.compress(xes_log(TRACES).encode()))
    doc = mine_json(capsys, str(packed))
    assert doc["cases"] == 2 and doc["log"] == "log.xes.gz"
    unnamed = tmp_path / "export.bin"  # no telling extension: the gzip magic decides
    unnamed.write_bytes(packed.read_bytes())
    assert mine_json(capsys, str(unnamed))["cases"] == 2


def test_xes_without_case_name_and_missing_attributes(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = xes_log([(None, [("A", ts(1), "x")]), ("c2", [("", ts(1), "x"),
                                                         ("B", "not a time", "x"),
                                                         ("B", ts(2), "x")])])
    xes = tmp_path / "log.xes"
    xes.write_text(text, encoding="utf-8")
    doc = mine_json(capsys, str(xes), "--allow-skipped")  # 3 of 4 skipped: else exit 1
    assert doc["skipped"] == {"missing-unit": 1, "missing-case": 1, "bad-timestamp": 1}
    assert doc["events"] == 1


def test_xes_unknown_attribute_exits_2(tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    xes = tmp_path / "log.xes"
    xes.write_text(xes_log(TRACES), encoding="utf-8")
    code, _, err = run(capsys, "mine", str(xes), "--unit", "org:role")
    assert code == 2
    assert "no trace or event has the attribute 'org:role' (the --unit attribute)" in err
    assert "'org:group'" in err and "'case:concept:name'" in err


@pytest.mark.parametrize(("body", "message"), [
    ('<log><trace><event><string key="org:group" value="A"/></trace></log>',
     "line 1, column "),
    ('<log><trace><event><string key="org:group" value="A"/></event>', "line 1, column "),
    ("not xml at all", "malformed XES"),
    ('<html><body>trace</body></html>', "line 1: not an XES log (its root element is <html>"),
])
def test_malformed_xes_exits_1_with_position(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str],
                                             body: str, message: str) -> None:
    xes = tmp_path / "bad.xes"
    xes.write_text(body, encoding="utf-8")
    code, out, err = run(capsys, "mine", str(xes))
    assert code == 1 and out == ""
    assert err.startswith(f"custorg: {xes}: ") and message in err and "Traceback" not in err


def test_truncated_gzip_exits_1_with_byte(tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    many = [(f"c{i}", [("A", ts(1), "x"), ("B", ts(2), "y")]) for i in range(3000)]
    data = gzip.compress(xes_log(many).encode())
    cut = tmp_path / "cut.xes.gz"
    cut.write_bytes(data[: len(data) // 2])
    code, _, err = run(capsys, "mine", str(cut))
    assert code == 1
    assert f"{cut}: byte " in err and "truncated or corrupt gzip data" in err


BOMB = """<?xml version="1.0"?>
<!DOCTYPE log [
 <!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
 <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
 <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
 <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
 <!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">
 <!ENTITY x SYSTEM "file:///etc/passwd">
]>
<log><trace><string key="concept:name" value="c1"/>
<event><string key="org:group" value="&e;&x;"/>
<date key="time:timestamp" value="2024-01-01T00:00:00Z"/></event></trace></log>
"""


@pytest.mark.parametrize("packed", [False, True])
def test_entity_bomb_and_external_entity_are_refused(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], packed: bool) -> None:
    path = tmp_path / ("bomb.xes.gz" if packed else "bomb.xes")
    path.write_bytes(gzip.compress(BOMB.encode()) if packed else BOMB.encode())
    code, out, err = run(capsys, "mine", str(path), "--format", "json")
    assert code == 1 and out == "" and "root:" not in err
    assert f"{path}: line 2: a <!DOCTYPE> declaration" in err


def test_ragged_csv_row_exits_1_with_line(tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    log = csv_log(tmp_path / "log.csv", [("c1", "A", ts(1), "x"),
                                         ("c1", "B", ts(2), "x", "extra"), ])
    code, out, err = run(capsys, "mine", str(log))
    assert code == 1 and out == ""
    assert f"{log}: line 3: 5 fields, the header has 4" in err


def test_csv_not_utf8_and_broken_quote(tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    latin = tmp_path / "latin.csv"
    latin.write_bytes("case:concept:name,org:group,time:timestamp\n"
                      "c1,Dział,2024-01-01\n".encode("cp1250"))
    code, out, _ = run(capsys, "mine", str(latin))  # read as import reads it: cp1252
    assert code == 0 and "note: read as Windows-1252" in out and "Dzia³" in out
    quote = csv_log(tmp_path / "quote.csv", [("c1", '"A"B', ts(1), "x")])
    code, _, err = run(capsys, "mine", str(quote))
    assert code == 1 and f"{quote}: line 2: malformed CSV" in err


def test_headerless_and_empty_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_text("", encoding="utf-8")
    code, _, err = run(capsys, "mine", str(empty))
    assert code == 1 and "no header row" in err
    xes = tmp_path / "empty.xes"
    xes.write_text("", encoding="utf-8")
    code, _, err = run(capsys, "mine", str(xes))
    assert code == 1 and "malformed XES" in err
    folder = tmp_path / "folder.csv"  # a folder is a log of parts (mining.md): none here
    folder.mkdir()
    code, _, err = run(capsys, "mine", str(folder))
    assert code == 2 and "a folder without *.csv or *.parquet files" in err


@pytest.mark.parametrize("namespace", ["", "http://www.xes-standard.org/",
                                       "http://code.deckfour.org/xes"])
def test_many_traces_read_fast_equal_csv(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                         namespace: str) -> None:
    """After the first traces the reader picks out only the wanted attributes: the same
    figures, also for events without a unit, repeated keys and traces without a name."""
    traces = [(f"c{i}", [("A", ts(1), "x"), ("B" if i % 3 else "A", ts(2), "y"),
                         ("A", ts(3), "z")]) for i in range(40)]
    text = xes_log(traces)
    text = text.replace('<trace>\n<string key="concept:name" value="c33"/>', "<trace>", 1)
    # c30: the unit of its first event missing; c31: the unit given twice (first wins)
    text = text.replace('"c30"/>\n<event><string key="org:group" value="A"/>',
                        '"c30"/>\n<event>', 1)
    text = text.replace('"c31"/>\n<event><string key="org:group" value="A"/>',
                        '"c31"/>\n<event><string key="org:group" value="A"/>'
                        '<string key="org:group" value="Z"/>', 1)
    text = text.replace(' xmlns="http://www.xes-standard.org/"',
                        f' xmlns="{namespace}"' if namespace else "")
    xes = tmp_path / "log.xes"
    xes.write_text(text, encoding="utf-8")
    rows = [(case, u, t, a) for case, events in traces for u, t, a in events
            if case not in ("c30", "c33")]
    rows += [("c30", u, t, a) for u, t, a in traces[30][1][1:]]
    doc = mine_json(capsys, str(xes))
    as_csv = mine_json(capsys, str(csv_log(tmp_path / "log.csv", rows)))
    assert doc["skipped"] == {"missing-unit": 1, "missing-case": 3, "bad-timestamp": 0}
    assert {**doc, "log": "", "skipped": {}, "events": 0} == {
        **as_csv, "log": "", "skipped": {}, "events": 0}
    assert doc["events"] == as_csv["events"] == 40 * 3 - 4
