"""`json.dumps(value, indent=2, ensure_ascii=False)`, byte for byte, at the C encoder's speed.

With `indent`, the json module encodes in pure Python (a generator per container): on the
metrics and SARIF of 100,000 units that was most of the rendering. Here every container
whose items are all plain scalars is written by the C encoder in one call, its item
separator carrying the newline and the indentation; only the nesting above is walked in
Python. Anything unusual (a key that is not a string, a type json would convert or
reject) is handed to `json.dumps` itself, so the result is json's in every case.
"""

from __future__ import annotations

import json
from typing import Any

_FLAT = frozenset({str, int, float, bool, type(None)})


def indented(value: Any, allow_nan: bool = False) -> str:
    """`json.dumps(value, indent=2, ensure_ascii=False, allow_nan=allow_nan)`."""
    return encode(value, "\n", allow_nan)


def _flat(value: Any, inner: str, allow_nan: bool) -> str:
    """A container of scalars in one C call: `{ITEM,<newline+indent>ITEM}`."""
    return json.dumps(value, ensure_ascii=False, allow_nan=allow_nan,
                      separators=("," + inner, ": "))


def encode(value: Any, newline: str, allow_nan: bool) -> str:
    """`value` as json writes it where the current line's indentation is `newline`."""
    if isinstance(value, dict):
        if not value:
            return "{}"
        inner = newline + "  "
        if not all(k.__class__ is str for k in value):  # json converts these keys itself
            return json.dumps(value, indent=2, ensure_ascii=False,
                              allow_nan=allow_nan).replace("\n", newline)
        if all(v.__class__ in _FLAT for v in value.values()):
            return "{" + inner + _flat(value, inner, allow_nan)[1:-1] + newline + "}"
        quote = json.encoder.encode_basestring
        return ("{" + inner + ("," + inner).join(
            quote(k) + ": " + encode(v, inner, allow_nan) for k, v in value.items())
            + newline + "}")
    if isinstance(value, (list, tuple)):
        if not value:
            return "[]"
        inner = newline + "  "
        if all(v.__class__ in _FLAT for v in value):
            return "[" + inner + _flat(value, inner, allow_nan)[1:-1] + newline + "]"
        return ("[" + inner + ("," + inner).join(encode(v, inner, allow_nan) for v in value)
                + newline + "]")
    return json.dumps(value, ensure_ascii=False, allow_nan=allow_nan)
