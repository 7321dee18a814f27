"""One definition per domain notion: each transition is classified once (analysis), the
model knows whether an interface is coordinated, and rules, diagrams, Mermaid and
maturity agree with both."""

from __future__ import annotations

import re

from conftest import ids
from custorg.analysis.handoffs import Transition, classify
from custorg.diagrams import build, mermaid

FUNCTION = {"s": "sales", "s2": "sales", "b": "finance", "x": None}


def test_every_transition_is_classified_once() -> None:
    nodes = ["customer", "s", "b", "s", "s", "s2", "x", "customer", "customer"]
    assert classify(nodes, FUNCTION) == [
        Transition(0, "customer", "s", True, False, False, False, False),  # contact
        Transition(1, "s", "b", False, True, True, False, False),  # cross-function handoff
        Transition(2, "b", "s", False, True, True, False, True),  # sent back: ping-pong
        Transition(3, "s", "s", False, False, False, False, False),  # same unit: no handoff
        Transition(4, "s", "s2", False, True, False, False, False),  # within sales
        # x has no function: unknown-function, not cross-function (issue 21 item 12)
        Transition(5, "s2", "x", False, True, False, True, False),
        Transition(6, "x", "customer", True, False, False, False, False),
        Transition(7, "customer", "customer", False, False, False, False, False),
    ]


def test_the_customer_in_between_is_no_ping_pong() -> None:
    flags = [t.ping_pong_return for t in classify(["s", "customer", "s", "b", "s"], FUNCTION)]
    assert flags == [False, False, False, True]


PROCESS = """
units:
  - {id: s, function: sales}
  - {id: b, function: finance}
processes:
  - {id: p, owner: s, steps: [customer, s, b, s, customer]}
"""


def test_rule_metrics_and_both_process_diagrams_agree_on_ping_pong(run_audit) -> None:
    report = run_audit(PROCESS)
    assert report.metrics["handoffs"]["by_process"]["p"]["ping_pong"] == 1
    assert [f.message.split("(")[1].split(")")[0] for f in report.findings
            if f.code == "P004"] == ["s -> b -> s"]
    dot = build(report.analysis, "process", "p").source
    assert re.findall(r's(\d) -> s(\d) \[[^]]*class="handoff cross ping-pong"', dot) == \
        [("2", "3")]
    text, _ = mermaid.build(report.analysis, "process", "p")
    assert re.findall(r"s(\d) -- \"ping-pong\" --> s(\d)", text) == [("2", "3")]


BLANK = """
units: [{id: a, function: sales}, {id: b, function: finance}]
people: [{id: pat, unit: a}]
processes: [{id: p, volume: 3, steps: [a, b]}]
interfaces:
  - {id: blank, from: a, to: b, coordination: "  ", responsible: pat, feedback: true}
"""


def test_blank_coordination_is_missing_everywhere(run_audit) -> None:
    report = run_audit(BLANK)
    itf = report.org.interfaces[0]
    assert (itf.coordinated, itf.agreed) == (False, False)
    assert ids(report, "I002") == ["blank"]
    # the interfaces diagram draws it as lacking coordination, like I002 says
    dot = build(report.analysis, "interfaces").source
    assert dot.count('class="link missing"') == 1 and 'class="link agreed"' not in dot
    assert "interface without coordination;" in dot
    assert "1 interface, 1 without coordination or responsible" in dot
    text, _ = mermaid.build(report.analysis, "interfaces")
    assert '-- "!" ---' in text
    # and maturity does not count it as a closed loop
    criterion = "every interface has coordination, a responsible person and feedback"
    assert criterion not in report.metrics["maturity"]["met"]


def test_described_coordination_is_agreed_everywhere(run_audit) -> None:
    report = run_audit(BLANK.replace('coordination: "  "', "coordination: daily call"))
    assert report.org.interfaces[0].agreed
    assert ids(report, "I002") == []
    dot = build(report.analysis, "interfaces").source
    assert dot.count('class="link agreed"') == 1 and 'class="link missing"' not in dot


def test_ping_pong_counts_every_return_and_reads_units_only() -> None:
    from custorg.analysis.handoffs import is_cross_function, is_unknown_function, ping_pong

    assert ping_pong(["a", "b", "a", "b", "a"]) == 3
    assert ping_pong(["a", "customer", "a"]) == 0 and ping_pong(["a", "a", "a"]) == 0
    assert is_cross_function(FUNCTION, "s", "s2") is False
    assert is_cross_function(FUNCTION, "s", "b") is True
    assert is_cross_function(FUNCTION, "s", "x") is False  # x has no function: unknown
    assert is_unknown_function(FUNCTION, "s", "x") is True
    assert is_unknown_function(FUNCTION, "x", "x") is True
    assert is_unknown_function(FUNCTION, "s", "b") is False
