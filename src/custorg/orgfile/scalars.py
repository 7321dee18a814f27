"""YAML 1.2 core schema for plain scalars: the one definition every parser path uses
(load.py's careful builder, loadfast.py's events, scan.py's lines)."""

from __future__ import annotations

import math
import re
from typing import Any

NULL = frozenset({"", "~", "null", "Null", "NULL"})
TRUE = frozenset({"true", "True", "TRUE"})
FALSE = frozenset({"false", "False", "FALSE"})
_INT = re.compile(r"[-+]?[0-9]+\Z")
_OCT = re.compile(r"0o[0-7]+\Z")
_HEX = re.compile(r"0x[0-9a-fA-F]+\Z")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?\Z")
NUMBER_START = frozenset("-+.0123456789")  # the first characters those patterns allow
# the only plain scalars `resolve_plain` may return as other than text are these, or
# start with one of NUMBER_START (the fast paths call it for those only)
SPECIAL = NULL | TRUE | FALSE


MAX_NUMBER_CHARS = 100


def resolve_plain(text: str) -> Any:
    """YAML 1.2 core schema for a plain scalar. Non-finite floats stay text (JSON has none)."""
    if text in NULL:
        return None
    if text in TRUE:
        return True
    if text in FALSE:
        return False
    if text[0] not in NUMBER_START or len(text) > MAX_NUMBER_CHARS:
        return text  # no number pattern can match; or too long to be a count (then text:
        # the schema says it must be a number, instead of Python's 4300-digit limit)
    if _INT.match(text):
        return int(text)
    if _OCT.match(text):
        return int(text[2:], 8)
    if _HEX.match(text):
        return int(text[2:], 16)
    if _FLOAT.match(text):
        value = float(text)
        return value if math.isfinite(value) else text
    return text
