"""The organisation model (the frozen dataclasses of orgfile/entities.py) and `build`, which
reads it from the loaded documents.

Building is tolerant: an entity the schema rejected is skipped or read partially, so the
reference checks still run and every error of a run is reported together.

Speed (issue 26): one build reads each distinct text as an id once (`_Builder.idents`: the
same ids recur as parents, heads, step units, references), and an entity is built from
its mapping's values directly when they are text, as they nearly always are; a mapping
with any other value is read once the careful way (`_careful`, through `_Reader`, which
gives a number its written text, `010`, and reads a wrong type as absent: the schema
reports it) and built by the same builder.
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
from .load import Document, SourceMap
from .sections import SECTIONS

# ----------------------------------------------------------------------------- reading


def _ident(text: str) -> str | None:
    """A text as an id: NFC-normalised; None when it is empty or has whitespace (any
    character `str.isspace` accepts: `split` splits at exactly those, in C). Not
    interned: the build's memo gives each id one object, and interning 250,000 ids
    cost a tenth of a 100,000-unit build."""
    if text.isascii() and text.isprintable():  # the usual id: no NFC, only ' ' is space
        return text if text and " " not in text else None
    if text.split(maxsplit=1) != [text]:
        return None
    return text if text.isascii() else unicodedata.normalize("NFC", text)


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
            return str.__str__(value)  # exact text: the memos read nothing else
        raw = self.src.map.raw.get(self.src.path + (key,))
        return raw if raw is not None else str(value)

    def texts(self, key: str) -> list[str | None] | None:
        """A list's items as text (None for an item that is none, a list or a mapping);
        None when the value is no list."""
        value = self.data.get(key)
        if not isinstance(value, list):
            return None
        out: list[str | None] = []
        for i, item in enumerate(value):
            if item.__class__ is not str:
                if isinstance(item, (list, dict)) or item is None:
                    item = None
                else:
                    raw = self.src.map.raw.get(self.src.path + (key, i))
                    item = str.__str__(item) if isinstance(item, str) else raw \
                        if raw is not None else str(item)
            out.append(item)
        return out

    def ident(self, key: str) -> str | None:
        value = self.text(key)
        return _ident(value) if value else None

    def ids(self, key: str) -> tuple[str, ...]:
        return tuple(filter(None, map(_ident_or_none, self.texts(key) or ())))

    def suppress(self) -> Mapping[str, str | None]:
        value = self.data.get("suppress")
        if not isinstance(value, dict):
            return EMPTY
        return MappingProxyType({str(k): (None if v is None or isinstance(v, (list, dict))
                                          else str(v)) for k, v in value.items()})


def _ident_or_none(text: str | None) -> str | None:
    return _ident(text) if text else None


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


# How the fields of each section are read: a text (and what is read from a text: an id,
# a label), a list of texts (ids), a text unless it is a list or mapping (a kpi's target);
# the other fields (numbers, flags, suppress, steps) are read as they are.
_TEXT, _TEXTS, _SCALAR = "text", "texts", "scalar"
_READS: dict[str, dict[str, str]] = {
    "units": {"id": _TEXT, "name": _TEXT, "parent": _TEXT, "kind": _TEXT,
              "function": _TEXT, "customer_contact": _TEXT, "head": _TEXT, "kpis": _TEXTS,
              "team_type": _TEXT},
    "people": {"id": _TEXT, "name": _TEXT, "unit": _TEXT, "title": _TEXT},
    "stakeholders": {"id": _TEXT, "name": _TEXT, "kind": _TEXT, "owner": _TEXT},
    "processes": {"id": _TEXT, "name": _TEXT, "owner": _TEXT, "parent": _TEXT,
                  "team": _TEXT, "stakeholder": _TEXT, "kpis": _TEXTS},
    "interfaces": {"id": _TEXT, "from": _TEXT, "to": _TEXT, "provides": _TEXT,
                   "coordination": _TEXT, "responsible": _TEXT, "sla": _TEXT,
                   "mode": _TEXT, "until": _TEXT},
    "contact_points": {"need": _TEXT, "unit": _TEXT, "stakeholder": _TEXT,
                       "channel": _TEXT},
    "kpis": {"id": _TEXT, "name": _TEXT, "kind": _TEXT, "owner": _TEXT,
             "target": _SCALAR},
    "goals": {"id": _TEXT, "name": _TEXT, "stakeholder": _TEXT, "kpis": _TEXTS,
              "processes": _TEXTS, "projects": _TEXTS},
    "projects": {"id": _TEXT, "name": _TEXT, "manager": _TEXT, "members": _TEXTS,
                 "units": _TEXTS, "goal": _TEXT},
}


def _careful(reads: dict[str, str], d: dict[str, Any], src: Source) -> dict[str, Any]:
    """An entity's mapping with each field the builders read as text made text the
    careful way (`_Reader`: a number keeps its written text, a wrong type is none), so
    that the builder's fast reading of it gives what `_Reader` gives."""
    reader = _Reader(d, src)
    out = dict(d)
    for key, how in reads.items():
        if key in d:
            value = d[key]
            out[key] = reader.texts(key) if how is _TEXTS else value \
                if how is _SCALAR and isinstance(value, (list, dict)) else reader.text(key)
    return out


Make = Callable[[dict[str, Any], Source], Any]


