"""The compiled schema check's shortcuts (issue 26): texts remembered per pattern, keys
whose check every text passes, fused type checks. They answer as jsonschema does."""

from __future__ import annotations

import json
from typing import Any

import pytest

from custorg.orgfile.schema import schema_text, validator
from custorg.orgfile.schemacheck import Checker


def _checker() -> Checker:
    return Checker(json.loads(schema_text()))


def test_a_text_remembered_by_one_pattern_does_not_pass_another() -> None:
    fast = _checker()
    # `2024-01-01` is a valid id; as `until` it is a date too; `u1` is an id, no date
    ok = {"units": [{"id": "2024-01-01"}, {"id": "u1"}],
          "interfaces": [{"from": "u1", "to": "2024-01-01", "until": "2024-01-01"}]}
    bad = {"units": [{"id": "u1"}], "interfaces": [{"from": "u1", "to": "u1", "until": "u1"}]}
    assert fast.document(ok) and fast.document(bad) is False
    assert not validator().is_valid(bad)


def test_checks_of_one_pattern_share_their_texts_and_keep_their_types() -> None:
    fast = _checker()
    # ids and references share one memo: `b` passed as an id, then as a parent;
    # a null parent is fine but a null id is not, memo or none
    assert fast.document({"units": [{"id": "b"}, {"id": "c", "parent": "b"}]})
    assert fast.document({"units": [{"id": "b"}, {"id": "c", "parent": None}]})
    assert fast.document({"units": [{"id": "b"}, {"id": None, "parent": "b"}]}) is False
    memos = fast._compiler.memos
    assert len({id(m) for m in memos.values()}) < len(memos)


def test_the_remembered_texts_are_dropped_after_each_document() -> None:
    fast = _checker()
    assert fast.document({"units": [{"id": "a", "parent": "b"}]})
    assert all(not memo for memo in fast._compiler.memos.values())


@pytest.mark.parametrize("unit, valid", [
    ({"id": "a", "name": "Sales"}, True),
    ({"id": "a", "name": ["x"]}, False),  # a text key with a list
    ({"id": "a b"}, False),
    ({"id": "a", "parent": "a b"}, False),
    ({"id": "a", "parent": "a"}, True),
    ({"id": "a", "headcount": -1}, False),
    ({"id": "a", "headcount": 3}, True),
    ({"id": "a", "headcount": True}, False),
    ({"id": "a", "kpis": ["k", "k l"]}, False),
    ({"id": "a", "kpis": ["a", "a"]}, True),
    ({"id": "a", "x-note": ["anything"]}, True),
    ({"id": "a", "customer_contact": "direct"}, True),  # enum texts: remembered once
    ({"id": "a", "customer_contact": "Direct"}, False),
    ({"id": "a", "customer_contact": None}, True),
    ({"id": "a", "customer_contact": 1}, False),
    ({"id": "a", "team_type": "platform"}, True),
    ({"id": "a", "team_type": "first"}, False),  # a text remembered by another check
    ({"id": "a", "head": "first"}, True),  # an id's pattern shared with references
    ({"id": "a", "headcount": 7}, True),  # 7 remembered as a whole number
    ({"id": "a", "headcount": 7.0}, True),
    ({"id": "a", "fte": 7}, True),
    ({"id": "a", "fte": -7}, False),  # another check's memo does not count
    ({"id": "a", "headcount": 1000000001}, False),
    ({"id": "a", "headcount": "7"}, False),
    ({"id": "a", "name": 7}, True),
])
def test_entity_shortcuts_answer_as_jsonschema(unit: dict[str, Any], valid: bool) -> None:
    fast = _checker()
    doc = {"units": [{"id": "a", "name": "first", "parent": "a", "headcount": 7},
                     {"id": "b", "headcount": 1000000000, "fte": 7}, unit]}  # seen first
    assert validator().is_valid(doc) is valid
    assert fast.document(doc) is valid
    assert fast.document({"units": ["not a mapping"]}) is False


@pytest.mark.parametrize("pattern, text, matches", [
    (r"^\S+$", "x", True), (r"^\S+$", "x\n", False), (r"^\d{4}-\d{2}-\d{2}$", "2024-01-01\n",
                                                       False),
    (r"^a[$]$", "a$", True), (r"^a\$$", "a$", True), (r"^a\$$", "a$\n", False)])
def test_a_pattern_ends_where_the_text_ends(pattern: str, text: str, matches: bool) -> None:
    """ECMA-262's `$` (JSON Schema's patterns): the end of the text, not also before a
    final line break as Python's `$`; a `$` in a class or escaped is a dollar sign."""
    from custorg.orgfile.schemaleaf import ecma_pattern

    assert (ecma_pattern(pattern).search(text) is not None) is matches


@pytest.mark.parametrize("parser", ["", "careful"])
@pytest.mark.parametrize("yaml_text, shown", [
    ("units:\n  - id: |\n      x\n  - {id: b, parent: x}\n", "'x\\n'"),
    ('units:\n  - id: "x\\n"\n  - {id: b, parent: x}\n', "'x\\n'"),
    ("units:\n  - id: ''\n  - {id: b}\n", "''")])
def test_an_id_with_a_final_line_break_or_empty_is_one_f004(
        tmp_path: Any, monkeypatch: pytest.MonkeyPatch, parser: str, yaml_text: str,
        shown: str) -> None:
    """An id ending in a line break (a block scalar `id: |`) passed the schema (Python's
    `$`) and the model then dropped the unit: no finding, one unit fewer. It is F004 now,
    once (the empty id breaks two keywords, one message), by both load paths."""
    from custorg.audit.engine import audit

    if parser:
        monkeypatch.setenv("CUSTORG_PARSER", parser)
    path = tmp_path / "org.yaml"
    path.write_text(yaml_text, encoding="utf-8")
    report = audit([str(path)])
    f004 = [f for f in report.findings if f.code == "F004"]
    assert len(f004) == 1, f004
    assert f004[0].message == (f"unit {shown}: id: {shown} is not a valid id (ids are "
                               "non-empty text without spaces)")
    assert (f004[0].location.line, f004[0].location.column) == (2, 9)
    assert report.metrics is None  # analysis stops: no org with a unit silently missing
