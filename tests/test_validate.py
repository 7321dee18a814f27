"""Validation: schema errors with helpful messages, references, duplicate ids, cycles."""

from __future__ import annotations

import json
from pathlib import Path

from custorg.audit.engine import validate

ROOT = Path(__file__).resolve().parent.parent


def found(write, text: str, name: str = "org.yaml") -> list[tuple[str, int, int, str]]:
    path = write(text, name)
    return [(f.code, f.location.line, f.location.column, f.message)
            for f in validate([str(path)]).findings]


def test_unknown_key_points_at_the_key_and_suggests(write) -> None:
    [(code, line, col, message)] = found(write, "units:\n  - id: a\n    nmae: Sales\n")
    assert (code, line, col) == ("F004", 3, 5)
    assert "unknown key 'nmae'" in message and "did you mean 'name'" in message


def test_unknown_top_level_key(write) -> None:
    [(code, line, _, message)] = found(write, "units: []\nunit: []\n")
    assert (code, line) == ("F004", 2) and "'unit'" in message and "'units'" in message


def test_x_keys_are_ignored_everywhere(write) -> None:
    assert found(write, "x-owner: me\nunits:\n  - id: a\n    x-cost-centre: 4711\n") == []


def test_missing_required_id(write) -> None:
    [(code, line, col, message)] = found(write, "units:\n  - name: Sales\n")
    assert (code, line, col) == ("F004", 2, 5) and "missing required key 'id'" in message


def test_wrong_types_and_enums(write) -> None:
    result = found(write, """
        units:
          - id: a
            headcount: many
            customer_contact: sometimes
          - id: b c
        processes:
          - {id: p, volume: -3}
        stakeholders:
          - {id: s, kind: custmer}
    """)
    messages = {(line, msg.split(":")[0]) for _, line, _, msg in result}
    assert len(result) == 5
    texts = " | ".join(m for *_, m in result)
    assert "headcount must be a whole number, not text" in texts
    assert "'sometimes' is not one of direct, indirect, none" in texts
    assert "'b c' is not a valid id" in texts
    assert "volume must be at least 0" in texts
    assert "did you mean 'customer'?" in texts
    assert {line for line, _ in messages} == {4, 5, 6, 8, 10}


def test_format_version(write) -> None:
    [(code, line, _, message)] = found(write, "custorg: 2\nunits: []\n")
    assert (code, line) == ("F004", 1) and "version 1" in message


def test_top_level_must_be_a_mapping(write) -> None:
    [(code, _, _, message)] = found(write, "- id: a\n")
    assert code == "F004" and "top level must be a mapping" in message


def test_units_required_somewhere_in_the_org(write) -> None:
    [(code, _, _, message)] = found(write, "people: []\n")
    assert code == "F004" and "units" in message


def test_organization_at_most_once(write, tmp_path: Path) -> None:
    write("organization: {name: A}\nunits: [{id: a}]\n", "org/a.yaml")
    write("organization: {name: B}\n", "org/b.yaml")
    [f] = validate([str(tmp_path / "org")]).findings
    assert f.code == "F004" and f.location.file.endswith("b.yaml") and "a.yaml" in f.message


def test_reserved_customer_id(write) -> None:
    [(code, _, _, message)] = found(write, "units: [{id: customer}]\n")
    assert code == "F004" and "reserved" in message


def test_interface_joins_two_units(write) -> None:
    org = "units: [{id: a}]\ninterfaces:\n  - {from: a, to: a}\n"
    [(code, line, _, message)] = found(write, org)
    assert (code, line) == ("F004", 3) and "two units" in message


# ----------------------------------------------------------------------------- references


