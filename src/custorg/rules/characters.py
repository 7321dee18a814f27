"""M003: characters that hide or disguise text in ids and names."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from typing import Any

from ..findings import Finding, Severity
from ..model import Org
from .base import Context, rule


@rule("M003", "suspicious-characters", Severity.WARNING)
def suspicious_characters(ctx: Context) -> Iterator[Finding]:
    """An id or name contains invisible or direction-changing characters.

    What it checks: ids and names contain no bidirectional overrides (U+202A-U+202E,
    U+2066-U+2069) and no zero-width characters (U+200B-U+200D, U+2060, U+FEFF).

    Why it matters: such characters make two different ids look the same in a review, or
    text display in another order than it is stored ("Trojan Source").

    Example (fails):
        units:
          - {id: sales, name: "Sales\\u200b"}       # a zero-width space after the name

    Example (passes):
        units:
          - {id: sales, name: Sales}

    How to fix: retype the id or name without them.
    """
    for kind, entity, field_name, message in _suspicious_characters(ctx.org):
        yield ctx.finding(kind, entity.id, entity.src.at(field_name), message)


_INVISIBLE = frozenset("\u200b\u200c\u200d\u2060\ufeff\u202a\u202b\u202c\u202d\u202e"
                       "\u2066\u2067\u2068\u2069")


def _suspicious_characters(org: Org) -> Iterator[tuple[str, Any, str, str]]:
    """(entity kind, entity, field, message) of every id or name with such characters."""
    for kind, entity in org.entities():
        for field_name in ("id", "name"):
            text = getattr(entity, field_name, None)
            if not isinstance(text, str) or text.isascii():
                continue
            bad = sorted({c for c in text if c in _INVISIBLE or
                          unicodedata.category(c) == "Cc" and c not in "\n\t"})
            if bad:
                shown = ", ".join(f"U+{ord(c):04X}" for c in bad)
                shown_text = text.encode('unicode_escape').decode()
                yield (kind, entity, field_name, f"{kind} {field_name} {shown_text!r} "
                       f"contains invisible or direction-changing characters "
                       f"({shown}): retype it")
