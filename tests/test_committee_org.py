"""An imported org that looks right to a committee (issue 21 items 10-13): the layer
`unknown` when no work is declared, units named `Name (id)` everywhere people read them
(fingerprints unchanged), unknown-function handoffs beside cross-function ones, and the
diff's trade-off line. Every case runs the installed command."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import ROOT, run
from custorg.audit.engine import audit
from custorg.findings import display_message, named
from mining_helpers import csv_log, mine_json, ts

NAMED = ROOT / "tests" / "data" / "named"

# ----------------------------------------------------------------- item 10: unknown layer

IMPORTED = """\
custorg: 1
organization: {name: Imported}
units:
  - {id: post-1, name: Director General, kind: board}
  - {id: post-2, name: Finance, parent: post-1}
  - {id: post-3, name: Payroll team, parent: post-2}
  - {id: post-4, name: Front desk, parent: post-1, customer_contact: indirect}
"""
NOTE = "declare processes or mine them from a log"


def test_no_work_declared_gives_unknown_not_disconnected(
        write: Callable[..., Path], capsys: pytest.CaptureFixture[str]) -> None:
    org = str(write(IMPORTED))
    code, out, _ = run(capsys, "audit", org, "--no-color")
    assert "C006" not in out and "disconnected" not in out
    assert re.search(r"unknown\s+│\s+1 │ Payroll team \(post-3\)", out)
    assert "Note: the org declares no work relation" in out and f"{NOTE}." in out
    # managers and declared contact keep their layers
    code, out, _ = run(capsys, "audit", org, "--format", "json")
    data = json.loads(out)
    assert data["metrics"]["customer_layers"] == {
        "post-1": "management", "post-2": "management", "post-3": "unknown",
        "post-4": "support"}
    assert [n for n in data["notes"] if NOTE in n] == [
        "the org declares no work relation (no process, interface, project, contact point "
        f"or direct contact), so the customer layers of 1 unit are unknown: {NOTE}"]
    assert "C006" not in {f["code"] for f in data["findings"]}
    code, out, _ = run(capsys, "metrics", org, "--format", "csv")
    assert "layer,post-3,layer,unknown" in out.splitlines()
    code, out, _ = run(capsys, "metrics", org, "--format", "csv", "--per", "unit")
    assert any(line.startswith("post-3,Payroll team,,2,0,unknown,") for line in out.splitlines())


def test_the_unknown_layer_is_drawn_grey_with_the_note(
        write: Callable[..., Path], capsys: pytest.CaptureFixture[str]) -> None:
    org = str(write(IMPORTED))
    code, dot, err = run(capsys, "diagram", org, "--view", "customer-on-top", "--format", "dot")
    assert code == 0
    box = next(line for line in dot.splitlines() if "Payroll team" in line and "class=" in line)
    assert 'class="unit unknown"' in box and 'fillcolor="#F4F4F4"' in box
    assert "#FBE3E0" not in dot and "#B3261E" not in dot  # no red of `disconnected`
    assert NOTE in dot and NOTE in err  # in the picture and as a note to the user
    code, text, _ = run(capsys, "diagram", org, "--view", "hierarchy", "--format", "mermaid")
    assert code == 0 and 'u2["Payroll team"]:::unknown' in text


def test_work_declared_keeps_disconnected_and_c006(
        write: Callable[..., Path], capsys: pytest.CaptureFixture[str]) -> None:
    org = str(write(IMPORTED + "interfaces:\n  - {from: post-4, to: post-2}\n"))
    code, out, _ = run(capsys, "audit", org, "--format", "json")
    data = json.loads(out)
    assert data["metrics"]["customer_layers"]["post-3"] == "disconnected"
    assert [f["entity"]["id"] for f in data["findings"] if f["code"] == "C006"] == ["post-3"]
    assert not any(NOTE in n for n in data.get("notes", []))


def test_the_report_shows_unknown_in_grey_with_the_note(
        write: Callable[..., Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    org = str(write(IMPORTED))
    page = tmp_path / "r.html"
    assert run(capsys, "report", org, "-o", str(page))[0] in (0, 1)
    html = page.read_text(encoding="utf-8")
    assert '<span class="layer layer-unknown"><b>1</b> unknown</span>' in html
    assert ".layer-unknown { background: #f4f4f4; }" in html and NOTE in html


# ----------------------------------------------------------------- item 11: names, not ids




def test_findings_name_units_in_every_format(capsys: pytest.CaptureFixture[str]) -> None:
    org = str(NAMED)
    _, text, _ = run(capsys, "audit", org, "--no-color")
    assert ("unit Director General for Information & Group Operations (post-GOA-005) has a "
            "single child unit (Group Operations (post-GOA-010))") in text
    assert ("ping-pong 1 time (Bakery (post-GOA-012) -> Delivery (post-GOA-013) -> "
            "Bakery (post-GOA-012))") in text
    assert "handoff Shop (post-GOA-011) -> Bakery (post-GOA-012) (in 'order'" in text
    assert "Shop (post-GOA-011)" in text.split("Customer layers")[1]
    _, out, _ = run(capsys, "audit", org, "--format", "json")
    messages = [f["message"] for f in json.loads(out)["findings"]]
    assert "unit Shop (post-GOA-011) has a single child unit (Bakery (post-GOA-012)): merge " \
        "them or suppress with the reason" in messages
    _, out, _ = run(capsys, "audit", org, "--format", "sarif")
    results = json.loads(out)["runs"][0]["results"]
    assert any("(Clerks (post-GOA-016))" in r["message"]["text"] for r in results)
    _, out, _ = run(capsys, "audit", org, "--format", "github")
    assert "deepest: Clerks (post-GOA-016)" in out


def test_fingerprints_ignore_names_and_a_0_2_0_baseline_still_matches(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    baseline = NAMED / "baseline-0.2.0.json"
    assert json.loads(baseline.read_text(encoding="utf-8"))["custorg"] == "0.2.0"
    code, out, _ = run(capsys, "audit", str(NAMED), "--baseline", str(baseline),
                       "--format", "json")
    data = json.loads(out)
    assert data["findings"] == [] and code == 0
    assert "18 findings recorded in the baseline" in data["notes"][-1]
    # rename every unit: no finding is new, and the SARIF fingerprints stay
    renamed = tmp_path / "org.yaml"
    text = (NAMED / "org.yaml").read_text(encoding="utf-8")
    renamed.write_text(re.sub(r"(\{id: post-GOA-\d+, name: )", r"\1Renamed ", text),
                       encoding="utf-8")
    before, after = audit([str(NAMED)]), audit([str(renamed)])
    assert [f.display for f in after.findings] != [f.display for f in before.findings]
    assert [f.fingerprint() for f in after.findings] == \
        [f.fingerprint() for f in before.findings]
    assert run(capsys, "audit", str(renamed), "--baseline", str(baseline))[0] == 0


def test_display_replaces_only_mentions_of_units() -> None:
    names = (("a", "Alpha"), ("has", "Has unit"), ("b", "Beta (a)"))
    assert display_message("unit 'a' has a child ('b')", names) == \
        "unit Alpha (a) has a child (Beta (a) (b))"  # 'a' inside Beta's name stays
    assert display_message("ping-pong (a -> has -> a): the unit has it", names) == \
        "ping-pong (Alpha (a) -> Has unit (has) -> Alpha (a)): the unit has it"
    assert display_message("process 'ab' of a team", names) == "process 'ab' of a team"
    assert named("x", "x") == "x" and named("x", "") == "x" and named("x", "X") == "X (x)"


# ----------------------------------------------------- item 12: unknown-function handoffs

UNKNOWN = """\
custorg: 1
units:
  - {id: board, kind: board}
  - {id: s, name: Sales, parent: board, function: sales}
  - {id: x, name: Helpers, parent: board}
  - {id: y, name: Ops, parent: board, function: ops}
