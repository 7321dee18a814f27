"""C001-C010: the customer in the organisation. Each case asserts its complete list of
findings."""

from __future__ import annotations

from conftest import NO_CUSTOMER_SIDE as ORG, check, one

BOARD = """
units:
  - {id: board, kind: board, head: ceo}
  - {id: sales, parent: board, function: sales, head: sam}
  - {id: service, parent: board, function: service}
  - {id: desk, parent: sales}
people:
  - {id: ceo, unit: board}
  - {id: sam}
  - {id: cfo}
"""


NOT_OWNED, NO_CX, NO_KPI = ORG  # C001, C004 and C007 of the org (line 1)
# BOARD always gets: sales and service are led separately (C005), sales has a single
# child unit (S006, line 4)
SPLIT = (("C005", "org", 1), ("S006", "sales", 4))
PLAIN = (*ORG, *SPLIT)  # BOARD as it is


def with_board(extra: str) -> str:
    return BOARD + extra  # `extra` starts at line 11


# C001
def test_no_customer_stakeholder(run_audit) -> None:
    report = run_audit(BOARD)
    check(report, *PLAIN)
    f = one(report, "C001")
    assert f.entity.kind == "org" and "no stakeholder of kind customer" in f.message


def test_customer_owner_not_on_board(run_audit) -> None:
    report = run_audit(with_board("stakeholders: [{id: clients, kind: customer, owner: sam}]\n"))
    check(report, ("C001", "clients", 11), NO_CX, NO_KPI, *SPLIT)
    assert "'sam' is not on the board" in one(report, "C001").message


def test_customer_owned_by_board_member_passes(run_audit) -> None:
    report = run_audit(with_board("stakeholders: [{id: clients, kind: customer, owner: ceo}]\n"))
    check(report, NO_CX, NO_KPI, *SPLIT)


def test_board_member_by_heading_a_board_unit(run_audit) -> None:
    text = with_board("stakeholders: [{id: c, kind: customer, owner: cfo}]\n").replace(
        "{id: board, kind: board, head: ceo}", "{id: board, kind: board, head: cfo}")
    check(run_audit(text), NO_CX, NO_KPI, *SPLIT)


def test_without_board_units_the_top_units_are_the_board(run_audit) -> None:
    report = run_audit("units: [{id: top, head: boss}, {id: a, parent: top}]\n"
                       "people: [{id: boss}]\n"
                       "stakeholders: [{id: c, kind: customer, owner: boss}]\n")
    check(report, NO_CX, NO_KPI, ("S006", "top", 1))


# C002
def test_ambiguous_contact_point(run_audit) -> None:
    report = run_audit(with_board("""
stakeholders: [{id: clients, kind: customer, owner: ceo}, {id: press, kind: media}]
contact_points:
  - {need: Complaint, unit: sales}
  - {need: complaint , unit: service}
  - {need: order, unit: sales}
  - {need: order, unit: sales, channel: phone}
  - {need: complaint, unit: board, stakeholder: press}
"""))
    # contact points get an id of need@unit; press owns no stakeholder (C010)
    check(report, NO_CX, NO_KPI, *SPLIT, ("C002", "Complaint@sales", 14),
          ("C010", "press", 12))
    assert "'sales' and 'service'" in one(report, "C002").message


def test_same_need_for_different_customer_groups_passes(run_audit) -> None:
    report = run_audit(with_board("""
stakeholders: [{id: b2c, kind: customer, owner: ceo}, {id: b2b, kind: customer, owner: ceo}]
contact_points:
  - {need: order, unit: sales}
  - {need: order, unit: service, stakeholder: b2b}
"""))
    check(report, NO_CX, NO_KPI, *SPLIT)


# C003, C007
def test_customer_kpis(run_audit) -> None:
    report = run_audit(with_board("""
kpis:
  - {id: nps, kind: nps}
  - {id: churn, kind: churn, owner: sam}
  - {id: revenue}
"""))
    check(report, NOT_OWNED, NO_CX, *SPLIT, ("C003", "nps", 13))  # no C007


def test_no_customer_kpi(run_audit) -> None:
    report = run_audit(with_board("kpis: [{id: revenue, kind: other}]\n"))
    check(report, *PLAIN)
    assert one(report, "C007").entity.kind == "org"


# C004
def test_no_customer_unit(run_audit) -> None:
    check(run_audit(BOARD), *PLAIN)
    with_cx = BOARD.replace("  - {id: desk, parent: sales}", "  - {id: desk, parent: sales}\n"
                            "  - {id: cx, parent: board, function: customer-experience}")
    check(run_audit(with_cx), NOT_OWNED, NO_KPI, *SPLIT)


# C005
def test_customer_functions_split(run_audit) -> None:
    report = run_audit(BOARD)
    check(report, *PLAIN)
    assert "'sales' and 'service'" in one(report, "C005").message


