"""Findings E001-E005 (docs/evidence.md): the complete list for each small log."""

from __future__ import annotations

from pathlib import Path

from custorg.audit.config import Config
from custorg.findings import Entity, Location, Severity
from custorg.thresholds import Thresholds
from evidence_helpers import evidence_of
from test_evidence_figures import BROKER_LOG, BROKER_ORG

HEAD = "case,time,unit,activity,resource\n"


def _claims(approvers: str) -> str:
    rows = ["0,2024-03-04T09:00,claims,Register,bob"]
    rows += [f"{n},2024-03-04T10:00,claims,Approve,{who}"
             for n, who in enumerate(approvers.split(), 1)]
    return HEAD + "\n".join(rows) + "\n"


def test_e001_key_person_with_and_without_an_org(tmp_path: Path) -> None:
    log = _claims("ann ann ann ann bob")  # ann: 4 of 5 = 80%
    (f,) = evidence_of(log, min_events=5).findings
    assert (f.code, f.rule, f.severity, f.entity, f.location) == (
        "E001", "key-person", Severity.WARNING, Entity("unit", "claims"),
        Location("log.csv"))
    assert f.message == ("In unit 'claims', 'ann' does 80% of 'Approve' (4 of 5; "
                         "workload): a single point of failure; train a second person and "
                         "share the activity out")
    org = "units:\n  - id: claims\n    name: Claims\n"
    (g,) = evidence_of(log, org, tmp_path, min_events=5).findings
    assert g.message.startswith("In unit Claims (claims), 'ann' does 80%")
    assert g.location == Location(str(tmp_path / "org.yaml"), 2, 5)
    renamed = evidence_of(log, org.replace("Claims", "Claims and benefits"), tmp_path,
                          min_events=5).findings[0]
    assert renamed.message != g.message and renamed.fingerprint() == g.fingerprint()
    assert evidence_of(log, min_events=6).findings == []  # too few events
    assert evidence_of(_claims("ann ann ann bob bob"), min_events=5).findings == []
    # one member only: nobody else could do it
    assert evidence_of(HEAD + "1,2024-03-04T09:00,solo,Approve,ann\n", min_events=1
                       ).findings == []


def test_e001_never_about_unmapped_values(tmp_path: Path) -> None:
    log = _claims("ann ann ann ann bob")
    assert evidence_of(log, "units:\n  - id: other\n", tmp_path, min_events=5).findings == []


def test_e002_activity_without_owner() -> None:
    log = HEAD + "".join(f"{n},2024-03-04T09:00,{unit},Check,p{n}\n"
                         for n, unit in enumerate(["s", "s", "b", "b", "v"]))
    (f,) = evidence_of(log, min_events=5).findings
    assert (f.code, f.severity, f.entity, f.location) == (
        "E002", Severity.WARNING, Entity("activity", "Check"), Location("log.csv"))
    assert f.message == ("Activity 'Check' is done by 3 units and none does 50% of it "
                         "(the most: 'b', 40%, 2 of 5 events; workload): give it an owner")
    assert evidence_of(log, min_events=5, owner_min_units=4).findings == []
    assert evidence_of(log, min_events=5, owner_share=0.4).findings == []


def test_e003_broker_between_functions(tmp_path: Path) -> None:
    # cross-function two-paths: s2 1, o1 2 (gatekeeper, liaison), o2 1: o1 has 2 of 4
    quiet = {"structure_gap": 2.0}  # E005 fires on this log too: not what is tested here
    (f,) = evidence_of(BROKER_LOG, BROKER_ORG, tmp_path, broker_min=2, **quiet).findings
    assert (f.code, f.severity, f.entity) == ("E003", Severity.WARNING, Entity("unit", "o1"))
    assert f.message == ("Unit 'o1' brokers 2 of the 4 cross-function two-paths (50%: "
                         "gatekeeper 1, liaison 1; brokerage): declare the interfaces it "
                         "stands for, or staff it as the broker it is")
    assert f.location.file.endswith("org.yaml") and f.location.line > 0
    assert [f.entity.id for f in evidence_of(BROKER_LOG, BROKER_ORG, tmp_path, broker_min=1,
                                             **quiet).findings] == ["s2", "o1", "o2"]  # org order
    assert evidence_of(BROKER_LOG, BROKER_ORG, tmp_path, **quiet).findings == []
    assert evidence_of(BROKER_LOG, broker_min=1).findings == []  # no --org: no functions


def _waits(spec: list[tuple[str, str, list[int]]]) -> str:
    rows, case = [], 0
    for a, b, hours in spec:
        for h in hours:
            case += 1
            rows.append(f"{case},2024-03-04T00:00,{a},x,p")
            rows.append(f"{case},{_after(h)},{b},y,q")
    return HEAD + "\n".join(rows) + "\n"


def _after(hours: int) -> str:
    from datetime import datetime, timedelta

    return (datetime(2024, 3, 4) + timedelta(hours=hours)).isoformat()


def test_e004_the_first_three_slow_pairs_by_total_wait() -> None:
    log = _waits([("i", "j", [10, 300]),  # the largest total, but a median of 10 hours
                  ("a", "b", [100]), ("e", "f", [30, 30]), ("c", "d", [50]),
                  ("g", "h", [25])])
    found = evidence_of(log, min_handoffs=1).findings
    assert [(f.code, f.severity, f.entity.kind, f.entity.id) for f in found] == [
        ("E004", Severity.INFO, "unit_pair", "a->b"), ("E004", Severity.INFO, "unit_pair",
                                                       "c->d"),
        ("E004", Severity.INFO, "unit_pair", "e->f")]
    assert found[2].message == ("Handoffs from 'e' to 'f' wait a median of 30.0 hours "
                                "(p90 30.0, 2 handoffs, 60.0 hours in all; handover time): "
                                "agree a service level for this interface, or let one unit "
                                "finish the work")
    assert [f.entity.id for f in evidence_of(log, min_handoffs=2).findings] == ["e->f"]
    assert evidence_of(log, min_handoffs=1, slow_handoff_hours=400).findings == []


def test_e005_work_crosses_the_functions(tmp_path: Path) -> None:
    log = HEAD + ("1,2024-03-04T09:00,shop,s,a\n1,2024-03-04T10:00,depot,t,b\n"
                  "2,2024-03-04T09:00,web,s,c\n2,2024-03-04T10:00,hub,t,d\n")
    org = "organization: {name: Acme}\nunits:\n" + "".join(
        f"  - {{id: {u}, function: {f}}}\n" for u, f in
        (("shop", "sales"), ("web", "sales"), ("depot", "logistics"), ("hub", "logistics")))
    (f,) = evidence_of(log, org, tmp_path).findings
    assert (f.code, f.severity, f.entity) == ("E005", Severity.INFO, Entity("org", "Acme"))
    assert f.message == ("The work clusters across the functions: modularity of the "
                         "observed communities 0.5000 against -0.5000 for the functions "
                         "(structure); clusters across functions: 'depot', 'shop'; 'hub', "
                         "'web': consider cross-functional teams or declared interfaces "
                         "for these clusters")
    assert evidence_of(log, org, tmp_path, structure_gap=1.5).findings == []


def test_config_selects_ignores_and_sets_severities() -> None:
    log = _claims("ann ann ann ann bob")
    thresholds = Thresholds(min_events=5)
    assert evidence_of(log, config=Config(ignore=("E",), thresholds=thresholds)
                       ).findings == []
    (f,) = evidence_of(log, config=Config(severity={"E001": Severity.ERROR},
                                          thresholds=thresholds)).findings
    assert f.severity is Severity.ERROR
