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
