"""The loader's fast path: one tight loop over libyaml's events for plain documents.

Almost every org file is plain YAML: mappings, lists and untagged scalars, no anchors,
aliases, tags, merge keys or duplicate keys. For those, `plain_document` builds exactly
what load.py's careful `_Builder` builds (the same data and, through `Locator`, the same
source map) with a fraction of the Python calls. At the first thing it does not handle it
raises `Unusual`, and load.py parses the file again with the careful builder, which
reports every problem with its line and column as before.

The source map is the costly part (a third of the loop at 50,000 units, and most runs
look up few of its million entries: a diagram none), so the loop only keeps each node's
libyaml mark in document order, and where each shallow mapping or list (the sections
and the entities in them) begins and ends among them. `Locator` turns one entity's marks
into source map entries when a location inside it is first asked for.
"""

from __future__ import annotations

from collections.abc import Callable
from sys import intern
from typing import Any

from yaml import events as ev

Loc = tuple[int, int]


class Unusual(Exception):
    """The document needs the careful builder (anchors, tags, duplicate keys, ...)."""


_SCALAR = ev.ScalarEvent
_MAPPING_START = ev.MappingStartEvent
_SEQUENCE_START = ev.SequenceStartEvent
_ENDS = (ev.MappingEndEvent, ev.SequenceEndEvent)
_DOCUMENT_END = ev.DocumentEndEvent
_NOKEY = object()


Marks = list[Any]  # libyaml marks (.line, .column from 0), one per node in document order
Spans = dict[tuple, tuple[int, int]]  # shallow container path -> (first mark, after last)
SHALLOW = 2  # containers at paths this long or shorter get a span: the root, sections, entities


def plain_document(parser: Any, resolve_plain: Callable[[str], Any], max_depth: int,
                   special: frozenset[str], maybe_special: frozenset[str]
                   ) -> tuple[Any, Marks, Spans, dict[tuple, str]]:
    """(root, marks, spans, raw) of the document whose DocumentStart was just read; reads
    up to and including its DocumentEnd. Raises Unusual for anything but plain YAML.

    `marks` has the start mark of every mapping, list, key and scalar value, in document
    order (what `Locator` reads); `raw` the text of scalars that resolved to other than
    text, by path. `resolve_plain` is called only for plain scalars that are empty, start
    with one of `maybe_special` or are one of `special` (the only ones it may not return
    as text)."""
    marks: Marks = []
    mark = marks.append
    spans: Spans = {}
    raw: dict[tuple, str] = {}
    get = parser.get_event
    # the open containers above the current one, with where their marks begin
    stack: list[tuple[Any, tuple, bool, int]] = []
    obj: Any = None  # the current container (None: before the root)
    path: tuple = ()
    is_map = False
    start = 0  # index in marks of the current container's own mark
    key: Any = _NOKEY  # the pending key of the current mapping
    root: Any = None
    while True:
        event = get()
        cls = event.__class__
        if cls is _SCALAR:
            if event.anchor is not None or event.tag is not None or obj is None:
                raise Unusual
            mark(event.start_mark)
            text = event.value
            if is_map and key is _NOKEY:
                if text in obj or text == "<<":
                    raise Unusual
                key = intern(text)  # a few field names, repeated in every entity
                continue
            if not event.style and event.implicit[0] and \
                    (not text or text[0] in maybe_special or text in special):
                value = resolve_plain(text)  # plain text that may be null, bool or number
                if value.__class__ is not str and text:  # keep the text of 010, NO, ~
                    raw[path + ((key,) if is_map else (len(obj),))] = text
            else:
                value = text
            if is_map:
                obj[key] = value
                key = _NOKEY
            else:
                obj.append(value)
        elif cls is _MAPPING_START or cls is _SEQUENCE_START:
            if event.anchor is not None or event.tag is not None:
                raise Unusual
            new: Any = {} if cls is _MAPPING_START else []
            if obj is None:
                at: tuple = ()
                root = new
            elif is_map:
                if key is _NOKEY:
                    raise Unusual  # a mapping or list as a key
                at = path + (key,)
                obj[key] = new
            else:
                at = path + (len(obj),)
                obj.append(new)
            if len(stack) + (obj is not None) >= max_depth:
                raise Unusual
            if obj is not None:
                stack.append((obj, path, is_map, start))
            start = len(marks)
            mark(event.start_mark)
            obj, path, is_map, key = new, at, cls is _MAPPING_START, _NOKEY
        elif cls in _ENDS:
            if len(path) <= SHALLOW:
                spans[path] = (start, len(marks))
            if stack:
                obj, path, is_map, start = stack.pop()
            else:
                obj = _NOKEY  # the root is complete: only DocumentEnd may follow
            key = _NOKEY
        elif cls is _DOCUMENT_END:
            if obj is not _NOKEY:
                raise Unusual
            return root, marks, spans, raw
        else:  # aliases, or anything unexpected
            raise Unusual


class Locator:
    """Fills a source map from the fast path's marks, one shallow container at a time."""

    def __init__(self, root: Any, marks: Marks, spans: Spans) -> None:
        self.root, self.marks, self.spans = root, marks, spans
        self.filled: set[tuple] = set()

    def fill(self, path: tuple, values: dict[tuple, Loc], keys: dict[tuple, Loc]) -> None:
        """Add the entries of the shallow container that holds `path` (its nearest
        ancestor, or itself, with a span): every value and key inside it, and the
        position of each shallow container right inside it."""
        for length in range(min(len(path), SHALLOW), -1, -1):
            prefix = path[:length]
            span = self.spans.get(prefix)
            if span is not None:
                break
        else:
            return
        if prefix in self.filled:
            return
        self.filled.add(prefix)
        node = self.root
        for part in prefix:
            node = node[part]
        self._walk(node, prefix, span[0], values, keys, True)

    def complete(self, values: dict[tuple, Loc], keys: dict[tuple, Loc]) -> None:
        """Every entry, in document order (as the careful builder records them)."""
        values.clear()
        keys.clear()
        if self.marks:
            self._walk(self.root, (), 0, values, keys, False)
        self.filled = set(self.spans)

    def _walk(self, node: Any, path: tuple, i: int, values: dict[tuple, Loc],
              keys: dict[tuple, Loc], skip: bool) -> int:
        """Record `node`, whose mark is marks[i], and what it holds; return the index
        after its last mark. With `skip`, shallow containers inside are not entered."""
        marks = self.marks
        mark = marks[i]
        values[path] = (mark.line + 1, mark.column + 1)
        i += 1
        is_map = node.__class__ is dict
        if not is_map and node.__class__ is not list:
            return i
        shallow = skip and len(path) < SHALLOW  # its containers may have spans
        for part, child in node.items() if is_map else enumerate(node):
            at = path + (part,)
            if is_map:
                mark = marks[i]
                keys[at] = (mark.line + 1, mark.column + 1)
                i += 1
            if child.__class__ is dict or child.__class__ is list:
                if shallow:  # its own entries wait until something inside is asked for
                    start, i = self.spans[at]
                    mark = marks[start]
                    values[at] = (mark.line + 1, mark.column + 1)
                else:
                    i = self._walk(child, at, i, values, keys, skip)
            else:
                mark = marks[i]
                values[at] = (mark.line + 1, mark.column + 1)
                i += 1
        return i
