"""Messages a newcomer reads (issue 13): root causes first, no follow-on errors, counting
from 1, case of categories, hints."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from custorg.audit.engine import audit, validate
from custorg.cli import main


def _folder(write, files: dict[str, str], folder: str = "org") -> str:  # type: ignore[no-untyped-def]
    for name, text in files.items():
        path = write(text, f"{folder}/{name}")
    return str(path.parent)


# ----------------------------------------------------------------------------- item 5


def test_a_file_that_cannot_be_read_gives_no_follow_on_errors(write) -> None:
    folder = _folder(write, {
        "a.yaml": "people:\n  - {id: p1, unit: sales}\n  - {id: p2, unit: it}\n",
        "b.yaml": "processes:\n  - id: order\n    steps: [sales, it, ghost]\n",
        "z.yaml": "units:\n  - id: sales\n  - id: it\n    parent: [\n",
    })
    report = validate([folder])
    assert [(Path(f.location.file).name, f.code) for f in report.findings] == [
        ("z.yaml", "F002")]
    [note] = report.notes
    assert note.startswith("5 references to ids not found were not checked")
    assert "z.yaml could not be read" in note


def test_root_causes_print_first_and_the_summary_says_why(write, capsys) -> None:
    folder = _folder(write, {
        "a.yaml": "people:\n  - {id: p1, unit: sales, nmae: x}\n",
        "z.yaml": "units: [\n",
    })
    assert main(["audit", folder, "--no-color"]) == 1
    out = capsys.readouterr().out
    assert out.index("F002") < out.index("F004")
    assert "Note: 1 reference to ids not found was not checked" in out
    assert main(["audit", folder, "--format", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["findings"][0]["code"] == "F002" and len(data["notes"]) == 1


def test_units_may_be_in_the_file_that_cannot_be_read(write) -> None:
    folder = _folder(write, {"a.yaml": "organization: {name: X}\n",
                             "units.yaml": "units:\n  - {id: a\n"})
    assert [f.code for f in validate([folder]).findings] == ["F002"]
    alone = _folder(write, {"a.yaml": "organization: {name: X}\n"}, "alone")
    assert "no file of this org has a `units:` list" in validate([alone]).findings[0].message


def test_wrong_kind_references_are_still_reported_next_to_a_broken_file(write) -> None:
    folder = _folder(write, {
        "a.yaml": "units:\n  - {id: sales, head: sales}\n",
        "z.yaml": "people: [\n",
    })
    codes = [f.code for f in validate([folder]).findings]
    assert codes == ["F002", "S002"]


def test_without_a_broken_file_unknown_references_are_reported(write) -> None:
    folder = _folder(write, {"a.yaml": "units:\n  - {id: sales, parent: ghost}\n"})
    report = validate([folder])
    assert [f.code for f in report.findings] == ["S002"] and report.notes == []


# ----------------------------------------------------------------------------- item 7


def test_places_count_from_one_without_brackets(write) -> None:
    path = write("units:\n  - id: a\nprocesses:\n  - id: p\n    steps:\n"
                 "      - {unit: a, colour: red}\n      - {unit: a}\n      - {unit: ghost}\n")
    messages = [f.message for f in validate([str(path)]).findings]
    assert messages[0].startswith("process 'p': step 1: unknown key 'colour'")
    assert messages[1].startswith("process 'p': step 3 'ghost' names no unit")
    assert not any(".[" in m or "[0]" in m for m in messages)


def test_an_item_without_id_is_counted_from_one(write) -> None:
    path = write("units:\n  - id: a\n  - name: B\n    kpis: [{x: 1}]\n")
    findings = validate([str(path)]).findings
    assert any(f.message.startswith("unit #2 of units: kpis #1 must be") for f in findings)
    assert all("[" not in f.entity.id for f in findings)
    assert {f.entity.id for f in findings} == {"units #2"}


# ----------------------------------------------------------------------------- item 13


def test_an_empty_or_comment_only_file_among_others_is_an_info(write, capsys) -> None:
    folder = _folder(write, {"a.yaml": "units:\n  - id: a\n", "b.yaml": "# later\n",
                             "c.yaml": ""})
    report = audit([folder])
    assert report.metrics is not None
    empty = [(Path(f.location.file).name, f.code, str(f.severity)) for f in report.findings
             if f.code == "M004"]
    assert empty == [("b.yaml", "M004", "info"), ("c.yaml", "M004", "info")]
    assert main(["validate", folder]) == 0
    assert "M004" in capsys.readouterr().out


def test_a_single_empty_file_is_still_an_error(write) -> None:
    path = write("# nothing yet\n")
    [f] = validate([str(path)]).findings
    assert (f.code, str(f.severity)) == ("F002", "error") and "empty" in f.message


@pytest.mark.parametrize("value", ["1e400", "-1e400"])
def test_a_number_too_large_says_so(write, value: str) -> None:
    path = write(f"units:\n  - id: a\nprocesses:\n  - {{id: p, volume: {value}}}\n")
    [f] = validate([str(path)]).findings
    assert "too large" in f.message and "not text" not in f.message, f.message


# ----------------------------------------------------------------------------- item 6

CASES = """
organization: {name: Case}
units:
  - {id: board}
  - {id: s1, parent: board, function: Sales, customer_contact: Direct}
  - {id: s2, parent: board, function: "sales "}
  - {id: cx, parent: board, function: Customer-Experience, kind: Team}
