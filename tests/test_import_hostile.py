"""Malformed exports: each gives a clear message (exit 2, the file and what to do) or a
report entry, never a traceback (exit 3)."""

from __future__ import annotations

from pathlib import Path

import pytest

from custorg.cli import main
from custorg.importer import readers
from import_fixtures import JUNIOR_2011, SENIOR_2011, csv_text, dvla_files, senior_row


@pytest.fixture(autouse=True)
def _no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")


def table(capsys: pytest.CaptureFixture[str], path: Path, *extra: str) -> tuple[int, str]:
    out = path.parent / "out"
    code = main(["import", "table", str(path), "-o", str(out), "--id", "id", "--parent",
                 "parent", *extra])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    return code, captured.err


def test_empty_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    assert table(capsys, path) == (2, "custorg: error: " + str(path) + ": the file is empty; "
                                   "export the data again\n")
    path.write_bytes(b" \r\n\n")
    assert "the file is empty" in table(capsys, path)[1]
    assert not (tmp_path / "out").exists()


def test_header_only(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "head.csv"
    path.write_text("\n\nid,parent\n", encoding="utf-8")
    code, err = table(capsys, path)
    assert code == 2 and "head.csv: has a header (line 3) but no rows of data" in err


def test_header_only_junior_file_is_no_junior_staff(tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]
                                                     ) -> None:
    senior, junior = dvla_files(tmp_path)
    junior.write_text(csv_text([JUNIOR_2011]), encoding="utf-8")
    code = main(["import", "organogram", str(senior), str(junior), "-o", str(tmp_path / "o")])
    assert code == 0 and "post-196" in (tmp_path / "o" / "units.yaml").read_text("utf-8")
    assert "0 junior rows" not in capsys.readouterr().err


@pytest.mark.parametrize("data", [
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4,
    bytes(range(1, 32)) * 40 + b"id,parent\n",  # control characters, no NUL
], ids=["png", "controls"])
def test_binary(tmp_path: Path, capsys: pytest.CaptureFixture[str], data: bytes) -> None:
    path = tmp_path / "photo.csv"
    path.write_bytes(data)
    code, err = table(capsys, path)
    assert code == 2 and "photo.csv: it is not a text file" in err


def test_spreadsheet_that_is_not_one(tmp_path: Path, capsys: pytest.CaptureFixture[str]
                                     ) -> None:
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"PK\x03\x04" + b"\x00garbage" * 100)
    code, err = table(capsys, path)
    assert code == 2 and "broken.xlsx: cannot read it as a spreadsheet" in err


def test_wrong_encodings(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "x.csv"
    path.write_bytes("id,parent\n1,\n2,1\n".encode("utf-16-le"))  # no byte-order mark
    code, err = table(capsys, path)
    assert code == 2 and "looks like UTF-16 without a byte-order mark" in err
    path.write_bytes(b"id,parent\n1,\n2,\x81\x8d\n")  # neither UTF-8 nor cp1252
    code, err = table(capsys, path)
    assert code == 2 and "x.csv: line 3: byte 0x81 is neither UTF-8 nor Windows-1252" in err


def test_utf16_with_bom_and_utf8_bom_are_read(tmp_path: Path) -> None:
    for encoding, label in (("utf-16", "UTF-16"), ("utf-8-sig", "UTF-8 with BOM")):
        path = tmp_path / f"{encoding}.csv"
        path.write_text("id\tparent\tname\n1\t\tŽydrūnė\n", encoding=encoding)
        anomalies = readers.Anomalies()
        read = readers.read_table(str(path), anomalies)
        assert read.described == f"CSV, {label}, tab-separated"
        assert read.header == ["id", "parent", "name"] and read.rows[0].cells[2] == "Žydrūnė"


def test_missing_organogram_column(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    header = [("Reports To Senior Post" if h == "Reports to Senior Post" else h)
              for h in SENIOR_2011]
    header[10] = "Reports to Senior Posts"
    path = tmp_path / "s.csv"
    path.write_text(csv_text([header, senior_row("1", "A", "B", "U", "XX", "1", "P")]),
                    encoding="utf-8")
    code = main(["import", "organogram", str(path), "-o", str(tmp_path / "o")])
    err = capsys.readouterr().err
    assert code == 2
    assert ("s.csv: no column 'Reports to Senior Post' (did you mean 'Reports to Senior "
            "Posts'?); the columns are: 'Post Unique Reference', 'Name'") in err


def test_ragged_rows_are_read_and_reported(tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "r.csv"
    path.write_text("id,parent,name\n1,,Boss\n2,1\n3,1,Team,extra,more\n4,1,Trailing,\n",
                    encoding="utf-8")
    code, err = table(capsys, path, "--name", "name")
    assert code == 0
    assert "row with fewer cells than the header: read the missing cells as empty " \
           "(e.g. r.csv:3)" in err
    assert "row with more cells than the header: ignored the cells past the last named " \
           "column (e.g. r.csv:4)" in err
    report = (tmp_path / "out" / "import-report.md").read_text(encoding="utf-8")
    assert "- r.csv, line 3: 2 cells, the header has 3" in report
    assert "line 5" not in report  # an empty trailing cell is no anomaly


def test_cycle_and_duplicate_ids_are_report_entries(tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "c.csv"
    path.write_text("id,parent\nb,a\na,b\nb,\n", encoding="utf-8")
    code, err = table(capsys, path)
    assert code == 0
    assert "1  reporting cycle: broke it at its smallest id, which became a top unit " \
           "(e.g. c.csv:3)" in err
    assert "1  duplicate id: kept the first row, skipped the later ones (e.g. c.csv:4)" in err
    assert main(["audit", str(tmp_path / "out")]) in (0, 1)
    assert "S001" not in capsys.readouterr().out


def test_a_50_mb_cell(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "big.csv"
    with path.open("wb") as f:  # an unclosed quote swallows the rest of the file
        f.write(b'id,parent\n1,"')
        f.write(b"x" * (50 * 2**20))
    code, err = table(capsys, path)
    assert code == 2
    assert "big.csv: line 2: cannot read this CSV row (field larger than field limit" in err
    assert "look for an unclosed quote" in err


def test_a_50_mb_binary_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "dump.csv"
    path.write_bytes(b"\x00\xff" * (25 * 2**20))
    code, err = table(capsys, path)
    assert code == 2 and "dump.csv: it" in err


def test_a_file_over_the_size_limit(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(readers, "MAX_BYTES", 1000)
    path = tmp_path / "huge.csv"
    path.write_text("id,parent\n" + "1,\n" * 600, encoding="utf-8")
    code, err = table(capsys, path)
    assert code == 2
    assert "huge.csv: 1,810 bytes, more than the 1,000 custorg reads; split the export" in err


def test_not_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert "no such file" in table(capsys, tmp_path / "missing.csv")[1]
    (tmp_path / "folder.csv").mkdir()
    assert "is a folder" in table(capsys, tmp_path / "folder.csv")[1]


def test_terminal_escapes_in_names_do_not_reach_stderr(tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]
                                                       ) -> None:
    path = tmp_path / "esc.csv"
    path.write_text('id,parent\n"a\x1b[2J",zz\n', encoding="utf-8")
    code, err = table(capsys, path, "--allow-unresolved")  # its one parent names no row
    assert code == 0 and "\x1b" not in err
    report = (tmp_path / "out" / "import-report.md").read_text(encoding="utf-8")
    assert "\x1b" not in report and "\\\\x1b\\[2J" in report
