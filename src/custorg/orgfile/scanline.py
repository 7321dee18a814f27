"""The values of one line for scan.py: plain, quoted and `[a, b]` scalars, each read
exactly as libyaml reads it, or `Unusual` (see scan.py for the subset)."""

from __future__ import annotations

import re
from typing import Any

from .loadfast import Marks, Unusual
from .scalars import NUMBER_START, SPECIAL, resolve_plain

INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")  # no plain scalar starts with one (but -1)
_CLOSER = INDICATORS | NUMBER_START  # a flow item starting with one needs a closer look
_FLOW_STOP = frozenset(",]")
_FLOW_PLAIN = re.compile(r"[^\[\]{}'\"#:]*")  # what `flow_list` may split
_FLOW_BAD = frozenset("[]{}#:'\"")


def _chars(chars: frozenset[str]) -> str:
    return re.escape("".join(sorted(chars)))


# What YAML does not read as a printable character on its line (a regex class's ranges):
# C0/C1 controls, tab, CR, DEL, NEL, the BOM, U+2028/2029 (line breaks to libyaml),
# surrogates, U+FFFE/FFFF. No class of scan.py's line regex takes one (nor a newline), so a
# line holding one matches nothing, and the scanner bails (scan.py counts its lines).
OUTSIDE = "\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff"

# a `simple` plain scalar (what most values of an org file are: no indicator first, no
# `:` or `#` inside, no trailing space, one line) that may resolve to other than text
# (CAREFUL: a number, null or bool is one), or that is text (WORD; try CAREFUL first)
_REST = f"[^:#\\n{OUTSIDE}]*(?<! )"
CAREFUL = "|".join([f"[{_chars(NUMBER_START - INDICATORS)}]{_REST}",
                    *map(re.escape, sorted(SPECIAL - {""}))])
WORD = f"[^{_chars(INDICATORS | NUMBER_START)}\\n{OUTSIDE}]{_REST}"
EMPTY = (None, None)  # `read_value` of nothing or a comment: the value is open
# `[a, b, c]` of plain items that are text but maybe for a SPECIAL one (what most flow
# values of an org file are: ids): no space in them, one `, ` between them
_IN_ITEM = _FLOW_BAD | {" ", ","}
_FLOW_ITEM = f"[^{_chars(_CLOSER | _IN_ITEM)}\\n][^{_chars(_IN_ITEM)}\\n]*"
_FLOW_WORDS = re.compile(f"\\[(?:{_FLOW_ITEM}, )*{_FLOW_ITEM}\\]")


def _quoted(rest: str, i: int) -> tuple[str, int]:
    """The text of the one-line quoted scalar starting at rest[i], and the index after it."""
    quote = rest[i]
    if quote == '"':
        end = rest.find('"', i + 1)
        if end < 0 or "\\" in rest[i + 1:end]:
            raise Unusual  # continues on the next line, or escapes
        return rest[i + 1:end], end + 1
    parts = []
    j = i + 1
    while True:
        end = rest.find("'", j)
        if end < 0:
            raise Unusual
        parts.append(rest[j:end])
        if rest[end + 1:end + 2] != "'":
            return "'".join(parts), end + 1
        j = end + 2


def _tail(rest: str, i: int) -> None:
    """Only spaces, then nothing or a comment, may follow a value that ends at rest[i]."""
    after = rest[i:]
    tail = after.lstrip(" ")
    if tail and (tail[0] != "#" or tail is after):
        raise Unusual


def _plain_start(text: str) -> None:
    if text[0] in INDICATORS and not (text[0] == "-" and text[1:2] in
                                       tuple("0123456789.")):
        raise Unusual


def _plain(rest: str) -> str:
    """A plain scalar that is not `simple`: a comment after it, a `:` or `#` inside it,
    a trailing space, or `-` first."""
    _plain_start(rest)
    cut = rest.find(" #")
    text = (rest if cut < 0 else rest[:cut]).rstrip(" ")
    if ": " in text or text.endswith(":"):
        raise Unusual
    return text


Items = list[tuple[Any, int, "str | None"]]  # flow list items: value, column offset, raw


