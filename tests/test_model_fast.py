"""The model's fast reading (issue 26) gives what the careful reading gives: an entity
whose values are all text is read through the memos, one with any other value field by
field through `_Reader`; both build the same frozen dataclasses."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given, settings, strategies as st

from custorg.orgfile import model as model_module
from custorg.orgfile.entities import Step, Unit
from custorg.orgfile.model import Org, build
from custorg.orgfile.sources import load

TEXT = """\
units:
  - {id: "010", name: Sales, parent: board, kind: " Team ", head: ann, kpis: [k1, "", k2]}
  - {id: 010, name: 12, parent: board, kind: Team, head: ann, kpis: [k1, 7]}
  - {id: board, function: Sales, customer_contact: DIRECT, headcount: 3, fte: 2.5}
  - {id: "a b"}
  - {id: odd, name: [x], parent: 5, kind: {x: 1}}
processes:
  - id: p
    steps: [board, {unit: "010", activity: sells}, {unit: 10, activity: 3}, 010, "", ~]
"""


def _org(tmp_path: Path) -> Org:
    path = tmp_path / "org.yaml"
    path.write_text(TEXT, encoding="utf-8")
    return build(load([str(path)]).documents)


def test_text_and_other_values_read_alike(tmp_path: Path) -> None:
    org = _org(tmp_path)
    first, second, board, odd = org.units  # `a b` is no id: skipped
    assert (first.id, first.name, first.kind, first.kpis) == ("010", "Sales", "team",
                                                             ("k1", "k2"))
    assert (second.id, second.name, second.kind, second.kpis) == ("010", "12", "team",
                                                                 ("k1", "7"))
    assert (board.function, board.customer_contact, board.headcount, board.fte) == \
        ("sales", "direct", 3, 2.5)
    assert (odd.name, odd.parent, odd.kind) == ("odd", "5", None)
    steps = org.processes[0].steps
    assert [(s.unit, s.activity, s.index) for s in steps] == [
        ("board", None, 0), ("010", "sells", 1), ("10", "3", 2), ("010", None, 3)]


def test_fast_init_keeps_the_dataclass_contract() -> None:
    unit = Unit("u", "U", None, None, None, None, None, None, (), {}, None)  # type: ignore[arg-type]
    assert unit.fte is None and unit.team_type is None
    with pytest.raises(dataclasses.FrozenInstanceError):
        unit.id = "v"  # type: ignore[misc]
    assert Step("u", None, index=2) == Step("u", None) and \
        hash(Step("u", None, index=2)) == hash(Step("u", None))
    assert dataclasses.replace(Step("u", "a"), unit="v") == Step("v", "a")
    with pytest.raises(TypeError):
        Step()  # type: ignore[call-arg]


def test_ident_fast_branch_keeps_the_whitespace_rule() -> None:
    """Printable ASCII takes a first branch in `_ident`: it must agree with the rule
    (no character `str.isspace` accepts, NFC) for every character around it."""
    import unicodedata

    from custorg.orgfile.model import _ident

    for code in [*range(0x80), 0x85, 0xA0, 0x2003, 0x3000, 0xE9]:
        for text in (chr(code), f"a{chr(code)}b", f"u1{chr(code)}"):
            rule = None if text.split(maxsplit=1) != [text] else \
                unicodedata.normalize("NFC", text)
            assert _ident(text) == rule, repr(text)
    assert _ident("") is None


def test_fast_init_gives_the_class_back_and_keeps_subclasses() -> None:
    """The init of a class with many fields lends the instance to a plain class of the
    same slots: the instance ends as the dataclass, and a subclass's instance (whose
    layout may differ) takes the per-field calls and keeps its own class."""
    unit = Unit("u", "U", "p", "team", None, None, None, 3, ("k",), {}, None)  # type: ignore[arg-type]
    assert type(unit) is Unit and unit.parent == "p" and unit.kpis == ("k",)
    assert unit == dataclasses.replace(unit)

    class Wider(Unit):  # another layout: Unit's init must not lend it
        __slots__ = ("extra",)

    wide = Wider("u", "U", "p", "team", None, None, None, 3, ("k",), {}, None)  # type: ignore[arg-type]
    assert type(wide) is Wider and wide.parent == "p" and wide.kpis == ("k",)


def test_every_section_reads_numbers_as_written_and_wrong_types_as_absent(
        tmp_path: Path) -> None:
    """An entity with any value that is not text is built from its mapping read the
    careful way (numbers keep their written text, lists and mappings where text belongs
    are none), in every section."""
    path = tmp_path / "org.yaml"
    path.write_text("""\