class _Builder:
    """One build: the texts already read as ids and as labels, and a builder per
    section. A builder reads a mapping's fields directly: texts through the memos, and
    any other value raises TypeError, after which `section` gives it the mapping read
    the careful way (`_careful`)."""

    def __init__(self) -> None:
        self.idents = _Memo(_ident)
        self.labels = _Memo(_label)
        self.sections: dict[str, Make] = {
            "units": self.unit, "people": self.person, "stakeholders": self.stakeholder,
            "processes": self.process, "interfaces": self.interface,
            "contact_points": self.contact_point, "kpis": self.kpi, "goals": self.goal,
            "projects": self.project}

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
        are text, as nearly always; else from the mapping read the careful way."""
        found: list[Any] = []
        append = found.append
        reads = _READS[name]
        for i, d in enumerate(items):
            if d.__class__ is not dict and not isinstance(d, dict):
                continue
            src = Source(source, (name, i))
            try:
                entity = make(d, src)
            except TypeError:
                entity = make(_careful(reads, d, src), src)
            if entity is not None:
                append(entity)
        return found

    # one builder per section: None when the entity has no id (or no ends)

    def unit(self, d: dict[str, Any], src: Source) -> Unit | None:
        get, ident, label = d.get, self.idents, self.labels
        key = ident[get("id")]
        if not key:
            return None
        kpis, suppress = get("kpis"), get("suppress")
        return Unit(key, _text(get("name")) or key, ident[get("parent")],
                    label[get("kind")], label[get("function")],
                    label[get("customer_contact")], ident[get("head")],
                    int(_number(d["headcount"], None) or 0) if "headcount" in d
                    else None, () if kpis is None else self.ids(kpis),
                    EMPTY if suppress is None else _Reader(d, src).suppress(), src,
                    _number(d["fte"], None) if "fte" in d else None,
                    label[get("team_type")])

    def person(self, d: dict[str, Any], src: Source) -> Person | None:
        get = d.get
        key = self.idents[get("id")]
        if not key:
            return None
        return Person(key, _text(get("name")) or key, self.idents[get("unit")],
                      _text(get("title")), _suppress(d, src), src)

    def stakeholder(self, d: dict[str, Any], src: Source) -> Stakeholder | None:
        get, ident = d.get, self.idents
        key = ident[get("id")]
        if not key:
            return None
        return Stakeholder(key, _text(get("name")) or key,
                           self.labels[get("kind")] or "other", ident[get("owner")],
                           _suppress(d, src), src)

    def process(self, d: dict[str, Any], src: Source) -> Process | None:
        get, ident = d.get, self.idents
        key = ident[get("id")]
        if not key:
            return None
        volume = _number(get("volume"), 1)
        return Process(key, _text(get("name")) or key, get("strategic") is True,
                       ident[get("owner")], ident[get("parent")], ident[get("team")],
                       1 if volume is None else volume, ident[get("stakeholder")],
                       self.ids(get("kpis")), self.steps(d, src), _suppress(d, src), src)

    def steps(self, d: dict[str, Any], src: Source) -> tuple[Step, ...]:
        raw = d.get("steps")
        if raw.__class__ is not list:
            return ()
        steps, idents = [], self.idents
        for i, item in enumerate(raw):
            if item.__class__ is str:  # a step that names only its unit
                if unit := idents[item]:
                    steps.append(Step(unit, None, None, (), (), i))
            elif isinstance(item, dict):
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
        get, ident = d.get, self.idents
        src_unit, dst_unit = ident[get("from")], ident[get("to")]
        if not src_unit or not dst_unit:
            return None
        key = ident[get("id")]
        return Interface(key or f"{src_unit}->{dst_unit}", key, src_unit, dst_unit,
                         _text(get("provides")), _text(get("coordination")),
                         ident[get("responsible")], get("feedback") is True,
                         _text(get("sla")), _suppress(d, src), src, self.labels[get("mode")],
                         _text(get("until")))

    def contact_point(self, d: dict[str, Any], src: Source) -> ContactPoint | None:
        get = d.get
        need, unit = _text(get("need")), self.idents[get("unit")]
        if not need or not unit:
            return None
        return ContactPoint(f"{need}@{unit}", need, unit, self.idents[get("stakeholder")],
                            _text(get("channel")), _suppress(d, src), src)

    def kpi(self, d: dict[str, Any], src: Source) -> Kpi | None:
        get = d.get
        key = self.idents[get("id")]
        if not key:
            return None
        target = get("target")
        if target is not None and not isinstance(target, (list, dict)):
            target = _text(target)
        return Kpi(key, _text(get("name")) or key, self.labels[get("kind")] or "other",
                   self.idents[get("owner")], target, _suppress(d, src), src)

    def goal(self, d: dict[str, Any], src: Source) -> Goal | None:
        get, ids = d.get, self.ids
        key = self.idents[get("id")]
        if not key:
            return None
        return Goal(key, _text(get("name")) or key, self.idents[get("stakeholder")],
                    ids(get("kpis")), ids(get("processes")), ids(get("projects")),
                    _suppress(d, src), src)

    def project(self, d: dict[str, Any], src: Source) -> Project | None:
        get, ids = d.get, self.ids
        key = self.idents[get("id")]
        if not key:
            return None
        return Project(key, _text(get("name")) or key, self.idents[get("manager")],
                       ids(get("members")), ids(get("units")), self.idents[get("goal")],
                       _suppress(d, src), src)


def _suppress(d: dict[str, Any], src: Source) -> Mapping[str, str | None]:
    return EMPTY if d.get("suppress") is None else _Reader(d, src).suppress()


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
