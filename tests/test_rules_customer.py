"""C001-C010: the customer in the organisation."""

from __future__ import annotations

from conftest import codes, ids, one

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


def with_board(extra: str) -> str:
    return BOARD + extra


# C001
def test_no_customer_stakeholder(run_audit) -> None:
    f = one(run_audit(BOARD), "C001")
    assert f.entity.kind == "org" and "no stakeholder of kind customer" in f.message


def test_customer_owner_not_on_board(run_audit) -> None:
    report = run_audit(with_board("stakeholders: [{id: clients, kind: customer, owner: sam}]\n"))
    f = one(report, "C001")
    assert f.entity.id == "clients" and "'sam' is not on the board" in f.message


def test_customer_owned_by_board_member_passes(run_audit) -> None:
    report = run_audit(with_board("stakeholders: [{id: clients, kind: customer, owner: ceo}]\n"))
    assert "C001" not in codes(report)


def test_board_member_by_heading_a_board_unit(run_audit) -> None:
    text = with_board("stakeholders: [{id: c, kind: customer, owner: cfo}]\n").replace(
        "{id: board, kind: board, head: ceo}", "{id: board, kind: board, head: cfo}")
    assert "C001" not in codes(run_audit(text))


def test_without_board_units_the_top_units_are_the_board(run_audit) -> None:
    report = run_audit("units: [{id: top, head: boss}, {id: a, parent: top}]\n"
                       "people: [{id: boss}]\n"
                       "stakeholders: [{id: c, kind: customer, owner: boss}]\n")
    assert "C001" not in codes(report)


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
    f = one(report, "C002")
    assert "'sales' and 'service'" in f.message and f.location.line == 14


def test_same_need_for_different_customer_groups_passes(run_audit) -> None:
    report = run_audit(with_board("""
stakeholders: [{id: b2c, kind: customer, owner: ceo}, {id: b2b, kind: customer, owner: ceo}]
contact_points:
  - {need: order, unit: sales}
  - {need: order, unit: service, stakeholder: b2b}
"""))
    assert "C002" not in codes(report)


# C003, C007
def test_customer_kpis(run_audit) -> None:
    report = run_audit(with_board("""
kpis:
  - {id: nps, kind: nps}
  - {id: churn, kind: churn, owner: sam}
  - {id: revenue}
"""))
    assert ids(report, "C003") == ["nps"] and "C007" not in codes(report)


def test_no_customer_kpi(run_audit) -> None:
    report = run_audit(with_board("kpis: [{id: revenue, kind: other}]\n"))
    assert one(report, "C007").entity.kind == "org" and "C003" not in codes(report)


# C004
def test_no_customer_unit(run_audit) -> None:
    assert one(run_audit(BOARD), "C004").entity.kind == "org"
    with_cx = BOARD.replace("  - {id: desk, parent: sales}", "  - {id: desk, parent: sales}\n"
                            "  - {id: cx, parent: board, function: customer-experience}")
    assert "C004" not in codes(run_audit(with_cx))


# C005
def test_customer_functions_split(run_audit) -> None:
    f = one(run_audit(BOARD), "C005")
    assert "'sales' and 'service'" in f.message


def test_customer_functions_led_together(run_audit) -> None:
    text = """
units:
  - {id: board, kind: board}
  - {id: commercial, parent: board, kind: executive}
  - {id: sales, parent: commercial, function: sales}
  - {id: marketing, parent: commercial, function: marketing}
  - {id: service, parent: commercial, function: service}
"""
    assert "C005" not in codes(run_audit(text))


def test_one_customer_function_is_not_split(run_audit) -> None:
    assert "C005" not in codes(run_audit("units: [{id: b}, {id: s, parent: b, function: sales}]\n"))


# C006
def test_disconnected_unit(run_audit) -> None:
    report = run_audit(BOARD + "processes: [{id: p, steps: [customer, sales]}]\n")
    # desk: no tie, no children; service too; board is a manager unit
    assert ids(report, "C006") == ["service", "desk"]


def test_disconnected_only_checked_with_processes_or_interfaces(run_audit) -> None:
    assert "C006" not in codes(run_audit(BOARD))


# C008
def test_declared_none_but_next_to_customer(run_audit) -> None:
    report = run_audit(BOARD.replace("{id: desk, parent: sales}",
                                     "{id: desk, parent: sales, customer_contact: none}")
                       + "processes: [{id: p, steps: [customer, desk]}]\n")
    f = one(report, "C008")
    assert f.entity.id == "desk" and f.location.column > 20  # at the customer_contact value


def test_declared_direct_but_far_from_customer(run_audit) -> None:
    report = run_audit(BOARD.replace("{id: desk, parent: sales}",
                                     "{id: desk, parent: sales, customer_contact: direct}")
                       + "processes: [{id: p, steps: [customer, sales, desk]}]\n")
    assert ids(report, "C008") == ["desk"]


def test_department_in_contact_through_its_team(run_audit) -> None:
    # sales declared none, but its team desk is next to the customer: evidence distance 1
    report = run_audit(BOARD.replace("function: sales, head: sam}",
                                     "function: sales, head: sam, customer_contact: none}")
                       + "processes: [{id: p, steps: [customer, desk]}]\n")
    assert ids(report, "C008") == ["sales"]


def test_no_evidence_is_not_flagged(run_audit) -> None:
    report = run_audit(BOARD.replace("{id: desk, parent: sales}",
                                     "{id: desk, parent: sales, customer_contact: direct}")
                       + "processes: [{id: p, steps: [customer, sales]}]\n")
    assert "C008" not in codes(report)


def test_no_customer_step_no_c008(run_audit) -> None:
    report = run_audit(BOARD.replace("{id: desk, parent: sales}",
                                     "{id: desk, parent: sales, customer_contact: direct}")
                       + "processes: [{id: p, steps: [sales, desk]}]\n")
    assert "C008" not in codes(report)


# C009
def test_many_faces_to_customer(run_audit) -> None:
    report = run_audit(
        BOARD + "processes: [{id: p, steps: [customer, sales, customer, service]}]\n")
    assert "2 units" in one(report, "C009").message


def test_one_face_passes_and_threshold(run_audit) -> None:
    text = BOARD + "processes: [{id: p, steps: [customer, sales, service, sales, customer]}]\n"
    assert "C009" not in codes(run_audit(text))
    text = BOARD + "processes: [{id: p, steps: [customer, sales, customer, service]}]\n"
    assert "C009" not in codes(run_audit(text, max_contact_units=2))


# C010
def test_stakeholders_owned_at_board(run_audit) -> None:
    report = run_audit(with_board("""
stakeholders:
  - {id: clients, kind: customer}
  - {id: staff, kind: employee, owner: ceo}
  - {id: press, kind: media}
  - {id: regulator, kind: regulator, owner: sam}
"""))
    assert ids(report, "C010") == ["press", "regulator"]
    assert all(str(f.severity) == "info" for f in report.findings if f.code == "C010")
