"""Names and values from an export: made safe for where they go (terminal, YAML comment,
Markdown), and normalised as ids, slugs and sort keys (docs/import.md).

- `plain`: for a terminal, a YAML comment or an error message: `escape.text`, the one
  definition of a piece of user text safe on one line (control characters, line and
  paragraph breaks, bidi controls and marks, zero-width characters shown as escapes), so
  an export can neither move the cursor nor fake a line.
- `md`, `code`: Markdown inline text and code spans: `escape.markdown` and
  `escape.markdown_code`, the one Markdown escaper (the diff's PR comment uses it too).
- `function_slug`: `Human Resources` -> `human-resources` (docs/import.md, function).
- `id_text`: a value as a format-v1 id: NFC, whitespace and the characters an id drops
  (escape.ignorable_re: invisible ones, variation selectors) as `-`.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from .. import escape

_BREAKS = re.compile(r"\s+")
_DIGIT_RUNS = re.compile(r"([0-9]+)")
_NOT_ALNUM = re.compile(r"[\W_]+")


plain = escape.text
md = escape.markdown
code = escape.markdown_code


@lru_cache(maxsize=4096)  # an export has few distinct groups, repeated on every row
def function_slug(text: str) -> str | None:
    """Lower-cased, runs of characters other than letters and digits as `-`, trimmed of
    `-`; None when nothing is left."""
    slug = _NOT_ALNUM.sub("-", text.lower()).strip("-")
    return slug or None


def id_text(text: str) -> str:
    """A value as an id: NFC-normalised, every run of whitespace or of the characters an
    id drops (escape.py's policy: invisible ones, variation selectors; a ZWNJ or ZWJ
    between two letters stays) as one `-` (invisible ones would be M003)."""
    text = text.strip()
    if text.isascii() and text.isprintable() and " " not in text:
        return text  # the usual id: nothing to normalise or replace
    return _BREAKS.sub("-", escape.ignorable(unicodedata.normalize("NFC", text), " "))


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