def test_unknown_and_wrong_kind_references(write) -> None:
    result = found(write, """
        units:
          - {id: a, head: ghost}
          - {id: b, parent: p1}
        people:
          - {id: p1, unit: a}
        processes:
          - id: proc
            owner: nobody
            steps: [a, nowhere, customer]
    """)
    assert [(c, line) for c, line, _, _ in result] == [("S002", 3), ("S002", 4), ("S002", 9),
                                                      ("S002", 10)]
    texts = [m for *_, m in result]
    assert "head 'ghost' names no person" in texts[0]
    assert "parent 'p1' is a person, not a unit" in texts[1]
    assert "owner 'nobody' names no person or unit" in texts[2]
    assert "step 2 'nowhere'" in texts[3] and "`customer` means" in texts[3]


def test_unknown_reference_suggests_a_close_id(write) -> None:
    [(_, _, _, message)] = found(write, "units: [{id: sales-team}, {id: b, parent: sales-tem}]\n")
    assert "did you mean 'sales-team'?" in message


def test_customer_stakeholder_may_be_a_step_but_not_another_kind(write) -> None:
    result = found(write, """
        units: [{id: a}]
        stakeholders:
          - {id: shoppers, kind: customer}
          - {id: press, kind: media}
        processes:
          - {id: p, steps: [shoppers, a, press]}
    """)
    assert len(result) == 1 and "'press' is a stakeholder" in result[0][3]


def test_references_across_files(write, tmp_path: Path) -> None:
    write("units: [{id: a}]\n", "org/units.yaml")
    write("people: [{id: p, unit: a}, {id: q, unit: b}]\n", "org/people.yaml")
    [f] = validate([str(tmp_path / "org")]).findings
    assert f.code == "S002" and f.location.file.endswith("people.yaml") and "'b'" in f.message


def test_duplicate_ids_across_kinds_and_files(write, tmp_path: Path) -> None:
    write("units: [{id: sales}, {id: x}]\n", "org/a.yaml")
    write("people: [{id: sales}]\nprocesses: [{id: x}]\n", "org/b.yaml")
    result = validate([str(tmp_path / "org")]).findings
    assert [(f.code, Path(f.location.file).name, f.location.line) for f in result] == [
        ("S003", "b.yaml", 1), ("S003", "b.yaml", 2)]
    assert all(len(f.related) == 1 and f.related[0].file.endswith("a.yaml") for f in result)


def test_ids_are_nfc_normalised(write) -> None:
    composed, decomposed = "\u0141\u00f3d\u017a", "\u0141o\u0301dz\u0301"
    result = found(write, f"units:\n  - id: {composed}\n  - id: {decomposed}\n")
    assert [c for c, *_ in result] == ["S003"]


def test_cycles_one_finding_each(write) -> None:
    result = found(write, """
        units:
          - {id: a, parent: b}
          - {id: b, parent: a}
          - {id: c, parent: c}
          - {id: d, parent: e}
          - {id: e, parent: f}
          - {id: f, parent: d}
          - {id: g, parent: a}
    """)
    assert [(c, line) for c, line, _, _ in result] == [("S001", 3), ("S001", 5), ("S001", 6)]
    assert "a -> b -> a" in result[0][3]
    assert "1 unit" in result[1][3]
    assert "3 units" in result[2][3]


def test_long_cycle_is_reported_once_and_bounded(write) -> None:
    n = 5000
    lines = ["units:"] + [f"  - {{id: u{i}, parent: u{(i + 1) % n}}}" for i in range(n)]
    result = found(write, "\n".join(lines) + "\n")
    assert len(result) == 1 and "5000 units" in result[0][3] and len(result[0][3]) < 400


def test_schema_file_is_the_packaged_one_and_up_to_date() -> None:
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_schema", ROOT / "tools/make_schema.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    expected = module.render()
    assert (ROOT / "schemas/org.schema.json").read_text("utf-8") == expected
    assert (ROOT / "src/custorg/schemas/org.schema.json").read_text("utf-8") == expected
    json.loads(expected)


def test_examples_are_valid() -> None:
    for example in ("telecom", "bakery"):
        report = validate([str(ROOT / "examples" / example)])
        assert report.findings == [], example
