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
and the entities in them) begins and ends among them. `Locator` finds the mark of a path
by counting from there when a location is asked for.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Sequence
from sys import intern
from typing import Any

Loc = tuple[int, int]


class Unusual(Exception):
    """The document needs the careful builder (anchors, tags, duplicate keys, ...)."""


_NOKEY = object()


Spans = dict[tuple[Any, ...], tuple[int, int]]  # shallow container path -> (first mark, after last)
KeyMarks = dict[tuple[Any, ...], Sequence[int]]  # shallow mapping path -> the index of each
#   of its keys' marks, in the mapping's order (an array: a dict per entity costs 8x the
#   memory); a block list's path at SHALLOW + 1 (an entity's steps) -> the index of each
#   of its items' marks
SMALL = 16  # a container of at most this many entries is counted through (Locator._offset)
SIZED = 64  # Locator remembers the size of a container of more marks than this
SHALLOW = 2  # containers at paths this long or shorter get a span: the root, sections, entities


class Marks:
    """The line and column (both 1-based) of every node's mark, in document order: two
    flat arrays, so that recording a mark allocates nothing (a line number is one int
    object per line, a column a small int) and reading one is two lookups."""

    __slots__ = ("lines", "cols")

    def __init__(self) -> None:
        self.lines: array[int] = array("I")
        self.cols: array[int] = array("I")

    def add(self, line: int, col: int) -> None:
        self.lines.append(line)
        self.cols.append(col)

    def __len__(self) -> int:
        return len(self.lines)

    def __getitem__(self, i: int) -> Loc:
        return self.lines[i], self.cols[i]

    @classmethod
    def of_libyaml(cls, found: Sequence[Any]) -> Marks:
        """The marks of libyaml's mark objects (.line and .column from 0)."""
        marks = cls()
        marks.lines.extend([m.line + 1 for m in found])
        marks.cols.extend([m.column + 1 for m in found])
        return marks


def plain_document(parser: Any, resolve_plain: Callable[[str], Any], max_depth: int,  # noqa: C901 - the fast loader's hot loop, kept in one function on purpose (see its docstring)
                   special: frozenset[str], maybe_special: frozenset[str]
                   ) -> tuple[Any, Marks, Spans, dict[tuple[Any, ...], str]]:
    """(root, marks, spans, raw) of the document whose DocumentStart was just read; reads
    up to and including its DocumentEnd. Raises Unusual for anything but plain YAML.

    `marks` has the start mark of every mapping, list, key and scalar value, in document
    order (what `Locator` reads); `raw` the text of scalars that resolved to other than
    text, by path. `resolve_plain` is called only for plain scalars that are empty, start
    with one of `maybe_special` or are one of `special` (the only ones it may not return
    as text)."""
    from yaml import events as ev  # (imported here: the line scanner never needs it)

    _SCALAR, _MAPPING_START, _SEQUENCE_START = \
        ev.ScalarEvent, ev.MappingStartEvent, ev.SequenceStartEvent
    _ENDS, _DOCUMENT_END = (ev.MappingEndEvent, ev.SequenceEndEvent), ev.DocumentEndEvent
    marks: list[Any] = []
    mark = marks.append
    spans: Spans = {}
    raw: dict[tuple[Any, ...], str] = {}
    get = parser.get_event
    # the open containers above the current one, with where their marks begin
    stack: list[tuple[Any, tuple[Any, ...], bool, int]] = []
    obj: Any = None  # the current container (None: before the root)
    path: tuple[Any, ...] = ()
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
                at: tuple[Any, ...] = ()
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
            return root, Marks.of_libyaml(marks), spans, raw
        else:  # aliases, or anything unexpected
            raise Unusual


def _key_mark(node: dict[str, Any], part: Any, table: Sequence[int]) -> int:
    """The index of the mark of key `part` of mapping `node` from its key table; -1 when
    it has no such key, or more than SMALL keys (a search per lookup would make many
    lookups in one huge mapping quadratic: `Locator._offset` keeps its table of offsets)."""
    if len(node) > SMALL or part not in node:
        return -1
    return table[list(node).index(part)]  # (in C: the keys in order, then a search)