def test_customer_functions_led_together(run_audit) -> None:
    text = """
units:
  - {id: board, kind: board}
  - {id: commercial, parent: board, kind: executive}
  - {id: sales, parent: commercial, function: sales}
  - {id: marketing, parent: commercial, function: marketing}
  - {id: service, parent: commercial, function: service}
"""
    check(run_audit(text), *ORG, ("S006", "board", 3))


def test_one_customer_function_is_not_split(run_audit) -> None:
    check(run_audit("units: [{id: b}, {id: s, parent: b, function: sales}]\n"), *ORG,
          ("S006", "b", 1))


# C006
def test_disconnected_unit(run_audit) -> None:
    report = run_audit(BOARD + "processes: [{id: p, steps: [customer, sales]}]\n")
    # desk: no tie, no children; service too; board is a manager unit
    check(report, *PLAIN, ("C006", "service", 5), ("C006", "desk", 6), ("P006", "p", 11))


def test_disconnected_only_checked_with_processes_or_interfaces(run_audit) -> None:
    check(run_audit(BOARD), *PLAIN)


# C008
def test_declared_none_but_next_to_customer(run_audit) -> None:
    report = run_audit(BOARD.replace("{id: desk, parent: sales}",
                                     "{id: desk, parent: sales, customer_contact: none}")
                       + "processes: [{id: p, steps: [customer, desk]}]\n")
    check(report, *PLAIN, ("C006", "service", 5), ("C008", "desk", 6), ("P006", "p", 11))
    assert one(report, "C008").location.column > 20  # at the customer_contact value


def test_declared_direct_but_far_from_customer(run_audit) -> None:
    report = run_audit(BOARD.replace("{id: desk, parent: sales}",
                                     "{id: desk, parent: sales, customer_contact: direct}")
                       + "processes: [{id: p, steps: [customer, sales, desk]}]\n")
    # sales -> desk stays inside sales (I = 1, E = 0); service has no ties
    check(report, *PLAIN, ("C006", "service", 5), ("C008", "desk", 6), ("I001", "p", 11),
          ("P006", "p", 11), ("X001", "sales", 4), ("X001", "service", 5))


def test_department_in_contact_through_its_team(run_audit) -> None:
    # sales declared none, but its team desk is next to the customer: evidence distance 1
    report = run_audit(BOARD.replace("function: sales, head: sam}",
                                     "function: sales, head: sam, customer_contact: none}")
                       + "processes: [{id: p, steps: [customer, desk]}]\n")
    check(report, *PLAIN, ("C006", "service", 5), ("C008", "sales", 4), ("P006", "p", 11))


def test_no_evidence_is_not_flagged(run_audit) -> None:
    report = run_audit(BOARD.replace("{id: desk, parent: sales}",
                                     "{id: desk, parent: sales, customer_contact: direct}")
                       + "processes: [{id: p, steps: [customer, sales]}]\n")
    check(report, *PLAIN, ("C006", "service", 5), ("P006", "p", 11))


def test_no_customer_step_no_c008(run_audit) -> None:
    report = run_audit(BOARD.replace("{id: desk, parent: sales}",
                                     "{id: desk, parent: sales, customer_contact: direct}")
                       + "processes: [{id: p, steps: [sales, desk]}]\n")
    # sales and desk (both sales) only work with each other: I = 1, E = 0; service has
    # no ties at all
    check(report, *PLAIN, ("C006", "service", 5), ("I001", "p", 11), ("P006", "p", 11),
          ("X001", "sales", 4), ("X001", "service", 5))


# C009
def test_many_faces_to_customer(run_audit) -> None:
    report = run_audit(
        BOARD + "processes: [{id: p, steps: [customer, sales, customer, service]}]\n")
    check(report, *PLAIN, ("C006", "desk", 6), ("C009", "p", 11), ("P006", "p", 11))
    assert "2 units" in one(report, "C009").message


def test_one_face_passes_and_threshold(run_audit) -> None:
    text = BOARD + "processes: [{id: p, steps: [customer, sales, service, sales, customer]}]\n"
    check(run_audit(text), *PLAIN, ("C006", "desk", 6), ("I001", "p", 11), ("P004", "p", 11),
          ("P006", "p", 11))
    text = BOARD + "processes: [{id: p, steps: [customer, sales, customer, service]}]\n"
    check(run_audit(text, max_contact_units=2), *PLAIN, ("C006", "desk", 6), ("P006", "p", 11))


# C010
def test_stakeholders_owned_at_board(run_audit) -> None:
    report = run_audit(with_board("""
stakeholders:
  - {id: clients, kind: customer}
  - {id: staff, kind: employee, owner: ceo}
  - {id: press, kind: media}
  - {id: regulator, kind: regulator, owner: sam}
"""))
    check(report, ("C001", "clients", 13), NO_CX, NO_KPI, *SPLIT, ("C010", "press", 15),
          ("C010", "regulator", 16))
    assert all(str(f.severity) == "info" for f in report.findings if f.code == "C010")
