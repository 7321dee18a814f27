"""Property-based tests: random valid orgs never crash and keep the metrics' invariants;
random byte mutations of a valid file never produce a traceback."""

from __future__ import annotations

import io
import json
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings, strategies as st

from custorg.audit.config import Config
from custorg.audit.engine import audit
from custorg.cli import main
from custorg.findings import sort_findings

ROOT = Path(__file__).resolve().parent.parent
FUNCTIONS = [None, "sales", "service", "marketing", "it", "finance", "customer-experience"]
SETTINGS = settings(max_examples=60, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])


@st.composite
def orgs(draw: st.DrawFn) -> dict:
    n = draw(st.integers(1, 14))
    units = []
    for i in range(n):
        unit: dict = {"id": f"u{i}"}
        if i and draw(st.booleans()):
            unit["parent"] = f"u{draw(st.integers(0, i - 1))}"
        fn = draw(st.sampled_from(FUNCTIONS))
        if fn:
            unit["function"] = fn
        if draw(st.integers(0, 4)) == 0:
            unit["kind"] = draw(st.sampled_from(["board", "executive"]))
        if draw(st.integers(0, 3)) == 0:
            unit["customer_contact"] = draw(st.sampled_from(["direct", "indirect", "none"]))
        if draw(st.booleans()):
            unit["kpis"] = draw(st.lists(st.sampled_from(["k0", "k1"]), unique=True))
        units.append(unit)
    unit_ids = [u["id"] for u in units]
    people = [{"id": f"p{i}", "unit": draw(st.sampled_from(unit_ids))}
              for i in range(draw(st.integers(0, 4)))]
    person_ids = [p["id"] for p in people]
    step = st.sampled_from(unit_ids + ["customer"])
    processes = []
    for i in range(draw(st.integers(0, 5))):
        proc: dict = {"id": f"r{i}", "steps": draw(st.lists(step, max_size=9)),
                      "volume": draw(st.integers(0, 1000)), "strategic": draw(st.booleans())}
        if draw(st.booleans()):
            proc["owner"] = draw(st.sampled_from(unit_ids + person_ids))
        if i and draw(st.booleans()):
            proc["parent"] = "r0"
        processes.append(proc)
    interfaces = []
    for _ in range(draw(st.integers(0, 4))):
        a, b = draw(st.lists(st.sampled_from(unit_ids), min_size=2, max_size=2, unique=True)) \
            if n > 1 else (None, None)
        if a:
            interfaces.append({"from": a, "to": b, "feedback": draw(st.booleans())})
    projects = [{"id": f"j{i}", "units": draw(st.lists(st.sampled_from(unit_ids), max_size=4))}
                for i in range(draw(st.integers(0, 2)))]
    contact_points = [{"need": draw(st.sampled_from(["order", "complaint"])),
                       "unit": draw(st.sampled_from(unit_ids))}
                      for _ in range(draw(st.integers(0, 3)))]
    return {"units": units, "people": people, "processes": processes,
            "interfaces": interfaces, "projects": projects, "contact_points": contact_points,
            "stakeholders": [{"id": "clients", "kind": "customer"}],
            "kpis": [{"id": "k0", "kind": "nps"}, {"id": "k1"}],
            "goals": [{"id": "g0", "stakeholder": "clients"}]}


def write_org(tmp_path: Path, data: dict, name: str = "org.yaml") -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


@SETTINGS
@given(data=orgs())
def test_random_orgs_keep_the_invariants(tmp_path: Path, data: dict) -> None:
    report = audit([str(write_org(tmp_path, data))], Config())
    assert report.metrics is not None, [f.message for f in report.findings]
    m = report.metrics
    h = m["handoffs"]
    total = dict.fromkeys(("handoffs", "cross_function", "customer_contacts", "ping_pong"), 0)
    for pid, p in h["by_process"].items():
        steps = next(pr["steps"] for pr in data["processes"] if pr["id"] == pid)
        transitions = max(len(steps) - 1, 0)
        assert p["handoffs"] + p["customer_contacts"] <= transitions
        assert p["cross_function"] <= p["handoffs"]
        assert p["ping_pong"] <= max(len(steps) - 2, 0)
        assert p["contact_units"] <= p["units"] and p["functions"] <= p["units"]
        for key in total:
            total[key] += p[key]
    assert (h["total"], h["cross_function"], h["customer_contacts"], h["ping_pong"]) == \
        tuple(total.values())
    share = h["top_escalation_share"]
    assert share is None or 0 <= share <= 1
    for silo in m["silos"].values():
        assert silo["ei_index"] is None or -1 <= silo["ei_index"] <= 1
    assert sorted(m["customer_layers"]) == sorted(u["id"] for u in data["units"])
    layers = set(m["customer_layers"].values())
    assert layers <= {"front-line", "support", "back-office", "management", "disconnected",
                      "unknown"}
    # unknown only where no work is declared (no transition, no interface), and then
    # nothing is disconnected
    h = m["handoffs"]
    assert "unknown" not in layers or (
        "disconnected" not in layers and not m["interfaces"]
        and h["total"] == h["customer_contacts"] == 0)
    assert 1 <= m["maturity"]["level"] <= 5
    assert report.findings == sort_findings(report.findings)
    json.dumps(m, allow_nan=False)


@SETTINGS
@given(data=orgs())
def test_findings_are_stable_across_runs_and_file_order(tmp_path: Path, data: dict) -> None:
    one = audit([str(write_org(tmp_path, data))], Config())
    again = audit([str(write_org(tmp_path, data))], Config())
    assert one.findings == again.findings
    # the same org split over two files, named so that the order flips
    folder = tmp_path / "split"
    folder.mkdir(exist_ok=True)
    units_first = {"units": data["units"]}
    rest = {k: v for k, v in data.items() if k != "units"}
    write_org(folder, rest, "a.yaml")
    write_org(folder, units_first, "b.yaml")
    split = audit([str(folder)], Config())
    assert split.findings == sort_findings(split.findings)
    assert sorted((f.code, f.entity.id, f.message) for f in split.findings) == \
        sorted((f.code, f.entity.id, f.message) for f in one.findings)
    assert split.metrics["handoffs"] == one.metrics["handoffs"]


VALID = (ROOT / "examples" / "bakery" / "org.yaml").read_bytes()


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edits=st.lists(st.tuples(st.integers(0, len(VALID) - 1), st.binary(max_size=3)),
                      min_size=1, max_size=4))
def test_byte_mutations_never_give_a_traceback(tmp_path: Path, edits, capsys,
                                               monkeypatch) -> None:
    data = bytearray(VALID)
    for pos, new in edits:
        data[pos:pos + 1] = new
    path = tmp_path / "mutated.yaml"
    path.write_bytes(bytes(data))
    monkeypatch.setenv("NO_COLOR", "1")
    code = main(["audit", str(path), "-f", "json"])
    out, err = capsys.readouterr()
    assert code in (0, 1), err
    assert "Traceback" not in err and "internal error" not in err
    json.loads(out)


def test_byte_mutations_on_stdin_too(monkeypatch, capsys) -> None:
    class Stdin:
        buffer = io.BytesIO(VALID.replace(b"units:", b"units: [", 1))

    monkeypatch.setattr("sys.stdin", Stdin)
    assert main(["audit", "-", "-f", "json"]) == 1
    assert json.loads(capsys.readouterr().out)["findings"][0]["code"] == "F002"
