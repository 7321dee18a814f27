"""I001-I004: interfaces."""

from __future__ import annotations

from conftest import codes, ids

BASE = """
units: [{id: a}, {id: b}, {id: c}]
people: [{id: pat}]
processes:
  - {id: p, volume: 5, steps: [a, b, a, c]}
  - {id: q, volume: 2, steps: [b, a]}
"""


def test_undeclared_interface_once_per_pair(run_audit) -> None:
    report = run_audit(BASE)
    found = [f for f in report.findings if f.code == "I001"]
    assert len(found) == 2
    first = found[0]
    # a-b: p has it twice (5+5), q once (2): volume 12; found at p's second step (line 5)
    assert "'a' -> 'b'" in first.message and "'p', 'q'" in first.message
    assert "volume 12" in first.message and first.location.line == 5


def test_interface_covers_both_directions(run_audit) -> None:
    report = run_audit(BASE + "interfaces:\n  - {from: b, to: a}\n  - {from: a, to: c}\n")
    assert "I001" not in codes(report)


def test_customer_transitions_need_no_interface(run_audit) -> None:
    org = "units: [{id: a}]\nprocesses: [{id: p, steps: [customer, a, customer]}]\n"
    assert "I001" not in codes(run_audit(org))


def test_interface_quality_rules(run_audit) -> None:
    report = run_audit(BASE + """
interfaces:
  - {id: bare, from: a, to: b}
  - {id: good, from: a, to: c, coordination: weekly, responsible: pat, feedback: true}
  - {from: b, to: c, coordination: "  ", responsible: pat, feedback: false}
""")
    assert ids(report, "I002") == ["bare", "b->c"]
    assert ids(report, "I003") == ["bare"]
    assert ids(report, "I004") == ["bare", "b->c"]
    assert str([f for f in report.findings if f.code == "I004"][0].severity) == "info"