stakeholders:
  - {id: buyers, kind: Customer}
processes:
  - id: order
    steps: [customer, s1, s2, customer]
"""


def test_case_never_changes_the_meaning_of_a_category(run_audit) -> None:
    report = run_audit(CASES)
    codes = {f.code for f in report.findings}
    assert "F004" not in codes  # `Direct`, `Customer` are the enumerated values
    assert "C004" not in codes  # `Customer-Experience` is customer-experience
    assert report.org is not None
    units = report.org.unit_by_id
    assert (units["s1"].function, units["s2"].function) == ("sales", "sales")
    assert units["s1"].customer_contact == "direct" and units["cx"].kind == "team"
    assert report.org.stakeholders[0].kind == "customer"
    assert report.metrics is not None and sorted(report.metrics["silos"]) == [
        "customer-experience", "sales"]
    # s1 -> s2 stays inside one function: no cross-function handoff
    assert report.metrics["handoffs"]["cross_function"] == 0


def test_a_wrong_enumerated_value_is_still_an_error(write) -> None:
    path = write("units:\n  - {id: a, customer_contact: Sometimes}\n")
    [f] = validate([str(path)]).findings
    assert f.code == "F004" and "'Sometimes' is not one of direct" in f.message


# ----------------------------------------------------------------------------- item 13


def test_a_mistyped_suppression_key_gets_a_did_you_mean(run_audit) -> None:
    report = run_audit("""
        units:
          - {id: a, suppress: {P0004: "legacy", too-many-handof: "legacy"}}
    """)
    hints = sorted(f.message for f in report.findings if f.code == "M002")
    assert hints == [
        "suppression 'P0004' names no rule (did you mean 'P004'?): remove it or correct "
        "the code",
        "suppression 'too-many-handof' names no rule (did you mean 'too-many-handoffs'?): "
        "remove it or correct the code"]


def test_a_setting_after_the_severity_table_says_move_it_above(write, capsys) -> None:
    write("[severity]\nP003 = \"error\"\nmax-span = 8\n", "custorg.toml")
    org = write("units:\n  - id: a\n")
    assert main(["audit", str(org), "--config", str(org.parent / "custorg.toml")]) == 2
    err = capsys.readouterr().err
    assert "move it above `[severity]`" in err and "did you mean" not in err


def test_case_folding_in_every_script(run_audit) -> None:
    report = run_audit("""
        units:
          - {id: zarząd}
          - {id: лаб-1, parent: zarząd, function: "Лаборатория"}
          - {id: лаб-2, parent: zarząd, function: "лаборатория "}
          - {id: pard, parent: zarząd, function: "PARDAVIMAI"}
          - {id: 销售, parent: zarząd, function: "销售"}
          - {id: ŁÓDŹ, parent: zarząd, function: "Łódź"}
    """)
    assert report.metrics is not None
    assert sorted(report.metrics["silos"]) == ["pardavimai", "łódź", "лаборатория", "销售"]
    assert report.metrics["silos"]["лаборатория"]["units"] == 2
