"""The reference checks' fast paths (issue 26) give the careful path's findings.

A valid org is proved valid with one set test per reference field and its namespace is
not built id by id; any doubt sends a section (or the namespace) the careful way. Here
each case is checked both ways: as `check` runs it, and with every fast path refused."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from custorg.orgfile import references
from custorg.orgfile.model import Org, build
from custorg.orgfile.sources import load

BASE = """\
units:
  - {id: board, head: ceo}
  - {id: sales, parent: board, kpis: [nps]}
  - {id: ops, parent: board}
people:
  - {id: ceo, unit: board}
  - {id: ann, unit: sales}
stakeholders:
  - {id: buyers, kind: customer, owner: ann}
  - {id: press, kind: media}
kpis:
  - {id: nps, kind: nps, owner: ann}
processes:
  - id: order
    owner: sales
    stakeholder: buyers
    steps:
      - {unit: buyers}
      - customer
      - {unit: sales, accountable: ann, consulted: [ops], informed: [ceo]}
      - ops
projects:
  - {id: p1, manager: ann, members: [ceo], units: [ops], goal: g1}
goals:
  - {id: g1, stakeholder: buyers, kpis: [nps], processes: [order], projects: [p1]}
interfaces:
  - {id: i1, from: sales, to: ops, responsible: ann}
  - {from: ops, to: sales}
contact_points:
  - {need: help, unit: sales, stakeholder: buyers}
"""

CASES = {
    "valid": "",
    "unknown parent": "  - {id: lost, parent: nowhere}\n",
    "wrong kind head": "  - {id: u9, head: sales}\n",
    "step of a media stakeholder": "",  # replaced below
    "duplicate across kinds": "  - {id: ann}\n",
    "duplicate unit": "  - {id: ops}\n",
    "reserved id": "  - {id: customer}\n",
    "cycle": "  - {id: a, parent: b}\n  - {id: b, parent: a}\n",
}


def _org(tmp_path: Path, extra_units: str, text: str = BASE) -> Org:
    head, rest = text.split("people:\n", 1)
    path = tmp_path / "org.yaml"
    path.write_text(head + extra_units + "people:\n" + rest, encoding="utf-8")
    return build(load([str(path)]).documents)


def _shown(org: Org) -> list[Any]:
    findings, note = references.check(org)
    return [(f.code, f.message, f.location, f.related) for f in findings] + [note]


@pytest.mark.parametrize("case", list(CASES))
def test_fast_and_careful_paths_agree(case: str, tmp_path: Path,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    text = BASE
    if case == "step of a media stakeholder":
        text = BASE.replace("- ops\n", "- press\n      - {unit: ops, consulted: [nobody]}\n")
    org = _org(tmp_path, CASES[case], text)
    fast = _shown(org)
    assert (len(fast) == 1) == (case == "valid"), fast  # only the valid org is quiet
    monkeypatch.setattr(references, "_all_known", lambda *_: False)
    careful_names = references._Namespace(org)._checked()
    assert references._Namespace(org).names == careful_names
    assert _shown(org) == fast


def test_a_wrong_reference_in_one_section_is_found_with_its_place(tmp_path: Path) -> None:
    org = _org(tmp_path, "", BASE.replace("members: [ceo]", "members: [ceo, sales]"))
    [(code, message, location, _), note] = _shown(org)
    assert code == "S002" and note is None
    assert message == "project 'p1': members #2 'sales' is a unit, not a person"
    assert (location.line, location.column) == (23, 43)


def _walk_finds_cycle(parent: dict[str, str]) -> bool:
    """The careful answer: some walk up the parents comes back to a unit it passed."""
    for start in parent:
        seen = set()
        node: str | None = start
        while node in parent and node not in seen:
            seen.add(node)
            node = parent[node]
        if node in seen:
            return True
    return False


def test_peeling_leaves_finds_a_cycle_exactly_when_a_walk_does() -> None:
    import random

    rng = random.Random(26)
    for _ in range(2000):
        size = rng.randint(1, 12)
        names = [f"u{i}" for i in range(size)]
        parent = {n: rng.choice([*names, "root"]) for n in names if rng.random() < 0.9}
        parent = {k: v for k, v in parent.items() if v in names}  # as _cycles builds it
        assert references._has_cycle(parent) == _walk_finds_cycle(parent), parent
    assert not references._has_cycle({})
    assert references._has_cycle({"a": "a"})
    assert references._has_cycle({"x": "a", "a": "b", "b": "a"})  # a unit under a cycle
