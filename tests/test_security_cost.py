"""Issue 10, cost a small file can force: work bounds (no timing: bench/ measures time).
One long process of broken steps, one project of thousands of units, a process through
thousands of units."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from custorg.audit.config import Config
from custorg.cli import main


def _count_sizes(monkeypatch) -> list[int]:  # type: ignore[no-untyped-def]
    """Count the Locator's walks through a container (its `_size`): [calls so far]."""
    from custorg.orgfile import loadfast

    calls = [0]
    size = loadfast.Locator._size

    def counted(self, node, where):  # type: ignore[no-untyped-def]
        calls[0] += 1
        return size(self, node, where)

    monkeypatch.setattr(loadfast.Locator, "_size", counted)
    return calls


def test_locating_many_findings_in_one_entity_is_not_quadratic(capsys, tmp_path: Path,
                                                              monkeypatch) -> None:
    """9. 10,000 broken steps took over 60 s: each location re-walked the steps before."""

    n = 3000
    path = tmp_path / "org.yaml"
    path.write_text("units: [{id: a}]\nprocesses:\n  - id: p\n    steps:\n" +
                    "".join(f"      - x{i}\n" for i in range(n)))
    calls = _count_sizes(monkeypatch)
    assert main(["validate", str(path), "-f", "json"]) == 1
    findings = json.loads(capsys.readouterr().out)["findings"]
    assert len(findings) == n
    assert [f["line"] for f in findings] == list(range(5, 5 + n))
    assert all(f["column"] == 9 for f in findings)
    assert calls[0] <= 4 * n, calls  # was n * n / 2


def _project_org(k: int, functions: int = 3) -> str:
    units = "".join(f"  - {{id: u{i}, function: f{i % functions}}}\n" for i in range(k))
    members = ", ".join(f"u{i}" for i in range(k))
    return (f"units:\n{units}  - {{id: lone, function: other}}\n"
            "stakeholders: [{id: c, kind: customer}]\n"
            "contact_points: [{need: buy, unit: u0}]\n"
            f"projects:\n  - {{id: big, units: [{members}]}}\n")


def test_a_big_project_is_a_hub_not_a_clique(tmp_path: Path) -> None:
    """10. a project of 8,000 units needed 8.2 GB for its pairs. The analysis keeps no
    pair; the numbers are those of the pairs (k units of F: k(k-1)/2 inside, k*m out)."""
    from custorg.audit.engine import audit

    k = 1500
    path = tmp_path / "org.yaml"
    path.write_text(_project_org(k))
    report = audit([str(path)], Config())
    analysis = report.analysis
    assert analysis is not None
    assert len(analysis.ties) == 0 and len(analysis.relations) == 1  # no pair kept
    per = k // 3
    silo = report.metrics["silos"]["f0"]  # type: ignore[index]
    assert silo["internal"] == per * (per - 1) // 2
    assert silo["external"] == per * (k - per)
    assert report.metrics["silos"]["other"]["external"] == 0  # type: ignore[index]
    # every unit of the project is one step from u0, which the customer contacts
    assert analysis.distance["u0"] == 1
    assert {analysis.distance[f"u{i}"] for i in range(1, k)} == {2}
    assert analysis.layers["u7"] == "support"
    assert "lone" not in analysis.distance


def test_big_project_diagram_counts_pairs_per_box(capsys, tmp_path: Path) -> None:
    path = tmp_path / "org.yaml"
    path.write_text(_project_org(900))
    assert main(["diagram", str(path), "--view", "interfaces", "-f", "dot"]) == 0
    out, err = capsys.readouterr()
    assert "digraph" in out or "graph" in out
    assert "folded" in err or "note" in err


def _flat_process(units: int, functions: int, steps: int | None = None) -> str:
    body = "".join(f"  - {{id: u{i}, function: f{i % functions}}}\n" for i in range(units))
    chain = ", ".join(f"u{i % units}" for i in range(steps or units))
    return f"units:\n{body}processes:\n  - {{id: p, steps: [customer, {chain}, customer]}}\n"


@pytest.mark.parametrize("functions, lanes", [(5, 6), (40, 15)])
def test_process_lanes_fold_by_function_when_all_units_are_at_the_top(
        capsys, tmp_path: Path, functions: int, lanes: int) -> None:
    """11. 20,000 lanes took 4.7 GB and crashed Graphviz: lanes of top units never folded.
    Past MAX_LANES they fold by function, past it again into one lane for the rest."""
    path = tmp_path / "org.yaml"
    path.write_text(_flat_process(400, functions))
    more = ["--max-nodes", "500"]  # room for every step (past it, steps fold: item 14)
    assert main(["diagram", str(path), "--view", "process", "--process", "p",
                 "-f", "dot", *more]) == 0
    out, err = capsys.readouterr()
    assert len(set(re.findall(r"cluster_lane\d+", out))) == lanes  # with the customer's
    assert "lanes show functions" in err
    assert len(re.findall(r"^\s*s\d+ \[", out, re.M)) == 402  # no step is hidden
    assert main(["diagram", str(path), "--view", "process", "--process", "p",
                 "-f", "mermaid", *more]) == 0
    out, err = capsys.readouterr()
    assert out.count("subgraph lane") == lanes
    assert len(re.findall(r"^    s\d+\[", out, re.M)) == 402


