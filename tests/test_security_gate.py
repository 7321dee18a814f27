"""Issue 18, item 4: no byte any command writes runs as a GitHub workflow command.

One parametrised test runs every command and format on a hostile org, event log and HR
export (names, ids, file names, column values, config keys with `::error::x`,
`\\u00a0::warning::y`, `\\u3000::`, `##[group]`, ESC OSC 8 and bidi controls) and reads
stdout and stderr as GitHub's runner does: a line is a command when it holds `##[`
anywhere or starts with `::` after any C# white space (`TrimStart()`); only the github
formatter's own annotations may start with `::`."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from custorg.cli import main

# C# char.IsWhiteSpace: what the runner's Trim() strips before it looks for `::`
RUNNER_WHITE_SPACE = ("\t\n\x0b\x0c\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005"
                      "\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000")
OSC8 = "\x1b]8;;http://evil\x1b\\link\x1b]8;;\x1b\\"
HOSTILE = ["::error::x", "\u00a0::warning::y", "\u3000::notice::z", "##[group]g", OSC8,
           "\u202eevil", "\u2003::add-mask::m"]
ANNOTATION = re.compile(r"::(error|warning|notice) [^\n]*")


def runner_commands(text: str, annotations: bool = False) -> list[str]:
    """The lines of `text` a GitHub runner would execute (`annotations`: lines of the
    github formatter, one `::command props::data` each, are its own and allowed)."""
    found = []
    for line in re.split(r"\r\n|\r|\n", text):
        if annotations and ANNOTATION.fullmatch(line):
            if "##[" in line:
                found.append(line)
            continue
        if "##[" in line or line.lstrip(RUNNER_WHITE_SPACE).startswith("::"):
            found.append(line)
    return found


def _q(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


@pytest.fixture(autouse=True)
def _plain(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A hostile org (as-is and to-be), event log, HR export and config."""
    base = tmp_path_factory.mktemp("hostile")
    orgs = {}
    for side, extra in (("org", ""), ("to-be", "x")):
        folder = base / side
        folder.mkdir()
        units = [f"  - {{id: a{extra}, name: {_q('A' + HOSTILE[0] + OSC8)}, "
                 f"function: {_q('sales' + HOSTILE[1])}}}"]
        units += [f"  - {{id: {_q('u' + str(i) + h)}, name: {_q(h + chr(10) + h)}, "
                  f"function: {_q(h)}, parent: a{extra}}}" for i, h in enumerate(HOSTILE)]
        steps = ", ".join(_q("u" + str(i) + h) for i, h in enumerate(HOSTILE))
        (folder / "\u00a0::warning::file.yaml").write_text(
            "units:\n" + "\n".join(units) + "\n"
            f"processes:\n  - {{id: {_q('p' + HOSTILE[3])}, steps: [customer, a{extra}, "
            f"{steps}, a{extra}, customer], volume: 3}}\n"
            "interfaces:\n"
            f"  - {{from: a{extra}, to: {_q('u0' + HOSTILE[0])}, "
            f"coordination: {_q(HOSTILE[2])}}}\n", encoding="utf-8")
        orgs[side] = folder
    log = base / "::error::x.csv"
    rows = [f"c{i % 3},{_q('u' + h)},2024-01-0{1 + i // 3}T0{i % 10}:00:00,{_q(h)}"
            for i, h in enumerate(HOSTILE * 2)]
    log.write_text("case:concept:name,org:group,time:timestamp,concept:name\n"
                   + "\n".join(rows) + "\n", encoding="utf-8")
    bad_log = base / "##[group]bad.csv"
    bad_log.write_text("case:concept:name,org:group,time:timestamp\n"
                       f"c1,a,{_q(OSC8 + HOSTILE[0])}\n", encoding="utf-8")
    export = base / "\u3000::export.csv"
    export.write_text("id,parent,name\n" + "".join(
        f"{_q('e' + str(i) + h)},{'' if i == 0 else _q('e0' + HOSTILE[0])},{_q(h)}\n"
        for i, h in enumerate(HOSTILE)), encoding="utf-8")
    config = base / "custorg.toml"
    config.write_text(f"[thresholds]\n{_q(HOSTILE[0] + HOSTILE[3])} = 1\n", encoding="utf-8")
    return {**orgs, "log": log, "bad_log": bad_log, "export": export, "config": config,
            "base": base}


