"""Issue 18, `custorg mine` on hostile logs: multi-member and bomb `.xes.gz`, limits from
custorg.toml, DOCTYPE anywhere, globs in file names, folder logs, YAML comments of `-o`,
`--force` that checks before it writes, and the inputs that ended in exit 3."""

from __future__ import annotations

import gzip
import json
import os
from pathlib import Path

import pytest
import yaml

from custorg.mining import xesgrammar
from mining_helpers import HEADER, csv_log, mine_json, run, ts, xes_log


def _traces(n: int, events: int = 12) -> list[tuple[str, list[tuple[str, str, str]]]]:
    units = ["Front", "Back", "Desk"]
    return [(f"c{i}", [(units[(i + j) % 3 if j % 4 else 0], ts(j % 60), f"act {j}")
                       for j in range(events)]) for i in range(n)]


def _mined(capsys: pytest.CaptureFixture[str], path: Path, *args: str) -> dict[str, object]:
    document = mine_json(capsys, str(path), *args)
    del document["log"]
    return document


# item 3: a .xes.gz of several gzip members (`cat a.gz b.gz`) is one valid gzip file

def test_a_log_gzipped_in_two_halves_reads_as_the_whole(tmp_path: Path, capsys) -> None:
    text = xes_log(_traces(6000)).encode()
    assert len(text) > 4 * xesgrammar.CHUNK  # each member unpacks to more than a chunk
    half = len(text) // 2
    whole, halves = tmp_path / "whole.xes.gz", tmp_path / "halves.xes.gz"
    whole.write_bytes(gzip.compress(text))
    halves.write_bytes(gzip.compress(text[:half]) + gzip.compress(text[half:]))
    expected = _mined(capsys, whole)
    assert expected["cases"] == 6000
    assert _mined(capsys, halves) == expected


def test_two_hundred_members_read_once_each(tmp_path: Path, capsys) -> None:
    """200 members grew memory without bound: each member's rest was read twice."""
    text = xes_log(_traces(400)).encode()
    step = len(text) // 200 + 1
    members = tmp_path / "members.xes.gz"
    members.write_bytes(b"".join(gzip.compress(text[i:i + step])
                                 for i in range(0, len(text), step)) + b"\0" * 512)
    plain = tmp_path / "plain.xes"
    plain.write_bytes(text)
    assert _mined(capsys, members) == _mined(capsys, plain)


def test_a_corrupt_second_member_is_malformed_input(tmp_path: Path, capsys) -> None:
    text = xes_log(_traces(50)).encode()
    broken = tmp_path / "broken.xes.gz"
    broken.write_bytes(gzip.compress(text[:100]) + gzip.compress(text[100:])[:-9] + b"x" * 9)
    code, _, err = run(capsys, "mine", str(broken))
    assert code == 1
    assert "broken.xes.gz: byte" in err and "corrupt gzip data" in err


# item 5: limits per trace, per case and in all, from custorg.toml

def _toml(folder: Path, **limits: int) -> None:
    lines = "".join(f"{key.replace('_', '-')} = {value}\n" for key, value in limits.items())
    (folder / "custorg.toml").write_text("[limits]\n" + lines)


def _one_big_trace(events: int, tag: str = "") -> bytes:
    """One trace of many events (a bomb's shape: repetitive, so it packs tightly); `tag`
    inside it takes the log out of the canonical grammar (lxml reads it)."""
    text = xes_log([("big", [("Front", ts(j % 60), "act") for j in range(events)])])
    return text.replace("<trace>", "<trace>" + tag, 1).encode()


@pytest.mark.parametrize("tag", ["", "<!-- lxml reads this trace -->"])
def test_a_trace_over_trace_bytes_is_too_large(tmp_path: Path, capsys, tag: str) -> None:
    log = tmp_path / "bomb.xes.gz"
    log.write_bytes(gzip.compress(_one_big_trace(40_000, tag)))
    _toml(tmp_path, trace_bytes=2 * xesgrammar.CHUNK)
    code, out, err = run(capsys, "mine", str(log))
    assert (code, out) == (2, "")
    assert "too large: a trace's text is over the limit of 2,097,152 (trace-bytes)" in err
    assert "[limits] trace-bytes = 8388608" in err
    _toml(tmp_path, trace_bytes=64 * xesgrammar.CHUNK)  # raised: the same log reads
    assert mine_json(capsys, str(log))["events"] == 40_000


