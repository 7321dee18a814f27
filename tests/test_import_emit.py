"""The written YAML: produced by the emitter, any text comes back from `custorg audit`
exactly as it was in the export, and the output is deterministic and sorted."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import yaml
from hypothesis import HealthCheck, example, given, settings, strategies as st

from custorg.importer import Spec, import_table, render, write_folder
from custorg.importer.emit import comment, document, dump
from import_fixtures import audit_folder, stopping_errors

NASTY = [
    'O\'Neil "the boss"', "Sales: North", "# not a comment", "Line one\nline two",
    "=SUM(A1:A9)", "-minus", "- dash", "? question", "@at", "`tick`", "{a: b}", "[x]",
    "yes", "No", "on", "null", "~", "true", "010", "0o17", "0x1F", "1e3", ".inf", ".NaN",
    "1_000", "12:30", "2024-01-01", "  padded  ", "tab\there", "trailing space ",
    "Zofia Łukasiewicz-Żółć", "王小明", "Иван Петров", "Žydrūnė Šimkienė",
    "mixed ← arrows → and emoji 🙂", "bidi \u202eevil\u202c", "nbsp\u00a0here", "&anchor",
    "*alias", "!tag", "%percent", "|pipe", ">fold", "'", '"', "a: b: c", "key:value",
    "ends with colon:", "\u0085next line", "\ufeffbom", "\x7fdel",
]


def test_names_come_back_from_audit_exactly(tmp_path: Path) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["id", "parent", "name", "person", "title"])
    writer.writerow(["root", "", "Root", "Boss", "CEO"])
    for i, text in enumerate(NASTY):
        writer.writerow([f"u{i}", "root", text, text, text])
    path = tmp_path / "nasty.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8")
    out = tmp_path / "org"
    write_folder(import_table(str(path), Spec("id", "parent", name="name", person="person",
                                              title="title")), str(out), [str(path)])
    report = audit_folder(out)
    assert stopping_errors(report) == []
    org = report.org
    assert org is not None
    for i, text in enumerate(NASTY):
        want = text.strip()  # cells are trimmed of surrounding whitespace
        assert org.unit_by_id[f"u{i}"].name == want
        person = org.person_by_id[f"person-u{i}"]
        assert (person.name, person.title) == (want, want)


def test_ids_that_look_like_other_types_stay_text(tmp_path: Path) -> None:
    path = tmp_path / "ids.csv"
    path.write_text("id,parent\n010,\nyes,010\n1e3,yes\n0o17,1e3\nnull,0o17\n",
                    encoding="utf-8")
    out = tmp_path / "org"
    write_folder(import_table(str(path), Spec("id", "parent")), str(out), [str(path)])
    report = audit_folder(out)
    assert stopping_errors(report) == []
    assert report.org is not None
    assert {u.id: u.parent for u in report.org.units} == {
        "010": None, "yes": "010", "1e3": "yes", "0o17": "1e3", "null": "0o17"}
    assert report.metrics is not None and report.metrics["layers"] == 5


def test_output_is_deterministic_and_sorted(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_text("id,parent,fte\n10,,1\n9,10,0,5\n2,10,2\nb,2,1\na,2,1\n",
                    encoding="utf-8")
    spec = Spec("id", "parent", fte="fte")
    first, second = render(import_table(str(path), spec)), render(import_table(str(path), spec))
    assert first == second
    units = yaml.safe_load(first["units.yaml"])["units"]
    assert [u["id"] for u in units] == ["2", "9", "10", "a", "b"]  # numbers in order
    assert first["units.yaml"].startswith('# custorg org "p", imported from an HR export')


def test_header_comment_cannot_be_broken_by_a_file_name(tmp_path: Path) -> None:
    text = comment(["source: evil\nunits: []\r# x\u2028y.csv"])
    assert text.count("\n") == 1 and text.startswith("# source: evil\\nunits: []")
    assert yaml.safe_load(text + "a: 1\n") == {"a": 1}


values = st.recursive(
    st.one_of(st.text(max_size=12), st.integers(-10**6, 10**6), st.booleans(),
              st.floats(allow_nan=False, allow_infinity=False, width=32)),
    lambda inner: st.lists(inner, max_size=3)
    | st.dictionaries(st.text(min_size=1, max_size=6), inner, max_size=3),
    max_leaves=10)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(st.text(min_size=1, max_size=8), values, min_size=1, max_size=4))
@example({"0": [{"0": 0.0, "00": -0.0}]})  # 0.0 == -0.0: a value cache once wrote 0.0 twice
def test_events_write_what_yaml_dump_writes(data: dict[str, object]) -> None:
    text = document(data)
    assert text == dump(data)
    assert yaml.safe_load(text) == data
