"""Hostile exports that used to cost a crash (exit 3) or gigabytes: spreadsheets whose
used range or unpacked XML is huge (refused before calamine loads a cell, exit 2 "too
large", the limit named), ids of thousands of digits, file names that are not UTF-8."""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

import pytest

from custorg.cli import main
from custorg.errors import UsageError
from custorg.importer.sheetsize import check_loaded
from custorg.importer.sheetxml import SheetError, XlsxRange


@pytest.fixture(autouse=True)
def _no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")


def table(capsys: pytest.CaptureFixture[str], path: Path | bytes, *extra: str
          ) -> tuple[int, str]:
    name = os.fsdecode(path)
    out = os.path.join(os.path.dirname(name), "out")
    code = main(["import", "table", name, "-o", out, "--id", "id", "--parent", "parent",
                 *extra])
    err = capsys.readouterr().err
    assert "Traceback" not in err and "internal error" not in err
    return code, err


# --------------------------------------------------------------------- item 7: exit 3

def test_an_id_of_5000_digits_is_imported(tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    big = "7" * 5000  # int() refuses over 4,300 digits: the sort of ids must not use it
    path = tmp_path / "ids.csv"
    path.write_text(f"id,parent\n{big},\n{big}1,{big}\n9,{big}\n", encoding="utf-8")
    code, _ = table(capsys, path)
    assert code == 0
    units = (tmp_path / "out" / "units.yaml").read_text(encoding="utf-8")
    assert units.index("id: '9'") < units.index(f"id: '{big}'") < units.index(f"{big}1'")


def test_a_file_name_with_a_0xff_byte(tmp_path: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    path = os.fsencode(tmp_path) + b"/hr\xffexport.csv"
    with open(path, "wb") as f:
        f.write(b"id,parent\n1,\n2,1\n")
    code, err = table(capsys, path)
    assert code == 0 and "2 units, 0 people" in err
    units = (tmp_path / "out" / "units.yaml").read_text(encoding="utf-8")
    assert "name: hr\\xffexport\n" in units
    assert units.startswith('# custorg org "hr\\xffexport", imported')  # escaped once
    assert main(["audit", str(tmp_path / "out"), "--select", "S"]) == 0


# ------------------------------------------------------------ item 2: spreadsheet bombs

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_DOC = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_HEAD = ('<row r="1"><c r="A1" t="inlineStr"><is><t>id</t></is></c>'
         '<c r="B1" t="inlineStr"><is><t>parent</t></is></c></row>')


def xlsx(path: Path, rows: str, dimension: str | None = None) -> Path:
    """A one-sheet workbook written by hand, so a test controls every byte of the sheet's
    XML (the header row id, parent first)."""
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    sheet = (f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{_MAIN}">{dim}'
             f"<sheetData>{_HEAD}{rows}</sheetData></worksheet>")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as book:
        book.writestr("[Content_Types].xml", "<Types/>")
        book.writestr("_rels/.rels", f'<Relationships xmlns="{_RELS}"><Relationship Id="rId1" '
                      f'Type="{_DOC}/officeDocument" Target="xl/workbook.xml"/></Relationships>')
        book.writestr("xl/workbook.xml", f'<workbook xmlns="{_MAIN}" xmlns:r="{_DOC}"><sheets>'
                      '<sheet name="Staff" sheetId="1" r:id="rId1"/></sheets></workbook>')
        book.writestr("xl/_rels/workbook.xml.rels", f'<Relationships xmlns="{_RELS}">'
                      f'<Relationship Id="rId1" Type="{_DOC}/worksheet" '
                      'Target="worksheets/sheet1.xml"/></Relationships>')
        book.writestr("xl/worksheets/sheet1.xml", sheet)
    return path


def cell(ref: str, value: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{value}</t></is></c>'


def limits_toml(folder: Path, **limits: int) -> None:
    (folder / "custorg.toml").write_text(
        "[limits]\n" + "".join(f"{k.replace('_', '-')} = {v}\n" for k, v in limits.items()),
        encoding="utf-8")


@pytest.mark.parametrize("dimension", [None, "A1:B2"], ids=["no-dimension", "lying"])
def test_one_cell_at_xfd1048576_is_too_large(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str],
                                             dimension: str | None) -> None:
    path = xlsx(tmp_path / "bomb.xlsx", '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>',
                dimension)
    assert path.stat().st_size < 2000
    code, err = table(capsys, path)
    assert code == 2
    assert ("bomb.xlsx: too large: the used range of sheet 'Staff' (xl/worksheets/sheet1.xml"
            in err)
    assert ("1,048,576 rows x 16,384 columns, to cell XFD1048576) is over the limit of "
            "10,000,000 (xlsx-cells); if the input is genuine, raise it in custorg.toml: "
            "[limits] xlsx-cells = 40000000") in err
    assert not (tmp_path / "out").exists()


def test_the_cells_are_the_truth_not_a_large_dimension(tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]
                                                       ) -> None:
    path = xlsx(tmp_path / "wide.xlsx", f'<row r="2">{cell("A2", "u1")}</row>'
                '<row r="3"><c r="ZZ900000" s="1"/></row>',  # empty styled cell: no value
                dimension="A1:XFD1048576")
    code, err = table(capsys, path)
    assert code == 0 and "1 units, 0 people" in err


def test_the_limit_is_raised_in_custorg_toml(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    path = xlsx(tmp_path / "t.xlsx", f'<row r="2">{cell("A2", "u1")}</row>'
                f'<row r="3">{cell("A3", "u2")}{cell("B3", "u1")}</row>')  # 3 x 2 cells
    limits_toml(tmp_path, xlsx_cells=5)
    code, err = table(capsys, path)
    assert code == 2 and "(t.xlsx" not in err and "3 rows x 2 columns, to cell B3" in err
    assert "[limits] xlsx-cells = 20" in err
    limits_toml(tmp_path, xlsx_cells=6)
    assert table(capsys, path)[0] == 0
    other = tmp_path / "elsewhere.toml"  # --config wins over the file found upward
    other.write_text("[limits]\nxlsx-cells = 1\n", encoding="utf-8")
    code, err = table(capsys, path, "--config", str(other), "--force")
    assert code == 2 and "over the limit of 1 (xlsx-cells)" in err


def test_cells_without_a_reference_take_the_next_place(tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]
                                                       ) -> None:
    path = xlsx(tmp_path / "implicit.xlsx", "<row><c><v>1</v></c><c><v>2</v></c>"
                "<c><v>3</v></c></row><row><c><v>4</v></c></row>")  # 3 rows x 3 columns
    limits_toml(tmp_path, xlsx_cells=8)
    code, err = table(capsys, path)
    assert code == 2 and "3 rows x 3 columns, to cell C3" in err


@pytest.mark.parametrize(("ref", "problem"), [
    ("A99999999999", "cell reference 'A99999999999' is not a reference such as B7"),
    ("1A", "cell reference '1A' is not a reference such as B7"),
    ("XFE2", "cell reference 'XFE2' is outside a sheet (columns A to XFD, rows 1 to "
             "1,048,576)"),
    ("A1048577", "cell reference 'A1048577' is outside a sheet"),
    ("B2\x1b[2J", "cell reference 'B2\\\\x1b[2J' is not a reference"),
])
def test_a_malformed_cell_reference_is_a_clear_error(tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str],
                                                     ref: str, problem: str) -> None:
    path = xlsx(tmp_path / "odd.xlsx", f'<row r="2"><c r="{ref}"><v>1</v></c></row>')
    code, err = table(capsys, path)
    assert code == 2, err
    assert "odd.xlsx: sheet 'Staff' (xl/worksheets/sheet1.xml, byte " in err
    assert problem in err and "open it in one and save it again" in err
    assert "\x1b" not in err


