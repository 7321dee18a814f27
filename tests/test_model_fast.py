"""The model's fast reading (issue 26) gives what the careful reading gives: an entity
whose values are all text is read through the memos, one with any other value field by
field through `_Reader`; both build the same frozen dataclasses."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

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
