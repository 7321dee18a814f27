"""XES and XES.gz event logs, read trace by trace.

Two readers give the same traces (tests compare them on generated logs):

- `xesgrammar.Canonical` reads the serialization that OpenXES, ProM and PM4Py write
  without building a tree, several times faster than lxml on a log like BPIC 2013;
- lxml's iterparse (`_parse`) reads everything else: at the first trace outside that
  grammar the rest of the log goes to lxml, inside the root element the header declared;
  a malformed log gets lxml's message, with its line and column in the file.

Safe on hostile files: a `<!DOCTYPE>` is refused wherever it stands (the first bytes are
looked at; lxml's document info is checked at the root's start, before any trace is read,
as lxml expands internal entities in attribute values even with `resolve_entities`
off), nothing fetched from the network, `huge_tree` off; the canonical reader knows the
five predefined entities and character references only. Memory grows with the largest
trace only: both readers free each trace once read, the text held between two traces'
ends is bounded (`Limits.trace_bytes`), a packed log's unpacked size too
(`Limits.unpacked_bytes`), and the file is read (and gunzipped) a few chunks ahead in a
thread."""

from __future__ import annotations

import gzip
import re
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..errors import UsageError
from ..inputs import open_input
from ..limits import Limits, too_large
from .events import LIFECYCLE, Columns, LogError, RawCase, RawEvent
from .xesgrammar import Canonical, event_of
from .xessource import Source, is_gzip

SEEN_LIMIT = 200  # attribute keys remembered for the message about a missing one


class _Malformed(LogError):
    """lxml found the XML malformed (the message has its line and column)."""


def _keys(columns: Columns) -> tuple[str, ...]:
    """The trace attribute that names the case (`case:concept:name` -> `concept:name`),
    then the event attributes of a RawEvent (the resource's only when it is read)."""
    case = columns.case[5:] if columns.case.startswith("case:") else columns.case
    resource = () if columns.resource is None else (columns.resource,)
    return (case, columns.unit, columns.timestamp, columns.activity, LIFECYCLE, *resource)



def traces(path: Path, columns: Columns, seen: set[str],
           canonical_first: bool = True, limits: Limits | None = None) -> Iterator[RawCase]:
    """Every trace: (case value, [(unit, timestamp, activity) per event]), in file order.
    `seen` collects the attribute keys met, for the message about a missing one.
    `canonical_first=False`: lxml reads the whole log (the tests' reference)."""
    limits = limits or Limits()
    packed = is_gzip(path)
    _refuse_dtd(path, packed)
    reader = _TraceReader(columns, seen, path, limits.trace_bytes)
    if not canonical_first:
        with Source(path, packed, limits) as source:
            yield from _parse(path, source.stream, reader)
        return
    with Source(path, packed, limits) as source:
        canonical = Canonical(source.stream, reader)
        yield from canonical.traces()
        if canonical.rest is None:
            return
        if canonical.whole:  # lxml reads the log from its first byte
            yield from _parse(path, canonical.rest, reader)
            return
        try:
            yield from _parse(path, canonical.rest, reader, check_root=False)
        except _Malformed as exc:
            error = exc
        else:
            return
    # the rest of the log is malformed: the same error, with its place in the whole file
    with Source(path, packed, limits) as source:
        for _ in _parse(path, source.stream, _TraceReader(columns, set(), path,
                                                          limits.trace_bytes)):
            pass
    raise error


def _parse(path: Path, stream: Any, reader: _TraceReader,
           check_root: bool = True) -> Iterator[RawCase]:
    """The traces of an XES stream, by lxml's iterparse. A document type is refused at
    the root's start (before lxml expands an entity into a trace's values); the text fed
    to lxml since the last trace's end is bounded by the reader's `held` limit."""
    from lxml import etree

    counted = _Counted(stream, reader)
    parser = etree.iterparse(counted, events=("start", "end"), tag=("{*}log", "{*}trace"),
                             resolve_entities=False, no_network=True, load_dtd=False,
                             huge_tree=False, remove_comments=True, remove_pis=True,
                             remove_blank_text=True)
    checked = False
    try:
        for event, element in parser:
            if event == "start":  # the first: the document type, if any, is known
                if not checked:
                    info = element.getroottree().docinfo
                    if info.internalDTD is not None or info.doctype:
                        raise LogError(doctype_refused(path, None))
                    checked = True
                continue
            if element.tag[-5:] != "trace":
                continue
            yield reader.read(element)
            counted.mark = counted.total
            element.clear()
            parent = element.getparent()
            while parent is not None and element.getprevious() is not None:
                del parent[0]
    except etree.XMLSyntaxError as exc:
        line, column = exc.position if exc.position else (exc.lineno, 0)
        message = re.sub(r", line \d+, column \d+$", "", str(exc.msg))
        raise _Malformed(f"{path}: line {line}, column {column}: malformed XES "
                         f"({message})") from None
    root = getattr(parser, "root", None)
    name = root.tag.rsplit("}", 1)[-1] if root is not None else None
    if check_root and name != "log":
        raise LogError(f"{path}: line 1: not an XES log (its root element is <{name}>, "
                       "not <log>)")


class _Counted:
    """The stream lxml reads, counting its bytes: more than the reader's `held` limit
    since `mark` (the last trace's end) is a trace too large to hold."""

    def __init__(self, stream: Any, reader: _TraceReader) -> None:
        self.stream, self.reader = stream, reader
        self.total = self.mark = 0

    def read(self, size: int = -1) -> bytes:
        data: bytes = self.stream.read(size)
        self.total += len(data)
        if self.total - self.mark > self.reader.held:
            raise UsageError(self.reader.too_large())
        return data