def test_unpacked_xml_over_the_limit(tmp_path: Path,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    rows = "".join(f'<row r="{n}">{cell(f"A{n}", f"u{n}")}{cell(f"B{n}", "u2")}</row>'
                   for n in range(2, 40_000))  # about 4 MB of XML, 80,000 cells
    path = xlsx(tmp_path / "long.xlsx", rows)
    assert path.stat().st_size < 2**20  # under the limit: the unpacked XML is not
    limits_toml(tmp_path, xlsx_unpacked_bytes=2**20)
    code, err = table(capsys, path)
    assert code == 2
    assert ("long.xlsx: too large: the XML calamine reads, unpacked (the limit is reached "
            "inside xl/worksheets/sheet1.xml, part 5 of those read)") in err
    assert ("is over the limit of 1,048,576 (xlsx-unpacked-bytes); if the input is genuine, "
            "raise it in custorg.toml: [limits] xlsx-unpacked-bytes = 4194304") in err


def test_a_zip_of_many_parts(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = xlsx(tmp_path / "parts.xlsx", "")
    with zipfile.ZipFile(path, "a") as book:
        for n in range(20):
            book.writestr(f"xl/media/image{n}.png", b"")
    limits_toml(tmp_path, xlsx_parts=10)
    code, err = table(capsys, path)
    assert code == 2
    assert "parts.xlsx: too large: the zip's directory (25 parts) is over the limit of 10 " \
           "(xlsx-parts)" in err


def test_two_parts_of_one_name_and_xlsb_are_refused(tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]
                                                    ) -> None:
    path = xlsx(tmp_path / "twice.xlsx", "")
    with pytest.warns(UserWarning), zipfile.ZipFile(path, "a") as book:
        book.writestr("xl/worksheets/sheet1.xml", "<worksheet/>")
    code, err = table(capsys, path)
    assert code == 2
    assert ("twice.xlsx: cannot read it as a spreadsheet (a damaged zip: two parts named "
            "'xl/worksheets/sheet1.xml')") in err
    binary = tmp_path / "b.xlsb"
    with zipfile.ZipFile(binary, "w") as book:
        book.writestr("xl/workbook.bin", b"\x83\x01\x00")
    code, err = table(capsys, binary)
    assert code == 2 and "b.xlsb: an XLSB (binary) workbook" in err


def test_a_workbook_anywhere_that_rels_names_is_checked(tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]
                                                       ) -> None:
    """calamine follows _rels/.rels: a bomb in a workbook moved out of xl/, beside a
    harmless xl/workbook.xml, is found (every part is scanned)."""
    path = xlsx(tmp_path / "moved.xlsx", "")
    with pytest.warns(UserWarning), zipfile.ZipFile(path, "a") as book:
        book.writestr("_rels/.rels", f'<Relationships xmlns="{_RELS}"><Relationship Id="rId1" '
                      f'Type="{_DOC}/officeDocument" Target="/doc/workbook.xml"/>'
                      "</Relationships>")
        book.writestr("doc/workbook.xml", "<workbook/>")
        book.writestr("doc/sheet.xml", '<sheetData><row r="1048576"><c r="XFD1048576">'
                      "<v>1</v></c></row></sheetData>")
    path.write_bytes(_without_first_rels(path.read_bytes()))
    code, err = table(capsys, path)
    assert code == 2
    assert "moved.xlsx: too large: the used range of part doc/sheet.xml" in err
    binary = xlsx(tmp_path / "moved.xlsb", "")
    with pytest.warns(UserWarning), zipfile.ZipFile(binary, "a") as book:
        book.writestr("_rels/.rels", f'<Relationships xmlns="{_RELS}"><Relationship Id="rId1" '
                      f'Type="{_DOC}/officeDocument" Target="doc/book.dat"/></Relationships>')
        book.writestr("doc/book.dat", b"\x83\x01\x00\x00")
    binary.write_bytes(_without_first_rels(binary.read_bytes()))
    code, err = table(capsys, binary)
    assert code == 2 and "moved.xlsb: an XLSB (binary) workbook" in err


