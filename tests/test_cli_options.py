"""Options and messages of the commands as a newcomer meets them (issue 13): output
extensions, missing programs, common options on every command, terminal width, progress."""

from __future__ import annotations

from pathlib import Path

import pytest

from custorg.cli import main
from custorg.diagrams import render as R

ROOT = Path(__file__).resolve().parent.parent
BAKERY = str(ROOT / "examples" / "bakery")
TELECOM = str(ROOT / "examples" / "telecom")


# ----------------------------------------------------------------------------- item 9


@pytest.mark.parametrize("args", [["-o", "x.jpg"], ["--format", "svg", "-o", "x.png"],
                                  ["--format", "png", "-o", "x.svg"],
                                  ["--format", "dot", "-o", "x.mmd"]])
def test_an_output_extension_that_lies_is_a_usage_error(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str]) -> None:
    args = [str(tmp_path / a) if a.startswith("x.") else a for a in args]
    assert main(["diagram", BAKERY, "--view", "hierarchy", *args]) == 2
    err = capsys.readouterr().err
    assert "custorg: error:" in err and ("cannot write a .jpg file" in err
                                         or "disagree" in err)
    assert list(tmp_path.iterdir()) == []


def test_an_agreeing_or_missing_extension_is_fine(tmp_path: Path) -> None:
    assert main(["diagram", BAKERY, "--view", "hierarchy", "--format", "dot",
                 "-o", str(tmp_path / "x.GV")]) == 0
    assert (tmp_path / "x.GV").read_text(encoding="utf-8").count("digraph custorg {") == 1
    assert main(["diagram", BAKERY, "--view", "hierarchy", "--format", "dot",
                 "-o", str(tmp_path / "chart")]) == 0
    assert (tmp_path / "chart").read_text(encoding="utf-8").count("digraph custorg {") == 1


# ----------------------------------------------------------------------------- item 8


