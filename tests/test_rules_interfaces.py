"""I001-I004: interfaces. Each case asserts its complete list of findings."""

from __future__ import annotations

from conftest import NO_CUSTOMER_SIDE as ORG, check

BASE = """
units: [{id: a}, {id: b}, {id: c}]
people: [{id: pat}]
processes:
  - {id: p, volume: 5, steps: [a, b, a, c]}
  - {id: q, volume: 2, steps: [b, a]}
"""
# what BASE gets whatever its interfaces: no unit reaches the customer (C006, units on
# line 2), p sends work a -> b -> a (P004, line 5), p and q have no owner (P006)
BASE_FINDINGS = (*ORG, ("C006", "a", 2), ("C006", "b", 2), ("C006", "c", 2),
                 ("P004", "p", 5), ("P006", "p", 5), ("P006", "q", 6))


def test_undeclared_interface_once_per_pair(run_audit) -> None:
    report = run_audit(BASE)
    # a-b: p has it twice (5+5), q once (2): volume 12, found at p's second step; a-c
    # once in p (5); both on line 5 (p is written in one line)
    check(report, *BASE_FINDINGS, ("I001", "p", 5), ("I001", "p", 5))
    first, second = [f for f in report.findings if f.code == "I001"]
    assert "'a' -> 'b'" in first.message and "'p', 'q'" in first.message
    assert "volume 12" in first.message
    assert "'a' -> 'c'" in second.message and "volume 5" in second.message


def test_interface_covers_both_directions(run_audit) -> None:
    report = run_audit(BASE + "interfaces:\n  - {from: b, to: a}\n  - {from: a, to: c}\n")
    # no I001; both bare interfaces lack coordination, responsible and feedback
    check(report, *BASE_FINDINGS,
          ("I002", "b->a", 8), ("I003", "b->a", 8), ("I004", "b->a", 8),
          ("I002", "a->c", 9), ("I003", "a->c", 9), ("I004", "a->c", 9))


def test_customer_transitions_need_no_interface(run_audit) -> None:
    report = run_audit("units: [{id: a}]\nprocesses: [{id: p, steps: [customer, a, customer]}]\n")
    check(report, *ORG, ("P006", "p", 2))


def test_interface_quality_rules(run_audit) -> None:
    report = run_audit(BASE + """
interfaces:
  - {id: bare, from: a, to: b}
  - {id: good, from: a, to: c, coordination: weekly, responsible: pat, feedback: true}
  - {from: b, to: c, coordination: "  ", responsible: pat, feedback: false}
""")
    # "  " describes no coordination procedure (I002), like no text at all
    check(report, *BASE_FINDINGS,
          ("I002", "bare", 9), ("I003", "bare", 9), ("I004", "bare", 9),
          ("I002", "b->c", 11), ("I004", "b->c", 11))
    assert {str(f.severity) for f in report.findings if f.code == "I004"} == {"info"}
