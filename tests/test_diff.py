"""`custorg diff`: the comparison of scenarios.md on small orgs computed by hand, the
fingerprint matching, exit codes, errors per side, and escaping in every format."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from custorg.audit.engine import audit
from custorg.cli import main
from custorg.diff import compare, match_findings
from custorg.diff.markdown import md
from custorg.findings import Entity, Finding, Location, Severity

AS_IS = """\
units:
  - {id: board, kind: board}
  - {id: sales, parent: board, function: sales, name: Sales}
  - {id: shop, parent: sales}
  - {id: care, parent: board, function: service}
  - {id: old, parent: board}
processes:
  - {id: order, volume: 10, steps: [customer, shop, care, shop, care, customer]}
  - {id: gone, steps: [shop, care]}
"""
# shop moves under care (function sales -> service), sales is renamed, old is removed,
# new is added; order loses its ping-pong; gone is removed, fresh is new
TO_BE = """\
units:
  - {id: board, kind: board}
  - {id: sales, parent: board, function: sales, name: Sales and Service}
  - {id: care, parent: board, function: service}
  - {id: shop, parent: care}
  - {id: new, parent: sales}
processes:
  - {id: order, volume: 10, steps: [customer, shop, care, customer]}
  - {id: fresh, steps: [customer, new, customer]}