def _commands() -> list[tuple[str, list[str]]]:
    org, log = "{org}", "{log}"
    out: list[tuple[str, list[str]]] = []
    for command in ("audit", "validate"):
        out += [(f"{command} {f}", [command, org, "-f", f])
                for f in ("text", "json", "sarif", "github", "gitlab")]
    out += [("audit each", ["audit", "--each", org, "{to-be}"]),
            ("audit statistics", ["audit", org, "--statistics"])]
    out += [(f"metrics {f}", ["metrics", org, "-f", f]) for f in ("text", "json", "csv")]
    out.append(("metrics per unit", ["metrics", org, "-f", "csv", "--per", "unit"]))
    for view in ("hierarchy", "customer-on-top", "radial", "interfaces", "process"):
        process = ["--process", "p" + HOSTILE[3]] if view == "process" else []
        formats = ("dot", "svg") + (("mermaid",) if view != "radial" else ())
        out += [(f"diagram {view} {f}", ["diagram", org, "--view", view, *process, "-f", f])
                for f in formats]
    out += [(f"diff {f}", ["diff", org, "{to-be}", "-f", f])
            for f in ("text", "json", "markdown")]
    out += [("report", ["report", org]),
            ("mine text", ["mine", log]), ("mine json", ["mine", log, "-f", "json"]),
            ("mine malformed", ["mine", "{bad_log}"]),
            ("mine missing column", ["mine", log, "--unit", HOSTILE[0] + HOSTILE[3]]),
            ("mine org", ["mine", log, "--org", org]),
            ("import", ["import", "table", "{export}", "-o", "{base}/imported", "--force",
                        "--id", "id", "--parent", "parent", "--name", "name"]),
            ("import missing column", ["import", "table", "{export}", "-o", "{base}/i2",
                                       "--id", HOSTILE[1], "--parent", "parent"]),
            ("explain", ["explain", "M003"]), ("explain list", ["explain", "--list"]),
            ("init", ["init", "{base}/init" + HOSTILE[1]]), ("schema", ["schema"]),
            ("config key", ["audit", org, "--config", "{config}"]),
            ("unknown process", ["diagram", org, "--view", "process", "--process", "nope"]),
            ("usage error", ["audit", org, "--format", HOSTILE[0] + HOSTILE[3]]),
            ("click error", ["audit", org, "--no-such-option" + HOSTILE[3]]),
            ("version", ["--version"])]
    return out


COMMANDS = _commands()


@pytest.mark.parametrize("argv", [c[1] for c in COMMANDS], ids=[c[0] for c in COMMANDS])
def test_no_line_of_any_command_runs_as_a_workflow_command(
        world: dict[str, Path], capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    args = [a.format(**{k: str(v) for k, v in world.items()}) if "{" in a and
            "##[" not in a else a for a in argv]
    code = main(args)
    out, err = capsys.readouterr()
    assert code in (0, 1, 2), err
    assert out or err
    github = "github" in args
    assert runner_commands(out, annotations=github) == []
    assert runner_commands(err) == []
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202e]", out + err), (out + err)[:300]
    if github:  # the formatter's own lines: one annotation each
        assert all(ANNOTATION.fullmatch(line) for line in out.splitlines())


def test_the_runner_rules_of_the_check_are_the_runners() -> None:
    """The check above finds what GitHub's runner executes (a test of the test)."""
    assert runner_commands("ok\n\u00a0::error::x\n") == ["\u00a0::error::x"]
    assert runner_commands("a ##[group] b") == ["a ##[group] b"]
    assert runner_commands("x\r\u3000::warning::y") == ["\u3000::warning::y"]
    assert runner_commands("\u00a0\\::error::x\nno :: here") == []
    assert runner_commands("::error file=a::m", annotations=True) == []


@pytest.mark.parametrize("space", sorted(set(RUNNER_WHITE_SPACE)))
def test_log_breaks_a_command_after_any_runner_white_space(space: str) -> None:
    from custorg import escape

    assert runner_commands(escape.log(f"a\n{space}::error::x\n{space}{space}::b")) == []