def _without_first_rels(data: bytes) -> bytes:
    """The zip with only the last of its two _rels/.rels entries (zipfile cannot drop one)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    infos = source.infolist()
    last = {info.filename: info for info in infos}
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in infos:
            if last[info.filename] is info:
                target.writestr(info.filename, source.read(info))
    return out.getvalue()


def test_a_damaged_zip(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = xlsx(tmp_path / "cut.xlsx", "")
    path.write_bytes(path.read_bytes()[:-30])  # the end of the directory lost
    code, err = table(capsys, path)
    assert code == 2 and "cut.xlsx: cannot read it as a spreadsheet (a damaged zip: " in err


def test_merged_and_plain_sheets_import_identically(tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]
                                                    ) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    written = []
    for merged in (False, True):
        book = openpyxl.Workbook()
        sheet = book.active
        for row in (["id", "parent", "name", ""], ["u1", "", "Board", ""],
                    ["u2", "u1", "Sales", ""], ["u3", "u1", "Finance", ""]):
            sheet.append(row)
        if merged:
            sheet.merge_cells("C2:D2")
            sheet.merge_cells("E5:F9")
        folder = tmp_path / str(merged)
        folder.mkdir()
        book.save(folder / "staff.xlsx")
        code, _ = table(capsys, folder / "staff.xlsx", "--name", "name")
        assert code == 0
        text = (folder / "out" / "units.yaml").read_text(encoding="utf-8")
        written.append(text[text.index("\ncustorg: 1"):])  # past the comment (file hash)
    assert written[0] == written[1] and "name: Sales" in written[0]


def test_declared_sizes_are_not_trusted(tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    path = xlsx(tmp_path / "liar.xlsx", "".join(
        f'<row r="{n}">{cell(f"A{n}", "x" * 500)}</row>' for n in range(2, 3000)))
    data = bytearray(path.read_bytes())
    directory = data.index(b"PK\x01\x02")
    entry = data.rindex(b"PK\x01\x02", 0, data.index(b"xl/worksheets/sheet1.xml", directory))
    data[entry + 24:entry + 28] = (100).to_bytes(4, "little")  # "unpacks to 100 bytes"
    path.write_bytes(bytes(data))
    limits_toml(tmp_path, xlsx_unpacked_bytes=2**20)
    code, err = table(capsys, path)
    assert code == 2 and "(xlsx-unpacked-bytes)" in err


@pytest.mark.parametrize("size", [1, 7, 4096])
def test_the_scan_reads_a_tag_split_across_chunks(size: int) -> None:
    text = (b'<worksheet><sheetData><row r="1"><c t=">" r="XFD1048576" s="1"><v>1</v></c>'
            b"</row></sheetData></worksheet>")
    scan = XlsxRange(10_000_000)
    with pytest.raises(SheetError) as caught:
        for at in range(0, len(text), size):
            scan.feed(text[at:at + size])
        scan.close()
    assert caught.value.cells == (1_048_576, 16_384)
    assert caught.value.offset == text.index(b"<v>")


def test_a_tag_of_over_a_mebibyte_is_malformed() -> None:
    scan = XlsxRange(10)
    scan.feed(b"<sheetData><c r=\"A1\" x=\"")
    with pytest.raises(SheetError, match="a tag of over 1,048,576 bytes"):
        for _ in range(3):
            scan.feed(b"y" * 2**19)


def test_a_loaded_sheet_is_checked_before_rows_are_built() -> None:
    from custorg.limits import Limits

    check_loaded(256, 65_536 // 2, "a.xls", "Staff", Limits())  # half of BIFF8's sheet
    with pytest.raises(UsageError, match=r"a.xls: too large: the used range of sheet 'Staff' "
                       r"\(65,536 rows x 256 columns, to cell IV65536\) is over the limit of "
                       r"10,000,000 \(xlsx-cells\)"):
        check_loaded(256, 65_536, "a.xls", "Staff", Limits())


@pytest.mark.parametrize(("tag", "found"), [
    (b"<c t='s' r='XFD1048576'>", (1_048_576, 16_384)),  # not first, single quotes
    (b'<x:c r="c7">', (7, 3)),  # a prefix, lower case
    (b'<c r="B2" r="XFD1048576">', "a cell with two r attributes"),
    (b'<row r="B2">', "row number 'B2' is not a whole number"),
])
def test_uncommon_cell_forms(tag: bytes, found: tuple[int, int] | str) -> None:
    scan = XlsxRange(20)
    with pytest.raises(SheetError) as caught:
        scan.feed(b'<sheetData><row r="1">' + tag + b"<v>1</v></c></row></sheetData>")
        scan.close()
        raise SheetError(0, cells=(scan.rows, scan.columns))  # under the limit: its range
    assert (caught.value.cells or caught.value.problem) == found