processes:
  - {id: p, owner: board, volume: 2, steps: [customer, s, x, s, x, s, y, customer]}
"""


def test_unknown_function_handoffs_are_counted_apart(
        write: Callable[..., Path], capsys: pytest.CaptureFixture[str]) -> None:
    org = str(write(UNKNOWN))
    _, out, _ = run(capsys, "audit", org, "--format", "json")
    data = json.loads(out)
    h = data["metrics"]["handoffs"]
    # s>x, x>s, s>x, x>s: x has no function (unknown); s>y: sales to ops (cross)
    assert (h["total"], h["cross_function"], h["unknown_function"]) == (5, 1, 4)
    assert (h["weighted_cross_function"], h["weighted_unknown_function"]) == (2, 8)
    assert h["by_process"]["p"]["unknown_function"] == 4
    assert [f["message"] for f in data["findings"] if f["code"] == "P003"] == [
        "process 'p' has 5 handoffs (1 across functions, 4 with a unit of unknown function), "
        "more than max-handoffs 4: let fewer units carry it end to end"]
    # E-I keeps counting ties to a unit without a function as external
    assert data["metrics"]["silos"]["sales"]["external"] == 10
    _, text, _ = run(capsys, "audit", org, "--no-color")
    assert re.search(r"cross-fn ┃ unknown-fn ┃", text)
    assert re.search(r" p +│ +2 │ +5 │ +1 │ +4 │", text)


def test_the_diff_and_the_report_say_how_many_are_unknown(
        write: Callable[..., Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = str(write(UNKNOWN, "as-is.yaml"))
    after = str(write(UNKNOWN.replace("parent: board}\n  - {id: y",
                                      "parent: board, function: ops}\n  - {id: y"),
                      "to-be.yaml"))
    _, out, _ = run(capsys, "diff", before, after, "--format", "json")
    data = json.loads(out)
    assert data["metrics"]["unknown_function"] == [4, 0]
    assert data["metrics"]["cross_function"] == [1, 5]
    assert data["processes"]["p"]["unknown_function"] == [4, 0]
    _, text, _ = run(capsys, "diff", before, after, "--no-color")
    assert re.search(r"unknown-function handoffs +│ +4 │ +0 │ +-4 │ better", text)
    assert "function  Helpers (x): – → ops" in text
    page = tmp_path / "r.html"
    run(capsys, "report", before, "-o", str(page))
    html = page.read_text(encoding="utf-8")
    assert "20% across functions, 4 of unknown function" in html
    assert '<th class="n">unknown-fn</th>' in html


def test_mine_comparison_counts_unknown_function_handoffs(
        write: Callable[..., Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    org = str(write(UNKNOWN))
    log = csv_log(tmp_path / "log.csv", [("c1", "s", ts(1), "a"), ("c1", "x", ts(2), "b"),
                                        ("c1", "s", ts(3), "c"), ("c1", "y", ts(4), "d")])
    comp = mine_json(capsys, str(log), "--org", org)["comparison"]
    assert (comp["cross_function_handoffs"], comp["unknown_function_handoffs"]) == (1, 2)
    assert comp["undeclared"] == [
        {"units": ["s", "x"], "handoffs": 2, "cross_function": False, "unknown_function": True},
        {"units": ["s", "y"], "handoffs": 1, "cross_function": True, "unknown_function": False}]
    code, out, _ = run(capsys, "mine", str(log), "--org", org)
    assert code == 0
    assert "s <-> x  unknown-function" in out and "s <-> y  cross-function" in out
    assert "cross-function handoffs: 1; with a unit of unknown function: 2" in out


# ----------------------------------------------------------------- item 13: trade-off

SILO_AS_IS = """\
custorg: 1
units:
  - {id: board, kind: board}
  - {id: s, parent: board, function: sales}
  - {id: a, parent: board, function: ops}
  - {id: b, parent: board, function: ops}