def test_the_unpacked_size_is_bounded(tmp_path: Path, capsys) -> None:
    log = tmp_path / "many.xes.gz"
    log.write_bytes(gzip.compress(xes_log(_traces(3000)).encode()))
    _toml(tmp_path, unpacked_bytes=xesgrammar.CHUNK)
    code, _, err = run(capsys, "mine", str(log))
    assert code == 2
    assert "many.xes.gz: too large: the unpacked log is over the limit of 1,048,576 " \
           "(unpacked-bytes)" in err
    plain = tmp_path / "plain.xes"  # the limit is on unpacking, not on a plain file
    plain.write_bytes(gzip.decompress(log.read_bytes()))
    assert mine_json(capsys, str(plain))["cases"] == 3000


@pytest.mark.parametrize("engine", ["python", "duckdb"])
def test_a_case_over_case_events_is_too_large_in_both_engines(
        tmp_path: Path, capsys, engine: str) -> None:
    rows = [("small", "A", ts(0), "x")] + [("huge", "AB"[j % 2], ts(j % 60), "x")
                                           for j in range(101)]
    log = csv_log(tmp_path / "log.csv", rows)
    _toml(tmp_path, case_events=100)
    code, _, err = run(capsys, "mine", str(log), "--engine", engine)
    assert code == 2
    assert "log.csv: too large: case 'huge' is over the limit of 100 (case-events)" in err
    _toml(tmp_path, case_events=101)
    assert mine_json(capsys, str(log), "--engine", engine)["events"] == 102


def test_a_case_spread_over_the_log_counts_all_its_events(tmp_path: Path, capsys) -> None:
    rows = [(f"c{j % 2}", "A", ts(j % 60), "x") for j in range(12)]  # c0, c1, c0, ...
    log = csv_log(tmp_path / "log.csv", rows)
    _toml(tmp_path, case_events=5)
    code, _, err = run(capsys, "mine", str(log))
    assert code == 2 and "case 'c0' is over the limit of 5" in err


def test_mine_reads_the_config_given(tmp_path: Path, capsys) -> None:
    log = tmp_path / "log.xes"
    log.write_bytes(_one_big_trace(20))
    config = tmp_path / "elsewhere.toml"
    config.write_text("[limits]\ncase-events = 10\n")
    code, _, err = run(capsys, "mine", str(log), "--config", str(config))
    assert code == 2 and "(case-events)" in err
    config.write_text("[limits]\ncase-event = 10\n")
    code, _, err = run(capsys, "mine", str(log), "--config", str(config))
    assert code == 2 and "unknown key `[limits] case-event`" in err


def test_running_out_of_memory_is_too_large_not_a_crash(tmp_path: Path, capsys,
                                                       monkeypatch) -> None:
    from custorg.mining import pyengine

    def exhausted(*args: object) -> None:
        raise MemoryError

    monkeypatch.setattr(pyengine, "_grouped", exhausted)
    log = csv_log(tmp_path / "log.csv", [("c", "A", ts(0), "x")])
    code, _, err = run(capsys, "mine", str(log))
    assert code == 1  # issue 18 item 5: a memory error is "log too large", exit 1
    assert "log.csv: log too large: it does not fit in memory" in err


def test_duckdb_works_in_the_memory_the_config_gives(tmp_path: Path, capsys) -> None:
    """`[limits] duckdb-memory` is DuckDB's memory limit: too little is "out of memory",
    exit 1, with the key and how to raise it; enough gives the figures."""
    pytest.importorskip("duckdb")
    rows = [(f"c{j // 20}", f"U{j % 7}", ts(j % 60), f"a{j % 11}") for j in range(20_000)]
    log = csv_log(tmp_path / "log.csv", rows)
    _toml(tmp_path, duckdb_memory=1)
    code, _, err = run(capsys, "mine", str(log), "--engine", "duckdb")
    assert code == 1
    assert "log.csv: cannot read the log with duckdb: Out of Memory Error" in err
    assert "DuckDB may use 1 MiB ([limits] duckdb-memory = 1)" in err
    assert "[limits] duckdb-memory = 4, or use --engine spark" in err
    _toml(tmp_path, duckdb_memory=256 * 1024 * 1024)
    assert mine_json(capsys, str(log), "--engine", "duckdb")["events"] == 20_000


