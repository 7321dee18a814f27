"""The organisation model (the frozen dataclasses of orgfile/entities.py) and `build`, which
reads it from the loaded documents.

Building is tolerant: an entity the schema rejected is skipped or read partially, so the
reference checks still run and every error of a run is reported together.

Speed (issue 26): one build reads each distinct text as an id once (`_Builder.idents`: the
same ids recur as parents, heads, step units, references), and an entity is built from
its mapping's values directly when they are text, as they nearly always are; any other
type goes through `_Reader`, which gives a number its written text (`010`) and reads a
wrong type as absent (the schema reports it).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Mapping
from functools import lru_cache
from sys import intern
from types import MappingProxyType
from typing import Any, Protocol

from ..findings import Location
from .entities import (
    CUSTOMER as CUSTOMER,
    EMPTY as EMPTY,
    ContactPoint as ContactPoint,
    Goal as Goal,
    Interface as Interface,
    Kpi as Kpi,
    Org as Org,
    Person as Person,
    Process as Process,
    Project as Project,
    Source as Source,
    Stakeholder as Stakeholder,
    Step as Step,
    Unit as Unit,
)
from .load import Document, SourceMap
from .sections import SECTIONS

# ----------------------------------------------------------------------------- reading


def _ident(text: str) -> str | None:
    """A text as an id: NFC-normalised; None when it is empty or has whitespace (any
    character `str.isspace` accepts: `split` splits at exactly those, in C)."""
    if text.isascii() and text.isprintable():  # the usual id: no NFC, only ' ' is space
        return intern(text) if text and " " not in text else None
    if text.split(maxsplit=1) != [text]:
        return None
    return intern(text if text.isascii() else unicodedata.normalize("NFC", text))


@lru_cache(maxsize=4096)
def _label(text: str) -> str | None:
    """`Sales `, `SALES` and `sales` are one function; an empty label is none."""
    folded = unicodedata.normalize("NFC", text).strip().lower()
    return intern(folded) if folded else None


def _number(value: Any, default: float | None) -> float | None:
    if value.__class__ is int or value.__class__ is float:  # nearly always
        return value if value >= 0 else default
    if isinstance(value, (int, float)) and not isinstance(value, bool) and value >= 0:
        return value
    return default


class _Reader:
    """Typed access to one entity's mapping; wrong types read as absent (the schema
    reports them). The careful path for values that are not text."""

    def __init__(self, data: dict[str, Any], src: Source) -> None:
        self.data, self.src = data, src

    def text(self, key: str) -> str | None:
        value = self.data.get(key)
        if value.__class__ is str:  # nearly always: tested first
            return value
        if value is None or isinstance(value, (list, dict)):
            return None
        if isinstance(value, str):
            return value
        raw = self.src.map.raw.get(self.src.path + (key,))
        return raw if raw is not None else str(value)

    def label(self, key: str) -> str | None:
        """A category value (function, kind, customer_contact): case and outer spaces
        do not change its meaning, so it is read folded (NFC, lower case, stripped)."""
        value = self.text(key)
        return _label(value) if value else None

    def ident(self, key: str) -> str | None:
        value = self.data.get(key)
        if value.__class__ is not str:
            value = self.text(key)
        return _ident(value) if value else None

    def ids(self, key: str) -> tuple[str, ...]:
        value = self.data.get(key)
        if not isinstance(value, list):
            return ()
        out = []
        for i, item in enumerate(value):
            if item.__class__ is not str:
                if isinstance(item, (list, dict)) or item is None:
                    continue
                raw = self.src.map.raw.get(self.src.path + (key, i))
                item = item if isinstance(item, str) else raw if raw is not None else str(item)
            if item and (text := _ident(item)):
                out.append(text)
        return tuple(out)

    def suppress(self) -> Mapping[str, str | None]:
        value = self.data.get("suppress")
        if not isinstance(value, dict):
            return EMPTY
        return MappingProxyType({str(k): (None if v is None or isinstance(v, (list, dict))
                                          else str(v)) for k, v in value.items()})


class _Memo(dict[Any, Any]):
    """A function of texts, memoised: `memo[text]` is one dict lookup once a text was
    read (ids recur as parents, heads, step units, ...). Empty and absent (None) read as
    none; any other type raises TypeError (the caller reads it the careful way)."""

    def __init__(self, read: Callable[[str], str | None]) -> None:
        super().__init__({"": None, None: None})
        self.read = read

    def __missing__(self, text: Any) -> str | None:
        if text.__class__ is not str:
            raise TypeError("not text")
        found = self[text] = self.read(text)
        return found


def _text(value: Any) -> str | None:
    """A value read as text, when it is text or absent (else TypeError: read carefully)."""
    if value is None or value.__class__ is str:
        return value
    raise TypeError("not text")


def _key(key: str) -> str:
    return key


class _Lookup(Protocol):
    def __getitem__(self, key: Any, /) -> str | None: ...


class _ByKey:
    """A careful reader as a lookup: `f.ident[key]` reads the field `key`."""

    __slots__ = ("read",)

    def __init__(self, read: Callable[[str], str | None]) -> None:
        self.read = read

    def __getitem__(self, key: str) -> str | None:
        return self.read(key)


class _Fields:
    """How an entity builder reads its mapping's fields: `get(key)` and then
    `ident[...]`, `label[...]`, `text(...)` or `ids(...)` of what it gave. Fast: `get`
    is the mapping's own and `ident`, `label` are the build's memos (one dict lookup per
    field); the readers raise TypeError on any value that is not text (or a list of
    texts). Careful: `get` gives the key back and `_Reader` reads that field."""

    __slots__ = ("get", "ident", "label", "text", "ids")

    def __init__(self, get: Callable[[str], Any], ident: _Lookup,
                 label: _Lookup, text: Callable[[Any], str | None],
                 ids: Callable[[Any], tuple[str, ...]]) -> None:
        self.get, self.ident, self.label, self.text, self.ids = get, ident, label, text, ids


Make = Callable[[_Fields, dict[str, Any], Source], Any]


class _Builder:
    """One build: the texts already read as ids and as labels, and a builder per
    section. The fast reading of a field gives what `_Reader` gives for it."""

    def __init__(self) -> None:
        self.idents = _Memo(_ident)
        self.labels = _Memo(_label)
        self.sections: dict[str, Make] = {
            "units": self.unit, "people": self.person, "stakeholders": self.stakeholder,
            "processes": self.process, "interfaces": self.interface,
            "contact_points": self.contact_point, "kpis": self.kpi, "goals": self.goal,
            "projects": self.project}
        # the fast readers (`get` is set to each mapping's own)
        self.fast = _Fields(_key, self.idents, self.labels, _text,
                            self.ids)

    def ids(self, value: Any) -> tuple[str, ...]:
        if value.__class__ is list:
            read = tuple(map(self.idents.__getitem__, value))  # TypeError: not all text
            return read if all(read) else tuple(filter(None, read))
        if value is None:
            return ()
        raise TypeError("not a list")

    def section(self, make: Make, items: list[Any], source: SourceMap,
                name: str) -> list[Any]:
        """The entities `make` builds from a section's mappings: fast when their values
        are text, as nearly always; else each field of that mapping read the careful way."""
        fast = self.fast
        found: list[Any] = []
        append = found.append
        for i, d in enumerate(items):
            if d.__class__ is not dict and not isinstance(d, dict):
                continue
            src = Source(source, (name, i))
            fast.get = d.get
            try:
                entity = make(fast, d, src)
            except TypeError:
                reader = _Reader(d, src)
                entity = make(_Fields(_key, _ByKey(reader.ident), _ByKey(reader.label),
                                      reader.text, reader.ids), d, src)
            if entity is not None:
                append(entity)
        return found

    @staticmethod
    def suppress(d: dict[str, Any], src: Source) -> Mapping[str, str | None]:
        return EMPTY if d.get("suppress") is None else _Reader(d, src).suppress()

    # one builder per section: None when the entity has no id (or no ends)

    def unit(self, f: _Fields, d: dict[str, Any], src: Source) -> Unit | None:
        get, ident, label = f.get, f.ident, f.label
        key = ident[get("id")]
        if not key:
            return None
        return Unit(key, f.text(get("name")) or key, ident[get("parent")],
                    label[get("kind")], label[get("function")],
                    label[get("customer_contact")], ident[get("head")],
                    int(_number(d.get("headcount"), None) or 0) if "headcount" in d
                    else None, f.ids(get("kpis")), self.suppress(d, src), src,
                    _number(d.get("fte"), None), label[get("team_type")])

    def person(self, f: _Fields, d: dict[str, Any], src: Source) -> Person | None:
        get, ident = f.get, f.ident
        key = ident[get("id")]
        if not key:
            return None
        return Person(key, f.text(get("name")) or key, ident[get("unit")],
                      f.text(get("title")), self.suppress(d, src), src)

    def stakeholder(self, f: _Fields, d: dict[str, Any], src: Source) -> Stakeholder | None:
        get, ident = f.get, f.ident
        key = ident[get("id")]
        if not key:
            return None
        return Stakeholder(key, f.text(get("name")) or key, f.label[get("kind")] or "other",
                           ident[get("owner")], self.suppress(d, src), src)

    def process(self, f: _Fields, d: dict[str, Any], src: Source) -> Process | None:
        get, ident = f.get, f.ident
        key = ident[get("id")]
        if not key:
            return None
        volume = _number(d.get("volume"), 1)
        return Process(key, f.text(get("name")) or key, d.get("strategic") is True,
                       ident[get("owner")], ident[get("parent")], ident[get("team")],
                       1 if volume is None else volume, ident[get("stakeholder")],
                       f.ids(get("kpis")), self.steps(d, src), self.suppress(d, src), src)

    def steps(self, d: dict[str, Any], src: Source) -> tuple[Step, ...]:
        raw = d.get("steps")
        if raw.__class__ is not list:
            return ()
        steps, idents = [], self.idents
        for i, item in enumerate(raw):
            if isinstance(item, dict):
                unit, activity = item.get("unit"), item.get("activity")
                if unit.__class__ is str and (activity is None or activity.__class__ is str) \
                        and len(item) == 1 + ("activity" in item):  # the usual step
                    if unit := idents[unit]:
                        steps.append(Step(unit, activity, None, (), (), i))
                else:  # numbers keep their text (010), other types read as absent
                    steps += self._step(item, Source(src.map, src.path + ("steps", i)), i)
            elif item.__class__ is str:  # a step that names only its unit
                if unit := idents[item]:
                    steps.append(Step(unit, None, None, (), (), i))
            elif item is not None and not isinstance(item, list):
                raw_text = src.map.raw.get(src.path + ("steps", i))
                text = item if isinstance(item, str) else raw_text or str(item)
                if text and (unit := idents[text]):
                    steps.append(Step(unit, None, None, (), (), i))
        return tuple(steps)

    @staticmethod
    def _step(item: dict[str, Any], src: Source, index: int) -> list[Step]:
        """A step written as a mapping with RACI fields or values that are not text."""
        sub = _Reader(item, src)
        unit = sub.ident("unit")
        if not unit:
            return []
        return [Step(unit, sub.text("activity"), sub.ident("accountable"),
                     sub.ids("consulted"), sub.ids("informed"), index)]

    def interface(self, f: _Fields, d: dict[str, Any], src: Source) -> Interface | None:
        get, ident, text = f.get, f.ident, f.text
        src_unit, dst_unit = ident[get("from")], ident[get("to")]
        if not src_unit or not dst_unit:
            return None
        key = ident[get("id")]
        return Interface(key or f"{src_unit}->{dst_unit}", key, src_unit, dst_unit,
                         text(get("provides")), text(get("coordination")),
                         ident[get("responsible")], d.get("feedback") is True,
                         text(get("sla")), self.suppress(d, src), src, f.label[get("mode")],
                         text(get("until")))

    def contact_point(self, f: _Fields, d: dict[str, Any], src: Source) -> ContactPoint | None:
        get = f.get
        need, unit = f.text(get("need")), f.ident[get("unit")]
        if not need or not unit:
            return None
        return ContactPoint(f"{need}@{unit}", need, unit, f.ident[get("stakeholder")],
                            f.text(get("channel")), self.suppress(d, src), src)

    def kpi(self, f: _Fields, d: dict[str, Any], src: Source) -> Kpi | None:
        get = f.get
        key = f.ident[get("id")]
        if not key:
            return None
        target = d.get("target")
        if target is not None and not isinstance(target, (list, dict)):
            target = f.text(get("target"))
        return Kpi(key, f.text(get("name")) or key, f.label[get("kind")] or "other",
                   f.ident[get("owner")], target, self.suppress(d, src), src)

    def goal(self, f: _Fields, d: dict[str, Any], src: Source) -> Goal | None:
        get, ids = f.get, f.ids
        key = f.ident[get("id")]
        if not key:
            return None
        return Goal(key, f.text(get("name")) or key, f.ident[get("stakeholder")],
                    ids(get("kpis")), ids(get("processes")), ids(get("projects")),
                    self.suppress(d, src), src)

    def project(self, f: _Fields, d: dict[str, Any], src: Source) -> Project | None:
        get, ids = f.get, f.ids
        key = f.ident[get("id")]
        if not key:
            return None
        return Project(key, f.text(get("name")) or key, f.ident[get("manager")],
                       ids(get("members")), ids(get("units")), f.ident[get("goal")],
                       self.suppress(d, src), src)


SECTION_NAMES = tuple(SECTIONS)


def build(documents: list[Document]) -> Org:
    """Merge the documents of one org into the model (lists concatenated in file order)."""
    lists: dict[str, list[Any]] = {name: [] for name in SECTION_NAMES}
    org_name = ""
    org_suppress: Mapping[str, str | None] = EMPTY
    org_src: Source | None = None
    org_loc = Location(documents[0].file, 1, 1) if documents else Location("<none>")
    builder = _Builder()
    for doc in documents:
        if not isinstance(doc.data, dict):
            continue
        meta = doc.data.get("organization")
        if isinstance(meta, dict) and org_src is None:
            org_src = Source(doc.source, ("organization",))
            reader = _Reader(meta, org_src)
            org_name = reader.text("name") or ""
            org_suppress = reader.suppress()
            org_loc = org_src.loc
        for section in SECTION_NAMES:
            items = doc.data.get(section)
            if not isinstance(items, list):
                continue
            lists[section] += builder.section(builder.sections[section], items,
                                              doc.source, section)
    sections = {name: tuple(lists[name]) for name in SECTION_NAMES}
    return Org(org_name or "org", tuple(d.file for d in documents), **sections,
               org_loc=org_loc, suppress=org_suppress, suppress_src=org_src)
