"""M003: characters that hide or disguise text in ids and names."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from ..escape import text as shown
from ..findings import Finding, Severity
from ..model import Org
from .base import Context, rule

# bidi embeddings, overrides and isolates, zero-width characters, word joiner, BOM
INVISIBLE = frozenset("\u200b\u200c\u200d\u2060\ufeff\u202a\u202b\u202c\u202d\u202e"
                      "\u2066\u2067\u2068\u2069\u200e\u200f")
_WORD = re.compile(r"[^\W\d_]+")  # runs of letters: `IT-отдел` is two words, each one script


_INVISIBLE_CLASS = "".join(sorted(INVISIBLE))
_HIDDEN_IN_ID = re.compile(f"[\x00-\x1f\x7f-\x9f{_INVISIBLE_CLASS}]")  # C0, DEL, C1
_HIDDEN_IN_TEXT = re.compile(f"[\x00-\x08\x0a-\x1f\x7f-\x9f{_INVISIBLE_CLASS}]")  # tab ok


def _hidden(value: str, free_text: bool) -> list[str]:
    """The invisible, direction-changing and control characters of `value` (C0, DEL, C1;
    a tab is allowed in free text such as a name), each once, in order."""
    pattern = _HIDDEN_IN_TEXT if free_text else _HIDDEN_IN_ID
    return list(dict.fromkeys(pattern.findall(value))) if pattern.search(value) else []


@lru_cache(maxsize=4096)
def _mixed_word(word: str) -> bool:
    from confusable_homoglyphs import confusables

    return bool(confusables.is_dangerous(word))


def mixed_script_words(value: str) -> list[str]:
    """Words that mix scripts with look-alike letters (Latin `sales` written with a
    Cyrillic `ѕ` and `а`): Unicode's mixed-script confusable check (UTS #39), per word."""
    if value.isascii():
        return []
    return [w for w in _WORD.findall(value) if not w.isascii() and _mixed_word(w)]


@lru_cache(maxsize=1)
def _ascii_twins() -> dict[str, str]:
    """Each non-ASCII letter that looks like one ASCII letter -> that letter."""
    from confusable_homoglyphs import confusables

    out = {}
    for char, entries in confusables.confusables_data.items():
        if len(char) != 1 or char.isascii():
            continue
        twins = sorted({g["c"] for g in entries
                        if len(g["c"]) == 1 and g["c"].isascii() and g["c"].isalnum()},
                       key=lambda c: (not c.islower(), not c.isalpha(), c))  # `l` before `I`
        if twins:
            out[char] = twins[0]
    return out


def skeleton(value: str) -> str:
    """`value` with every letter that looks like an ASCII one replaced by it (so the
    Cyrillic `ѕаӏеѕ` and the Latin `sales` have the same skeleton)."""
    if value.isascii():
        return value
    twins = _ascii_twins()
    return "".join(twins.get(c, c) for c in value)


def _problems(field: str, value: str, first_of: dict[str, tuple[str, str]], kind: str
              ) -> Iterator[str]:
    hidden = _hidden(value, free_text=field == "name")
    if hidden:
        codes = ", ".join(f"U+{ord(c):04X}" for c in hidden)
        yield f"contains invisible, control or direction-changing characters ({codes})"
    mixed = mixed_script_words(value)
    if mixed:
        yield (f"mixes scripts with look-alike letters in {', '.join(map(repr, mixed))} "
               "(e.g. Cyrillic letters that look Latin)")
    if field == "id" and not value.isascii():
        twin = first_of.setdefault(skeleton(value), (kind, value))
        if twin[1] != value and not hidden and not mixed:
            yield f"looks the same as {twin[0]} '{shown(twin[1])}' but is another id"


def _plain(value: str, pattern: re.Pattern[str]) -> bool:
    """ASCII text without a control character: nothing to report (most ids and names)."""
    return value.isascii() and pattern.search(value) is None


def suspicious(org: Org) -> Iterator[tuple[str, Any, str, str]]:
    """(kind, entity, field, problem) for every suspicious id or name. A name is checked
    only when it is not the id (a name defaults to the id: one report). Of two ids that
    look the same, the one with letters outside ASCII is reported (or the later one)."""
    entities = list(org.entities())
    first_of = {e.id: (kind, e.id) for kind, e in entities if e.id.isascii()}
    for kind, entity in entities:
        ident = entity.id
        if not _plain(ident, _HIDDEN_IN_ID):
            for problem in _problems("id", ident, first_of, kind):
                yield kind, entity, "id", problem
        name = getattr(entity, "name", None)
        if isinstance(name, str) and name != ident and not _plain(name, _HIDDEN_IN_TEXT):
            for problem in _problems("name", name, first_of, kind):
                yield kind, entity, "name", problem


@rule("M003", "suspicious-characters", Severity.WARNING)
def suspicious_characters(ctx: Context) -> Iterator[Finding]:
    """An id or name has invisible, control or direction-changing characters or look-alikes.

    What it checks: ids and names contain no control characters (C0, DEL, C1; a tab is
    allowed in a name), no bidirectional overrides or isolates (U+202A-U+202E,
    U+2066-U+2069, U+200E, U+200F) and no zero-width characters (U+200B-U+200D, U+2060,
    U+FEFF); no word mixes scripts with look-alike letters (Unicode's mixed-script
    confusable check, UTS #39: Latin `sales` written with a Cyrillic `ѕ` and `а`); and no
    id looks the same as an earlier, different id (`ѕаӏеѕ` next to `sales`). Words of one
    script each (`IT-отдел`) are fine.

    Why it matters: such characters make two different ids look the same in a review,
    make text display in another order than it is stored ("Trojan Source"), or drive the
    terminal that shows a report.

    Example (fails):
        units:
          - {id: sales}
          - {id: ѕаles}          # Cyrillic ѕ and а

    Example (passes):
        units:
          - {id: sales}
          - {id: it-отдел, name: IT-отдел}

    How to fix: retype the id or name (with one keyboard layout).
    """
    for kind, entity, field, problem in suspicious(ctx.org):
        yield ctx.finding(kind, entity.id, entity.src.at(field),
                          f"{kind} {field} '{shown(getattr(entity, field))}' {problem}: "
                          "retype it")