processes:
  - {id: p, owner: board, steps: [s, a, s, b]}
"""
# the same work, handed inside ops: 1 cross-function handoff instead of 3, ops a silo
SILO_TO_BE = SILO_AS_IS.replace("steps: [s, a, s, b]", "steps: [s, a, b, a, b]")
TRADE = ("Trade-off: 2 fewer cross-function handoffs (3 → 1) because work moved inside "
         "'ops', which became a silo (E-I +1.00 → -0.50): one change, better and worse")


def test_the_diff_says_the_trade_off_in_one_line(
        write: Callable[..., Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before, after = str(write(SILO_AS_IS, "a.yaml")), str(write(SILO_TO_BE, "b.yaml"))
    _, text, _ = run(capsys, "diff", before, after, "--no-color")
    assert re.search(r"cross-function handoffs +│ +3 │ +1 │ +-2 │ better", text)
    assert re.search(r"ops +│ +\+1.00 → -0.50 │ no → silo │ worse", text)
    assert text.count(TRADE) == 1
    _, md, _ = run(capsys, "diff", before, after, "--format", "markdown")
    assert f"**{TRADE}**" in md
    _, out, _ = run(capsys, "diff", before, after, "--format", "json")
    assert json.loads(out)["trade_offs"] == [{"function": "ops", "cross_function": [3, 1],
                                              "ei_index": [1.0, -0.5], "internal": [0, 3]}]
    page = tmp_path / "r.html"
    run(capsys, "report", before, "--compare", after, "-o", str(page))
    assert TRADE.replace("'", "&#39;") in page.read_text(encoding="utf-8")
    # no trade-off the other way round (more cross-function handoffs, a silo resolved)
    _, out, _ = run(capsys, "diff", after, before, "--format", "json")
    assert json.loads(out)["trade_offs"] == []


def test_a_hostile_unit_name_in_a_message_goes_through_the_gate(
        write: Callable[..., Path], capsys: pytest.CaptureFixture[str]) -> None:
    org = str(write('custorg: 1\nunits:\n  - {id: a, name: "Evil\\nline\\u202e::error '
                    'title=x::pwn %0A", kind: board}\n  - {id: b, parent: a}\n'
                    '  - {id: c, parent: b}\n'))
    _, text, _ = run(capsys, "audit", org, "--no-color", "--select", "S006")
    assert "unit Evil\\nline\\u202e::error title=x::pwn %0A (a) has a single child" in text
    _, out, _ = run(capsys, "audit", org, "--format", "github", "--select", "S006")
    lines = out.splitlines()
    assert all(line.startswith("::notice ") for line in lines)
    assert "::unit Evil%0Aline\\u202e::error title=x::pwn %250A (a) has" in lines[0]
    _, out, _ = run(capsys, "audit", org, "--format", "json", "--select", "S006")
    assert json.loads(out)["findings"][0]["message"].startswith(
        "unit Evil\nline\u202e::error title=x::pwn %0A (a) has a single child")