"""


@pytest.fixture
def sides(tmp_path: Path) -> tuple[Path, Path]:
    a, b = tmp_path / "as-is.yaml", tmp_path / "to-be.yaml"
    a.write_text(AS_IS, encoding="utf-8")
    b.write_text(TO_BE, encoding="utf-8")
    return a, b


def test_units_processes_silos_and_layers_by_hand(sides: tuple[Path, Path]) -> None:
    a, b = sides
    c = compare(audit([str(a)]), audit([str(b)]))
    d = c.units.as_dict()
    assert d["added"] == ["new"] and d["removed"] == ["old"]
    assert d["moved"] == [{"id": "shop", "from": "sales", "to": "care"}]
    assert d["renamed"] == [{"id": "sales", "from": "Sales", "to": "Sales and Service"}]
    # function(u) as derived: shop inherited sales, now service
    assert d["function_changed"] == [{"id": "shop", "from": "sales", "to": "service"}]
    # order: shop>care>shop>care = 3 handoffs, 2 ping-pongs; after: 1 handoff, none
    assert c.processes["order"] == {"handoffs": (3, 1), "cross_function": (3, 0),
                                    "unknown_function": (0, 0), "ping_pong": (2, 0),
                                    "contact_units": (2, 2)}
    assert c.processes["gone"]["handoffs"] == (1, None)
    assert c.processes["fresh"]["contact_units"] == (None, 1)
    assert list(c.processes) == ["fresh", "gone", "order"]
    # handoffs total 3+1 = 4 -> 1+0 = 1; weighted 30+1 -> 10+0
    assert c.metrics["handoffs_total"] == (4, 1)
    assert c.metrics["weighted_total"] == (31, 10)
    assert c.metrics["units"] == (5, 5)
    # as-is: sales-service ties 30 (order) + 1 (gone) = 31, all external; to-be: shop and
    # care are both service (10 inside), new (sales) has no ties: sales E+I = 0
    assert c.silos["service"] == {"ei_index": (1.0, -1.0), "silo": (False, True)}
    assert c.silos["sales"] == {"ei_index": (1.0, None), "silo": (False, True)}
    moved = {m.id: (m.before, m.after) for m in c.layers_moved}
    assert moved["old"] == ("disconnected", None)
    assert moved["new"] == (None, "front-line")


def test_findings_match_by_fingerprint_across_counts_and_lines() -> None:
    def p003(n: int, line: int, process: str = "p") -> Finding:
        return Finding("P003", "too-many-handoffs", Severity.WARNING,
                       f"process {process!r} has {n} handoffs", Location("a.yaml", line, 5),
                       Entity("process", process))

    before = [p003(9, 10), p003(6, 20, "q"), p003(7, 30, "q")]
    after = [p003(5, 80), p003(5, 90, "r")]
    fixed, introduced, unchanged = match_findings(before, after)
    # p: 9 -> 5 handoffs is the same finding; q had two (same fingerprint), both gone
    assert unchanged == 1
    assert [(f.entity.id, f.location.line) for f in fixed] == [("q", 20), ("q", 30)]
    assert [f.entity.id for f in introduced] == ["r"]


def test_cli_json_shape_and_exit_codes(sides: tuple[Path, Path],
                                       capsys: pytest.CaptureFixture[str]) -> None:
    a, b = sides
    assert main(["diff", str(a), str(b), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert list(data) == ["custorg", "as_is", "to_be", "units", "metrics", "processes",
                          "silos", "layers", "trade_offs", "findings"]
    assert data["as_is"] == {"files": [str(a)]}
    assert data["metrics"]["maturity"] == [1, 1]
    assert data["processes"]["gone"]["ping_pong"] == [0, None]
    introduced = {f["code"] for f in data["findings"]["introduced"]}
    assert "X001" in introduced  # the sales function has no ties in the to-be
    assert all(f["file"] == str(b) for f in data["findings"]["introduced"])
    assert all(f["file"] == str(a) for f in data["findings"]["fixed"])
    # the to-be introduces warnings: the gate fails at warning, passes at error
    assert main(["diff", str(a), str(b), "--fail-on-new", "warning", "-f", "json"]) == 1
    assert main(["diff", str(a), str(b), "--fail-on-new", "error", "-f", "json"]) == 0
    capsys.readouterr()
    assert main(["diff", str(a), str(b), "--fail-on-new", "sometimes"]) == 2
    assert "--fail-on-new must be one of" in capsys.readouterr().err
    assert main(["diff", str(a), str(b), "--format", "html"]) == 2


def test_errors_are_reported_per_side(sides: tuple[Path, Path], tmp_path: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    a, _ = sides
    broken = tmp_path / "broken.yaml"
    broken.write_text("units:\n  - {id: x, parent: nowhere}\n", encoding="utf-8")
    assert main(["diff", str(a), str(broken), "--format", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["as_is"]["errors"] == []
    [error] = data["to_be"]["errors"]
    assert (error["code"], error["line"], error["column"]) == ("S002", 2, 21)
    assert data["units"] is None and data["findings"] is None
    assert main(["diff", str(broken), str(a)]) == 1
    out = capsys.readouterr().out
    assert "The as-is org has errors that stop analysis (1)" in out
    assert f"{broken}:2:21  S002" in out
    assert main(["diff", str(broken), str(a), "--format", "markdown"]) == 1
    assert "**Errors in the as-is org (1)**" in capsys.readouterr().out


def test_standard_input_for_one_side(sides: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    import io

    a, b = sides
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(TO_BE.encode())))
    assert main(["diff", str(a), "-", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["units"]["added"] == ["new"]
    assert main(["diff", "-", "-"]) == 2
    assert "only one side" in capsys.readouterr().err


HOSTILE = """\
units:
  - {id: board, kind: board, name: "<script>alert(1)</script> | **bold** [x](javascript:alert(1))"}
  - {id: u, parent: board}
processes:
  - {id: p, steps: [customer, u, board, customer]}