units: [{id: a}, {id: b}]
people:
  - {id: 007, name: 1.50, unit: a, title: [x]}
stakeholders:
  - {id: s, name: 3, kind: 4, owner: 007}
kpis:
  - {id: k, name: 0x1F, kind: NPS, owner: 007, target: 010}
  - {id: k2, target: [1, 2]}
interfaces:
  - {from: a, to: 10, provides: 5, coordination: {x: 1}, sla: 2.0, mode: 3}
contact_points:
  - {need: 12, unit: a, channel: 1e3}
goals:
  - {id: g, name: 9, kpis: [k, 010, [x], ~], processes: 5, projects: [p]}
projects:
  - {id: p, name: 1, manager: 007, members: [007, 008], units: [a, 1.0], goal: g}
""", encoding="utf-8")
    org = build(load([str(path)]).documents)
    person = org.people[0]
    assert (person.id, person.name, person.title) == ("007", "1.50", None)
    assert (org.stakeholders[0].name, org.stakeholders[0].kind) == ("3", "4")
    assert (org.kpis[0].name, org.kpis[0].kind, org.kpis[0].target) == ("0x1F", "nps", "010")
    assert org.kpis[1].target == [1, 2]
    itf = org.interfaces[0]
    assert (itf.target, itf.provides, itf.coordination, itf.sla, itf.mode) == \
        ("10", "5", None, "2.0", "3")
    assert (org.contact_points[0].id, org.contact_points[0].channel) == ("12@a", "1e3")
    goal = org.goals[0]
    assert (goal.name, goal.kpis, goal.processes, goal.projects) == ("9", ("k", "010"), (),
                                                                    ("p",))
    project = org.projects[0]
    assert (project.name, project.members, project.units) == ("1", ("007", "008"),
                                                              ("a", "1.0"))


def test_text_of_a_str_subclass_reads_as_text() -> None:
    """A value of a str subclass (no loader of custorg makes one) is read the careful
    way, as its exact text."""
    from custorg.orgfile.load import Document, SourceMap

    class Text(str):
        pass

    data = {"units": [{"id": Text("u1"), "name": Text("One"), "kpis": [Text("k")]}]}
    doc = Document("org.yaml", data, SourceMap("org.yaml"))
    unit = build([doc]).units[0]
    assert (unit.id, unit.name, unit.kpis) == ("u1", "One", ("k",))
    assert type(unit.id) is str and type(unit.kpis[0]) is str


_TEXTS = st.sampled_from(["a", "b", "010", " Team ", "", "x y", "Sales"])
_OTHER = st.one_of(st.integers(-2, 12), st.floats(allow_nan=False, width=16), st.booleans(),
                   st.just({"k": 1}), st.lists(st.sampled_from(["a", 7, None]), max_size=3))
# mostly text and lists of text (the fast reading), now and then any other value
_VALUES = st.one_of(_TEXTS, _TEXTS, _TEXTS, st.none(), st.lists(_TEXTS, max_size=3), _OTHER)
_FIELDS = ["id", "name", "parent", "kind", "function", "customer_contact", "head",
           "headcount", "fte", "kpis", "team_type", "unit", "title", "owner", "team",
           "stakeholder", "volume", "strategic", "from", "to", "provides", "coordination",
           "responsible", "feedback", "sla", "mode", "until", "need", "channel", "target",
           "processes", "projects", "manager", "members", "units", "goal"]
_ENTITY = st.dictionaries(st.sampled_from(_FIELDS), _VALUES, max_size=6)


@settings(max_examples=300, deadline=None)
@example({"units": [{"id": "a", "name": 5}], "kpis": [{"id": "k", "target": 3}]})
@given(st.dictionaries(st.sampled_from(list(model_module._READS)),
                       st.lists(_ENTITY, max_size=4), max_size=4))
def test_fast_reading_gives_what_careful_reading_gives(data: dict[str, Any]) -> None:
    """Any mapping, with values of any type: the builders' direct reading (which gives
    up on a value that is not text) builds what they build from the mapping read the
    careful way (`_careful`, every field through `_Reader`)."""
    from custorg.orgfile.load import Document, SourceMap

    doc = Document("org.yaml", data, SourceMap("org.yaml"))
    fast = build([doc])
    section = model_module._Builder.section

    def careful_only(self: Any, make: Any, items: list[Any], source: Any,
                     name: str) -> list[Any]:
        reads = model_module._READS[name]

        def slow(d: dict[str, Any], src: Any) -> Any:
            return make(model_module._careful(reads, d, src), src)
        return section(self, slow, items, source, name)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(model_module._Builder, "section", careful_only)
        careful = build([doc])
    assert fast == careful
