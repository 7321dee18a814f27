"""The canonical XES serialization, read without building a tree.

OpenXES, ProM, Disco and PM4Py write XES one way: `<trace>` and `<event>` without XML
attributes, each attribute an empty element `<string key="..." value="..."/>` (or date,
int, float, boolean, id), whitespace between the tags. `Canonical` reads traces while the
log keeps to that grammar (`_TRACE`, a regular language matched with possessive
quantifiers: linear time whatever the input) and hands the rest of the log to lxml at the
first trace that does not: a comment, a nested attribute, a prefixed tag, a value with a
tab... The header before the first trace is parsed by lxml.

A trace is either checked against `_TRACE` and then taken apart token by token, or, once
the events' wanted attributes came in one order in the first traces, matched event by
event by a pattern made for that order (`_Template`): that checks and picks out in one
pass. Both ways accept exactly the traces of the grammar (the template only a part of
them: the others go the first way), and `xeslog` tests them against lxml."""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable, Iterator
from typing import Any, Protocol

from ..errors import UsageError
from .events import RawCase, RawEvent

CHUNK = 1 << 20  # bytes read at a time


def event_of(attrs: dict[str, str], keys: tuple[str, ...]) -> RawEvent:
    """An event's wanted attributes (`keys` as xeslog's `_keys` gives them: case, unit, timestamp,
    activity, lifecycle[, resource]) as a RawEvent."""
    return (attrs.get(keys[1]), attrs.get(keys[2]), attrs.get(keys[3]), attrs.get(keys[4]),
            attrs.get(keys[5]) if len(keys) > 5 else None)


class ByteStream(Protocol):
    """What the grammar reads from (xessource's read-ahead stream)."""

    def read(self, size: int = -1) -> bytes: ...


class TraceSink(Protocol):
    """What the grammar hands traces to (xeslog's trace reader, shared with lxml)."""

    CAREFUL: int
    keys: tuple[str, ...]
    slots: dict[str, tuple[int, ...]]
    count: int
    held: int
    inherits: bool

    def too_large(self) -> str: ...
    def careful(self) -> bool: ...
    def of_attributes(self, trace: dict[str, str],
                      events: list[dict[str, str]]) -> RawCase: ...
    def noted(self, case: str | None, events: list[RawEvent]) -> RawCase: ...

# XML whitespace only (not \s); an attribute value holds no quote, no `<`, no control
# character (a tab or line break in it would be normalized to a space by XML: left to
# lxml), no U+FFFE/U+FFFF, and `&` only in a predefined entity or a character reference
_WS = "[ \t\r\n]"
_CHAR = '[^"<&\x00-\x1f\ufffe\uffff]'
_VALUE = f"{_CHAR}*+(?:&(?:amp|lt|gt|quot|apos|#[0-9]{{1,7}}|#x[0-9a-fA-F]{{1,6}});{_CHAR}*+)*+"
_TYPES = "(?:string|date|int|float|boolean|id)"
_ATTR = f'<{_TYPES}{_WS}++key="{_VALUE}"{_WS}++value="{_VALUE}"{_WS}*+/>'
_EVENT = f"<event{_WS}*+>(?:{_WS}*+{_ATTR})*+{_WS}*+</event{_WS}*+>"
_TRACE = re.compile(f"{_WS}*+<trace{_WS}*+>(?:{_WS}*+(?:{_ATTR}|{_EVENT}))*+"
                    f"{_WS}*+</trace{_WS}*+>")
_BEFORE_EVENTS = re.compile(f"{_WS}*+<trace{_WS}*+>(?:{_WS}*+{_ATTR})*+{_WS}*+")
_AFTER_EVENTS = re.compile(f"(?:{_WS}*+{_ATTR})*+{_WS}*+</trace{_WS}*+>")
# in a checked trace: event starts and ends, and the attributes' keys and values (every
# `<` starts a tag, so the patterns start with it: re then skips to the next `<` quickly)
_TOKENS = re.compile(f'<(?:(event)|(/event)|{_TYPES}{_WS}++key="([^"]*)"{_WS}++'
                     f'value="([^"]*)")')
