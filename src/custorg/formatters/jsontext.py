"""`json.dumps(value, indent=2, ensure_ascii=False)`, byte for byte, at the C encoder's speed.

With `indent`, the json module encodes in pure Python (a generator per container): on the
metrics and SARIF of 100,000 units that was most of the rendering. Here a long container
whose items are all plain scalars is written by the C encoder in one call, its item
separator carrying the newline and the indentation; plain scalars are written as json
writes them (`encode_basestring`, `int.__repr__`, `float.__repr__`); only the nesting is
walked in Python. Anything unusual (a key that is not a string, a type json would convert
or reject, NaN) is handed to `json.dumps` itself, so the result is json's in every case.
"""

from __future__ import annotations

import json
from functools import lru_cache
from json.encoder import encode_basestring as _quote
from typing import Any

_FLAT = frozenset({str, int, float, bool, type(None)})
_INFINITE = (float("inf"), float("-inf"))
_LONG = 16  # a flat container at least this long goes to the C encoder in one call


def indented(value: Any, allow_nan: bool = False) -> str:
    """`json.dumps(value, indent=2, ensure_ascii=False, allow_nan=allow_nan)`."""
    return encode(value, "\n", allow_nan)


@lru_cache(maxsize=64)
def _encoder(inner: str, allow_nan: bool) -> json.JSONEncoder:
    return json.JSONEncoder(ensure_ascii=False, allow_nan=allow_nan,
                            separators=("," + inner, ": "))


def encode(value: Any, newline: str, allow_nan: bool) -> str:  # noqa: C901 - one dispatch over json's types, the hot path first
    """`value` as json writes it where the current line's indentation is `newline`."""
    cls = value.__class__
    if cls is str:
        return _quote(value)
    if cls is int:
        return int.__repr__(value)
    if value is None:
        return "null"
    if cls is bool:
        return "true" if value else "false"
    if cls is float and value == value and value not in _INFINITE:
        return float.__repr__(value)
    if isinstance(value, dict):
        if not value:
            return "{}"
        inner = newline + "  "
        if not all(k.__class__ is str for k in value):  # json converts these keys itself
            return json.dumps(value, indent=2, ensure_ascii=False,
                              allow_nan=allow_nan).replace("\n", newline)
        if len(value) >= _LONG and all(v.__class__ in _FLAT for v in value.values()):
            return "{" + inner + _encoder(inner, allow_nan).encode(value)[1:-1] + newline + "}"
        return ("{" + inner + ("," + inner).join(
            _quote(k) + ": " + encode(v, inner, allow_nan) for k, v in value.items())
            + newline + "}")
    if isinstance(value, (list, tuple)):
        if not value:
            return "[]"
        inner = newline + "  "
        if len(value) >= _LONG and all(v.__class__ in _FLAT for v in value):
            return "[" + inner + _encoder(inner, allow_nan).encode(value)[1:-1] + newline + "]"
        return ("[" + inner + ("," + inner).join(encode(v, inner, allow_nan) for v in value)
                + newline + "]")
    return json.dumps(value, ensure_ascii=False, allow_nan=allow_nan)
