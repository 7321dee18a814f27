"""The model build's speed-ups (issue 26) build what the dataclasses' own constructors
build: findings.maker's objects equal, and behave as, the generated `__init__`'s."""

from __future__ import annotations

import dataclasses

import pytest

from custorg.findings import Entity, Finding, Location, Severity, maker
from custorg.orgfile.entities import EMPTY, Interface, Person, Process, Source, Step, Unit
from custorg.orgfile.load import SourceMap

SRC = Source(SourceMap("org.yaml"), ("units", 0))
CASES = [
    (Unit, ("u1", "Sales", "u0", "team", "sales", "direct", "p1", 3, ("k1",), EMPTY, SRC,
            1.5, "stream-aligned")),
    (Process, ("p", "Order", True, "p1", None, None, 2.0, None, (), (Step("u1", "x"),),
               EMPTY, SRC)),
    (Step, ("u1", "checks", None, (), (), 4)),
    (Person, ("p1", "Anna", "u1", "head", EMPTY, SRC)),
    (Finding, ("P001", "x", Severity.INFO, "m", Location("f", 1, 2), Entity("unit", "u"),
               (), None, (("u", "U"),))),
    (Interface, ("i", "i", "u1", "u2", "data", "weekly", "p1", True, "1d", EMPTY, SRC,
                 "x-as-a-service", "2026-01-01")),
]


@pytest.mark.parametrize("cls, values", CASES, ids=[c.__name__ for c, _ in CASES])
def test_maker_builds_what_the_constructor_builds(cls: type, values: tuple) -> None:
    made, expected = maker(cls)(*values), cls(*values)
    assert type(made) is cls
    assert made == expected
    assert [getattr(made, f.name) for f in dataclasses.fields(cls)] == list(values)
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.id = "other"  # type: ignore[misc]


def test_maker_needs_every_field() -> None:
    with pytest.raises(ValueError):
        maker(Step)("u1", "checks")
