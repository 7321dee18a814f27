"""T001-T005 and A001-A003: Team Topologies and one accountable per step (docs/teams.md).
Each case asserts its complete list of T and A findings (the other families are the
other test modules' business: these cases select T and A)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from conftest import check
from custorg.audit.config import Config
from custorg.audit.engine import Report, audit
from custorg.thresholds import Thresholds

TODAY = dt.date(2025, 6, 1)
Run = Callable[..., Report]

TEAMS = """\
units:
  - {id: top}
  - {id: shop, parent: top, team_type: stream-aligned}
  - {id: cart, parent: shop}
  - {id: lonely, parent: top, team_type: stream-aligned}
  - {id: cloud, parent: top, team_type: platform}
  - {id: coach, parent: top, team_type: enabling}
  - {id: maths, parent: top, team_type: complicated-subsystem}
people:
  - {id: ann, unit: shop}
  - {id: bo, unit: cloud}
processes:
  - {id: buy, steps: [customer, cart, cloud]}
"""


def _run(write: Callable[..., Path], text: str, today: dt.date = TODAY,
         **thresholds: int) -> Report:
    config = Config(select=("T", "A"), thresholds=Thresholds(**thresholds), today=today)
    return audit([str(write(text))], config)


def test_team_types_without_their_interactions(write: Callable[..., Path]) -> None:
    report = _run(write, TEAMS)
    # shop reaches the customer through its sub-unit cart; lonely does not (T001);
    # cloud serves no stream-aligned unit and coach facilitates no one (T004)
    check(report, ("T001", "lonely", 5), ("T004", "cloud", 6), ("T004", "coach", 7))


def test_interactions_declared(write: Callable[..., Path]) -> None:
    report = _run(write, TEAMS + """\
interfaces:
  - {from: cloud, to: maths, mode: x-as-a-service}
  - {from: cloud, to: shop, mode: x-as-a-service}
  - {from: coach, to: lonely, mode: facilitating}
  - {from: lonely, to: shop, mode: collaboration, until: 2025-09-30}
""")
    # a platform serving a complicated-subsystem team alone would not do: cloud serves
    # shop too; lonely's interfaces bring it no customer
    check(report, ("T001", "lonely", 5))


def test_collaborations_end_and_count(write: Callable[..., Path]) -> None:
    text = """\
units: [{id: a}, {id: b}, {id: c}, {id: d}]
interfaces:
  - {from: a, to: b, mode: collaboration}
  - {from: a, to: c, mode: collaboration, until: 2025-05-31}
  - {from: a, to: d, mode: collaboration, until: 2025-06-01}
  - {from: c, to: d, mode: x-as-a-service}
"""
    report = _run(write, text)
    # no until (T002 at `mode`), ended the day before today (T002 at `until`); active:
    # a-b and a-d, so a is in 2 (T003); until == today is still active
    check(report, ("T002", "a->b", 3), ("T002", "a->c", 4), ("T003", "a", 1))
    assert "today is 2025-06-01" in [f for f in report.findings if f.entity.id == "a->c"][0] \
        .message
    # a later today ends a->d too: a is in one active collaboration
    later = _run(write, text, today=dt.date(2025, 6, 2))
    check(later, ("T002", "a->b", 3), ("T002", "a->c", 4), ("T002", "a->d", 5))
    assert codes_of(_run(write, text, max_collaborations=2)) == ["T002", "T002"]


def codes_of(report: Report) -> list[str]:
    return [f.code for f in report.findings]


def test_cognitive_load(write: Callable[..., Path]) -> None:
    text = """\
units:
  - {id: shop, team_type: stream-aligned}
  - {id: cart, parent: shop}
  - {id: ops}
processes:
  - {id: buy, steps: [customer, shop, cart]}
  - {id: refund, steps: [customer, cart]}
  - {id: ship, steps: [ops]}
interfaces:
  - {from: ops, to: shop}
"""
    # shop: buy and refund (through cart, counted once each) + 1 interface = 3
    check(_run(write, text, max_team_load=2), ("T005", "shop", 2))
    check(_run(write, text, max_team_load=3))
    report = _run(write, text, max_team_load=2)
    assert "load of 3 (2 processes, 1 interfaces" in report.findings[0].message
    metrics = audit([str(write(text))], Config(today=TODAY)).metrics
    assert metrics is not None and metrics["teams"] == {
        "team_types": {"stream-aligned": 1, "platform": 0, "enabling": 0,
                       "complicated-subsystem": 0},
        "modes": {"collaboration": 0, "x-as-a-service": 0, "facilitating": 0},
        "load": {"shop": 3}}


RACI = """\
units:
  - {id: top}
  - {id: sales, parent: top}
  - {id: billing, parent: top}
people:
  - {id: boss, unit: top}
  - {id: ann, unit: sales}
  - {id: bea}
  - {id: head}
"""


def test_accountable_without_authority(write: Callable[..., Path]) -> None:
    report = _run(write, RACI + """\
processes:
  - id: order
    steps:
      - customer
      - {unit: sales, accountable: ann}
      - {unit: billing, accountable: ann}
      - {unit: billing, accountable: boss}
      - {unit: billing, accountable: bea}
""")
    # ann (sales) has no authority over billing; boss (top) has; bea has no unit: skipped
    check(report, ("A001", "order", 15))


def test_head_without_unit_is_in_the_unit_they_head(write: Callable[..., Path]) -> None:
    text = RACI.replace("{id: billing, parent: top}", "{id: billing, parent: top, head: head}")
    report = _run(write, text + """\
processes:
  - {id: order, steps: [{unit: billing, accountable: head}, {unit: sales, accountable: head}]}
""")
    check(report, ("A001", "order", 11))


def test_accountable_missing_in_process(write: Callable[..., Path]) -> None:
    report = _run(write, RACI + """\
processes:
  - id: order
    steps: [customer, {unit: sales, accountable: ann}, billing, {unit: top}]
  - {id: quiet, steps: [customer, sales, billing]}
""")
    # one finding per process, naming the unit steps without (customer steps take none)
    check(report, ("A002", "order", 12))
    assert "step 3 ('billing'), step 4 ('top')" in report.findings[0].message


def test_accountable_overloaded(write: Callable[..., Path]) -> None:
    lines = "".join(f"  - {{id: p{i}, steps: [{{unit: sales, accountable: ann}}, "
                    f"{{unit: sales, accountable: ann}}]}}\n" for i in range(3))
    text = RACI + "processes:\n" + lines
    check(_run(write, text, max_accountable_processes=2), ("A003", "ann", 7))
    check(_run(write, text, max_accountable_processes=3))


def test_an_org_without_the_fields_gets_no_t_or_a_findings(write: Callable[..., Path]
                                                          ) -> None:
    report = _run(write, RACI + "processes: [{id: p, steps: [customer, sales, billing]}]\n"
                  "interfaces: [{from: sales, to: billing}]\n")
    check(report)
    full = audit([str(write(RACI))], Config(today=TODAY))
    assert full.metrics is not None and "teams" not in full.metrics