class Locator:
    """Line and column of any path of a fast-path document, from its marks.

    A node's mark is found by counting: a mapping's mark is followed by, for each entry,
    its key's mark and then its value's marks; a list's by its items' marks. The first
    lookup inside a container counts where each of its entries begins (once: later
    lookups in it, such as a thousand broken steps of one process, read the offset), so
    locating N paths costs the size of the containers walked plus N times the depth.

    `marks` are where each node starts (scan.py records them while reading; loadfast's
    walk from libyaml's). `keys` (scan.py records it while reading): for each shallow mapping, the
    index of each of its keys' marks, so that an entity's field (what nearly every finding
    points at) is one lookup, its value's mark being the one after its key's."""

    def __init__(self, root: Any, marks: Marks, spans: Spans,
                 keys: KeyMarks | None = None) -> None:
        self.root, self.marks, self.spans = root, marks, spans
        self.keys: KeyMarks = keys if keys is not None else {}
        self._offsets: dict[int, Any] = {}  # id(container) -> its entries' mark offsets
        self._sizes: dict[int, int] = {}  # id(container) -> how many marks it has

    def locate(self, path: tuple[Any, ...], key: bool = False) -> Loc:
        """(line, column) of the value at `path`, or of its key when `key` (and it is
        a mapping key); for a path that does not exist, of its nearest ancestor's value.
        The same answers as `SourceMap.at` gives from complete maps."""
        depth = len(path)
        if depth == SHALLOW + 1:  # an entity's field (most finds): its key table
            table = self.keys.get(path[:SHALLOW])
            if table is not None:
                node = self.root[path[0]][path[1]]  # (SHALLOW == 2) a mapping: its table
                part = path[SHALLOW]
                if len(node) <= SMALL and part in node:
                    i = table[list(node).index(part)] + (not key)  # key, then value
                    marks = self.marks
                    return marks.lines[i], marks.cols[i]
        if depth <= SHALLOW and not key:  # a shallow container (an entity, a section):
            span = self.spans.get(path)  # its own first mark (only these have spans)
            if span is not None:
                i = span[0]
                marks = self.marks
                return marks.lines[i], marks.cols[i]
        i = -1
        if depth == SHALLOW + 2:  # an item of an entity's list (a step): its table
            i = self._item_mark(path[:-1], path[-1])
        elif i < 0 and 0 < depth <= SHALLOW:  # a key of the root or a section
            parent = path[:-1]
            table = self.keys.get(parent)
            if table is not None:
                node = self.root
                for part in parent:
                    node = node[part]
                found = _key_mark(node, path[-1], table)
                if found >= 0:
                    i = found if key else found + 1
        if i < 0:
            i = self._counted(path, key)
        marks = self.marks
        return marks.lines[i], marks.cols[i]

    def _counted(self, path: tuple[Any, ...], key: bool) -> int:
        """`locate`'s mark index for the paths its lookups do not answer: counted from
        the nearest ancestor with a span (through a shallow mapping by its key table)."""
        spans = self.spans
        # the nearest ancestor with a span (the root always has one); for a key, a proper
        # ancestor, so that the step to the key is walked
        length = min(len(path) - (1 if key and path else 0), SHALLOW)
        while (span := spans.get(path[:length])) is None:
            length -= 1
        node = self.root
        for part in path[:length]:
            node = node[part]
        i = span[0]  # the mark of `node`
        key_mark = -1
        for depth in range(length, len(path)):
            part = path[depth]
            here = path[:depth] if depth + 1 <= SHALLOW else None  # children may have spans
            if node.__class__ is dict:
                if part.__class__ is not str or part not in node:
                    break
                table = self.keys.get(path[:depth]) \
                    if depth <= SHALLOW and len(node) <= SMALL else None
                key_mark = _key_mark(node, part, table) if table is not None else \
                    i + self._offset(node, part, here)
                i = key_mark + 1
            elif node.__class__ is list:
                if not isinstance(part, int) or not 0 <= part < len(node):
                    break
                found = self._item_mark(path[:depth], part) if depth == SHALLOW + 1 else -1
                i = found if found >= 0 else i + self._offset(node, part, here)
                key_mark = -1
            else:
                break
            node = node[part]
        else:
            if key and key_mark >= 0:
                i = key_mark
        return i

    def _item_mark(self, path: tuple[Any, ...], part: Any) -> int:
        """The index of the mark of item `part` of the list at `path` from its item table
        (scan.py keeps one for each block list at SHALLOW + 1); -1 when there is none."""
        table = self.keys.get(path)
        if table is None or part.__class__ is not int or not 0 <= part < len(table):
            return -1
        return table[part]

    def _at(self, i: int) -> Loc:
        """(line, column) of marks[i]."""
        marks = self.marks
        return marks.lines[i], marks.cols[i]

    def _offset(self, node: Any, part: Any, path: tuple[Any, ...] | None) -> int:
        """Offset of the mark of entry `part` (a mapping's key, a list's item) from the
        mark of `node`. A small container (an entity: a few fields) is counted through
        each time, which costs less than building and keeping its table of offsets; a
        large one (a section, a long list of steps) gets its table once."""
        if len(node) > SMALL or id(node) in self._offsets:
            offset: int = self._entry_offsets(node, path)[part]
            return offset
        offset = 1
        size = self._size
        if node.__class__ is dict:
            for name, child in node.items():
                if name == part:
                    return offset
                cls = child.__class__
                offset += 2 if cls is not dict and cls is not list else \
                    1 + size(child, path + (name,) if path is not None else None)
        else:
            for n in range(part):
                child = node[n]
                cls = child.__class__
                offset += 1 if cls is not dict and cls is not list else \
                    size(child, path + (n,) if path is not None else None)
        return offset

    def _entry_offsets(self, node: Any, path: tuple[Any, ...] | None) -> Any:
        """For a mapping, key -> offset of the key's mark from the mapping's own mark; for
        a list, the offset of each item's mark. Computed once per container."""
        found = self._offsets.get(id(node))
        if found is not None:
            return found
        offset = 1
        if node.__class__ is dict:
            by_key: dict[str, int] = {}
            for name, child in node.items():
                by_key[name] = offset
                offset += 1 + self._size(child, path + (name,) if path is not None else None)
            found = by_key
        else:
            items: list[int] = []
            for n, child in enumerate(node):
                items.append(offset)
                offset += self._size(child, path + (n,) if path is not None else None)
            found = items
        self._offsets[id(node)] = found
        return found

    def _size(self, node: Any, path: tuple[Any, ...] | None) -> int:
        """How many marks `node` has (itself and everything in it); `path` is given only
        where the node may be a shallow container with a span. Remembered per container
        of more than SIZED marks (a small one, such as a step, costs less to count again
        than to remember)."""
        cls = node.__class__
        if cls is not dict and cls is not list:
            return 1
        span = self.spans.get(path) if path is not None else None
        if span is not None:
            return span[1] - span[0]
        known = self._sizes.get(id(node))
        if known is None:
            if cls is dict:
                known = 1 + 2 * len(node)  # each key's mark and each scalar value's
                values = node.values()
            else:
                known = 1 + len(node)
                values = node
            for child in values:
                if child.__class__ is dict or child.__class__ is list:
                    known += self._size(child, None) - 1
            if known > SIZED:
                self._sizes[id(node)] = known
        return known

    def complete(self, values: dict[tuple[Any, ...], Loc],
                 keys: dict[tuple[Any, ...], Loc]) -> None:
        """Every entry of a source map, in document order (as the careful builder
        records them)."""
        values.clear()
        keys.clear()
        if self.marks:
            self._walk(self.root, (), 0, values, keys)

    def _walk(self, node: Any, path: tuple[Any, ...], i: int, values: dict[tuple[Any, ...], Loc],
              keys: dict[tuple[Any, ...], Loc]) -> int:
        """Record `node`, whose mark is marks[i], and what it holds; return the index
        after its last mark."""
        at = self._at
        values[path] = at(i)
        i += 1
        if node.__class__ is dict:
            for part, child in node.items():
                keys[path + (part,)] = at(i)
                i = self._walk(child, path + (part,), i + 1, values, keys)
        elif node.__class__ is list:
            for part, child in enumerate(node):
                i = self._walk(child, path + (part,), i, values, keys)
        return i