_REFERENCE = re.compile("&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);")
_ENTITIES = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}
_PLAIN_KEY = re.compile(f"{_CHAR}*")  # a key written without references
_XML_DECLARATION = re.compile(
    rb"<\?xml[ \t\r\n]+version[ \t\r\n]*=[ \t\r\n]*(['\"])1\.0\1(?:[ \t\r\n]+encoding"
    rb"[ \t\r\n]*=[ \t\r\n]*(['\"])(?i:utf-8)\2)?(?:[ \t\r\n]+standalone[ \t\r\n]*="
    rb"[ \t\r\n]*(['\"])(?:yes|no)\3)?[ \t\r\n]*\?>")
_FIRST_TRACE = re.compile(rb"<trace[ \t\r\n>/]")


class _Deviation(Exception):
    """Something outside the canonical grammar: lxml reads from here."""


def unescape(text: str) -> str:
    """An attribute's text with its references resolved."""
    if "&" not in text:
        return text

    def one(m: re.Match[str]) -> str:
        name = m.group(1)
        if name[0] != "#":
            return _ENTITIES[name]  # the grammar lets only the five through
        code = int(name[2:], 16) if name[1] == "x" else int(name[1:])
        if not (code in (0x9, 0xA, 0xD) or 0x20 <= code <= 0xD7FF
                or 0xE000 <= code <= 0xFFFD or 0x10000 <= code <= 0x10FFFF):
            raise _Deviation  # not an XML character: lxml says so, with the place
        return chr(code)

    return _REFERENCE.sub(one, text)


def all_attributes(block: str, start: int = 0, end: int | None = None
                   ) -> tuple[dict[str, str], list[dict[str, str]]]:
    """A checked trace's own attributes and each event's (key: value, references
    resolved, the first of a repeated key)."""
    end = len(block) if end is None else end
    if "&" in block:
        unescape(block[start:end])  # every reference must name an XML character, read or not
    trace: dict[str, str] = {}
    events: list[dict[str, str]] = []
    event: dict[str, str] | None = None
    for opens, closes, key, value in _TOKENS.findall(block, start, end):
        if opens:
            event = {}
        elif closes:
            events.append(event)  # type: ignore[arg-type]
            event = None
        else:
            into = trace if event is None else event
            key = unescape(key)
            if key not in into:
                into[key] = unescape(value)
    return trace, events


