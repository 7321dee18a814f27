"""`custorg import table`: any HR export. The DVLA-shaped posts written as a generic CSV
(comma; semicolon with decimal commas) and as XLSX give the figures of `--by post`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from custorg.errors import UsageError
from custorg.importer import Spec, import_organogram, import_table, write_folder
from import_fixtures import audit_folder, csv_text, dvla_files, figures

HEADER = ["Position ID", "Reports To", "Job Title", "Job Family", "FTE", "Holder", "Role"]
SPEC = Spec(id="Position ID", parent="Reports To", name="Job Title", function="Job Family",
            fte="FTE", person="Holder", title="Role")


def generic_rows(tmp_path: Path, comma: bool = False) -> list[list[str]]:
    """The organogram's posts as one row per position, FTE already summed per post."""
    result = import_organogram(*map(str, dvla_files(tmp_path)))
    people = {p["id"]: p for p in result.people}
    rows = []
    for u in result.units:
        fte = str(u["fte"]).replace(".", ",") if comma else str(u["fte"])
        person = people[u["head"]]
        rows.append([u["id"].removeprefix("post-"), u.get("parent", "").removeprefix("post-"),
                     u["name"], u["function"].upper(), fte, person["name"],
                     person["title"]])
    return rows


def run_table(tmp_path: Path, path: Path, spec: Spec = SPEC, name: str = "out") -> Path:
    out = tmp_path / name
    write_folder(import_table(str(path), spec), str(out), [str(path)])
    return out


def by_post_figures(tmp_path: Path) -> dict[str, Any]:
    senior, junior = dvla_files(tmp_path)
    out = tmp_path / "by-post"
    write_folder(import_organogram(str(senior), str(junior)), str(out), [])
    return figures(audit_folder(out))


def test_comma_csv_gives_the_figures_of_by_post(tmp_path: Path) -> None:
    path = tmp_path / "positions.csv"
    path.write_text(csv_text([HEADER] + generic_rows(tmp_path), quote_all=False),
                    encoding="utf-8")
    report = audit_folder(run_table(tmp_path, path))
    assert figures(report) == by_post_figures(tmp_path)
    assert report.org is not None and report.org.unit_by_id["196"].fte == 4366.2


def test_semicolon_csv_with_decimal_commas_gives_the_same_figures(tmp_path: Path) -> None:
    path = tmp_path / "stanowiska.csv"
    rows = generic_rows(tmp_path, comma=True)
    rows[0][5] = "Renée Dupré, £ & €"  # Windows-1252 bytes, not UTF-8
    path.write_bytes(csv_text([HEADER] + rows, quote_all=False, delimiter=";"
                              ).encode("cp1252"))
    result = import_table(str(path), SPEC)
    assert result.people[0]["name"] == "Renée Dupré, £ & €"
    assert result.tables[0].described.startswith("CSV, Windows-1252")
    assert "semicolon-separated" in result.tables[0].described
    assert any("decimal comma" in note for note in result.tables[0].notes)
    out = tmp_path / "out"
    write_folder(result, str(out), [str(path)])
    assert figures(audit_folder(out)) == by_post_figures(tmp_path)


def test_xlsx_gives_the_same_figures(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")  # to write the fixture; calamine reads it
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Positions"
    sheet.append(HEADER)
    for row in generic_rows(tmp_path):
        ref, parent = int(row[0]), int(row[1]) if row[1] else None  # numbers, as Excel has
        sheet.append([ref, parent, row[2], row[3], float(row[4]), row[5], row[6]])
    book.create_sheet("Notes").append(["nothing here"])
    path = tmp_path / "positions.xlsx"
    book.save(path)
    report = audit_folder(run_table(tmp_path, path))
    assert figures(report) == by_post_figures(tmp_path)
    assert report.org is not None and "16" in report.org.unit_by_id  # 16.0 read as "16"
    with pytest.raises(UsageError, match=r"no sheet 'Position'.*did you mean 'Positions'"):
        import_table(str(path), Spec("Position ID", "Reports To", sheet="Position"))
    with pytest.raises(UsageError, match=r"has a header \(row 1\) but no rows"):
        import_table(str(path), Spec("nothing here", "x", sheet="Notes"))  # that sheet


def test_missing_column_lists_the_columns_with_a_did_you_mean(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_text(csv_text([HEADER, ["1", "", "Boss", "HR", "1", "A", "B"]]),
                    encoding="utf-8")
    with pytest.raises(UsageError) as info:
        import_table(str(path), Spec(id="Position ID", parent="Report To"))
    message = str(info.value)
    assert "p.csv: no column 'Report To' for --parent" in message
    assert "did you mean 'Reports To'?" in message
    assert "'Position ID', 'Reports To', 'Job Title'" in message
    # case and spaces are forgiven when one column matches
    assert import_table(str(path), Spec(id="position  id", parent="REPORTS TO")).units


def test_same_column_for_id_and_parent_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_text("id,parent\n1,\n", encoding="utf-8")
    with pytest.raises(UsageError, match="same column"):
        import_table(str(path), Spec(id="id", parent=" id"))


def test_duplicates_cycles_unknown_parents_and_bad_ids(tmp_path: Path) -> None:
    path = tmp_path / "units.csv"
    path.write_text(
        "id,parent,fte,headcount\n"
        "a,,1,1\n"       # 2
        "b,c,2,2\n"      # 3: b -> c -> b: cycle, broken at b (smallest)
        "c,b,x,2.5\n"    # 4: fte not a number; headcount rounded
        "a,,5,5\n"       # 5: duplicate id
        ",a,1,1\n"       # 6: no id
        "d e,zz,1,-3\n"  # 7: whitespace in the id; unknown parent; negative headcount
        "customer,a,,\n",  # 8: the reserved id
        encoding="utf-8")
    result = import_table(str(path), Spec("id", "parent", fte="fte", headcount="headcount"))
    units = {u["id"]: u for u in result.units}
    assert set(units) == {"a", "b", "c", "d-e", "customer-2"}
    assert "parent" not in units["b"] and units["c"]["parent"] == "b"
    assert units["c"] == {"id": "c", "parent": "b", "headcount": 3}
    assert units["d-e"]["name"] == "d e" and "parent" not in units["d-e"]
    assert units["customer-2"] == {"id": "customer-2", "name": "customer", "parent": "a"}
    a = result.anomalies.items
    assert {k: v.count for k, v in a.items()} == {
        "empty-id": 1, "duplicate-id": 1, "unknown-parent": 1, "cycle": 1,
        "id-changed": 2, "bad-fte": 1, "headcount-fraction": 1, "bad-headcount": 1}
    assert a["cycle"].examples[0].line == 3 and "b -> c -> b" in a["cycle"].examples[0].detail
    assert a["duplicate-id"].examples[0].detail == "'a', first on line 2"
    out = tmp_path / "out"
    write_folder(result, str(out), [str(path)])
    report = audit_folder(out)
    assert [f.code for f in report.findings if f.code[0] == "F" or f.code < "S004"
            and f.code[0] == "S"] == []


def test_person_column_creates_heads(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_text("id,parent,who\n1,,Zofia Kowalska\n2,1,\n3,1,王小明\n", encoding="utf-8")
    result = import_table(str(path), Spec("id", "parent", person="who"))
    assert result.people == [{"id": "person-1", "name": "Zofia Kowalska"},
                             {"id": "person-3", "name": "王小明"}]
    assert {u["id"]: u.get("head") for u in result.units} == {
        "1": "person-1", "2": None, "3": "person-3"}
    assert result.anomalies.items["no-person"].count == 1
