"""P001-P006: process owners, handoffs, ping-pong, teams. Each case asserts its complete
list of findings."""

from __future__ import annotations

from conftest import NO_CUSTOMER_SIDE as ORG, check, one

BASE = """
units:
  - {id: board, kind: board, head: ceo}
  - {id: sales, parent: board, function: sales, head: sam}
  - {id: desk, parent: sales, head: dora}
  - {id: it, parent: board, function: it}
  - {id: ops, parent: board, function: logistics}
people:
  - {id: ceo, unit: board}
  - {id: sam}
  - {id: dora, unit: desk}
  - {id: ivan, unit: it}
  - {id: olga, unit: ops}
projects:
  - {id: team-full, manager: sam, members: [ivan, olga]}
  - {id: team-part, units: [sales, it]}
"""


# BASE always gets: sales has one child unit (S006, line 4); desk is in no customer
# process (C006, line 5). Processes start at line 18.
BASE_FINDINGS = (*ORG, ("S006", "sales", 4), ("C006", "desk", 5))
# it and ops are in no customer process either, unless a case puts them in one
BACK_OFFICE = (("C006", "it", 6), ("C006", "ops", 7))


def org(processes: str) -> str:
    return BASE + "processes:\n" + processes


def test_strategic_process_without_owner(run_audit) -> None:
    report = run_audit(org("  - {id: p, strategic: true, steps: [sales]}\n"))
    check(report, *BASE_FINDINGS, *BACK_OFFICE, ("P001", "p", 18))  # no P006 as well


def test_strategic_process_with_owner_passes(run_audit) -> None:
    check(run_audit(org("  - {id: p, strategic: true, owner: ceo}\n")), *BASE_FINDINGS,
          *BACK_OFFICE)


def test_owner_too_junior(run_audit) -> None:
    report = run_audit(org("  - {id: p, strategic: true, owner: dora}\n"))
    check(report, *BASE_FINDINGS, *BACK_OFFICE, ("P002", "p", 18))
    assert "depth 2" in one(report, "P002").message


def test_owner_depth_via_unit_or_headed_unit(run_audit) -> None:
    # a unit owner: its own depth; sam has no unit but heads sales (depth 1)
    report = run_audit(org("  - {id: p, strategic: true, owner: desk}\n"
                           "  - {id: q, strategic: true, owner: sam}\n"
                           "  - {id: r, strategic: true, owner: sales}\n"))
    check(report, *BASE_FINDINGS, *BACK_OFFICE, ("P002", "p", 18))


def test_owner_max_depth_is_configurable(run_audit) -> None:
    report = run_audit(org("  - {id: p, strategic: true, owner: dora}\n"), owner_max_depth=2)
    check(report, *BASE_FINDINGS, *BACK_OFFICE)


def test_non_strategic_owner_depth_is_not_checked(run_audit) -> None:
    check(run_audit(org("  - {id: p, owner: dora}\n")), *BASE_FINDINGS, *BACK_OFFICE)


def test_too_many_handoffs(run_audit) -> None:
    report = run_audit(org("  - {id: p, owner: ceo, steps: [sales, it, sales, ops, it, desk]}\n"))
    # undeclared pairs sales-it, sales-ops, ops-it, it-desk; sales -> it -> sales
    check(report, *BASE_FINDINGS, *BACK_OFFICE, ("P003", "p", 18), ("P004", "p", 18),
          *[("I001", "p", 18)] * 4)
    assert "5 handoffs" in one(report, "P003").message


def test_four_handoffs_pass_and_repeats_are_not_handoffs(run_audit) -> None:
    report = run_audit(org("  - {id: p, owner: ceo, steps: [sales, sales, it, ops, it, desk]}\n"))
    assert report.metrics["handoffs"]["by_process"]["p"]["handoffs"] == 4
    # it -> ops -> it is a ping-pong; pairs sales-it, it-ops, it-desk have no interface
    check(report, *BASE_FINDINGS, *BACK_OFFICE, ("P004", "p", 18), *[("I001", "p", 18)] * 3)


def test_ping_pong(run_audit) -> None:
    report = run_audit(org("  - {id: p, owner: ceo, steps: [customer, sales, it, sales]}\n"))
    # it and ops reach the customer (it in p, ops through team-full)
    check(report, *BASE_FINDINGS, ("P004", "p", 18), ("I001", "p", 18))
    assert "sales -> it -> sales" in one(report, "P004").message


def test_customer_in_between_is_not_ping_pong(run_audit) -> None:
    report = run_audit(org("  - {id: p, owner: ceo, steps: [sales, customer, sales, it]}\n"))
    check(report, *BASE_FINDINGS, ("I001", "p", 18))


def test_subprocess_without_team(run_audit) -> None:
    report = run_audit(org("  - {id: main, owner: ceo}\n"
                           "  - {id: sub, owner: ceo, parent: main, steps: [sales, it, ops]}\n"))
    check(report, *BASE_FINDINGS, *BACK_OFFICE, ("P005", "sub", 19), *[("I001", "sub", 19)] * 2)


def test_subprocess_with_team_covering_every_function(run_audit) -> None:
    # team-full: sam (heads sales) + ivan (it) + olga (logistics)
    report = run_audit(org("  - {id: main, owner: ceo}\n"
                           "  - {id: sub, owner: ceo, parent: main, team: team-full, "
                           "steps: [sales, it, ops]}\n"))
    check(report, *BASE_FINDINGS, *BACK_OFFICE, *[("I001", "sub", 19)] * 2)


def test_subprocess_team_missing_a_function(run_audit) -> None:
    report = run_audit(org("  - {id: main, owner: ceo}\n"
                           "  - {id: sub, owner: ceo, parent: main, team: team-part, "
                           "steps: [sales, it, ops]}\n"))
    check(report, *BASE_FINDINGS, *BACK_OFFICE, ("P005", "sub", 19), *[("I001", "sub", 19)] * 2)
    assert "'logistics'" in one(report, "P005").message


def test_subprocess_within_one_function_needs_no_team(run_audit) -> None:
    report = run_audit(org("  - {id: main, owner: ceo}\n"
                           "  - {id: sub, owner: ceo, parent: main, steps: [sales, desk]}\n"))
    check(report, *BASE_FINDINGS, *BACK_OFFICE, ("I001", "sub", 19))


def test_process_without_owner_is_info(run_audit) -> None:
    report = run_audit(org("  - {id: p, steps: [sales]}\n"))
    check(report, *BASE_FINDINGS, *BACK_OFFICE, ("P006", "p", 18))
    assert str(one(report, "P006").severity) == "info"
