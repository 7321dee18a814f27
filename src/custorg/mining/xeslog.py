"""XES and XES.gz event logs, read trace by trace.

Two readers give the same traces (tests compare them on generated logs):

- `xesgrammar.Canonical` reads the serialization that OpenXES, ProM and PM4Py write
  without building a tree, several times faster than lxml on a log like BPIC 2013;
- lxml's iterparse (`_parse`) reads everything else: at the first trace outside that
  grammar the rest of the log goes to lxml, inside the root element the header declared;
  a malformed log gets lxml's message, with its line and column in the file.

Safe on hostile files: no DTD is loaded, no entity resolved (the canonical reader knows
the five predefined ones and character references only), nothing fetched from the
network, `huge_tree` off. Memory grows with the largest trace only: both readers free each
trace once read, and the file is read (and gunzipped) a few chunks ahead in a thread."""

from __future__ import annotations

import gzip
import re
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from ..inputs import open_input
from .events import Columns, LogError, RawCase, RawEvent
from .xesgrammar import CHUNK, Canonical

SEEN_LIMIT = 200  # attribute keys remembered for the message about a missing one


class _Malformed(LogError):
    """lxml found the XML malformed (the message has its line and column)."""


def is_gzip(path: Path) -> bool:
    try:
        with open_input(path) as handle:
            return handle.read(2) == b"\x1f\x8b"
    except OSError as exc:
        raise LogError(f"{path}: cannot read: {exc.strerror or exc}") from None


def _keys(columns: Columns) -> tuple[str, str, str, str]:
    """The trace attribute that names the case: `case:concept:name` -> `concept:name`."""
    case = columns.case[5:] if columns.case.startswith("case:") else columns.case
    return case, columns.unit, columns.timestamp, columns.activity


def traces(path: Path, columns: Columns, seen: set[str],
           canonical_first: bool = True) -> Iterator[RawCase]:
    """Every trace: (case value, [(unit, timestamp, activity) per event]), in file order.
    `seen` collects the attribute keys met, for the message about a missing one.
    `canonical_first=False`: lxml reads the whole log (the tests' reference)."""
    packed = is_gzip(path)
    _refuse_dtd(path, packed)
    reader = _TraceReader(columns, seen)
    if not canonical_first:
        with _Source(path, packed) as source:
            yield from _parse(path, source.stream, reader)
        return
    with _Source(path, packed) as source:
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
    with _Source(path, packed) as source:
        for _ in _parse(path, source.stream, _TraceReader(columns, set())):
            pass
    raise error


class _Source:
    """The log's bytes (gunzipped when packed); read errors become LogError with the byte
    of the file where they happened."""

    def __init__(self, path: Path, packed: bool) -> None:
        self.path, self.packed = path, packed

    def __enter__(self) -> _Source:
        try:
            self.raw: IO[bytes] = open_input(self.path)
        except OSError as exc:
            raise LogError(f"{self.path}: cannot read: {exc.strerror or exc}") from None
        self.stream = _Ahead(_gunzip(self.raw) if self.packed else _chunks(self.raw))
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: Any) -> None:
        self.stream.close()
        where = self.raw.tell() if not self.raw.closed else 0
        self.raw.close()
        if isinstance(exc, (EOFError, zlib.error, gzip.BadGzipFile)):
            raise LogError(f"{self.path}: byte {where}: truncated or corrupt gzip data "
                           f"({exc or 'unexpected end of file'})") from None
        if isinstance(exc, OSError):
            raise LogError(f"{self.path}: byte {where}: cannot read ({exc})") from None


def _chunks(raw: IO[bytes]) -> Iterator[bytes]:
    while data := raw.read(CHUNK):
        yield data


def _gunzip(raw: IO[bytes]) -> Iterator[bytes]:
    """The unpacked bytes of every gzip member, a chunk at a time. zlib checks each
    member's header, CRC and length; zero padding after the last member is ignored, as
    gzip does."""
    unpack = zlib.decompressobj(wbits=31)
    data = b""
    while True:
        if not data:
            data = raw.read(CHUNK >> 2)
            if not data:
                rest = unpack.flush()  # output zlib still holds for the input it took
                if rest:
                    yield rest
                if unpack.eof:
                    return
                raise EOFError("Compressed file ended before the end-of-stream marker was "
                               "reached")
        out = unpack.decompress(data, CHUNK)
        data = unpack.unconsumed_tail
        if out:
            yield out
        if unpack.eof:
            data = unpack.unused_data + data
            data = data.lstrip(b"\0")
            while not data:
                more = raw.read(CHUNK >> 2)
                if not more:
                    return
                data = more.lstrip(b"\0")
            unpack = zlib.decompressobj(wbits=31)