"""


def test_hostile_names_are_escaped_in_markdown_and_text(
        write: Callable[..., Path], capsys: pytest.CaptureFixture[str]) -> None:
    a = write(AS_IS.replace("name: Sales", "name: Plain"), "a.yaml")
    b = write(HOSTILE, "b.yaml")
    assert main(["diff", str(a), str(b), "--format", "markdown"]) == 0
    out = capsys.readouterr().out
    assert not re.search(r"(?<!\\)<", out) and "[x](javascript" not in out
    assert "\\<script>" in out and "\\*\\*bold\\*\\*" in out
    # every table row keeps its cell count: the | in the name is escaped
    for line in out.splitlines():
        if line.startswith("| unit | change"):
            assert line.count(" | ") == 3
    # a line break is shown as `\n` (escape.markdown shows what escape.text shows)
    assert md("a|b\nc") == "a\\|b\\\\nc"
    assert main(["diff", str(a), str(b), "--format", "text"]) == 0
    text = capsys.readouterr().out
    assert "\x1b[" not in text and "javascript\u2236" in text


def test_same_org_has_no_changes(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", "examples/bakery", "examples/bakery", "--format", "json",
                 "--fail-on-new", "info"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["units"] == {"added": [], "removed": [], "moved": [], "renamed": [],
                             "function_changed": []}
    assert data["findings"] == {"fixed": [], "introduced": [], "unchanged": 1}
    assert data["layers"] == {"moved": []}
    assert all(b == a for b, a in data["metrics"].values())


def test_both_sides_use_the_config_found_from_as_is(tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    before, after = tmp_path / "as-is", tmp_path / "to-be"
    before.mkdir()
    after.mkdir()
    (before / "org.yaml").write_text(AS_IS, encoding="utf-8")
    (after / "org.yaml").write_text(TO_BE, encoding="utf-8")
    (before / "custorg.toml").write_text('ignore = ["X001"]\n', encoding="utf-8")
    assert main(["diff", str(before), str(after), "-f", "json"]) == 0
    introduced = [f["code"] for f in json.loads(capsys.readouterr().out)["findings"]
                  ["introduced"]]
    assert introduced and "X001" not in introduced
    # --config replaces it for both sides
    other = tmp_path / "other.toml"
    other.write_text("select = [\"X001\"]\n", encoding="utf-8")
    assert main(["diff", str(before), str(after), "-f", "json", "--config", str(other)]) == 0
    data = json.loads(capsys.readouterr().out)["findings"]
    assert [f["code"] for f in data["introduced"]] == ["X001", "X001"]


def test_text_marks_better_and_worse_in_colour(sides: tuple[Path, Path]) -> None:
    from custorg.diff.text_report import render

    a, b = sides
    out = render(compare(audit([str(a)]), audit([str(b)])), color=True)
    assert "\x1b[32mbetter" in out and "\x1b[31mworse" in out
    assert "Handoffs per process (as-is → to-be)" in out


def test_commands_are_listed(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    assert "diff" in out and "report" in out
    assert main(["diff", "--help"]) == 0
    assert "--fail-on-new" in capsys.readouterr().out


def test_markdown_stays_within_a_comment(write: Callable[..., Path]) -> None:
    from custorg.diff.markdown import MAX_ROWS, render

    many = "units:\n  - {id: top}\n" + "".join(
        f"  - {{id: u{i}, parent: top}}\n" for i in range(120))
    c = compare(audit([str(write(AS_IS, "a.yaml"))]), audit([str(write(many, "b.yaml"))]))
    out = render(c)
    # 121 added (top, u0..u119) and 5 removed (board, sales, shop, care, old): 126 rows
    assert len(c.units.added) + len(c.units.removed) == 126
    assert f"… and {126 - MAX_ROWS} more (every one is in `--format json`)." in out
    assert len(out) < 65_536


@pytest.mark.parametrize("found", [True, False])
def test_diff_never_writes_over_its_config(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                           found: bool) -> None:
    """-o naming the config file the run read (found beside AS_IS, or --config) is refused
    and the config is left as it was."""
    before, after = tmp_path / "as-is", tmp_path / "to-be"
    before.mkdir()
    after.mkdir()
    (before / "org.yaml").write_text(AS_IS, encoding="utf-8")
    (after / "org.yaml").write_text(TO_BE, encoding="utf-8")
    config = before / "custorg.toml" if found else tmp_path / "rules.toml"
    config.write_text('ignore = ["X001"]\n', encoding="utf-8")
    args = ["diff", str(before), str(after), "-o", str(config)]
    code = main(args if found else [*args, "--config", str(config)])
    assert code == 2
    assert "would overwrite an input file" in capsys.readouterr().err
    assert config.read_text(encoding="utf-8") == 'ignore = ["X001"]\n'
