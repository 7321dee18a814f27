"""`json.dumps(value, indent=2, ensure_ascii=False)`, byte for byte, at the C encoder's speed.

With `indent`, the json module encodes in pure Python (a generator per container): on the
metrics and SARIF of 100,000 units that was most of the rendering. Here a long container
whose items are all plain scalars is written by the C encoder in one call, its item
separator carrying the newline and the indentation; plain scalars are written as json
writes them (`encode_basestring`, `int.__repr__`, `float.__repr__`); only the nesting is
walked in Python. Anything unusual (a key that is not a string, a type json would convert
or reject, NaN) is handed to `json.dumps` itself, so the result is json's in every case.

Where orjson is installed (a dependency of custorg on CPython), `indented` lets it write the
whole document, 10 to 30 times faster, when orjson writes what json writes: every value of
an exact builtin type, no float it may write differently (NaN, infinity, a magnitude under
1e-4 or from 1e16: `1e-05` is its `0.00001`), no key that is not a string, no int beyond 64 bits, no
surrogate (the last three make orjson raise, and the encoder above takes over).
"""

from __future__ import annotations

import json
from functools import lru_cache
from json.encoder import encode_basestring as _quote
from typing import Any

try:
    import orjson
except ImportError:  # pragma: no cover - a platform without its wheels (PyPy)
    orjson = None  # type: ignore[assignment]

_FLAT = frozenset({str, int, float, bool, type(None)})
_INFINITE = (float("inf"), float("-inf"))
_LONG = 16  # a flat container at least this long goes to the C encoder in one call


class Plain(list[Any]):
    """A list whose maker guarantees that it holds no float at any depth (only str, int,
    bool, None, and lists and dicts of these: the findings of a report, built from
    `Finding`'s typed fields): `indented` does not walk it to look for one."""

    __slots__ = ()


_SCALARS = frozenset({str, int, bool, type(None)})
_KNOWN = _SCALARS | {dict, list, tuple, Plain, float}
_NESTED = (dict, list, tuple)


def document(value: Any, allow_nan: bool = False, newline: bool = False) -> str | bytes:
    """`json.dumps(value, indent=2, ensure_ascii=False, allow_nan=allow_nan)` (with a
    final newline when `newline`): orjson's UTF-8 bytes as it writes them, or the text
    where the encoder below writes it. The output gate takes either (a report of
    megabytes is not decoded only to be encoded again); `as_text` reads it as text."""
    if orjson is not None and _orjson_alike(value):
        try:
            return orjson.dumps(value, option=orjson.OPT_INDENT_2 | (
                orjson.OPT_APPEND_NEWLINE if newline else 0))
        except TypeError:  # a key json converts, an int over 64 bits, a surrogate, depth
            pass
    return encode(value, "\n", allow_nan) + ("\n" if newline else "")


def as_text(doc: str | bytes) -> str:
    """A `document` as text (orjson's bytes are UTF-8: it refuses a surrogate)."""
    return doc if isinstance(doc, str) else doc.decode("utf-8")


def indented(value: Any, allow_nan: bool = False) -> str:
    """`json.dumps(value, indent=2, ensure_ascii=False, allow_nan=allow_nan)`."""
    return as_text(document(value, allow_nan))


def _orjson_alike(value: Any) -> bool:
    """Every value in `value` (but inside a `Plain` list) is of a type orjson writes as
    json does, and every float one it writes as `float.__repr__` does: 0, or a magnitude
    from 1e-4 to 1e16, written without an exponent (orjson 3.13 writes the rest as json
    does too but for NaN, infinity and under 1e-4, measured over every exponent and a
    million random floats; orjson 3.10 wrote `1e16` for json's `1e+16`)."""
    stack: list[Any] = [[value]]
    while stack:
        items = stack.pop()
        items = items.values() if items.__class__ is dict else items
        kinds = set(map(type, items))
        if kinds <= _SCALARS:
            continue
        if not kinds <= _KNOWN:
            return False
        if float in kinds and not all(x == 0.0 or 1e-4 <= abs(x) < 1e16
                                      for x in items if x.__class__ is float):
            return False
        stack += [x for x in items if x.__class__ in _NESTED]
    return True


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