_FIRST_TAG = re.compile(rb"<[A-Za-z_]")
PROLOG_BYTES = 1 << 16


def doctype_refused(path: Path, line: int | None) -> str:
    """The message for a log with a document type (where entities would be declared)."""
    where = f"line {line}: " if line is not None else ""
    return (f"{path}: {where}a <!DOCTYPE> declaration: XES logs have none, and custorg "
            "reads no DTD or entity; remove it")


def _refuse_dtd(path: Path, packed: bool) -> None:
    """XES has no DTD: a document type in the first bytes is refused here, with its line
    (one further on, or in another encoding, is refused by `_parse` and `Canonical`)."""
    try:
        with open_input(path) as raw:
            head = (gzip.GzipFile(fileobj=raw) if packed else raw).read(PROLOG_BYTES)
    except (EOFError, zlib.error, gzip.BadGzipFile, OSError):
        return  # the parse reports it, with its position
    first = _FIRST_TAG.search(head)
    prolog = head[: first.start()] if first else head
    at = prolog.find(b"<!DOCTYPE")
    if at >= 0:
        raise LogError(doctype_refused(path, prolog.count(b"\n", 0, at) + 1))


class _TraceReader:
    """What a trace yields, whichever reader took it apart. The first traces are read
    attribute by attribute, every key remembered (for the message about a missing one);
    after them only the three wanted attributes are picked out."""

    CAREFUL = 20  # traces read attribute by attribute first

    def __init__(self, columns: Columns, seen: set[str], path: Path,
                 held: int = Limits.trace_bytes) -> None:
        self.columns, self.seen = columns, seen
        self.path, self.held = path, held  # held: text kept between two traces' ends
        self.keys = _keys(columns)
        self.count = 0
        self.inherits = _inherits(columns)
        # attribute key -> its places in (unit, timestamp, activity): one key may be two
        self.slots: dict[str, tuple[int, ...]] = {}
        for i, key in enumerate(self.keys[1:]):
            self.slots[key] = (*self.slots.get(key, ()), i)

    def too_large(self) -> str:
        return f"{self.path}: " + too_large("a trace's text", "trace-bytes", self.held)

    def careful(self) -> bool:
        """Is the next trace one to read attribute by attribute? (`count` counts the
        traces read: `of_attributes` and `noted` add one.)"""
        return self.count < self.CAREFUL or self.inherits

    def read(self, trace: Any) -> RawCase:
        """An lxml trace element."""
        ns = trace.tag[: -len("trace")]
        events = trace.iterchildren(f"{ns}event")
        if self.careful():
            return self.of_attributes(_attributes(trace), [_attributes(e) for e in events])
        slots = self.slots
        picked = []
        for event in events:
            found: list[str | None] = [None, None, None, None, None]
            for child in event:
                for i in slots.get(child.get("key"), ()):
                    if found[i] is None:
                        found[i] = child.get("value", "")
            picked.append((found[0], found[1], found[2], found[3], found[4]))
        case = None
        for child in trace:
            if child.get("key") == self.keys[0]:
                case = child.get("value", "")
                break
        return self.noted(case, picked)

    def of_attributes(self, trace: dict[str, str], events: list[dict[str, str]]) -> RawCase:
        """A trace read attribute by attribute: its own and each event's (key: value,
        the first of a repeated key)."""
        self.count += 1
        keys, case_key = self.keys, self.keys[0]
        noted = [k for i, k in enumerate(keys) if i and i != 4]  # not lifecycle:transition
        seen = self.seen
        picked: list[RawEvent] = []
        for attrs in events:
            seen.update(attrs if len(seen) < SEEN_LIMIT else [k for k in noted if k in attrs])
            picked.append(event_of(attrs, keys))
        seen.update("case:" + k for k in trace if len(seen) < SEEN_LIMIT or k == case_key)
        if self.inherits:
            picked = [_inherit(e, trace, self.columns) for e in picked]
        return trace.get(case_key), picked

    def noted(self, case: str | None, events: list[RawEvent]) -> RawCase:
        """A trace read for the wanted attributes only; their keys are noted as seen."""
        self.count += 1
        for i, key in enumerate(self.keys[1:]):
            if key not in self.seen and i != 3 and any(e[i] is not None for e in events):
                self.seen.add(key)  # a key the first traces did not have
        if case is not None:
            self.seen.add("case:" + self.keys[0])
        return case, events


def _attributes(element: Any) -> dict[str, str]:
    """The element's own attributes (children string/date/...: key -> value); the first
    of a repeated key wins."""
    out: dict[str, str] = {}
    for child in element:
        key = child.get("key")
        if key is not None and key not in out:
            out[key] = child.get("value", "")
    return out


def _inherits(columns: Columns) -> bool:
    return any(c.startswith("case:") for c in (columns.unit, columns.timestamp,
                                               columns.activity, columns.resource or ""))


def _inherit(event: RawEvent, trace: dict[str, str], columns: Columns) -> RawEvent:
    """An event attribute named `case:KEY` that the event lacks comes from its trace."""
    out = list(event)
    for i, key in enumerate((columns.unit, columns.timestamp, columns.activity, None,
                             columns.resource)):
        if out[i] is None and key is not None and key.startswith("case:"):
            out[i] = trace.get(key[5:])
    return out[0], out[1], out[2], out[3], out[4]
