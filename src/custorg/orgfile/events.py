"""The two paths that read libyaml's events: loadfast's walk for a plain document
(`plain`) and the careful builder (`careful`), which reads any YAML and reports what is
wrong with it. load.py imports this module only for a file the line scanner (scan.py)
does not read, so an audit of such files never imports PyYAML.

The builder reads libyaml's event stream itself instead of PyYAML's constructors, so that:
- scalars follow the YAML 1.2 core schema (`NO`, `on`, `2024-01-01` stay strings; `010` is
  an int whose text is kept, so a string field still gets `010`);
- duplicate keys, merge keys, tags other than the core ones, a second document and
  excessive aliasing are findings with file, line and column, never silent or executed;
- nesting is handled with an explicit stack (no recursion limit to hit).
"""

from __future__ import annotations

from typing import Any

import yaml
from yaml import events as ev

from ..findings import Finding, Location
from .document import (
    DUPLICATE_KEY,
    EMPTY_FILE,
    INVALID_YAML,
    MAX_DEPTH,
    TOO_DEEP,
    Document,
    PathT,
    SourceMap,
    format_error,
)
from .loadfast import Locator, plain_document
from .scalars import NUMBER_START, SPECIAL, resolve_plain
from .yamlerrors import OpenFlow, marked_error, reader_error

try:  # libyaml's C parser: fast and iterative
    from yaml._yaml import CParser as _Parser

    _BYTE_OFFSETS = True  # libyaml's ReaderError counts UTF-8 bytes
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml.parser import Parser as _ParserBase
    from yaml.reader import Reader as _Reader
    from yaml.scanner import Scanner as _Scanner

    class _Parser(_Reader, _Scanner, _ParserBase):  # type: ignore[no-redef,misc]
        def __init__(self, stream: str) -> None:
            _Reader.__init__(self, stream)
            _Scanner.__init__(self)
            _ParserBase.__init__(self)

    _BYTE_OFFSETS = False


_CORE = "tag:yaml.org,2002:"


class _Stop(Exception):
    """A problem after which the rest of the file cannot be read."""

    def __init__(self, message: str, line: int, column: int) -> None:
        super().__init__(message)
        self.line, self.column = line, column


def _explicit(tag: str, text: str, line: int, col: int) -> Any:
    name = tag[len(_CORE):] if tag.startswith(_CORE) else None
    if name == "str":
        return text
    if name in ("int", "float", "bool", "null"):
        value = resolve_plain(text)
        kinds: dict[str, type[Any] | tuple[type[Any], ...]] = {
            "int": int, "float": (int, float), "bool": bool, "null": type(None)}
        expected = kinds[name]
        if isinstance(value, expected) and not (name != "bool" and isinstance(value, bool)):
            return float(value) if name == "float" else value
        raise _Stop(f"{text!r} is not a valid !!{name}", line, col)
    raise _Stop(f"YAML tag {tag!r} is not allowed: custorg reads plain data only "
                "(remove the tag)", line, col)


class _Frame:
    __slots__ = ("obj", "path", "key", "size", "anchor", "line", "col", "flow")

    def __init__(self, obj: Any, path: PathT, anchor: str | None, line: int, col: int,
                 flow: bool = False) -> None:
        self.obj, self.path, self.anchor, self.line, self.col = obj, path, anchor, line, col
        self.key: Any = _NOKEY
        self.size = 1
        self.flow = flow  # a `{...}` or `[...]` collection


_NOKEY = object()
_DISCARD = object()


