"""G001-G002 (shared goals) and X001 (functional silos). Each case asserts its complete
list of findings."""

from __future__ import annotations

from conftest import NO_CUSTOMER_SIDE as ORG, check, one

UNITS = """
units:
  - {id: sales, function: sales, kpis: [nps, revenue]}
  - {id: ops, function: logistics, kpis: [cost]}
  - {id: cx, function: customer-experience, kpis: [nps]}
kpis:
  - {id: nps, kind: nps}
  - {id: revenue}
  - {id: cost}
"""
# UNITS always gets: no customer stakeholder (C001), the customer KPI nps has no owner
# (C003, line 7); its process p (line 10) has no owner (P006)
UNITS_FINDINGS = (("C001", "org", 1), ("C003", "nps", 7), ("P006", "p", 10))


def test_no_shared_goal(run_audit) -> None:
    report = run_audit(UNITS + "processes: [{id: p, steps: [customer, sales, ops]}]\n")
    # sales and ops share no KPI; sales -> ops has no interface; cx is in no process
    # (C006) and has no ties while others do (X001)
    check(report, *UNITS_FINDINGS, ("G001", "p", 10), ("I001", "p", 10),
          ("C006", "cx", 5), ("X001", "customer-experience", 5))


def test_shared_kpi_passes(run_audit) -> None:
    report = run_audit(UNITS + "processes: [{id: p, steps: [customer, sales, cx]}]\n")
    check(report, *UNITS_FINDINGS, ("I001", "p", 10), ("C006", "ops", 4),
          ("X001", "logistics", 4))


def test_internal_process_or_no_unit_kpis_not_checked(run_audit) -> None:
    report = run_audit(UNITS + "processes: [{id: p, steps: [sales, ops]}]\n")
    check(report, *UNITS_FINDINGS, ("I001", "p", 10), ("C006", "sales", 3),
          ("C006", "ops", 4), ("C006", "cx", 5), ("X001", "customer-experience", 5))
    report = run_audit("units: [{id: a}, {id: b}]\nprocesses: [{id: p, steps: [customer, a, b]}]\n")
    check(report, *ORG, ("I001", "p", 2), ("P006", "p", 2))


def test_goal_without_delivery(run_audit) -> None:
    report = run_audit("""
        units: [{id: a}]
        processes: [{id: p}]
        goals:
          - {id: empty}
          - {id: fine, processes: [p]}
    """)
    # a process without steps declares no work: `a` is in the layer unknown, no C006
    assert report.analysis.layers == {"a": "unknown"}
    check(report, *ORG, ("G002", "empty", 5), ("P006", "p", 3))


SILO = """
    units:
      - {id: f1, function: finance}
      - {id: f2, function: finance}
      - {id: s1, function: sales}
    processes:
      - {id: p, volume: 10, steps: [f1, f2, f1]}
      - {id: q, volume: 1, steps: [f1, s1]}
"""
# every case of SILO: no unit reaches the customer (C006), p and q have no owner (P006)
# and no interface (I001), p sends work back (P004)
SILO_FINDINGS = (*ORG, ("C006", "f1", 3), ("C006", "f2", 4), ("C006", "s1", 5),
                 ("I001", "p", 7), ("I001", "q", 8), ("P004", "p", 7), ("P006", "p", 7),
                 ("P006", "q", 8))


def test_functional_silo(run_audit) -> None:
    report = run_audit(SILO)
    # finance: I = 20, E = 1 -> (1-20)/21 = -0.90 <= -0.5; sales: I = 0, E = 1 -> +1
    check(report, *SILO_FINDINGS, ("X001", "finance", 3))
    assert one(report, "X001").entity.kind == "function"
    assert "-0.90" in one(report, "X001").message


def test_silo_threshold_is_configurable(run_audit) -> None:
    text = """
        units: [{id: f1, function: finance}, {id: f2, function: finance}, {id: s1, function: sales}]
        processes: [{id: p, volume: 2, steps: [f1, f2]}, {id: q, steps: [f1, s1]}]
    """
    base = (*ORG, ("C006", "f1", 2), ("C006", "f2", 2), ("C006", "s1", 2),
            ("I001", "p", 3), ("I001", "q", 3), ("P006", "p", 3), ("P006", "q", 3))
    # finance: I = 2, E = 1 -> -1/3: above -0.5, at or below -0.3
    check(run_audit(text), *base)
    check(run_audit(text, silo_ei_threshold=-0.3), *base, ("X001", "finance", 2))


def test_no_edges_at_all_means_no_silo(run_audit) -> None:
    check(run_audit("units: [{id: a, function: hr}]\n"), *ORG)


def test_ties_to_units_without_function_count_as_external(run_audit) -> None:
    report = run_audit("""
        units: [{id: top}, {id: f1, parent: top, function: finance},
                {id: f2, parent: top, function: finance}]
        processes: [{id: p, volume: 10, steps: [f1, f2]}, {id: q, volume: 20, steps: [f1, top]}]
    """)
    # finance: I = 10 (f1-f2), E = 20 (f1-top: top has no function, it is outside
    # finance) -> (20 - 10) / 30 = +0.33: no silo (the tie used to be dropped: -1.00)
    check(report, *ORG, ("C006", "f1", 2), ("C006", "f2", 3), ("I001", "p", 4),
          ("I001", "q", 4), ("P006", "p", 4), ("P006", "q", 4))
    assert report.metrics["silos"]["finance"]["ei_index"] == round(1 / 3, 4)
