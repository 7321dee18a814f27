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
from typing import Any

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
from .load import Document
from .sections import SECTIONS

# ----------------------------------------------------------------------------- reading


def _ident(text: str) -> str | None:
    """A text as an id: NFC-normalised; None when it is empty or has whitespace (any
    character `str.isspace` accepts: `split` splits at exactly those, in C)."""
    if text.split(maxsplit=1) != [text]:
        return None
    return intern(text if text.isascii() else unicodedata.normalize("NFC", text))


@lru_cache(maxsize=4096)
def _label(text: str) -> str | None:
    """`Sales `, `SALES` and `sales` are one function; an empty label is none."""
    folded = unicodedata.normalize("NFC", text).strip().lower()
    return intern(folded) if folded else None


def _number(value: Any, default: float | None) -> float | None:
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


class _Builder:
    """One build: the texts already read as ids and as labels, and a builder per
    section. Each read of a value gives what `_Reader` gives for it (text or absent: the
    same, without the reader)."""

    def __init__(self) -> None:
        self.idents = _Memo(_ident)
        self.labels = _Memo(_label)
        self.sections: dict[str, Callable[[dict[str, Any], Source], Any]] = {
            "units": self.unit, "people": self.person, "stakeholders": self.stakeholder,
            "processes": self.process, "interfaces": self.interface,
            "contact_points": self.contact_point, "kpis": self.kpi, "goals": self.goal,
            "projects": self.project}

    def ident(self, d: dict[str, Any], key: str, src: Source) -> str | None:
        try:
            return self.idents[d.get(key)]  # type: ignore[no-any-return]
        except TypeError:  # not text
            return _Reader(d, src).ident(key)

    @staticmethod
    def text(d: dict[str, Any], key: str, src: Source) -> str | None:
        value = d.get(key)
        if value is None or value.__class__ is str:
            return value
        return _Reader(d, src).text(key)

    def label(self, d: dict[str, Any], key: str, src: Source) -> str | None:
        try:
            return self.labels[d.get(key)]  # type: ignore[no-any-return]
        except TypeError:  # not text
            return _Reader(d, src).label(key)

    def ids(self, d: dict[str, Any], key: str, src: Source) -> tuple[str, ...]:
        value = d.get(key)
        if value.__class__ is list:
            try:
                read = tuple(map(self.idents.__getitem__, value))
            except TypeError:  # an item that is not text
                return _Reader(d, src).ids(key)
            return read if all(read) else tuple(filter(None, read))
        return () if value is None else _Reader(d, src).ids(key)

    @staticmethod
    def suppress(d: dict[str, Any], src: Source) -> Mapping[str, str | None]:
        return EMPTY if d.get("suppress") is None else _Reader(d, src).suppress()

    # one builder per section: None when the entity has no id (or no ends)

    def unit(self, d: dict[str, Any], src: Source) -> Unit | None:
        ident = self.ident(d, "id", src)
        if not ident:
            return None
        label = self.label
        return Unit(ident, self.text(d, "name", src) or ident, self.ident(d, "parent", src),
                    label(d, "kind", src), label(d, "function", src),
                    label(d, "customer_contact", src), self.ident(d, "head", src),
                    int(_number(d.get("headcount"), None) or 0) if "headcount" in d
                    else None, self.ids(d, "kpis", src), self.suppress(d, src), src,
                    _number(d.get("fte"), None), label(d, "team_type", src))

    def person(self, d: dict[str, Any], src: Source) -> Person | None:
        ident = self.ident(d, "id", src)
        if not ident:
            return None
        return Person(ident, self.text(d, "name", src) or ident, self.ident(d, "unit", src),
                      self.text(d, "title", src), self.suppress(d, src), src)

    def stakeholder(self, d: dict[str, Any], src: Source) -> Stakeholder | None:
        ident = self.ident(d, "id", src)
        if not ident:
            return None
        return Stakeholder(ident, self.text(d, "name", src) or ident,
                           self.label(d, "kind", src) or "other", self.ident(d, "owner", src),
                           self.suppress(d, src), src)

    def process(self, d: dict[str, Any], src: Source) -> Process | None:
        ident = self.ident(d, "id", src)
        if not ident:
            return None
        volume = _number(d.get("volume"), 1)
        return Process(ident, self.text(d, "name", src) or ident, d.get("strategic") is True,
                       self.ident(d, "owner", src), self.ident(d, "parent", src),
                       self.ident(d, "team", src), 1 if volume is None else volume,
                       self.ident(d, "stakeholder", src), self.ids(d, "kpis", src),
                       self.steps(d, src), self.suppress(d, src), src)

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

    def interface(self, d: dict[str, Any], src: Source) -> Interface | None:
        src_unit, dst_unit = self.ident(d, "from", src), self.ident(d, "to", src)
        if not src_unit or not dst_unit:
            return None
        ident, text = self.ident(d, "id", src), self.text
        return Interface(ident or f"{src_unit}->{dst_unit}", ident, src_unit, dst_unit,
                         text(d, "provides", src), text(d, "coordination", src),
                         self.ident(d, "responsible", src), d.get("feedback") is True,
                         text(d, "sla", src), self.suppress(d, src), src,
                         self.label(d, "mode", src), text(d, "until", src))

    def contact_point(self, d: dict[str, Any], src: Source) -> ContactPoint | None:
        need, unit = self.text(d, "need", src), self.ident(d, "unit", src)
        if not need or not unit:
            return None
        return ContactPoint(f"{need}@{unit}", need, unit, self.ident(d, "stakeholder", src),
                            self.text(d, "channel", src), self.suppress(d, src), src)

    def kpi(self, d: dict[str, Any], src: Source) -> Kpi | None:
        ident = self.ident(d, "id", src)
        if not ident:
            return None
        target = d.get("target")
        if target is not None and not isinstance(target, (list, dict)):
            target = self.text(d, "target", src)
        return Kpi(ident, self.text(d, "name", src) or ident,
                   self.label(d, "kind", src) or "other", self.ident(d, "owner", src), target,
                   self.suppress(d, src), src)

    def goal(self, d: dict[str, Any], src: Source) -> Goal | None:
        ident = self.ident(d, "id", src)
        if not ident:
            return None
        ids = self.ids
        return Goal(ident, self.text(d, "name", src) or ident, self.ident(d, "stakeholder", src),
                    ids(d, "kpis", src), ids(d, "processes", src), ids(d, "projects", src),
                    self.suppress(d, src), src)

    def project(self, d: dict[str, Any], src: Source) -> Project | None:
        ident = self.ident(d, "id", src)
        if not ident:
            return None
        ids = self.ids
        return Project(ident, self.text(d, "name", src) or ident, self.ident(d, "manager", src),
                       ids(d, "members", src), ids(d, "units", src), self.ident(d, "goal", src),
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
            make, found, source = builder.sections[section], lists[section], doc.source
            for i, item in enumerate(items):
                if isinstance(item, dict):
                    entity = make(item, Source(source, (section, i)))
                    if entity is not None:
                        found.append(entity)
    sections = {name: tuple(lists[name]) for name in SECTION_NAMES}
    return Org(org_name or "org", tuple(d.file for d in documents), **sections,
               org_loc=org_loc, suppress=org_suppress, suppress_src=org_src)
