"""The organisation as frozen dataclasses; every entity keeps where it was written.

Built from the loaded documents by `model.build` (orgfile/model.py).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import MISSING, dataclass, field, fields
from functools import cached_property
from operator import attrgetter
from types import MappingProxyType
from typing import Any, TypeVar

from ..findings import Location
from ..notions import CUSTOMER as CUSTOMER  # the reserved step id, defined once
from .load import PathT, SourceMap
from .sections import SECTION_OF, SECTIONS

EMPTY: Mapping[str, str] = MappingProxyType({})
_ID = attrgetter("id")
_T = TypeVar("_T")


_SWAP_FROM = 4  # fields from which swapping the class beats a call per field
_set_class = object.__dict__["__class__"].__set__


def _fast_init(cls: type[_T]) -> type[_T]:
    """Give a frozen dataclass with slots a faster `__init__` (the generated one calls
    `object.__setattr__` for each field: a fifth of the cost of building an org of
    100,000 entities). With a few fields it makes those calls through a global; with
    more, it lends the instance for a moment to a plain class of the same slots (the
    same layout, so `__class__` may be assigned), stores the fields as ordinary
    attributes and gives the instance its class back: two assignments of `__class__`
    instead of a call per field. Same signature, same defaults, same instances
    (equality, hash, repr and immutability stay the dataclass's own); for classes whose
    fields are plain values (no default_factory, no __post_init__). A subclass's
    instance takes the calls."""
    params, body, defaults = [], [], {}
    names = [f.name for f in fields(cls)]  # type: ignore[arg-type]
    for f in fields(cls):  # type: ignore[arg-type]
        if f.default_factory is not MISSING or not f.init or \
                hasattr(cls, "__post_init__"):
            raise TypeError(f"_fast_init: {cls.__name__}.{f.name} is not a plain field")
        if f.default is MISSING:
            params.append(f.name)
        else:
            defaults[f"_default_{f.name}"] = f.default
            params.append(f"{f.name}=_default_{f.name}")
        body.append(f"    _setattr(self, {f.name!r}, {f.name})")
    source = f"def __init__(self, {', '.join(params)}):\n"
    if len(names) >= _SWAP_FROM and tuple(getattr(cls, "__slots__", ())) == tuple(names):
        source += "    if self.__class__ is _cls:\n        _set_class(self, _plain)\n" + \
            "".join(f"        self.{n} = {n}\n" for n in names) + \
            "        _set_class(self, _cls)\n        return\n"
    source += "\n".join(body) + "\n"
    plain = type(f"_Plain{cls.__name__}", (), {"__slots__": tuple(names)})
    namespace: dict[str, Any] = {}
    exec(source, {**defaults, "_setattr": object.__setattr__, "_set_class": _set_class,  # noqa: S102 - code made here from field names
                  "_cls": cls, "_plain": plain}, namespace)
    init = namespace["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    setattr(cls, "__init__", init)  # noqa: B010 - mypy forbids assigning __init__
    return cls


@dataclass(frozen=True, slots=True)
class Source:
    """Where an entity was written; `at(field)` locates one of its fields."""

    map: SourceMap = field(repr=False, compare=False)
    path: PathT

    @property
    def loc(self) -> Location:
        return self.map.at(self.path)

    def at(self, *sub: str | int) -> Location:
        return self.map.at(self.path + sub)


@dataclass(frozen=True, slots=True)
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


@dataclass(frozen=True, slots=True)
class Person:
    id: str
    name: str
    unit: str | None
    title: str | None
    suppress: Mapping[str, str | None]
    src: Source


@dataclass(frozen=True, slots=True)
class Stakeholder:
    id: str
    name: str
    kind: str
    owner: str | None
    suppress: Mapping[str, str | None]
    src: Source


@dataclass(frozen=True, slots=True)
class Step:
    unit: str
    activity: str | None
    # RACI (docs/teams.md): the step's unit is the responsible
    accountable: str | None = None
    consulted: tuple[str, ...] = ()
    informed: tuple[str, ...] = ()
    # its position in the file's `steps` list: a location, not part of what the step is
    index: int = field(default=0, compare=False)


@dataclass(frozen=True, slots=True)
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


@dataclass(frozen=True, slots=True)
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


@dataclass(frozen=True, slots=True)
class ContactPoint:
    id: str
    need: str
    unit: str
    stakeholder: str | None
    channel: str | None
    suppress: Mapping[str, str | None]
    src: Source


@dataclass(frozen=True, slots=True)
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


@dataclass(frozen=True, slots=True)
class Goal:
    id: str
    name: str
    stakeholder: str | None
    kpis: tuple[str, ...]
    processes: tuple[str, ...]
    projects: tuple[str, ...]
    suppress: Mapping[str, str | None]
    src: Source


@dataclass(frozen=True, slots=True)
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
            table: dict[str, Any] = dict(zip(map(_ID, items), items, strict=True))
            if len(table) < len(items):  # an id used twice: the first entity wins
                table = {}
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


for _entity in (Source, Unit, Person, Stakeholder, Step, Process, Interface, ContactPoint,
                Kpi, Goal, Project):
    _fast_init(_entity)