class Canonical:
    """Reads traces while the log keeps to the canonical serialization; at the first
    deviation `rest` becomes a stream for lxml: the root's start tag, then everything
    from the trace that deviates on (or the whole log, `whole`)."""

    HEAD_LIMIT = 1 << 24  # bytes before the first trace; a longer header goes to lxml

    def __init__(self, stream: ByteStream, reader: TraceSink) -> None:
        self.stream, self.reader = stream, reader
        self.rest: Chain | None = None
        self.whole = False
        keys = "|".join(re.escape(k) for k in sorted(set(reader.keys)))
        self.wanted = re.compile(f'<(?:(event)|(/event)|{_TYPES}{_WS}++key="({keys})"{_WS}++'
                                 f'value="([^"]*)")')
        self.template: _Template | None = None
        self.order: list[str] = []  # the wanted event attributes' order seen so far
        self.hits = self.misses = 0

    def traces(self) -> Iterator[RawCase]:
        head = b""
        while True:
            found = _FIRST_TRACE.search(head, max(len(head) - CHUNK - 8, 0))
            if found or len(head) > self.HEAD_LIMIT:
                break
            chunk = self.stream.read(CHUNK)
            if not chunk:
                break
            head += chunk
        start = self._root(head[: found.start()]) if found else None
        if found is None or start is None:
            self.rest, self.whole = Chain(head, self.stream), True
            return
        self.start, self.end = start
        yield from self._body(head[found.start():])

    def _root(self, head: bytes) -> tuple[bytes, re.Pattern[str]] | None:
        """lxml parses the header (all before the first trace) closed by the root's end
        tag: when that is well-formed UTF-8 XML 1.0 with the root <log> still open, the
        trace is the root's child. Returns the root's start tag (for lxml's part) and the
        pattern of the log's end."""
        from lxml import etree

        body = head[3:] if head.startswith(codecs.BOM_UTF8) else head
        if body.startswith(b"<?xml") and not _XML_DECLARATION.match(body):
            return None  # another version or encoding
        parser = etree.XMLPullParser(events=("start",), resolve_entities=False,
                                     no_network=True, load_dtd=False, huge_tree=False)
        try:
            parser.feed(head)
            root = next((element for _, element in parser.read_events()), None)
            if root is None or root.tag.rsplit("}", 1)[-1] != "log":
                return None
            info = root.getroottree().docinfo
            if info.internalDTD is not None or info.doctype:
                return None  # lxml reads the whole log and refuses it
            qname = f"{root.prefix}:log" if root.prefix else "log"
            parser.feed(f"</{qname}>".encode())
            parser.close()
        except (etree.XMLSyntaxError, ValueError):
            return None
        tag = etree.tostring(etree.Element(root.tag, nsmap=root.nsmap))
        start = b'<?xml version="1.0" encoding="UTF-8"?>' + tag[:-2] + b">"
        return start, re.compile(f"{_WS}*+</{re.escape(qname)}{_WS}*+>{_WS}*+")

    def _body(self, data: bytes) -> Iterator[RawCase]:
        decoder = codecs.getincrementaldecoder("utf-8")()
        buf, pos, scan, done = "", 0, 0, False
        pending: bytes | None = data
        while True:
            if pending is not None:
                try:
                    buf = buf[pos:] + decoder.decode(pending, final=done)
                except UnicodeDecodeError:
                    self._hand_over(buf[pos:].encode() + decoder.getstate()[0] + pending)
                    return
                scan, pos, pending = max(scan - pos, 0), 0, None
            end = buf.find("</trace", scan)
            close = buf.find(">", end) if end >= 0 else -1
            if close < 0:
                if done:
                    break
                if len(buf) - pos > self.reader.held:
                    raise UsageError(self.reader.too_large())
                scan = max(pos, len(buf) - 8)
                # a long trace: read as much again as is held (linear, not quadratic)
                chunk = self.stream.read(max(CHUNK, len(buf) - pos))
                done, pending = not chunk, chunk
                continue
            try:
                trace = self._read(buf[pos:close + 1])
            except _Deviation:  # lxml reads on from this trace
                self._hand_over(buf[pos:].encode())
                return
            yield trace
            pos = scan = close + 1
        if not self.end.fullmatch(buf, pos):
            self._hand_over(buf[pos:].encode())

    def _hand_over(self, rest: bytes) -> None:
        self.rest = Chain(self.start + rest, self.stream)

    def _read(self, block: str) -> RawCase:
        """One trace: the text up to the first `</trace`'s `>` (the grammar has no other
        place for `</trace`); _Deviation if it is not in the grammar."""
        reader = self.reader
        if reader.careful():
            if not _TRACE.fullmatch(block):
                raise _Deviation
            trace, events = all_attributes(block)
            case = reader.of_attributes(trace, events)
            self._learn(events)  # after it: `count` then counts this trace
            return case
        if self.template is not None:
            read = self.template.read(block)
            if read is not None:
                self.hits += 1
                return reader.noted(*read)
            self.misses += 1
            if self.misses > 8 + self.hits // 8:  # the events vary: this does not pay
                self.template = None
        if not _TRACE.fullmatch(block):
            raise _Deviation
        if "&" in block:  # a reference may hide a wanted key: every key unescaped
            trace, events = all_attributes(block)
            return reader.noted(trace.get(reader.keys[0]),
                                [event_of(e, reader.keys) for e in events])
        return reader.noted(*self._wanted(block))

    def _wanted(self, block: str) -> RawCase:
        """The case and the events' wanted attributes of a checked trace without `&`."""
        slots, case_key = self.reader.slots, self.reader.keys[0]
        picked: list[RawEvent] = []
        case = None
        found: list[str | None] = []
        inside = False
        for opens, closes, key, value in self.wanted.findall(block):
            if opens:
                found, inside = [None, None, None, None, None], True
            elif closes:
                picked.append((found[0], found[1], found[2], found[3], found[4]))
                inside = False
            elif inside:
                for i in slots.get(key, ()):
                    if found[i] is None:
                        found[i] = value
            elif key == case_key and case is None:
                case = value
        return case, picked

    def _learn(self, events: list[dict[str, str]]) -> None:
        """After the careful traces, the template of the event with the most wanted
        attributes among theirs."""
        reader = self.reader
        event_keys = set(reader.keys[1:])
        for attrs in events:
            order = [k for k in attrs if k in event_keys]
            if len(order) > len(self.order):
                self.order = order
        if reader.count == reader.CAREFUL and not reader.inherits and self.order and all(
                _PLAIN_KEY.fullmatch(k) for k in event_keys):
            self.template = _Template(self.order, reader)


