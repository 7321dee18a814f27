"""XES and XES.gz event logs, read trace by trace with lxml's iterparse.

Safe on hostile files: no DTD is loaded, no entity resolved, nothing fetched from the
network, `huge_tree` off (lxml's limits on depth and text size stay in force). Each
trace's elements are freed once read, so memory grows with the largest trace only."""

from __future__ import annotations

import gzip
import re
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from .events import Columns, LogError

Trace = tuple[str | None, list[tuple[str | None, str | None, str | None]]]
SEEN_LIMIT = 200  # attribute keys remembered for the message about a missing one


def is_gzip(path: Path) -> bool:
    try:
        with open(path, "rb") as handle:
            return handle.read(2) == b"\x1f\x8b"
    except OSError as exc:
        raise LogError(f"{path}: cannot read: {exc.strerror or exc}") from None


def _attributes(element: Any) -> dict[str, str]:
    """The element's own attributes (children string/date/...: key -> value); the first
    of a repeated key wins."""
    out: dict[str, str] = {}
    for child in element:
        key = child.get("key")
        if key is not None and key not in out:
            out[key] = child.get("value", "")
    return out


def _keys(columns: Columns) -> tuple[str, str, str, str]:
    """The trace attribute that names the case: `case:concept:name` -> `concept:name`."""
    case = columns.case[5:] if columns.case.startswith("case:") else columns.case
    return case, columns.unit, columns.timestamp, columns.activity


def traces(path: Path, columns: Columns, seen: set[str]) -> Iterator[Trace]:
    """Every trace: (case value, [(unit, timestamp, activity) per event]), in file order.
    `seen` collects the attribute keys met, for the message about a missing one."""
    packed = is_gzip(path)
    _refuse_dtd(path, packed)
    raw: IO[bytes] = open(path, "rb")
    stream: IO[bytes] = gzip.open(raw) if packed else raw  # type: ignore[assignment]
    from lxml import etree

    parser = etree.iterparse(stream, events=("end",), tag="{*}trace", resolve_entities=False,
                             no_network=True, load_dtd=False, huge_tree=False,
                             remove_comments=True, remove_pis=True,
                             remove_blank_text=True)
    reader = _TraceReader(columns, seen)
    try:
        for _, element in parser:
            yield reader.read(element)
            element.clear()
            parent = element.getparent()
            while parent is not None and element.getprevious() is not None:
                del parent[0]
        root = getattr(parser, "root", None)
        name = root.tag.rsplit("}", 1)[-1] if root is not None else None
        if name != "log":
            raise LogError(f"{path}: line 1: not an XES log (its root element is <{name}>, "
                           "not <log>)")
    except etree.XMLSyntaxError as exc:
        line, column = exc.position if exc.position else (exc.lineno, 0)
        message = re.sub(r", line \d+, column \d+$", "", str(exc.msg))
        raise LogError(f"{path}: line {line}, column {column}: malformed XES "
                       f"({message})") from None
    except (EOFError, zlib.error, gzip.BadGzipFile) as exc:
        raise LogError(f"{path}: byte {raw.tell()}: truncated or corrupt gzip data "
                       f"({exc or 'unexpected end of file'})") from None
    except OSError as exc:
        raise LogError(f"{path}: byte {raw.tell()}: cannot read ({exc})") from None
    finally:
        raw.close()


_FIRST_TAG = re.compile(rb"<[A-Za-z_]")
PROLOG_BYTES = 1 << 16


def _refuse_dtd(path: Path, packed: bool) -> None:
    """XES has no DTD; a document type before the root element (where entities would be
    declared) is refused instead of parsed."""
    try:
        with (gzip.open(path) if packed else open(path, "rb")) as handle:
            head = handle.read(PROLOG_BYTES)
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
    """The events of one trace element. The first traces are read attribute by attribute,
    every key remembered (for the message about a missing one); after them only the
    three wanted attributes are picked out."""

    CAREFUL = 20  # traces read attribute by attribute first

    def __init__(self, columns: Columns, seen: set[str]) -> None:
        self.columns, self.seen = columns, seen
        self.keys = _keys(columns)
        self.count = 0
        self.inherits = _inherits(columns)

    def read(self, trace: Any) -> Trace:
        self.count += 1
        ns = trace.tag[: -len("trace")]
        if self.count > self.CAREFUL and not self.inherits:
            return self._fast(trace, ns)
        return self._careful(trace, ns)

    def _careful(self, trace: Any, ns: str) -> Trace:
        case_key, unit_key, ts_key, act_key = self.keys
        seen = self.seen
        events = []
        for event in trace.iterchildren(f"{ns}event"):
            attrs = _attributes(event)
            seen.update(attrs if len(seen) < SEEN_LIMIT else
                        [k for k in (unit_key, ts_key, act_key) if k in attrs])
            events.append((attrs.get(unit_key), attrs.get(ts_key), attrs.get(act_key)))
        attrs = _attributes(trace)
        seen.update("case:" + k for k in attrs if len(seen) < SEEN_LIMIT or k == case_key)
        if self.inherits:
            events = [_inherit(e, attrs, self.columns) for e in events]
        return attrs.get(case_key), events

    def _fast(self, trace: Any, ns: str) -> Trace:
        """Only the three attributes wanted, the first of each; no dictionary per event."""
        case_key, unit_key, ts_key, act_key = self.keys
        events = []
        for event in trace.iterchildren(f"{ns}event"):
            unit = ts = act = None
            for child in event:
                key = child.get("key")
                if key == unit_key:
                    unit = child.get("value", "") if unit is None else unit
                elif key == ts_key:
                    ts = child.get("value", "") if ts is None else ts
                elif key == act_key:
                    act = child.get("value", "") if act is None else act
            events.append((unit, ts, act))
        for i, key in enumerate((unit_key, ts_key, act_key)):
            if key not in self.seen and any(e[i] is not None for e in events):
                self.seen.add(key)  # a key the first traces did not have
        case = None
        for child in trace:
            if child.get("key") == case_key:
                case = child.get("value", "")
                break
        if case is not None:
            self.seen.add("case:" + case_key)
        return case, events


def _inherits(columns: Columns) -> bool:
    return any(c.startswith("case:") for c in (columns.unit, columns.timestamp,
                                               columns.activity))


def _inherit(event: tuple[str | None, str | None, str | None], trace: dict[str, str],
             columns: Columns) -> tuple[str | None, str | None, str | None]:
    """An event attribute named `case:KEY` that the event lacks comes from its trace."""
    out = list(event)
    for i, key in enumerate((columns.unit, columns.timestamp, columns.activity)):
        if out[i] is None and key.startswith("case:"):
            out[i] = trace.get(key[5:])
    return out[0], out[1], out[2]