# item 12: a DOCTYPE is refused wherever it stands

_DOCTYPE = '<!DOCTYPE log [<!ENTITY e "EXPANDED">]>\n'


def _late_doctype(declaration: str) -> bytes:
    prolog = f"<?xml version=\"1.0\" encoding=\"{declaration}\"?>\n<!-- {'x' * 70_000} -->\n"
    body = xes_log([("c1", [("&e;", ts(0), "a"), ("B", ts(1), "b")])]).split("\n", 1)[1]
    return (prolog + _DOCTYPE + body).encode("ascii")


@pytest.mark.parametrize("declaration", ["US-ASCII", "UTF-8"])
def test_a_doctype_after_64_kib_of_prolog_is_refused(tmp_path: Path, capsys,
                                                     declaration: str) -> None:
    log = tmp_path / "late.xes"
    log.write_bytes(_late_doctype(declaration))
    code, out, err = run(capsys, "mine", str(log), "--format", "json")
    assert (code, out) == (1, "")
    assert "late.xes: a <!DOCTYPE> declaration: XES logs have none" in err
    assert "EXPANDED" not in err


def test_the_lxml_reader_never_expands_an_entity(tmp_path: Path) -> None:
    from custorg.mining import Columns, LogError, xeslog

    log = tmp_path / "late.xes"
    log.write_bytes(_late_doctype("US-ASCII"))
    with pytest.raises(LogError, match="DOCTYPE"):
        list(xeslog.traces(log, Columns(), set(), canonical_first=False))


# item 8: names are literal, a folder is its files in sorted order

def _rows(case: str, units: str, minute: int = 0) -> list[tuple[str, str, str, str]]:
    return [(case, unit, ts(minute + i), f"a{i}") for i, unit in enumerate(units)]


@pytest.mark.parametrize("engine", ["python", "duckdb"])
def test_a_file_named_with_a_glob_is_that_file_only(tmp_path: Path, capsys,
                                                    engine: str) -> None:
    logs = tmp_path / "logs"
    logs.mkdir()
    star = csv_log(logs / "a*.csv", _rows("c1", "AB"))
    csv_log(logs / "ab.csv", _rows("c2", "CDE"))
    csv_log(logs / "a?.csv", _rows("c3", "FG"))
    csv_log(logs / "a[b].csv", _rows("c4", "HI"))
    for name, events in (("a*.csv", 2), ("a?.csv", 2), ("a[b].csv", 2)):
        document = mine_json(capsys, str(logs / name), "--engine", engine)
        assert document["events"] == events, name
    assert mine_json(capsys, str(star), "--engine", engine)["pairs"] == [
        {"from": "A", "to": "B", "count": 1}]


def test_a_folder_is_its_parts_in_sorted_order_in_both_engines(tmp_path: Path,
                                                               capsys) -> None:
    folder = tmp_path / "parts"
    folder.mkdir()
    # c1 runs across the parts; at 10:05 its events tie: part-1's comes first
    csv_log(folder / "part-2.csv", _rows("c1", "X", 5) + _rows("c2", "CD"))
    csv_log(folder / "part-1.csv", _rows("c1", "AB", 4) + _rows("c3", "EF"))
    (folder / "notes.txt").write_text("not a part")
    (folder / ".hidden.csv").write_text("not,a,part\n")
    python = _mined(capsys, folder)
    assert python["events"] == 7
    assert python["variants"][0]["path"] == ["A", "B", "X"]  # type: ignore[index]
    assert _mined(capsys, folder, "--engine", "duckdb") == python


def test_a_parquet_folder_is_read_as_the_csv_folder(tmp_path: Path, capsys) -> None:
    duckdb = pytest.importorskip("duckdb")
    csvs, parquets = tmp_path / "csv", tmp_path / "parquet"
    csvs.mkdir()
    parquets.mkdir()
    parts = {"p1": _rows("c1", "AB", 4) + _rows("c3", "EF"),
             "p2": _rows("c1", "X", 5) + _rows("c2", "CD")}
    for name, rows in parts.items():
        csv_log(csvs / f"{name}.csv", rows)
        duckdb.sql(f"COPY (SELECT * FROM read_csv('{csvs / name}.csv', all_varchar=true)) "
                   f"TO '{parquets / name}.parquet' (FORMAT parquet)")
    expected = _mined(capsys, csvs)
    assert _mined(capsys, parquets, "--engine", "duckdb") == expected


