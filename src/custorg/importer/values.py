"""Numbers as HR exports write them: `2.5`, `2,5` (decimal comma), `1,234.5`, `1.234,5`,
`1 234,5`. A column is read with a decimal comma or a decimal point as a whole, decided
from its values (`decimal_comma`); a value that is no finite number gives None."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable

_SPACES = re.compile(r"[\s\u00a0\u2007\u202f]+")
_NUMBER = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_COMMA_GROUPS = re.compile(r"[+-]?[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?")
_DOT_GROUPS = re.compile(r"[+-]?[0-9]{1,3}(?:\.[0-9]{3})+(?:,[0-9]+)?")
_COMMA_DECIMAL = re.compile(r"[+-]?[0-9]*,[0-9]+")
_DOT_DECIMAL = re.compile(r"[+-]?[0-9]*\.[0-9]+")


def _squeeze(text: str) -> str:
    return _SPACES.sub("", text)


def decimal_comma(values: Iterable[str], prefer_comma: bool) -> bool:
    """Whether a column's numbers use a decimal comma. Unambiguous values decide (`2,5`,
    `1.234,5` against `2.5`, `1,234.5`); when only ambiguous ones exist (`1,500`), a file
    separated by semicolons or tabs is taken to be continental (`prefer_comma`)."""
    comma = dot = False
    for raw in values:
        text = _squeeze(raw)
        if "," not in text and "." not in text:
            continue
        if _DOT_GROUPS.fullmatch(text) and "," in text:
            comma = True
        elif _COMMA_GROUPS.fullmatch(text) and "." in text:
            dot = True
        elif _COMMA_DECIMAL.fullmatch(text) and not _COMMA_GROUPS.fullmatch(text):
            comma = True
        elif _DOT_DECIMAL.fullmatch(text) and not _DOT_GROUPS.fullmatch(text):
            dot = True
        if comma and dot:
            break
    if comma != dot:
        return comma
    return prefer_comma and not dot


def parse_number(raw: str, comma: bool = False) -> float | None:
    """The value of a cell, or None when it is empty or not a finite number. With `comma`
    the comma is the decimal separator and dots group thousands; without, the reverse."""
    if (not comma or "." not in raw) and _NUMBER.fullmatch(raw):  # the usual cell
        value = float(raw)
        return value if math.isfinite(value) else None
    text = _squeeze(raw)
    if not text:
        return None
    if comma:
        if "." in text and not _DOT_GROUPS.fullmatch(text):
            return None
        text = text.replace(".", "").replace(",", ".")
    elif "," in text:
        if not _COMMA_GROUPS.fullmatch(text):
            return None
        text = text.replace(",", "")
    if not _NUMBER.fullmatch(text):
        return None
    value = float(text)
    return value if math.isfinite(value) else None


def tidy(value: float) -> float | int:
    """A sum of FTE as it is written: float noise rounded off, whole numbers as ints."""
    value = round(float(value), 6)
    return int(value) if value.is_integer() else value