def _flow(rest: str) -> Items:
    """The items of a one-line flow list `[a, 'b', "c"]` that is not only plain items:
    (value, offset in rest, the text when a plain item resolved to other than text)."""
    items: Items = []
    i, n = 1, len(rest)
    while True:
        while i < n and rest[i] == " ":
            i += 1
        if i >= n:
            raise Unusual  # the list goes on to the next line
        if rest[i] == "]" and not items:
            return _closed(rest, i, items)
        j = _flow_item(rest, i, items)
        while j < n and rest[j] == " ":
            j += 1
        if j >= n or rest[j] not in _FLOW_STOP:
            raise Unusual
        if rest[j] == "]":
            return _closed(rest, j, items)
        i = j + 1


def _flow_item(rest: str, i: int, items: Items) -> int:
    """Read the flow list item at rest[i] into `items`; the index after it."""
    if rest[i] in "'\"":
        text, j = _quoted(rest, i)
        items.append((text, i, None))
        return j
    j = i
    while j < len(rest) and rest[j] not in _FLOW_STOP:
        j += 1
    text = rest[i:j].rstrip(" ")
    if not text or any(c in _FLOW_BAD for c in text):
        raise Unusual
    _plain_start(text)
    value = resolve_plain(text)
    items.append((value, i, None if value.__class__ is str else text))
    return j


def _plain_items(rest: str, end: int, path: tuple[Any, ...], line: int, col: int,
                 marks: Marks, raw: dict[tuple[Any, ...], str]) -> list[Any]:
    """`flow_list` of `[a, b]`: plain items only, nothing after the `]`."""
    values: list[Any] = []
    inner = rest[1:end]
    if not inner.strip(" "):
        return values
    mark = marks.add
    offset = col + 1
    for part in inner.split(","):
        text = part.strip(" ")
        if not text:
            raise Unusual  # an empty item: `[a,,b]`, `[a,]`
        if text[0] in _CLOSER or text in SPECIAL:
            _plain_start(text)
            value = resolve_plain(text)
            if value.__class__ is not str:
                raw[path + (len(values),)] = text
            values.append(value)
        else:
            values.append(text)
        mark(line, offset if part[0] != " " else offset + len(part) - len(part.lstrip(" ")))
        offset += len(part) + 1
    return values


def flow_list(rest: str, path: tuple[Any, ...], line: int, col: int, marks: Marks,
              raw: dict[tuple[Any, ...], str]) -> list[Any]:
    """The list of a one-line flow value `[a, 'b', "c"]` at `path` whose `[` is at `line`
    and `col`: the marks of its items added, the texts of plain items that resolved to
    other than text in `raw`."""
    if _FLOW_WORDS.fullmatch(rest) is not None:
        words = rest[1:-1].split(", ")
        if SPECIAL.isdisjoint(words):
            offset = col + 1
            lines, cols = marks.lines, marks.cols
            for word in words:
                cols.append(offset)
                offset += len(word) + 2
            lines.extend([line] * len(words))
            return words
    end = len(rest) - 1
    if rest[end] == "]" and _FLOW_PLAIN.fullmatch(rest, 1, end):  # plain items only: split
        return _plain_items(rest, end, path, line, col, marks, raw)
    values: list[Any] = []
    for n, (value, offset, text) in enumerate(_flow(rest)):
        marks.add(line, col + offset)
        if text is not None:
            raw[path + (n,)] = text
        values.append(value)
    return values


def _closed(rest: str, i: int, items: Items) -> Items:
    _tail(rest, i + 1)
    return items


def read_value(rest: str) -> tuple[Any, str | None]:
    """(value, raw text) of what follows a key or dash, when it is neither a `SIMPLE`
    plain scalar nor a flow list; `EMPTY` for nothing or a comment."""
    if not rest or rest[0] == "#":
        return EMPTY
    first = rest[0]
    if first == "'" or first == '"':
        text, end = _quoted(rest, 0)
        _tail(rest, end)
        return text, None
    text = _plain(rest)
    value = resolve_plain(text)
    return value, None if value.__class__ is str else text