class _Builder:
    """Turns the event stream of one document into plain data and a source map."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.source = SourceMap(file)
        self.findings: list[Finding] = []
        self.anchors: dict[str, tuple[Any, int]] = {}
        self.stack: list[_Frame] = []
        self.root: Any = None
        self.nodes = 0
        self.expanded = 0

    def _child_path(self, line: int, col: int) -> PathT | None:
        """Path of the next value; None when it is a mapping key."""
        if not self.stack:
            return ()
        top = self.stack[-1]
        if isinstance(top.obj, list):
            return top.path + (len(top.obj),)
        if top.key is _NOKEY:
            return None
        return top.path + (top.key,) if top.key is not _DISCARD else top.path + ("\x00",)

    def _attach(self, value: Any, size: int, line: int, col: int, path: PathT | None) -> None:
        if not self.stack:
            self.root = value
            return
        top = self.stack[-1]
        top.size += size
        if isinstance(top.obj, list):
            top.obj.append(value)
            return
        if path is None:  # this value is a key
            self._take_key(top, value, line, col)
            return
        if top.key is not _DISCARD:
            top.obj[top.key] = value
        top.key = _NOKEY

    def _take_key(self, top: _Frame, key: Any, line: int, col: int) -> None:
        path = top.path + (key,)
        if key in top.obj:
            first = self.source.keys.get(path, (0, 0))
            self.findings.append(format_error(
                DUPLICATE_KEY,
                f"duplicate key {key!r} (first at line {first[0]}); PyYAML would keep only "
                "the last one: remove or rename one of them",
                Location(self.file, line, col), related=(Location(self.file, *first),)))
            top.key = _DISCARD
            return
        top.key = key
        self.source.keys[path] = (line, col)

    def open_flow(self) -> OpenFlow | None:
        """The innermost `{` or `[` collection still open, if any."""
        for frame in reversed(self.stack):
            if frame.flow:
                kind = "flow mapping" if isinstance(frame.obj, dict) else "flow sequence"
                return frame.line, frame.col, kind
        return None

    def feed(self, event: Any) -> None:  # noqa: C901 - one dispatch over the YAML event types (the careful loader's hot loop)
        mark = event.start_mark
        line, col = mark.line + 1, mark.column + 1
        if isinstance(event, (ev.MappingStartEvent, ev.SequenceStartEvent)):
            path = self._child_path(line, col)
            if path is None:
                raise _Stop("a mapping or list cannot be a key: keys are plain text", line, col)
            if len(self.stack) >= MAX_DEPTH:
                raise _Stop(TOO_DEEP, line, col)
            if event.tag not in (None, "!", _CORE + "map", _CORE + "seq"):
                raise _Stop(f"YAML tag {event.tag!r} is not allowed: custorg reads plain "
                            "data only (remove the tag)", line, col)
            self.nodes += 1
            self.source.values[path] = (line, col)
            obj: Any = {} if isinstance(event, ev.MappingStartEvent) else []
            self.stack.append(_Frame(obj, path, event.anchor, line, col, bool(event.flow_style)))
        elif isinstance(event, (ev.MappingEndEvent, ev.SequenceEndEvent)):
            frame = self.stack.pop()
            if frame.anchor is not None:
                self.anchors[frame.anchor] = (frame.obj, frame.size)
            self._attach(frame.obj, frame.size, frame.line, frame.col, frame.path)
        elif isinstance(event, ev.ScalarEvent):
            self.nodes += 1
            path = self._child_path(line, col)
            if path is None:  # a key: always text
                if event.value == "<<" and not event.style and event.tag is None:
                    raise _Stop("merge keys (<<) are not supported: write the keys out "
                                "(anchors and aliases of whole values do work)", line, col)
                if event.tag not in (None, "!", _CORE + "str"):
                    raise _Stop(f"YAML tag {event.tag!r} is not allowed on a key", line, col)
                self.stack[-1].size += 1
                self._take_key(self.stack[-1], event.value, line, col)
                return
            value = self._scalar(event, line, col)
            self.source.values[path] = (line, col)
            if not isinstance(value, str) and event.value:  # keep the text of 010, NO, ~
                self.source.raw[path] = event.value
            if event.anchor is not None:
                self.anchors[event.anchor] = (value, 1)
            self._attach(value, 1, line, col, path)
        elif isinstance(event, ev.AliasEvent):
            path = self._child_path(line, col)
            if event.anchor not in self.anchors:
                raise _Stop(f"alias *{event.anchor} refers to no anchor before it", line, col)
            value, size = self.anchors[event.anchor]
            self.expanded += size
            if self.expanded > 10 * self.nodes + 10_000:
                raise _Stop("too much aliasing: the aliases expand to "
                            f"more than {self.expanded} values (a 'billion laughs' file?)",
                            line, col)
            if path is None:
                if not isinstance(value, str):
                    raise _Stop("an alias used as a key must name a text value", line, col)
                self.stack[-1].size += 1
                self._take_key(self.stack[-1], value, line, col)
                return
            self.source.values[path] = (line, col)
            self._attach(value, size, line, col, path)

    def _scalar(self, event: Any, line: int, col: int) -> Any:
        if event.tag is None or event.tag == "!":
            if not event.style and event.implicit[0]:  # plain
                return resolve_plain(event.value)
            return event.value
        return _explicit(event.tag, event.value, line, col)


def plain(text: str, file: str) -> Document | None:
    """The fast path (loadfast.py) for a plain, well-formed document; None when the
    careful builder has to read it (anything unusual, or any error)."""
    try:
        parser = _Parser(text)
        parser.get_event()  # StreamStart
        if parser.check_event(ev.StreamEndEvent):
            return None
        parser.get_event()  # DocumentStart
        root, marks, spans, raw = plain_document(parser, resolve_plain, MAX_DEPTH,
                                                 SPECIAL, NUMBER_START)
        if not parser.check_event(ev.StreamEndEvent):
            return None
    except Exception:  # Unusual, or a YAML error the careful builder will report
        return None
    return Document(file, root, SourceMap(file, raw=raw, locator=Locator(root, marks, spans)),
                    "events")


def careful(text: str, file: str) -> tuple[Document | None, list[Finding]]:
    """The careful builder's reading of one YAML document, with findings for everything
    wrong that could be found."""
    builder = _Builder(file)
    try:
        parser = _Parser(text)
        parser.get_event()  # StreamStart
        if parser.check_event(ev.StreamEndEvent):
            return None, [format_error(INVALID_YAML, EMPTY_FILE, Location(file, 1, 1))]
        parser.get_event()  # DocumentStart
        while not parser.check_event(ev.DocumentEndEvent):
            builder.feed(parser.get_event())
        parser.get_event()
        if not parser.check_event(ev.StreamEndEvent):
            mark = parser.peek_event().start_mark
            raise _Stop("a second YAML document starts here: custorg reads one document per "
                        "file (split it into two files of a folder)", mark.line + 1,
                        mark.column + 1)
    except _Stop as stop:
        builder.findings.append(format_error(INVALID_YAML, str(stop),
                                             Location(file, stop.line, stop.column)))
        return None, builder.findings
    except yaml.MarkedYAMLError as exc:
        builder.findings.append(marked_error(exc, text, file, builder.open_flow()))
        return None, builder.findings
    except yaml.reader.ReaderError as exc:
        builder.findings.append(reader_error(exc, text, file, _BYTE_OFFSETS))
        return None, builder.findings
    except (ValueError, RecursionError, MemoryError, yaml.YAMLError) as exc:
        builder.findings.append(format_error(
            INVALID_YAML, f"cannot read this YAML: {exc.__class__.__name__}: {exc}",
            Location(file, 1, 1)))
        return None, builder.findings
    return Document(file, builder.root, builder.source), builder.findings
