"""P001-P006: process owners, handoffs, ping-pong, teams."""

from __future__ import annotations

from conftest import codes, ids, one

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


def org(processes: str) -> str:
    return BASE + "processes:\n" + processes


def test_strategic_process_without_owner(run_audit) -> None:
    report = run_audit(org("  - {id: p, strategic: true, steps: [sales]}\n"))
    assert ids(report, "P001") == ["p"] and "P006" not in codes(report)


def test_strategic_process_with_owner_passes(run_audit) -> None:
    assert "P001" not in codes(run_audit(org("  - {id: p, strategic: true, owner: ceo}\n")))


def test_owner_too_junior(run_audit) -> None:
    report = run_audit(org("  - {id: p, strategic: true, owner: dora}\n"))
    assert ids(report, "P002") == ["p"] and "depth 2" in one(report, "P002").message


def test_owner_depth_via_unit_or_headed_unit(run_audit) -> None:
    # a unit owner: its own depth; sam has no unit but heads sales (depth 1)
    report = run_audit(org("  - {id: p, strategic: true, owner: desk}\n"
                           "  - {id: q, strategic: true, owner: sam}\n"
                           "  - {id: r, strategic: true, owner: sales}\n"))
    assert ids(report, "P002") == ["p"]


def test_owner_max_depth_is_configurable(run_audit) -> None:
    report = run_audit(org("  - {id: p, strategic: true, owner: dora}\n"), owner_max_depth=2)
    assert "P002" not in codes(report)


def test_non_strategic_owner_depth_is_not_checked(run_audit) -> None:
    assert "P002" not in codes(run_audit(org("  - {id: p, owner: dora}\n")))


def test_too_many_handoffs(run_audit) -> None:
    report = run_audit(org("  - {id: p, owner: ceo, steps: [sales, it, sales, ops, it, desk]}\n"))
    assert ids(report, "P003") == ["p"]
    assert "5 handoffs" in [f for f in report.findings if f.code == "P003"][0].message


def test_four_handoffs_pass_and_repeats_are_not_handoffs(run_audit) -> None:
    report = run_audit(org("  - {id: p, owner: ceo, steps: [sales, sales, it, ops, it, desk]}\n"))
    assert report.metrics["handoffs"]["by_process"]["p"]["handoffs"] == 4
    assert "P003" not in codes(report)


def test_ping_pong(run_audit) -> None:
    report = run_audit(org("  - {id: p, owner: ceo, steps: [customer, sales, it, sales]}\n"))
    [f] = [f for f in report.findings if f.code == "P004"]
    assert "sales -> it -> sales" in f.message


def test_customer_in_between_is_not_ping_pong(run_audit) -> None:
    report = run_audit(org("  - {id: p, owner: ceo, steps: [sales, customer, sales, it]}\n"))
    assert "P004" not in codes(report)


def test_subprocess_without_team(run_audit) -> None:
    report = run_audit(org("  - {id: main, owner: ceo}\n"
                           "  - {id: sub, owner: ceo, parent: main, steps: [sales, it, ops]}\n"))
    assert ids(report, "P005") == ["sub"]


def test_subprocess_with_team_covering_every_function(run_audit) -> None:
    # team-full: sam (heads sales) + ivan (it) + olga (logistics)
    report = run_audit(org("  - {id: main, owner: ceo}\n"
                           "  - {id: sub, owner: ceo, parent: main, team: team-full, "
                           "steps: [sales, it, ops]}\n"))
    assert "P005" not in codes(report)


def test_subprocess_team_missing_a_function(run_audit) -> None:
    report = run_audit(org("  - {id: main, owner: ceo}\n"
                           "  - {id: sub, owner: ceo, parent: main, team: team-part, "
                           "steps: [sales, it, ops]}\n"))
    [f] = [f for f in report.findings if f.code == "P005"]
    assert "'logistics'" in f.message


def test_subprocess_within_one_function_needs_no_team(run_audit) -> None:
    report = run_audit(org("  - {id: main, owner: ceo}\n"
                           "  - {id: sub, owner: ceo, parent: main, steps: [sales, desk]}\n"))
    assert "P005" not in codes(report)


def test_process_without_owner_is_info(run_audit) -> None:
    report = run_audit(org("  - {id: p, steps: [sales]}\n"))
    [f] = [f for f in report.findings if f.code == "P006"]
    assert str(f.severity) == "info"
