"""Messy HR exports through the installed `custorg import table` (issue 20): a parent
column in another id space, person names in the other order, merged cells, a title above
the header and a cover sheet, --title without --person. Small fixtures in the shape of
the real files (HRDataset_v14: Employee_Name "Last, First M", ManagerName "First Last",
ManagerID in an id space of its own)."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml

import custorg

HR_HEADER = ["Employee_Name", "EmpID", "ManagerName", "ManagerID", "Department", "Position"]
HR_ROWS = [  # the managers' ManagerID is an id space of its own, not EmpID
    ["Albert, Michael", "10001", "Board of Directors", "9", "Executive Office", "CEO"],
    ["Sullivan, Kissy  J", "10002", "Michael Albert", "1", "Production", "Director"],
    ["Gray, Elijiah", "10003", "Michael Albert", "1", "Production", "Manager"],
    ["Adinolfi, Wilson  K", "10004", "Kissy Sullivan", "20", "Production", "Technician"],
    ["Anderson, Carol ", "10005", "Kissy Sullivan", "20", "Production", "Technician"],
    ["Bacong, Alejandro", "10006", "Elijiah Gray", "21", "Production", "Technician"],
    ["LeBlanc, Brandon  R", "10007", "Board of Directors", "9", "Admin Offices", "CFO"],
    ["Zamora, Jennifer", "10008", "Brandon R. LeBlanc", "3", "IT/IS", "CIO"],
    ["Roup, Simon", "10009", "jennifer  zamora", "5", "IT/IS", "IT Manager"],
    ["Smith, John", "10010", "Simon Roup", "4", "IT/IS", "Engineer"],
    ["Smith, John", "10011", "Simon Roup", "4", "IT/IS", "Engineer"],
    ["Chan, Lin", "10012", "John Smith", "4", "IT/IS", "Intern"],
    ["Dee, Ann", "10013", "Webster Butler", "39", "Sales", "Area Sales Manager"],
]


def custorg_cmd(*args: str) -> subprocess.CompletedProcess[str]:
    """The installed command (`python -m custorg`, this checkout first on the path)."""
    src = str(Path(custorg.__file__).parents[1])
    env = {**os.environ, "NO_COLOR": "1",
           "PYTHONPATH": os.pathsep.join([src, os.environ.get("PYTHONPATH", "")])}
    return subprocess.run([sys.executable, "-m", "custorg", *args], capture_output=True,
                          text=True, timeout=120, env=env)


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as out:
        csv.writer(out).writerows(rows)
    return path


def units_of(folder: Path) -> dict[str, dict[str, object]]:
    data = yaml.safe_load((folder / "units.yaml").read_text(encoding="utf-8"))
    return {u["id"]: u for u in data["units"]}


@pytest.fixture
def hr(tmp_path: Path) -> Path:
    return write_csv(tmp_path / "HRDataset_v14.csv", [HR_HEADER] + HR_ROWS)


# ------------------------------------------------------------------ item 2: parent key

def test_parent_ids_from_another_id_space_exit_1_with_the_fix(hr: Path, tmp_path: Path
                                                              ) -> None:
    done = custorg_cmd("import", "table", str(hr), "-o", str(tmp_path / "org"), "--id",
                       "EmpID", "--parent", "ManagerID")
    assert done.returncode == 1, done.stderr
    assert ("HRDataset_v14.csv: 13 of the 13 non-empty parent values name no row (e.g. "
            "line 2: '9'; line 3: '1'; line 4: '1'); they are looked up in column 'EmpID' "
            "(--id).") in done.stderr
    assert "--parent-key COL" in done.stderr and "--allow-unresolved" in done.stderr
    assert not (tmp_path / "org").exists()


def test_allow_unresolved_keeps_going(hr: Path, tmp_path: Path) -> None:
    out = tmp_path / "org"
    done = custorg_cmd("import", "table", str(hr), "-o", str(out), "--id", "EmpID",
                       "--parent", "ManagerID", "--allow-unresolved")
    assert done.returncode == 0, done.stderr
    units = units_of(out)
    # every ManagerID several rows share is a placeholder; '3', '5' and '39' one row each
    assert sorted(u for u in units if not u.startswith("100")) == ["1", "20", "4", "9"]
    assert units["9"] == {"id": "9", "name": "9"} and units["10001"]["parent"] == "9"
    assert "parent" not in units["10008"]


def test_parent_key_matches_names_in_either_order(hr: Path, tmp_path: Path) -> None:
    out = tmp_path / "org"
    done = custorg_cmd("import", "table", str(hr), "-o", str(out), "--id", "EmpID",
                       "--parent", "ManagerName", "--parent-key", "Employee_Name",
                       "--name", "Position", "--function", "Department")
    assert done.returncode == 0, done.stderr
    units = units_of(out)
    parents = {u: units[u].get("parent") for u in units}
    assert parents == {
        "Board-of-Directors": None,  # a placeholder: two rows name it, no row is it
        "10001": "Board-of-Directors", "10007": "Board-of-Directors",
        "10002": "10001", "10003": "10001",  # "Michael Albert" = "Albert, Michael"
        "10004": "10002", "10005": "10002",  # a middle initial and double space ignored
        "10006": "10003",
        "10008": "10007",  # "Brandon R. LeBlanc" = "LeBlanc, Brandon  R"
        "10009": "10008",  # case and spaces ignored
        "10010": "10009", "10011": "10009",
        "10012": None,  # "John Smith": two rows have that name: ambiguous
        "10013": None,  # "Webster Butler": one row names him, no row is him
    }
    assert units["Board-of-Directors"] == {"id": "Board-of-Directors",
                                           "name": "Board of Directors"}
    report = (out / "import-report.md").read_text(encoding="utf-8")
    assert "| parent value naming no row, shared by several rows | 1 |" in report
    assert "line 2: 'Board of Directors': 2 rows" in report
    assert ("line 13: '10012' reports to 'John Smith', which names 2 rows: '10010', "
            "'10011'") in report
    assert "line 14: '10013' reports to 'Webster Butler'" in report
    assert "13 units, one per row with an id" in report
    assert "- 1 placeholder unit, one per parent value that several rows share" in report
    assert "placeholder unit named after the value" in done.stderr
    audit = custorg_cmd("audit", str(out), "--fail-on", "never")
    assert audit.returncode == 0 and "14 units" in audit.stdout


def test_an_exact_key_wins_over_a_name_match(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "t.csv", [["id", "boss"], ["Smith, Ann", ""],
                                          ["Ann Smith", ""], ["x", "Ann Smith"]])
    out = tmp_path / "org"
    done = custorg_cmd("import", "table", str(path), "-o", str(out), "--id", "id",
                       "--parent", "boss")
    assert done.returncode == 0, done.stderr
    assert units_of(out)["x"]["parent"] == "Ann-Smith"


# ------------------------------------------------------------------ item 3: merged cells

def _merged_book(path: Path) -> Path:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Org"
    sheet.append(["Id", "Parent", "Function", "FTE"])
    for row in (["hq", None, "Executive", 1], ["s1", "hq", "Sales", 2], ["s2", "hq", None, 3],
                ["s3", "hq", None, 4], ["f1", "hq", "Finance", 5], ["f2", "hq", None, 6]):
        sheet.append(row)
    sheet.merge_cells("C3:C5")  # Sales, for s1..s3
    sheet.merge_cells("C6:C7")  # Finance, for f1 and f2
    book.save(path)
    return path


def test_merged_cells_give_every_cell_the_value(tmp_path: Path) -> None:
    path = _merged_book(tmp_path / "org.xlsx")
    out = tmp_path / "org"
    done = custorg_cmd("import", "table", str(path), "-o", str(out), "--id", "Id",
                       "--parent", "Parent", "--function", "Function", "--fte", "FTE")
    assert done.returncode == 0, done.stderr
    functions = {u: v.get("function") for u, v in units_of(out).items()}
    assert functions == {"hq": "executive", "s1": "sales", "s2": "sales", "s3": "sales",
                         "f1": "finance", "f2": "finance"}
    report = (out / "import-report.md").read_text(encoding="utf-8")
    assert "| merged cell range | 2 | gave every cell of the range the value" in report
    assert "- org.xlsx, line 3: C3:C5 ('Sales')" in report
    assert "- org.xlsx, line 6: C6:C7 ('Finance')" in report
    assert "None: every row was used as it is" not in report


def _with_merges(path: Path, ranges: str) -> Path:
    """The workbook with its sheet's merged ranges replaced by `ranges`."""
    with zipfile.ZipFile(path) as book:
        parts = {name: book.read(name) for name in book.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"]
    start, end = sheet.index(b"<mergeCells"), sheet.index(b"</mergeCells>") + 13
    parts["xl/worksheets/sheet1.xml"] = (sheet[:start] + b"<mergeCells>" + ranges.encode()
                                         + b"</mergeCells>" + sheet[end:])
    bomb = path.with_name("bomb.xlsx")
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as book:
        for name, data in parts.items():
            book.writestr(name, data)
    return bomb


def test_a_bomb_of_merged_ranges_is_refused_by_the_cell_limit(tmp_path: Path) -> None:
    whole = '<mergeCell ref="A2:XFD1048576"/>'  # each cut to the used range: 6 x 4 cells
    path = _with_merges(_merged_book(tmp_path / "org.xlsx"), whole * 21)
    (tmp_path / "custorg.toml").write_text("[limits]\nxlsx-cells = 500\n", encoding="utf-8")
    done = custorg_cmd("import", "table", str(path), "-o", str(tmp_path / "org"), "--id",
                       "Id", "--parent", "Parent")
    assert done.returncode == 2, done.stderr
    assert ("bomb.xlsx: too large: the merged ranges of sheet 'Org' (xl/worksheets/"
            "sheet1.xml, byte ") in done.stderr
    assert "504 cells to fill, in a used range of 7 rows x 4 columns)" in done.stderr
    assert "(xlsx-cells)" in done.stderr
    path = _with_merges(_merged_book(tmp_path / "org.xlsx"), whole * 20)  # 480 cells
    out = tmp_path / "org"
    done = custorg_cmd("import", "table", str(path), "-o", str(out), "--id", "Id",
                       "--parent", "Parent", "--function", "Function")
    assert done.returncode == 0, done.stderr
    assert units_of(out) == {"hq": {"id": "hq", "function": "hq"}}  # A2's text everywhere
    assert "20  merged cell range" in done.stderr


# ------------------------------------------------------- item 4: title row, cover sheet

def _titled_book(path: Path) -> Path:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    cover = book.active
    cover.title = "Cover"
    cover.append(["Staff list, March 2024"])
    cover.append(["Confidential"])
    staff = book.create_sheet("Staff")
    staff.append(["ACME Ltd: positions"])
    staff.merge_cells("A1:C1")
    staff.append([])
    staff.append(["Position", "Reports to", "Title"])
    staff.append(["ceo", None, "Chief executive"])
    staff.append(["cfo", "ceo", "Finance director"])
    book.save(path)
    return path


def test_cover_sheet_and_title_row_say_what_to_give(tmp_path: Path) -> None:
    path = _titled_book(tmp_path / "staff.xlsx")
    done = custorg_cmd("import", "table", str(path), "-o", str(tmp_path / "org"), "--id",
                       "Position", "--parent", "Reports to")
    assert done.returncode == 2
    assert ("staff.xlsx: no column 'Position' for --id; the columns are: 'Staff list, "
            "March 2024' (read from row 1); the workbook's sheets are: 'Cover', 'Staff': "
            "choose one with --sheet NAME, and the header's row with --header-row N"
            ) in done.stderr
    done = custorg_cmd("import", "table", str(path), "-o", str(tmp_path / "org"), "--id",
                       "Position", "--parent", "Reports to", "--sheet", "Staff")
    assert done.returncode == 2
    assert ("(read from row 1; row 3 has a column 'Position': add --header-row 3)"
            in done.stderr)


def test_header_row_reads_the_table_below_a_title(tmp_path: Path) -> None:
    path = _titled_book(tmp_path / "staff.xlsx")
    out = tmp_path / "org"
    done = custorg_cmd("import", "table", str(path), "-o", str(out), "--id", "Position",
                       "--parent", "Reports to", "--name", "Title", "--sheet", "Staff",
                       "--header-row", "3")
    assert done.returncode == 0, done.stderr
    assert units_of(out) == {"ceo": {"id": "ceo", "name": "Chief executive"},
                             "cfo": {"id": "cfo", "name": "Finance director",
                                     "parent": "ceo"}}
    report = (out / "import-report.md").read_text(encoding="utf-8")
    assert "sheet 'Staff', header on row 3, 2 rows of data" in report
    assert "merged" not in report  # the title's merged range is above the header
    assert "--header-row 3" in report


def test_header_row_in_a_csv_skips_the_lines_above(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_text("HR export,,\nrun 2024-03-01,,\nid,parent,name\na,,A\nb,a,B\n",
                    encoding="utf-8")
    out = tmp_path / "org"
    done = custorg_cmd("import", "table", str(path), "-o", str(out), "--id", "id",
                       "--parent", "parent", "--header-row", "3")
    assert done.returncode == 0, done.stderr
    assert sorted(units_of(out)) == ["a", "b"]
    done = custorg_cmd("import", "table", str(path), "-o", str(tmp_path / "o2"), "--id",
                       "id", "--parent", "parent", "--header-row", "9")
    assert done.returncode == 2
    assert "--header-row 9: the file has no line 9 with cells" in done.stderr
    done = custorg_cmd("import", "table", str(path), "-o", str(tmp_path / "o3"), "--id",
                       "id", "--parent", "parent")
    assert done.returncode == 2 and "line 3 has a column 'id': add --header-row 3" \
        in done.stderr


# ------------------------------------------------------------ item 6: --title alone

def test_title_without_person_is_refused(hr: Path, tmp_path: Path) -> None:
    done = custorg_cmd("import", "table", str(hr), "-o", str(tmp_path / "org"), "--id",
                       "EmpID", "--parent", "ManagerName", "--title", "Position")
    assert done.returncode == 2
    assert "--title is the job title of the person --person creates: give --person COL" \
        in done.stderr
