"""The rendering speed-ups of issue 26 write what the slow code wrote: the indented JSON
encoder (formatters/jsontext.py) is `json.dumps(indent=2, ensure_ascii=False)` byte for
byte, and the gate's fast check (escape._none_hidden) never passes a text that has a
character the policy hides."""

from __future__ import annotations

import json
import sys
from typing import Any

import pytest
from hypothesis import given, settings, strategies as st

from custorg import escape
from custorg.formatters.jsontext import indented

scalars = st.one_of(st.none(), st.booleans(), st.integers(-(10**30), 10**30),
                    st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=6))
keys = st.one_of(st.text(max_size=4), st.integers(-5, 5), st.booleans(), st.none(),
                 st.floats(allow_nan=False))
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4)
                      | st.lists(inner, max_size=3).map(tuple)
                      | st.dictionaries(keys, inner, max_size=4), max_leaves=25)


def _json(value: Any, allow_nan: bool) -> str:
    try:
        return json.dumps(value, indent=2, ensure_ascii=False, allow_nan=allow_nan)
    except ValueError:  # NaN or infinity without allow_nan (the wording is the encoder's)
        return "ValueError"


def _ours(value: Any, allow_nan: bool) -> str:
    try:
        return indented(value, allow_nan=allow_nan)
    except ValueError:  # NaN or infinity without allow_nan (the wording is the encoder's)
        return "ValueError"


@settings(max_examples=400, deadline=None)
@given(values, st.booleans())
def test_indented_is_json_dumps(value: Any, allow_nan: bool) -> None:
    assert _ours(value, allow_nan) == _json(value, allow_nan)


long_flat = st.one_of(
    st.lists(scalars, min_size=16, max_size=40),
    st.dictionaries(st.text(max_size=4), scalars, min_size=16, max_size=40))


@settings(max_examples=200, deadline=None)
@given(st.lists(long_flat, max_size=3) | st.dictionaries(st.text(max_size=3), long_flat,
                                                          max_size=3), st.booleans())
def test_long_flat_containers_go_through_the_c_encoder_unchanged(value: Any,
                                                                 allow_nan: bool) -> None:
    assert _ours(value, allow_nan) == _json(value, allow_nan)


@pytest.mark.parametrize("value", [{}, [], (), {"a": {}}, [[]], {"a": [1, {"b": None}]},
                                   {1: {"x": 2}}, [1.5, 2], "\u2028", float("inf")])
def test_indented_edge_cases(value: Any) -> None:
    assert indented(value, allow_nan=True) == json.dumps(value, indent=2, ensure_ascii=False)


def test_indented_rejects_what_json_rejects() -> None:
    with pytest.raises(TypeError):
        indented({"a": [object()]})
    with pytest.raises(ValueError):
        indented({"a": [float("nan")]})


def test_every_hidden_character_fails_the_fast_check() -> None:
    everything = "".join(map(chr, range(sys.maxunicode + 1)))
    for keep in ("", "\t", "\t\n", "\t\n\r", "\t\n\x1b"):
        hidden = escape._hidden_re(keep).findall(everything)
        assert len(hidden) > 2000  # controls, format characters, surrogates, fillers
        missed = [hex(ord(c)) for c in hidden if escape._none_hidden(f"ab {c} cd", keep)]
        assert missed == [], keep
        assert escape._none_hidden("plain text, Łódź, 客户" + keep, keep)
