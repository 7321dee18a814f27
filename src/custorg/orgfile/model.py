"""The organisation as frozen dataclasses; every entity keeps where it was written.

Building is tolerant: an entity the schema rejected is skipped or read partially, so the
reference checks still run and every error of a run is reported together.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from sys import intern
from types import MappingProxyType
from typing import Any

from ..findings import Location
from ..notions import CUSTOMER as CUSTOMER  # the reserved step id, defined once
from .load import Document, PathT, SourceMap
from .sections import SECTION_OF, SECTIONS

EMPTY: Mapping[str, str] = MappingProxyType({})


@dataclass(frozen=True)
class Source:
    """Where an entity was written; `at(field)` locates one of its fields."""

    map: SourceMap = field(repr=False, compare=False)
    path: PathT

    @property
    def loc(self) -> Location:
        return self.map.at(self.path)

    def at(self, *sub: str | int) -> Location:
        return self.map.at(self.path + sub)


@dataclass(frozen=True)
class Unit:
    id: str
    name: str
    parent: str | None
    kind: str | None
    function: str | None
    customer_contact: str | None
    head: str | None
    headcount: int | None
    kpis: tuple[str, ...]
    suppress: Mapping[str, str | None]
    src: Source
    fte: float | None = None  # full-time equivalents in the unit itself
    team_type: str | None = None  # Team Topologies (docs/teams.md)


@dataclass(frozen=True)
class Person:
    id: str
    name: str
    unit: str | None
    title: str | None
    suppress: Mapping[str, str | None]
    src: Source


@dataclass(frozen=True)
class Stakeholder:
    id: str
    name: str
    kind: str
    owner: str | None
    suppress: Mapping[str, str | None]
    src: Source


@dataclass(frozen=True)
class Step:
    unit: str
    activity: str | None
    # RACI (docs/teams.md): the step's unit is the responsible
    accountable: str | None = None
    consulted: tuple[str, ...] = ()
    informed: tuple[str, ...] = ()
    # its position in the file's `steps` list: a location, not part of what the step is
    index: int = field(default=0, compare=False)


@dataclass(frozen=True)
class Process:
    id: str
    name: str
    strategic: bool
    owner: str | None
    parent: str | None
    team: str | None
    volume: float
    stakeholder: str | None
    kpis: tuple[str, ...]
    steps: tuple[Step, ...]
    suppress: Mapping[str, str | None]
    src: Source


@dataclass(frozen=True)
class Interface:
    id: str
    declared_id: str | None
    source: str
    target: str
    provides: str | None
    coordination: str | None
    responsible: str | None
    feedback: bool
    sla: str | None
    suppress: Mapping[str, str | None]
    src: Source
    mode: str | None = None  # Team Topologies interaction mode (docs/teams.md)
    until: str | None = None  # YYYY-MM-DD: when a collaboration is meant to end

    @property
    def coordinated(self) -> bool:
        """A coordination procedure is described: `coordination` has text other than
        white space (`coordination: " "` describes nothing)."""
        text = self.coordination
        return bool(text and not text.isspace())

    @property
    def agreed(self) -> bool:
        """Coordinated and with a responsible person (I002 and I003 are quiet)."""
        return self.coordinated and bool(self.responsible)


@dataclass(frozen=True)
class ContactPoint:
    id: str
    need: str
    unit: str
    stakeholder: str | None
    channel: str | None
    suppress: Mapping[str, str | None]
    src: Source


@dataclass(frozen=True)
class Kpi:
    id: str
    name: str
    kind: str
    owner: str | None
    target: Any
    suppress: Mapping[str, str | None]
    src: Source

    @property
    def is_customer(self) -> bool:
        return self.kind != "other"


@dataclass(frozen=True)
class Goal:
    id: str
    name: str
    stakeholder: str | None
    kpis: tuple[str, ...]
    processes: tuple[str, ...]
    projects: tuple[str, ...]
    suppress: Mapping[str, str | None]
    src: Source


@dataclass(frozen=True)
class Project:
    id: str
    name: str
    manager: str | None
    members: tuple[str, ...]
    units: tuple[str, ...]
    goal: str | None
    suppress: Mapping[str, str | None]
    src: Source


@dataclass(frozen=True)
class Org:
    name: str
    files: tuple[str, ...]
    units: tuple[Unit, ...]
    people: tuple[Person, ...]
    stakeholders: tuple[Stakeholder, ...]
    processes: tuple[Process, ...]
    interfaces: tuple[Interface, ...]
    contact_points: tuple[ContactPoint, ...]
    kpis: tuple[Kpi, ...]
    goals: tuple[Goal, ...]
    projects: tuple[Project, ...]
    org_loc: Location
    suppress: Mapping[str, str | None] = field(default_factory=lambda: EMPTY)
    suppress_src: Source | None = None

    def __post_init__(self) -> None:
        for attr, items in (("unit_by_id", self.units), ("person_by_id", self.people),
                            ("stakeholder_by_id", self.stakeholders),
                            ("process_by_id", self.processes), ("kpi_by_id", self.kpis),
                            ("goal_by_id", self.goals), ("project_by_id", self.projects)):
            table: dict[str, Any] = {}
            for item in items:
                table.setdefault(item.id, item)
            object.__setattr__(self, attr, table)

    # filled in __post_init__ (first entity of each id wins; duplicates are S003 errors)
    unit_by_id: dict[str, Unit] = field(init=False, repr=False, compare=False)
    person_by_id: dict[str, Person] = field(init=False, repr=False, compare=False)
    stakeholder_by_id: dict[str, Stakeholder] = field(init=False, repr=False, compare=False)
    process_by_id: dict[str, Process] = field(init=False, repr=False, compare=False)
    kpi_by_id: dict[str, Kpi] = field(init=False, repr=False, compare=False)
    goal_by_id: dict[str, Goal] = field(init=False, repr=False, compare=False)
    project_by_id: dict[str, Project] = field(init=False, repr=False, compare=False)

    def entities(self) -> Iterator[tuple[str, Any]]:
        """(kind, entity) of every entity, section by section (sections.SECTIONS)."""
        for section, kind in SECTIONS.items():
            for item in getattr(self, section):
                yield kind, item

    def entity(self, kind: str, ident: str) -> Any:
        """The first entity of a kind with that id (None if there is none)."""
        section = SECTION_OF.get(kind)
        items = getattr(self, section) if section else ()
        return next((e for e in items if e.id == ident), None)

    def customer_stakeholders(self) -> list[Stakeholder]:
        return [s for s in self.stakeholders if s.kind == "customer"]

    @cached_property
    def customer_steps(self) -> frozenset[str]:
        """The step units that mean the customer: `customer` and the ids of customer
        stakeholders."""
        return frozenset([CUSTOMER, *(i for i, s in self.stakeholder_by_id.items()
                                      if s.kind == "customer")])

    def is_customer_step(self, step_unit: str) -> bool:
        """A step's unit means the customer: `customer` or a customer stakeholder's id."""
        return step_unit in self.customer_steps


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


class _Reader:
    """Typed access to one entity's mapping; wrong types read as absent (the schema
    reports them)."""

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

    def flag(self, key: str) -> bool:
        return self.data.get(key) is True

    def number(self, key: str, default: float | None) -> float | None:
        value = self.data.get(key)
        if isinstance(value, (int, float)) and not isinstance(value, bool) and value >= 0:
            return value
        return default

    def suppress(self) -> Mapping[str, str | None]:
        value = self.data.get("suppress")
        if not isinstance(value, dict):
            return EMPTY
        return MappingProxyType({str(k): (None if v is None or isinstance(v, (list, dict))
                                          else str(v)) for k, v in value.items()})


_PLAIN_STEP = frozenset({"unit", "activity"})


def _steps(reader: _Reader) -> tuple[Step, ...]:
    raw = reader.data.get("steps")
    if not isinstance(raw, list):
        return ()
    steps = []
    for i, item in enumerate(raw):
        if isinstance(item, dict):
            unit, activity = item.get("unit"), item.get("activity")
            if not item.keys() <= _PLAIN_STEP or not (unit.__class__ is str and (
                    activity is None or activity.__class__ is str)):
                # numbers keep their text (010), other types read as absent
                sub = _Reader(item, Source(reader.src.map, reader.src.path + ("steps", i)))
                unit = sub.ident("unit")
                if unit:
                    steps.append(Step(unit, sub.text("activity"), sub.ident("accountable"),
                                      sub.ids("consulted"), sub.ids("informed"), i))
            elif unit := (_ident(unit) if unit else None):  # the usual step: no reader
                steps.append(Step(unit, activity, index=i))
        elif item is not None and not isinstance(item, list):
            raw_text = reader.src.map.raw.get(reader.src.path + ("steps", i))
            text = item if isinstance(item, str) else raw_text or str(item)
            if text and (unit := _ident(text)):
                steps.append(Step(unit, None, index=i))
    return tuple(steps)


def _build_entity(section: str, r: _Reader, index: int) -> Any:  # noqa: C901 - one branch per section: a flat table
    ident = r.ident("id")
    s = r.suppress()
    if section == "interfaces":
        src_unit, dst_unit = r.ident("from"), r.ident("to")
        if not src_unit or not dst_unit:
            return None
        return Interface(ident or f"{src_unit}->{dst_unit}", ident, src_unit, dst_unit,
                         r.text("provides"), r.text("coordination"), r.ident("responsible"),
                         r.flag("feedback"), r.text("sla"), s, r.src, r.label("mode"),
                         r.text("until"))
    if section == "contact_points":
        need, unit = r.text("need"), r.ident("unit")
        if not need or not unit:
            return None
        return ContactPoint(f"{need}@{unit}", need, unit, r.ident("stakeholder"),
                            r.text("channel"), s, r.src)
    if not ident:
        return None
    name = r.text("name") or ident
    if section == "units":
        return Unit(ident, name, r.ident("parent"), r.label("kind"), r.label("function"),
                    r.label("customer_contact"), r.ident("head"),
                    int(r.number("headcount", None) or 0) if "headcount" in r.data else None,
                    r.ids("kpis"), s, r.src, r.number("fte", None), r.label("team_type"))
    if section == "people":
        return Person(ident, name, r.ident("unit"), r.text("title"), s, r.src)
    if section == "stakeholders":
        return Stakeholder(ident, name, r.label("kind") or "other", r.ident("owner"), s, r.src)
    if section == "processes":
        volume = r.number("volume", 1)
        return Process(ident, name, r.flag("strategic"), r.ident("owner"), r.ident("parent"),
                       r.ident("team"), 1 if volume is None else volume,
                       r.ident("stakeholder"), r.ids("kpis"), _steps(r), s, r.src)
    if section == "kpis":
        target = r.data.get("target")
        if target is not None and not isinstance(target, (list, dict)):
            target = r.text("target")
        return Kpi(ident, name, r.label("kind") or "other", r.ident("owner"), target, s, r.src)
    if section == "goals":
        return Goal(ident, name, r.ident("stakeholder"), r.ids("kpis"), r.ids("processes"),
                    r.ids("projects"), s, r.src)
    if section == "projects":
        return Project(ident, name, r.ident("manager"), r.ids("members"), r.ids("units"),
                       r.ident("goal"), s, r.src)
    raise AssertionError(section)


SECTION_NAMES = tuple(SECTIONS)


def build(documents: list[Document]) -> Org:
    """Merge the documents of one org into the model (lists concatenated in file order)."""
    lists: dict[str, list[Any]] = {name: [] for name in SECTION_NAMES}
    org_name = ""
    org_suppress: Mapping[str, str | None] = EMPTY
    org_src: Source | None = None
    org_loc = Location(documents[0].file, 1, 1) if documents else Location("<none>")
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
            for i, item in enumerate(items):
                if isinstance(item, dict):
                    reader = _Reader(item, Source(doc.source, (section, i)))
                    entity = _build_entity(section, reader, i)
                    if entity is not None:
                        lists[section].append(entity)
    sections = {name: tuple(lists[name]) for name in SECTION_NAMES}
    return Org(org_name or "org", tuple(d.file for d in documents), **sections,
               org_loc=org_loc, suppress=org_suppress, suppress_src=org_src)