class _Template:
    """One pattern per event for a log whose events have their wanted attributes once
    each in one order (`order`), any other attributes around them: a trace's events
    are checked and their wanted values picked out in one pass (`read`), the trace's own
    attributes before and after them checked by `_BEFORE_EVENTS` and `_AFTER_EVENTS`."""

    def __init__(self, order: list[str], reader: TraceSink) -> None:
        plain = f"{_CHAR}*+"  # a key without references
        wanted = "|".join(re.escape(k) for k in sorted(set(reader.keys[1:])))
        other = (f'<{_TYPES}{_WS}++key="(?!(?:{wanted})"){plain}"{_WS}++value="{_VALUE}"'
                 f"{_WS}*+/>")
        parts = [f"({_WS}*+<event{_WS}*+>"]
        for key in order:
            parts.append(f"(?:{_WS}*+{other})*+{_WS}*+<{_TYPES}{_WS}++key=\"{re.escape(key)}\""
                         f'{_WS}++value="({_VALUE})"{_WS}*+/>')
        parts.append(f"(?:{_WS}*+{other})*+{_WS}*+</event{_WS}*+>)")
        self.event = re.compile("".join(parts))
        # where each of (unit, timestamp, activity, lifecycle, resource) is in a match's
        # groups (0: absent)
        places = [order.index(key) + 1 if key in order else 0 for key in reader.keys[1:]]
        places += [0] * (5 - len(places))
        self.pick: Callable[[tuple[str, ...]], RawEvent] = _picker(places)
        self.case_key = reader.keys[0]

    def read(self, block: str) -> RawCase | None:
        """(case, events) of a trace; None when the trace does not fit the template."""
        first = block.find("<event")
        last = block.rfind("</event")
        close = block.find(">", last) + 1
        if first < 0 or not close or not _BEFORE_EVENTS.fullmatch(block, 0, first) \
                or not _AFTER_EVENTS.fullmatch(block, close):
            return None
        matches = self.event.findall(block, first, close)
        if sum(len(m[0]) for m in matches) != close - first:
            return None  # something between the matched events: not this template's
        pick = self.pick
        events = [pick(m) for m in matches]
        if "&" in block:
            unescape(block)  # every reference must name an XML character, read or not
            events = [(unescape(u) if u else u, unescape(t) if t else t,
                       unescape(a) if a else a, unescape(lc) if lc else lc,
                       unescape(r) if r else r) for u, t, a, lc, r in events]
        case = None
        for where in ((0, first), (close, len(block))):
            trace, _ = all_attributes(block, *where)
            if self.case_key in trace:
                case = trace[self.case_key]
                break
        return case, events


def _picker(places: list[int]) -> Callable[[tuple[str, ...]], RawEvent]:
    """(unit, timestamp, activity, lifecycle, resource) from a template match's groups;
    None where absent."""
    u, t, a, lc, r = places
    if u and t and a and not lc and not r:
        return lambda m: (m[u], m[t], m[a], None, None)
    if u and t and a and not lc:
        return lambda m: (m[u], m[t], m[a], None, m[r])
    return lambda m: (m[u] if u else None, m[t] if t else None, m[a] if a else None,
                      m[lc] if lc else None, m[r] if r else None)


class Chain:
    """A readable stream: `head`, then `stream`."""

    def __init__(self, head: bytes, stream: Any) -> None:
        self.head, self.at, self.stream = head, 0, stream

    def read(self, size: int = -1) -> bytes:
        if self.at < len(self.head):
            end = len(self.head) if size < 0 else self.at + size
            out = self.head[self.at:end]
            self.at += len(out)
            return out
        data: bytes = self.stream.read(size)
        return data
