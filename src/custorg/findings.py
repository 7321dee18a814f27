"""Typed findings: what every stage after loading produces and every formatter consumes."""

from __future__ import annotations

import enum
import hashlib
import re
from dataclasses import dataclass, field
from operator import attrgetter


class Severity(enum.IntEnum):
    """Finding severity; the integer order is the order of importance."""

    INFO = 1
    WARNING = 2
    ERROR = 3

    @classmethod
    def parse(cls, text: str) -> Severity:
        try:
            return cls[text.strip().upper()]
        except KeyError:
            raise ValueError(f"unknown severity {text!r} (use error, warning or info)") from None

    def __str__(self) -> str:
        return SEVERITY_TEXT[self]


# how a severity is written (`str(severity)`): a dict read, where a report writes 100,000
SEVERITY_TEXT: dict[Severity, str] = {s: s.name.lower() for s in Severity}


# Location, Entity and Finding are frozen dataclasses whose `__init__` is written out:
# the generated one of a frozen class sets each field through `object.__setattr__`, which
# costs twice as much (an audit of 100,000 units makes about 100,000 of each). Their
# fields, equality, order, hash, `replace` and repr stay the dataclass's own.


@dataclass(frozen=True, order=True, init=False)
class Location:
    """A place in an input file; line and column are 1-based, 0 when unknown."""

    file: str
    line: int = 0
    column: int = 0

    def __init__(self, file: str, line: int = 0, column: int = 0) -> None:
        fields_ = self.__dict__
        fields_["file"], fields_["line"], fields_["column"] = file, line, column

    def __str__(self) -> str:
        if self.line:
            return f"{self.file}:{self.line}:{self.column}"
        return self.file


@dataclass(frozen=True, init=False)
class Entity:
    """What a finding is about: kind is unit, person, process, ... function or org."""

    kind: str
    id: str

    def __init__(self, kind: str, id: str) -> None:  # noqa: A002 - the field's name
        fields_ = self.__dict__
        fields_["kind"], fields_["id"] = kind, id


@dataclass(frozen=True, init=False)
class Finding:
    code: str
    rule: str
    severity: Severity
    message: str
    location: Location
    entity: Entity
    related: tuple[Location, ...] = field(default=())
    key: str | None = None  # with it, the fingerprint uses it instead of the message
    # (id, name) of the units the message names, where the name is not the id: the
    # message keeps the ids (the fingerprint's input); people read `display`
    names: tuple[tuple[str, str], ...] = field(default=())

    def __init__(self, code: str, rule: str, severity: Severity, message: str,
                 location: Location, entity: Entity, related: tuple[Location, ...] = (),
                 key: str | None = None, names: tuple[tuple[str, str], ...] = ()) -> None:
        fields_ = self.__dict__
        fields_["code"], fields_["rule"], fields_["severity"] = code, rule, severity
        fields_["message"], fields_["location"], fields_["entity"] = message, location, entity
        fields_["related"], fields_["key"], fields_["names"] = related, key, names

    @property
    def display(self) -> str:
        """The message as people read it: each unit it names shown as `Name (id)`
        (`display_message`). Every output shows this; the fingerprint and baselines
        use `message`."""
        return display_message(self.message, self.names) if self.names else self.message

    def sort_key(self) -> tuple[str, int, int, str, str, str]:
        """The order of findings in every report: place, code, entity, message."""
        key: tuple[str, int, int, str, str, str] = _SORT_KEY(self)
        return key

    def fingerprint(self) -> str:
        """Stable identity of a finding (docs/scenarios.md): code, entity kind,
        entity id and the message with digits removed. A line shift, a position quoted in
        the message or a changed count ("9 handoffs" -> "5 handoffs") keeps the identity;
        SARIF's partialFingerprints and `custorg diff` both match findings by it.
        A finding with a `key` (the evidence rules: ids only, such as an activity) uses the
        key instead of the message, so that a renamed unit or person keeps the identity."""
        text = _DIGITS.sub("", self.message) if self.key is None else self.key
        key = "\x1f".join((self.code, self.entity.kind, self.entity.id, text))
        return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


_DIGITS = re.compile(r"\d+")
# Finding.sort_key, read in C (sorting 100,000 findings calls it 100,000 times)
_SORT_KEY = attrgetter("location.file", "location.line", "location.column", "code",
                       "entity.id", "message")


def named(ident: str, name: str | None) -> str:
    """How custorg shows a unit to people: `Name (id)`, or the id alone when the unit
    has no name of its own (its name is its id). The one place for this form: findings,
    the text report, the diff, the HTML report and the diagrams' captions read it."""
    return f"{name} ({ident})" if name and name != ident else ident