class _Ahead:
    """Reads chunks ahead in a thread, a few at most: reading the file and unpacking it
    (zlib lets the interpreter go on meanwhile) overlap with reading the XML.
    `read(size)` returns up to `size` bytes, fewer only at the end; an error while
    reading is raised by `read`."""

    QUEUED = 4

    def __init__(self, chunks: Iterator[bytes]) -> None:
        import queue
        import threading

        self.chunks = chunks
        self.queue: queue.Queue[bytes | BaseException] = queue.Queue(self.QUEUED)
        self.left, self.ended, self.stop = b"", False, threading.Event()
        self.thread = threading.Thread(target=self._fill, name="custorg-read", daemon=True)
        self.thread.start()

    def _fill(self) -> None:
        import queue

        while not self.stop.is_set():
            try:
                item: bytes | BaseException = next(self.chunks, b"")
            except BaseException as exc:  # handed to the reader, raised there
                item = exc
            while not self.stop.is_set():
                try:
                    self.queue.put(item, timeout=0.1)
                    break
                except queue.Full:
                    continue
            if not isinstance(item, bytes) or not item:
                return

    def read(self, size: int = -1) -> bytes:
        parts, have = [self.left], len(self.left)
        while (size < 0 or have < size) and not self.ended:
            item = self.queue.get()
            if isinstance(item, BaseException):
                self.ended = True
                raise item
            if not item:
                self.ended = True
            parts.append(item)
            have += len(item)
        data = b"".join(parts)
        cut = len(data) if size < 0 else size
        self.left = data[cut:]
        return data[:cut]

    def close(self) -> None:
        self.stop.set()
        self.thread.join()


def _parse(path: Path, stream: Any, reader: _TraceReader,
           check_root: bool = True) -> Iterator[RawCase]:
    """The traces of an XES stream, by lxml's iterparse."""
    from lxml import etree

    parser = etree.iterparse(stream, events=("end",), tag="{*}trace", resolve_entities=False,
                             no_network=True, load_dtd=False, huge_tree=False,
                             remove_comments=True, remove_pis=True,
                             remove_blank_text=True)
    try:
        for _, element in parser:
            yield reader.read(element)
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


_FIRST_TAG = re.compile(rb"<[A-Za-z_]")
PROLOG_BYTES = 1 << 16


def _refuse_dtd(path: Path, packed: bool) -> None:
    """XES has no DTD; a document type before the root element (where entities would be
    declared) is refused instead of parsed."""
    try:
        with open_input(path) as raw:
            head = (gzip.GzipFile(fileobj=raw) if packed else raw).read(PROLOG_BYTES)
    except (EOFError, zlib.error, gzip.BadGzipFile, OSError):
        return  # the parse reports it, with its position
    first = _FIRST_TAG.search(head)
    prolog = head[: first.start()] if first else head
    at = prolog.find(b"<!DOCTYPE")
    if at >= 0:
        line = prolog.count(b"\n", 0, at) + 1
        raise LogError(f"{path}: line {line}: a <!DOCTYPE> declaration: XES logs have none, "
                       "and custorg reads no DTD or entity; remove it")


class _TraceReader:
    """What a trace yields, whichever reader took it apart. The first traces are read
    attribute by attribute, every key remembered (for the message about a missing one);
    after them only the three wanted attributes are picked out."""

    CAREFUL = 20  # traces read attribute by attribute first

    def __init__(self, columns: Columns, seen: set[str]) -> None:
        self.columns, self.seen = columns, seen
        self.keys = _keys(columns)
        self.count = 0
        self.inherits = _inherits(columns)
        # attribute key -> its places in (unit, timestamp, activity): one key may be two
        self.slots: dict[str, tuple[int, ...]] = {}
        for i, key in enumerate(self.keys[1:]):
            self.slots[key] = (*self.slots.get(key, ()), i)

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
            found: list[str | None] = [None, None, None]
            for child in event:
                for i in slots.get(child.get("key"), ()):
                    if found[i] is None:
                        found[i] = child.get("value", "")
            picked.append((found[0], found[1], found[2]))
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
        case_key, unit_key, ts_key, act_key = self.keys
        seen = self.seen
        picked = []
        for attrs in events:
            seen.update(attrs if len(seen) < SEEN_LIMIT else
                        [k for k in (unit_key, ts_key, act_key) if k in attrs])
            picked.append((attrs.get(unit_key), attrs.get(ts_key), attrs.get(act_key)))
        seen.update("case:" + k for k in trace if len(seen) < SEEN_LIMIT or k == case_key)
        if self.inherits:
            picked = [_inherit(e, trace, self.columns) for e in picked]
        return trace.get(case_key), picked

    def noted(self, case: str | None, events: list[RawEvent]) -> RawCase:
        """A trace read for the wanted attributes only; their keys are noted as seen."""
        self.count += 1
        for i, key in enumerate(self.keys[1:]):
            if key not in self.seen and any(e[i] is not None for e in events):
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
                                               columns.activity))


def _inherit(event: RawEvent, trace: dict[str, str], columns: Columns) -> RawEvent:
    """An event attribute named `case:KEY` that the event lacks comes from its trace."""
    out = list(event)
    for i, key in enumerate((columns.unit, columns.timestamp, columns.activity)):
        if out[i] is None and key.startswith("case:"):
            out[i] = trace.get(key[5:])
    return out[0], out[1], out[2]
