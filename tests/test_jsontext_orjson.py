"""orjson writes the indented JSON of reports (formatters/jsontext.py) only where it writes
what `json.dumps(indent=2, ensure_ascii=False)` writes; everywhere else, and without
orjson, the hand-written encoder does, with the same bytes."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings, strategies as st

from custorg.formatters import jsontext
from custorg.formatters.jsontext import Plain, indented

orjson = pytest.importorskip("orjson")

floats = st.floats() | st.sampled_from([1e-05, -3e-07, 9.99e-05, 1e-4, 1e16, 5e-324, -0.0])
scalars = st.one_of(st.none(), st.booleans(), st.integers(-(2**70), 2**70), floats,
                    st.text(max_size=6) | st.sampled_from(["\udcff", "\u2028", "\x7f"]))
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4)
                      | st.dictionaries(st.text(max_size=3) | st.integers(0, 3), inner,
                                        max_size=4), max_leaves=20)


def _expected(value: Any, allow_nan: bool) -> str:
    try:
        return json.dumps(value, indent=2, ensure_ascii=False, allow_nan=allow_nan)
    except ValueError:
        return "ValueError"


def _ours(value: Any, allow_nan: bool) -> str:
    try:
        return indented(value, allow_nan=allow_nan)
    except ValueError:
        return "ValueError"


@settings(max_examples=300, deadline=None)
@given(values, st.booleans(), st.booleans())
def test_with_and_without_orjson_the_bytes_are_jsons(value: Any, allow_nan: bool,
                                                     without: bool,
                                                     ) -> None:
    saved = jsontext.orjson
    jsontext.orjson = None if without else saved  # type: ignore[assignment]
    try:
        assert _ours(value, allow_nan) == _expected(value, allow_nan)
    finally:
        jsontext.orjson = saved  # type: ignore[assignment]


@pytest.mark.parametrize(("value", "fast"), [
    ({"a": [1, "x", None, True, {"b": 0.5}]}, True),
    ({"a": 1e-05}, False),            # orjson writes 0.00001
    ({"a": 1e16}, False),             # orjson 3.10 wrote 1e16
    ({"a": [float("nan")]}, False),   # orjson writes null
    ({"a": (1, 2)}, True),
    ({"a": {1, 2}}, False),           # json rejects a set
    (Plain([{"a": "b"}]), True),
])
def test_orjson_is_asked_only_where_it_writes_alike(value: Any, fast: bool) -> None:
    assert jsontext._orjson_alike(value) is fast


def test_a_plain_list_is_not_walked() -> None:
    """The findings of a report are a Plain list: trusted to hold no float, not walked."""
    assert jsontext._orjson_alike({"findings": Plain([{"x": 1e-05}])})
    assert not jsontext._orjson_alike({"findings": [{"x": 1e-05}]})


def test_what_orjson_refuses_falls_back() -> None:
    """A surrogate (a file name's undecodable byte), a big int, a non-string key."""
    for value in ({"f": "a\udcffb"}, {"n": 2**65}, {1: "x"}):
        assert indented(value) == json.dumps(value, indent=2, ensure_ascii=False)


def _floats(value: Any) -> list[float]:
    if isinstance(value, dict):
        return [f for v in value.values() for f in _floats(v)]
    if isinstance(value, (list, tuple)):
        return [f for v in value for f in _floats(v)]
    return [value] if isinstance(value, float) else []


def test_the_plain_lists_of_the_reports_hold_no_float() -> None:
    """finding_dict and sarif.result fill the Plain lists: str and int only."""
    from pathlib import Path

    from custorg.findings import Entity, Finding, Location, Severity
    from custorg.formatters.json import finding_dict
    from custorg.formatters.paths import Locator
    from custorg.formatters.sarif import _Artifacts, result

    f = Finding("S001", "rule", Severity.ERROR, "m", Location("a.yaml", 3, 4),
                Entity("unit", "u1"), related=(Location("b.yaml", 1, 2),))
    sarif = result(f, {"S001": 0}, _Artifacts(Locator(["a.yaml"], cwd=Path("/tmp"))),
                   "why", suppressed=True)
    assert _floats(finding_dict(f)) == [] and _floats(sarif) == []
    assert finding_dict(f)["line"] == 3 and sarif["ruleIndex"] == 0