def test_a_folder_of_mixed_or_unlike_parts_is_refused(tmp_path: Path, capsys) -> None:
    folder = tmp_path / "parts"
    folder.mkdir()
    code, _, err = run(capsys, "mine", str(folder))
    assert code == 2 and "without *.csv or *.parquet files" in err
    csv_log(folder / "a.csv", _rows("c1", "AB"))
    csv_log(folder / "b.csv", _rows("c2", "AB"), header=HEADER.replace(",", ";"))
    code, _, err = run(capsys, "mine", str(folder))
    assert code == 2 and "b.csv: its header differs from that of" in err
    (folder / "b.csv").unlink()
    (folder / "c.parquet").write_bytes(b"PAR1")
    code, _, err = run(capsys, "mine", str(folder), "--engine", "duckdb")
    assert code == 2 and "holds both *.csv and *.parquet files" in err


# item 13: YAML comments of `mine -o` escape the log's name

def test_control_characters_in_the_log_name_stay_in_their_comment(tmp_path: Path,
                                                                 capsys) -> None:
    name = "log\nunits: [x]\r\x85\u2028\x1b[2J\ufffe.csv"
    log = csv_log(tmp_path / name, _rows("c1", "AB") + _rows("c2", "AB"))
    out_dir = tmp_path / "out"
    code, _, err = run(capsys, "mine", str(log), "-o", str(out_dir))
    assert code == 0, err
    processes = (out_dir / "processes.yaml").read_text(encoding="utf-8")
    assert processes.startswith("# Mined by custorg")
    assert "log\\nunits: [x]\\r\\x85\\u2028\\x1b[2J\\ufffe.csv" in processes.splitlines()[0]
    code, out, err = run(capsys, "audit", str(out_dir), "--format", "json",
                         "--fail-on", "never")
    assert code == 0, err
    report = json.loads(out)
    assert [f["code"] for f in report["findings"] if f["code"].startswith("F")] == []
    units = yaml.safe_load((out_dir / "units.yaml").read_text(encoding="utf-8"))
    assert units["organization"]["name"] == f"Observed in {name}"  # exact, as YAML text


# item 11: --force checks every file before it writes any

def test_force_refuses_before_writing_anything(tmp_path: Path, capsys) -> None:
    log = csv_log(tmp_path / "log.csv", _rows("c1", "AB"))
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    (out_dir / "processes.yaml").write_text("# kept\n")
    os.symlink(tmp_path / "elsewhere.yaml", out_dir / "units.yaml")
    code, _, err = run(capsys, "mine", str(log), "-o", str(out_dir), "--force")
    assert code == 2 and "units.yaml: output path is a symbolic link" in err
    assert (out_dir / "processes.yaml").read_text() == "# kept\n"
    assert not (tmp_path / "elsewhere.yaml").exists()


# item 7: inputs that ended in exit 3

def test_a_log_name_that_is_not_utf8_is_written_escaped(tmp_path: Path, capsys) -> None:
    folder = os.fsencode(tmp_path)
    raw = folder + b"/a\xffb.csv"
    with open(raw, "w", encoding="utf-8") as handle:
        handle.write(HEADER + "\n" + "\n".join(",".join(r) for r in _rows("c1", "AB")) + "\n")
    out_dir = tmp_path / "out"
    code, _, err = run(capsys, "mine", os.fsdecode(raw), "-o", str(out_dir))
    assert code == 0, err
    assert "a\\xffb.csv" in (out_dir / "units.yaml").read_text(encoding="utf-8")
    document = mine_json(capsys, os.fsdecode(raw))
    assert document["log"] == "a\\xffb.csv"


def test_top_is_bounded(tmp_path: Path, capsys) -> None:
    log = csv_log(tmp_path / "log.csv", _rows("c1", "AB"))
    code, out, err = run(capsys, "mine", str(log), "--top", "100000000", "-o",
                         str(tmp_path / "out"))
    assert (code, out) == (2, "")
    assert "--top must be from 1 to 100,000, not 100000000" in err
    assert not (tmp_path / "out").exists()
    assert mine_json(capsys, str(log), "--top", "100000")["cases"] == 1
