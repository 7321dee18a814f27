"""M003: characters that hide or disguise text in ids and names."""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterator
from functools import lru_cache
from itertools import accumulate
from operator import attrgetter
from typing import Any

from .. import escape
from ..escape import text as shown
from ..findings import Finding, Severity
from ..orgfile.model import Org
from ..orgfile.sections import SECTIONS
from .base import Context, rule

_ID, _NAME = attrgetter("id"), attrgetter("name")
_WORD = re.compile(r"[^\W\d_]+")  # runs of letters: `IT-отдел` is two words, each one script


def _hidden(value: str, free_text: bool) -> list[str]:
    """The characters of `value` escape.py's policy hides (controls, line and paragraph
    separators, every format character, the Hangul fillers...; a ZWNJ or ZWJ between two
    letters is fine, and a tab in free text such as a name), each once, in order."""
    return escape.hidden(value, keep="\t" if free_text else "")


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


def look(value: str) -> str:
    """How an id looks, for M003 only (references stay exact): without the characters
    an id drops (escape.ignorable), NFKC-normalised (`ﬁn` is `fin`, full-width `ａ` is
    `a`), then its skeleton."""
    if value.isascii():
        return value
    return skeleton(unicodedata.normalize("NFKC", escape.ignorable(value)))


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
        twin = first_of.setdefault(look(value), (kind, value))
        if twin[1] != value and not hidden and not mixed:
            yield f"looks the same as {twin[0]} '{shown(twin[1])}' but is another id"


def _plain(value: str, free_text: bool) -> bool:
    """ASCII text without a control character (a tab allowed in free text): nothing to
    report (most ids and names)."""
    return value.isascii() and (value.replace("\t", "") if free_text else value).isprintable()


def suspicious(org: Org) -> Iterator[tuple[str, Any, str, str]]:
    """(kind, entity, field, problem) for every suspicious id or name. A name is checked
    only when it is not the id (a name defaults to the id: one report). Of two ids that
    look the same, the one with letters outside ASCII is reported (or the later one).
    A name's problems depend on its text alone: each distinct name is checked once."""
    first_of: dict[str, tuple[str, str]] = {}  # the ASCII ids, made at the first problem id
    of_name: dict[str, list[str]] = {}  # name -> its problems
    for section, kind in SECTIONS.items():
        for entity in _odd(getattr(org, section)):
            ident = entity.id
            if not (ident.isascii() and ident.isprintable()):  # _plain(ident, False), inline
                first_of = first_of or _ascii_ids(list(org.entities()))
                for problem in _problems("id", ident, first_of, kind):
                    yield kind, entity, "id", problem
            name = getattr(entity, "name", None)
            if isinstance(name, str) and name != ident and not _plain(name, True):
                problems = of_name.get(name)
                if problems is None:  # ids only use first_of
                    problems = of_name[name] = list(_problems("name", name, first_of, kind))
                for problem in problems:
                    yield kind, entity, "name", problem


def _odd(items: tuple[Any, ...]) -> list[Any]:
    """The entities of a section whose id or name is not ASCII without a control
    character (few, if any), in order. Decided for all ids at once (one C pass over
    them joined: as plain as each of them is plain) and for all names at once
    (`_odd_texts`)."""
    try:
        plain_ids = _plain_text("".join(map(_ID, items)))
        names = list(map(_NAME, items)) if items and hasattr(items[0], "name") else []
        odd_names = _odd_texts(names)
    except TypeError:  # an id or a name that is not text: one by one
        plain_ids, odd_names = False, []
    if plain_ids:
        return [items[n] for n in odd_names]
    return [entity for entity in items if not _plain_text(entity.id)
            or isinstance(name := getattr(entity, "name", None), str)
            and not _plain_text(name)]


_NOT_PLAIN = re.compile("[^\x20-\x7e]")  # what `_plain_text` refuses: not printable ASCII


def _odd_texts(texts: list[str]) -> list[int]:
    """The indexes of the texts that are not ASCII without a control character
    (`_plain_text` false), in order, from one scan of them all joined: a character
    outside printable ASCII belongs to the text whose end (a running sum of
    the lengths) is the first beyond it; the text's later ones are skipped."""
    joined = "".join(texts)
    if _plain_text(joined):
        return []
    ends = list(accumulate(map(len, texts)))
    found: list[int] = []
    end = -1
    for char in _NOT_PLAIN.finditer(joined):
        at = char.start()
        if at >= end:  # past the text found last
            index = bisect_right(ends, at)
            found.append(index)
            end = ends[index]
    return found


def _plain_text(value: str) -> bool:
    return value.isascii() and value.isprintable()


def _ascii_ids(entities: list[tuple[str, Any]]) -> dict[str, tuple[str, str]]:
    """id -> (kind, id) of every ASCII id (what a look-alike id is compared with)."""
    return {e.id: (kind, e.id) for kind, e in entities if e.id.isascii()}


@rule("M003", "suspicious-characters", Severity.WARNING)
def suspicious_characters(ctx: Context) -> Iterator[Finding]:
    """An id or name has invisible, control or direction-changing characters or look-alikes.

    What it checks: ids and names contain no control characters (C0, DEL, C1; a tab is
    allowed in a name), no line or paragraph separators (U+2028, U+2029), no format
    characters (Unicode category Cf: bidirectional overrides, isolates and marks, zero
    width characters, the word joiner, invisible operators U+2061-U+2064, the soft
    hyphen, the Mongolian vowel separator, TAG characters U+E0000-U+E007F, BOM...) and no
    invisible letters (the Hangul fillers, U+034F); a zero width joiner or non-joiner
    between two letters is fine (Persian and Indic names need them). No word mixes
    scripts with look-alike letters (Unicode's mixed-script confusable check, UTS #39:
    Latin `sales` written with a Cyrillic `ѕ` and `а`); and no id looks the same as an
    earlier, different id once NFKC-normalised and reduced to its look-alike skeleton
    (`ѕаӏеѕ` or `ﬁn` next to `sales` or `fin`). Words of one script each (`IT-отдел`)
    are fine. References between entities stay exact: only this rule compares looks.

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