def test_process_lanes_fold_by_depth_on_a_deep_chain(capsys, tmp_path: Path) -> None:
    """11. a chain 400 units deep, every one a step: the deepest cut with 14 unit lanes."""
    n = 400
    units = "units:\n  - {id: u0}\n" + "".join(
        f"  - {{id: u{i}, parent: u{i - 1}}}\n" for i in range(1, n))
    steps = ", ".join(f"u{i}" for i in range(n))
    path = tmp_path / "org.yaml"
    path.write_text(units + f"processes:\n  - {{id: p, steps: [customer, {steps}]}}\n")
    assert main(["diagram", str(path), "--view", "process", "--process", "p",
                 "-f", "mermaid"]) == 0
    out, err = capsys.readouterr()
    assert out.count("subgraph lane") == 15  # the customer and units u0..u13
    assert "down to depth 13" in err


def test_process_lanes_follow_max_nodes(capsys, tmp_path: Path) -> None:
    path = tmp_path / "org.yaml"
    path.write_text(_flat_process(30, 30))
    assert main(["diagram", str(path), "--view", "process", "--process", "p",
                 "-f", "mermaid", "--max-nodes", "5"]) == 0
    out, _ = capsys.readouterr()
    assert out.count("subgraph lane") == 6  # the customer, 4 functions, the rest
    assert "26 other units (26 functions)" in out


class _Counted(str):
    """A string that counts the comparisons made with it (list membership compares with
    every element; a set or dict compares on a hash match only)."""

    compared = 0
    __hash__ = str.__hash__

    def __eq__(self, other: object) -> bool:
        _Counted.compared += 1
        return str.__eq__(self, other)


def test_collapsing_a_long_run_of_distinct_activities_is_linear() -> None:
    """Issue 18, 6. One case of 80,000 events in one unit, each of another activity: the
    run's activities were a list tested for membership (32 s, both engines)."""
    from custorg.mining.tally import collapse

    n = 4000
    activities = [_Counted(f"act {i}") for i in range(n)] + [_Counted("act 0")]
    _Counted.compared = 0
    path, runs = collapse(["A"] * (n + 1), activities)
    assert path == ("A",)
    assert runs is not None and len(runs[0]) == n and runs[0][-1] == "act 3999"
    assert _Counted.compared <= 2 * n, _Counted.compared  # was n * n / 2


def _lines_run(function, *args):  # type: ignore[no-untyped-def]
    """(result, lines executed inside `function`): a count of work, not a time."""
    import sys

    code, lines = function.__code__, 0

    def tracer(frame, event, arg):  # type: ignore[no-untyped-def]
        nonlocal lines
        if frame.f_code is not code:
            return None
        if event == "line":
            lines += 1
        return tracer

    sys.settrace(tracer)
    try:
        result = function(*args)
    finally:
        sys.settrace(None)
    return result, lines


def test_unit_ids_of_values_that_differ_in_white_space_are_linear() -> None:
    """Issue 18, 6. `mine -o` with 40,000 unit values that differ only in white space took
    226 s: each value searched its suffix from -2 again."""
    from custorg.mining.writer import unit_ids

    def work(n: int) -> int:
        values = ["a" + " " * i + "b" for i in range(1, n + 1)] + ["a-b-3", "a-b"]
        ids, lines = _lines_run(unit_ids, values, {"a-b-2"})
        assert ids["a b"] == "a-b" and ids["a  b"] == "a-b-3" and ids["a   b"] == "a-b-4"
        assert ids["a-b-3"] == "a-b-3-2" and ids["a-b"] == f"a-b-{n + 2}"
        assert len(set(ids.values())) == n + 2
        return lines

    small, large = work(500), work(2000)
    assert large <= 5 * small, (small, large)  # linear: 4x; it was 16x


def test_locating_many_keys_of_one_entity_is_not_quadratic(capsys, tmp_path: Path,
                                                           monkeypatch) -> None:
    """Issue 26: the line scanner's key tables answer a field of an entity in one lookup;
    an entity of thousands of keys is located through the Locator's cached offsets, not
    by a search of its key table per finding (n findings, n keys: n * n / 2)."""
    from custorg.orgfile import loadfast
    from custorg.orgfile.load import parse_text

    n = 3000
    path = tmp_path / "org.yaml"
    path.write_text("units:\n  - id: a\n" + "".join(f"    k{i}: x\n" for i in range(n)))
    document, _ = parse_text(path.read_text(), str(path))
    assert document is not None and document.path_kind == "scan"
    calls = _count_sizes(monkeypatch)
    searched: list[int] = []  # sizes of the mappings whose key table was searched
    key_mark = loadfast._key_mark

    def watched(node, part, table):  # type: ignore[no-untyped-def]
        found = key_mark(node, part, table)
        searched.extend([len(node)] * (found >= 0))
        return found

    monkeypatch.setattr(loadfast, "_key_mark", watched)
    assert main(["validate", str(path), "-f", "json"]) == 1
    findings = json.loads(capsys.readouterr().out)["findings"]
    assert [(f["line"], f["column"]) for f in findings] == [(3 + i, 5) for i in range(n)]
    assert calls[0] <= 4 * n, calls
    assert all(size <= loadfast.SMALL for size in searched), max(searched)
