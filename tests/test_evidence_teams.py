"""T006 (docs/teams.md): an x-as-a-service interface whose mined traffic flows back is not
self-service. The complete findings of small logs through the evidence core, and both
engines through the installed command."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from custorg.evidence.service import bounces, shared_cases
from custorg.findings import Entity, Location, Severity
from custorg.mining.tally import Mined
from evidence_helpers import evidence_of

HEAD = "case,time,unit,activity,resource\n"
ORG = """\
units:
  - {id: platform, name: Platform team, team_type: platform}
  - {id: rides, team_type: stream-aligned}
  - {id: ops}
interfaces:
  - {from: ops, to: rides, mode: collaboration, until: 2999-12-31}
  - {from: platform, to: rides, mode: x-as-a-service}
"""
XAAS_LINE = 7  # the x-as-a-service interface's line in ORG


def _log(*paths: str) -> str:
    """One case per path ("platform rides platform"), an hour between events."""
    rows = [f"{n},2024-03-04T{9 + i:02d}:00,{unit},work,ann"
            for n, path in enumerate(paths, 1) for i, unit in enumerate(path.split())]
    return HEAD + "\n".join(rows) + "\n"


FORWARD = ["platform rides"] * 10
RETURN = FORWARD + ["rides platform"] * 3  # 3 back for 10 forward: exactly 30%


def test_forward_only_traffic_is_self_service(tmp_path: Path) -> None:
    assert evidence_of(_log(*FORWARD), ORG, tmp_path, min_events=10).findings == []
    # the collaboration's traffic flows both ways: only x-as-a-service is judged
    both_ways = _log(*(["ops rides", "rides ops"] * 10))
    assert evidence_of(both_ways, ORG, tmp_path, min_events=1).findings == []


def test_return_flow(tmp_path: Path) -> None:
    (f,) = evidence_of(_log(*RETURN), ORG, tmp_path, min_events=10).findings
    assert (f.code, f.rule, f.severity, f.entity, f.location) == (
        "T006", "x-as-a-service-not-self-service", Severity.WARNING,
        Entity("interface", "platform->rides"),
        Location(str(tmp_path / "org.yaml"), XAAS_LINE, 5))
    assert f.message == (
        "The x-as-a-service interface from Platform team (platform) to 'rides' is not "
        "self-service: 3 handoffs back to the provider for 10 to the consumer (30%), "
        "ping-pong between them in 0 of the 13 cases with both (0%) (mined handoffs): make "
        "the service consumable on its own, or declare the collaboration it is")
    # exact comparisons: 3 of 10 reaches 0.3, 2 of 10 does not
    assert evidence_of(_log(*RETURN[:-1]), ORG, tmp_path, min_events=10).findings == []
    assert evidence_of(_log(*RETURN), ORG, tmp_path, min_events=10,
                       xaas_return_share=0.31).findings == []
    renamed = evidence_of(_log(*RETURN), ORG.replace("Platform team", "Cloud"), tmp_path,
                          min_events=10).findings[0]
    assert renamed.message != f.message and renamed.fingerprint() == f.fingerprint()


def test_ping_pong(tmp_path: Path) -> None:
    # 19 straight cases and one that goes rides, platform, rides: 20 forward, 1 back (5%,
    # under 30%); ping-pong in 1 of the 20 cases with both: 5%
    log = _log(*(["platform rides"] * 19 + ["rides platform rides"]))
    (f,) = evidence_of(log, ORG, tmp_path, min_events=20).findings
    assert (f.code, f.entity) == ("T006", Entity("interface", "platform->rides"))
    assert "1 handoffs back to the provider for 20 to the consumer (5%), ping-pong between " \
        "them in 1 of the 20 cases with both (5%)" in f.message
    assert evidence_of(log, ORG, tmp_path, min_events=20,
                       xaas_pingpong_share=0.06).findings == []
    # one more straight case: 1 of 21 is under 5%
    more = _log(*(["platform rides"] * 20 + ["rides platform rides"]))
    assert evidence_of(more, ORG, tmp_path, min_events=20).findings == []
    # platform, ops, platform is no ping-pong between platform and rides
    other = _log(*(["platform rides"] * 19 + ["platform ops platform rides"]))
    assert evidence_of(other, ORG, tmp_path, min_events=20).findings == []


def test_below_min_events(tmp_path: Path) -> None:
    assert evidence_of(_log(*RETURN), ORG, tmp_path, min_events=11).findings == []
    assert evidence_of(_log(*RETURN), ORG, tmp_path).findings == []  # default 50
    # without --org there is no interface to judge
    assert evidence_of(_log(*RETURN), min_events=1).findings == []


def test_shared_cases_count_cases_not_paths() -> None:
    mined = Mined("log.csv")
    mined.add_variant(("a", "b", "a"), 3, 0, None)
    mined.add_variant(("b", "c", "b", "a"), 2, 1, None)
    mined.add_variant(("c",), 5, 2, None)
    both, bounced = shared_cases(mined, [("b", "a"), ("c", "b")])
    assert (dict(both), dict(bounced)) == ({("a", "b"): 5, ("b", "c"): 2},
                                           {("a", "b"): 3, ("b", "c"): 2})
    assert bounces(("a", "b", "c", "b")) == {("b", "c")}


def _custorg(*args: str, code: int = 0) -> str:
    """The installed command (a subprocess), its standard output; exit code checked."""
    done = subprocess.run([sys.executable, "-m", "custorg", *args], capture_output=True,
                          text=True, encoding="utf-8", check=False)
    assert done.returncode == code, done.stderr
    return done.stdout


def test_both_engines_through_the_command(tmp_path: Path) -> None:
    pytest.importorskip("duckdb")
    log = tmp_path / "log.csv"
    log.write_text(_log(*(RETURN + ["rides platform rides"])).replace(
        HEAD, "case:concept:name,time:timestamp,org:group,concept:name,org:resource\n"),
        encoding="utf-8")
    org = tmp_path / "org.yaml"
    org.write_text(ORG, encoding="utf-8")
    (tmp_path / "custorg.toml").write_text("min-events = 10\n", encoding="utf-8")
    found = []
    for engine in ("python", "duckdb"):
        out = _custorg("mine", str(log), "--org", str(org), "--format", "json",
                       "--engine", engine)
        found.append(json.loads(out)["findings"])
    assert found[0] == found[1] == [{
        "code": "T006", "rule": "x-as-a-service-not-self-service", "severity": "warning",
        "message": "The x-as-a-service interface from Platform team (platform) to 'rides' "
                   "is not self-service: 4 handoffs back to the provider for 11 to the "
                   "consumer (36%), ping-pong between them in 1 of the 14 cases with both "
                   "(7%) (mined handoffs): make the service consumable on its own, or "
                   "declare the collaboration it is",
        "file": str(org), "line": XAAS_LINE, "column": 5,
        "entity": {"kind": "interface", "id": "platform->rides"}}]
    _custorg("mine", str(log), "--org", str(org), "--fail-on", "warning", code=1)