ARROW = " -> "
_WORD = re.compile(r"[\w.'-]")


def _mentions(message: str, ident: str, arrow: bool) -> list[tuple[int, int]]:
    """Where a message names unit `ident`: quoted as rules quote ids (`'id'`, Python's
    repr), or bare beside an arrow (`a -> b -> a`, P004), never inside another word.
    `arrow`: the message holds ARROW (without one, no bare mention can count)."""
    found = []
    text = repr(ident)
    start = message.find(text)
    while start >= 0:
        end = start + len(text)
        found.append((start, end))
        start = message.find(text, end)
    start = message.find(ident) if arrow else -1
    while start >= 0:
        end = start + len(ident)
        if ((message.startswith(ARROW, end) or message.endswith(ARROW, 0, start))
                and not _WORD.match(message[start - 1:start] if start else " ")
                and not _WORD.match(message[end:end + 1] or " ")):
            found.append((start, end))
        start = message.find(ident, end)
    return found


def display_message(message: str, names: tuple[tuple[str, str], ...]) -> str:
    """`message` with every mention of a unit of `names` (id, name) replaced by
    `named(id, name)`, in one pass (a name that contains another unit's id stays).
    Bare mentions beside an arrow are looked for only when one can exist: an arrow whose
    sides are not both quotes, or an id with a quote in it (`_bare_possible`); the usual
    `'a' -> 'b'` of the interface rules takes the quoted-only pass. One unit and no bare
    mention possible (most findings): only its quoted mentions count, which
    `str.replace` finds as the pass below does (left to right, never overlapping)."""
    bare = ARROW in message and _bare_possible(message, names)
    if len(names) == 1 and not bare:
        ident, name = names[0]
        return message.replace(repr(ident), named(ident, name))
    if len(names) == 2 and not bare:
        two = _two_quoted(message, names)
        if two is not None:
            return two
    return _replace_mentions(message, names, bare)


def _two_quoted(message: str, names: tuple[tuple[str, str], ...]) -> str | None:
    """`_replace_mentions` of two units' quoted mentions (`'a' -> 'b'`: the interface
    rules) by two C calls, when no mention of one can overlap a mention of the other:
    ids without a quote (a repr then holds quotes only at its ends, so two mentions
    overlap only by sharing one: `'a'b'`) and no such shared quote in the message. Then
    the mentions of the first unit cut the message into pieces that hold every mention
    of the second whole, found in them as the pass finds them. None: the pass decides."""
    (a, name_a), (b, name_b) = names
    if "'" in a or "'" in b:
        return None
    quoted_a, quoted_b = repr(a), repr(b)
    if quoted_a[:-1] + quoted_b in message or quoted_b[:-1] + quoted_a in message:
        return None
    shown_b = named(b, name_b)
    return named(a, name_a).join([piece.replace(quoted_b, shown_b)
                                  for piece in message.split(quoted_a)])


_QUOTED_ARROW = "'" + ARROW + "'"


def _bare_possible(message: str, names: tuple[tuple[str, str], ...]) -> bool:
    """A unit of `names` may be named bare beside an arrow of `message` (which has one).
    Not when every arrow has a quote on both sides (`'a' -> 'b'`) and no id holds a
    quote: a bare mention would end or begin with the quote beside its arrow. An arrow
    that is not quoted so survives the removal of the quoted ones (two such arrows
    cannot overlap), so one `in` test after the removal finds it."""
    if ARROW in message.replace(_QUOTED_ARROW, ""):
        return True
    for ident, _ in names:  # a loop: two names at most, as a rule
        if "'" in ident:
            return True
    return False


def _replace_mentions(message: str, names: tuple[tuple[str, str], ...], bare: bool) -> str:
    """The general pass of `display_message`: every mention (`_mentions`) of each unit,
    left to right, a longer one first where two begin at the same place."""
    spans = []
    for ident, name in names:
        shown = named(ident, name)
        spans += [(start, -end, shown) for start, end in _mentions(message, ident, bare)]
    spans.sort()
    out, at = [], 0
    for start, neg_end, shown in spans:
        if start < at:  # inside a mention already replaced (a longer one first)
            continue
        out += [message[at:start], shown]
        at = -neg_end
    return "".join(out) + message[at:]


def sort_findings(findings: list[Finding]) -> list[Finding]:
    return sorted(findings, key=_SORT_KEY)  # Finding.sort_key
