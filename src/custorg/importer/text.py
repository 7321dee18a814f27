"""Text from an export made safe for where it goes, and the normalisations of import.md.

- `plain`: for a terminal, a YAML comment or an error message: `escape.text`, the one
  definition of a piece of user text safe on one line (control characters, line and
  paragraph breaks, bidi controls and marks, zero-width characters shown as escapes), so
  an export can neither move the cursor nor fake a line.
- `md`: for Markdown inline text: `plain` plus a backslash before Markdown's punctuation.
- `function_slug`: `Human Resources` -> `human-resources` (import.md, function).
- `id_text`: a value as a format-v1 id: NFC, whitespace and invisible characters as `-`.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from .. import escape

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&!{}#])")
_DIGIT_RUNS = re.compile(r"([0-9]+)")
_NOT_ALNUM = re.compile(r"[\W_]+")
_ID_BREAKS = re.compile(r"[\s\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f"
                        r"\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f"
                        r"\ufeff\uffa0\ufff0-\ufff8]+")


plain = escape.text


def md(text: str) -> str:
    """Inline Markdown text that shows exactly `plain(text)`, never markup or HTML."""
    return _MD_SPECIAL.sub(r"\\\1", plain(text))


@lru_cache(maxsize=4096)  # an export has few distinct groups, repeated on every row
def function_slug(text: str) -> str | None:
    """Lower-cased, runs of characters other than letters and digits as `-`, trimmed of
    `-`; None when nothing is left."""
    slug = _NOT_ALNUM.sub("-", text.lower()).strip("-")
    return slug or None


def id_text(text: str) -> str:
    """A value as an id: NFC-normalised, every run of whitespace or invisible characters
    as one `-` (ids are text without whitespace; invisible ones would be M003)."""
    text = text.strip()
    if text.isascii() and text.isprintable() and " " not in text:
        return text  # the usual id: nothing to normalise or replace
    return _ID_BREAKS.sub("-", unicodedata.normalize("NFC", text))


def natural_key(text: str) -> tuple[tuple[str | tuple[int, str], ...], str]:
    """Sort key putting post-9 before post-10: runs of 0-9 compared as numbers (they sit
    at the odd places of the split, so places always compare like with like); the text
    itself breaks ties such as 7 and 007. A run is compared by its length without leading
    zeros, then its digits: the order of the numbers, for any length (int() refuses runs
    of over 4,300 digits and would be quadratic below that)."""
    pieces = _DIGIT_RUNS.split(text)
    parts: list[str | tuple[int, str]] = list(pieces)
    parts[1::2] = [_number_key(run) for run in pieces[1::2]]
    return tuple(parts), text


def _number_key(digits: str) -> tuple[int, str]:
    significant = digits.lstrip("0")
    return len(significant), significant