def test_a_missing_renderer_program_is_exit_2_not_the_findings_code(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(R.shutil, "which", lambda name: None)
    out = tmp_path / "chart.svg"
    assert main(["diagram", BAKERY, "--view", "hierarchy", "--renderer", "system",
                 "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert "no Graphviz `dot` executable" in err and "dot -T" not in err
    assert (tmp_path / "chart.dot").exists() and not out.exists()


def test_after_a_timeout_the_advice_is_a_custorg_command(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    def slow(*_: object, **__: object) -> R.Rendered:
        raise R.RenderTimeout("the layout did not finish within 1 s")

    monkeypatch.setattr(R, "render", slow)
    monkeypatch.setattr("shutil.which", lambda name: None)
    out = tmp_path / "big chart.png"
    assert main(["diagram", TELECOM, "--view", "radial", "-o", str(out),
                 "--timeout", "1"]) == 1
    err = capsys.readouterr().err
    assert f"custorg diagram {TELECOM} --view radial --format png -o '{out}' --depth 1" in err
    assert "neato" not in err and "--timeout 120" in err
    assert main(["diagram", TELECOM, "--view", "radial", "-o", str(out), "--depth", "3"]) == 1
    err = capsys.readouterr().err  # an explicit --depth is never overridden by --max-nodes
    assert f"-o '{out}' --depth 2 (or one part with --root UNIT), or allow" in err
    assert "--max-nodes" not in err
    assert main(["diagram", TELECOM, "--view", "radial", "-o", str(out), "--depth", "0"]) == 1
    err = capsys.readouterr().err  # nothing shallower than depth 0
    assert "draw one part with --root UNIT, or allow more time" in err and "--depth" not in err


# ----------------------------------------------------------------------------- item 10


@pytest.mark.parametrize("args", [
    ["metrics", BAKERY, "-q"], ["metrics", BAKERY, "--select", "C"],
    ["metrics", BAKERY, "--ignore", "P003"], ["validate", BAKERY, "--config", "{toml}"],
    ["diagram", BAKERY, "--view", "hierarchy", "--format", "dot", "--no-color"],
    ["diagram", BAKERY, "--view", "hierarchy", "--format", "dot", "-q"],
    ["explain", "P003", "--config", "{toml}", "--no-color"],
])
def test_common_options_are_accepted_where_they_mean_something(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str]) -> None:
    toml = tmp_path / "custorg.toml"
    toml.write_text("max-span = 8\n", encoding="utf-8")
    assert main([a.replace("{toml}", str(toml)) for a in args]) == 0
    out = capsys.readouterr().out
    assert out.strip()


def test_validate_checks_the_config_it_is_given(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    toml = tmp_path / "custorg.toml"
    toml.write_text("max-spam = 8\n", encoding="utf-8")
    assert main(["validate", BAKERY, "--config", str(toml)]) == 2
    assert "unknown key `max-spam`" in capsys.readouterr().err


def test_metrics_quiet_is_the_headline_and_the_maturity(
        capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["metrics", TELECOM, "-q", "--no-color"]) == 0
    lines = [line for line in capsys.readouterr().out.splitlines() if line]
    assert len(lines) == 2 and lines[0].startswith("32 units") \
        and lines[1].startswith("Maturity: level")


def test_diagram_quiet_drops_the_notes(tmp_path: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    args = ["diagram", TELECOM, "--view", "hierarchy", "--format", "dot", "--max-nodes", "5"]
    assert main(args) == 0
    assert "custorg: note:" in capsys.readouterr().err
    assert main([*args, "-q"]) == 0
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize("command", ["audit", "validate", "metrics", "diagram", "explain",
                                     "schema", "init", "mine", "diff", "report",
                                     "import table", "import organogram"])
def test_help_shows_metavars_not_python_types(
        capsys: pytest.CaptureFixture[str], command: str) -> None:
    assert main([*command.split(), "--help"]) == 0
    out = capsys.readouterr().out
    assert "<" not in out and "list[str]" not in out, out
    if command in ("audit", "validate", "metrics", "diagram"):
        assert "PATH..." in out and "--output FILE" in out and "--config FILE" in out
    if command in ("mine", "diff", "report"):  # issue 21 item 17: was `<str>`
        assert "--format FORMAT" in out or "--compare TO_BE" in out


# ----------------------------------------------------------------------------- item 12


def _wide(report_args: list[str], monkeypatch: pytest.MonkeyPatch,
          capsys: pytest.CaptureFixture[str], tty: bool) -> list[str]:
    import os

    monkeypatch.setattr("sys.stdout.isatty", lambda: tty)
    monkeypatch.setattr("shutil.get_terminal_size",
                        lambda fallback=(80, 24): os.terminal_size((80, 24)))
    monkeypatch.setenv("NO_COLOR", "1")
    main(report_args)
    return capsys.readouterr().out.splitlines()


def test_text_fits_the_terminal_width(monkeypatch: pytest.MonkeyPatch,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    lines = _wide(["metrics", TELECOM], monkeypatch, capsys, tty=True)
    assert max(map(len, lines)) <= 80
    assert any(line.startswith("Handoffs per process") for line in lines)
    text = "\n".join(lines)
    # numbers are never cut: short headers, explained in the caption, make room
    assert " 116804 " in text and " 12000 " in text and "vol: volume" in text
    assert "installation-scheduli" in text  # a long process id folds instead


def test_piped_text_keeps_its_fixed_width(monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    lines = _wide(["metrics", TELECOM], monkeypatch, capsys, tty=False)
    assert 80 < max(map(len, lines)) <= 120  # as before: the goldens stay stable
    assert any("contact units" in line and "ping-pong" in line for line in lines)


# ----------------------------------------------------------------------------- item 16


def test_progress_reaches_the_callback_and_never_piped_output(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from custorg.audit.engine import audit

    calls: list[tuple[int, int | None]] = []
    audit([TELECOM], on_progress=lambda done, total: calls.append((done, total)))
    totals = {total for _, total in calls}
    assert len(totals) == 1 and calls[-1][0] == calls[-1][1]  # one count, to the end
    assert [done for done, _ in calls] == sorted(done for done, _ in calls)
    monkeypatch.setattr("custorg.cli.progress.DELAY", 0.0)
    assert main(["audit", TELECOM, "--fail-on", "never"]) == 0
    err = capsys.readouterr().err
    assert err == ""  # stderr is not a terminal here: no bar


def test_progress_is_shown_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    from custorg.cli import progress

    seen: list[tuple[int, int | None]] = []
    monkeypatch.setattr(progress, "wanted", lambda: True)
    monkeypatch.setattr(progress, "DELAY", 0.0)

    class Bar:
        def __init__(self, *_: object, **__: object) -> None: ...
        def start(self) -> None: ...
        def stop(self) -> None: ...
        def add_task(self, label: str, total: int | None) -> int:
            assert label == "Auditing"
            return 1
        def update(self, task: int, completed: int, total: int | None) -> None:
            seen.append((completed, total))

    monkeypatch.setattr("rich.progress.Progress", Bar)
    assert main(["audit", TELECOM, "--fail-on", "never", "-o", "/dev/null"]) == 0
    assert seen and seen[-1][0] == seen[-1][1] and seen[-1][1] > 20  # files + rules


# ----------------------------------------------------------------------------- item 17


def test_metrics_csv_per_unit(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import csv
    import io

    org = tmp_path / "org.yaml"
    org.write_text(
        "units:\n  - {id: board, name: Zarząd}\n"
        "  - {id: sales, name: \"=HYPERLINK(1)\", parent: board, function: sales, "
        "customer_contact: direct, headcount: 12}\n"
        "  - {id: back, name: \"+Back\", parent: sales}\n"
        "processes:\n  - {id: order, steps: [customer, sales, back, sales, customer]}\n",
        encoding="utf-8")
    assert main(["metrics", str(org), "--format", "csv", "--per", "unit"]) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert rows[0] == ["id", "name", "function", "depth", "span", "layer",
                       "evidence_distance", "fte", "headcount", "findings"]
    by_id = {row[0]: row for row in rows[1:]}
    assert list(by_id) == ["board", "sales", "back"]
    assert by_id["board"][1:6] == ["Zarząd", "", "0", "1", "management"]
    assert by_id["sales"][1:] == ["'=HYPERLINK(1)", "sales", "1", "1", "front-line", "1",
                                  "", "12", "1"]  # S006 is about sales
    assert by_id["back"][1:] == ["'+Back", "sales", "2", "0", "support", "2", "", "", "0"]
    assert by_id["board"][9] == "1"
    assert main(["metrics", str(org), "--format", "csv", "--per", "unit",
                 "--ignore", "S006"]) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert [row[9] for row in rows[1:]] == ["0", "0", "0"]


@pytest.mark.parametrize("args", [["--per", "unit"], ["--format", "csv", "--per", "team"]])
def test_per_unit_needs_csv_and_knows_only_units(
        capsys: pytest.CaptureFixture[str], args: list[str]) -> None:
    assert main(["metrics", BAKERY, *args]) == 2
    assert "--per" in capsys.readouterr().err


def test_csv_cells_are_neutralised() -> None:
    import csv
    import io

    from custorg.formatters.csv import write

    texts = ("=1+2", "+1", "-1", "@SUM(A1)", "\tx", "\rx", "Sales", "")
    table = write(("text", "number"), [(text, -0.5) for text in texts])
    rows = list(csv.reader(io.StringIO(table)))[1:]
    assert [row[0] for row in rows] == ["'" + t for t in texts[:6]] + ["Sales", ""]
    assert {row[1] for row in rows} == {"-0.5"}  # numbers stay numbers


def test_a_silent_stretch_still_shows_the_bar(monkeypatch: pytest.MonkeyPatch) -> None:
    """The heartbeat re-sends the last count, so a long step that reports nothing (one
    big file, the layout) still brings the bar up after the delay."""
    import time

    from custorg.cli import progress

    seen: list[int] = []
    monkeypatch.setattr(progress, "wanted", lambda: True)
    monkeypatch.setattr(progress, "DELAY", 0.0)

    class Bar:
        def __init__(self, *_: object, **__: object) -> None: ...
        def start(self) -> None: ...
        def stop(self) -> None: ...
        def add_task(self, label: str, total: int | None) -> int:
            return 1
        def update(self, task: int, completed: int, total: int | None) -> None:
            seen.append(completed)

    monkeypatch.setattr("rich.progress.Progress", Bar)
    with progress.steady("Rendering") as tick:
        monkeypatch.setattr(progress, "DELAY", 1e9)
        tick(3, 10)  # the work's only tick comes before the delay: no bar from it
        assert seen == []
        monkeypatch.setattr(progress, "DELAY", 0.0)
        deadline = time.monotonic() + 30  # a hang guard, not a timing assertion
        while not seen and time.monotonic() < deadline:
            time.sleep(0.05)  # the work reports nothing meanwhile
    assert seen and set(seen) == {3}
