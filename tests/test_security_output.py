"""Issue 10, output that injects into its consumer: GitHub workflow commands in a CI log,
terminal escapes, spreadsheet formulas, Mermaid directives; and M003 on such text."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from custorg.cli import main

ROOT = Path(__file__).resolve().parent.parent
NODE_MODULES = Path(__file__).resolve().parent / "node_modules"
ATTACK = "\n::error file=x.yaml::pwned"
ESC = "\x1b]0;title\x07\x1b[2J\x1b]8;;http://evil\x1b\\link\x1b]8;;\x1b\\"


def _q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


@pytest.fixture(autouse=True)
def _plain(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")


def assert_safe_log(text: str) -> None:
    """No line a GitHub runner would execute, no terminal control character."""
    for line in text.split("\n"):
        assert not line.lstrip(" \t").startswith("::"), line
        assert "##[" not in line, line
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", text), repr(text[:200])


def _hostile_org(folder: Path) -> Path:
    folder.mkdir()
    name = "bad" + ATTACK.replace("/", "_") + ".yaml"
    (folder / name).write_text(
        "units:\n"
        f"  - {{id: a, name: {_q('A' + ATTACK + ESC)}, function: {_q('sales' + ATTACK)}}}\n"
        f"  - {{id: b, function: {_q('ops' + ATTACK)}, parent: a}}\n"
        f"  - {{id: {_q('##[error]id' + ESC)}, parent: a}}\n"
        "processes:\n"
        f"  - {{id: {_q('p##[warning]x')}, steps: [customer, a, b, a, b, customer],"
        f" volume: 3}}\n", encoding="utf-8")
    return folder


COMMANDS = [["audit"], ["audit", "-f", "github"], ["validate"], ["metrics"],
            ["metrics", "-f", "csv"], ["metrics", "-f", "csv", "--per", "unit"],
            ["diagram", "--view", "hierarchy", "-f", "mermaid", "--max-nodes", "2"],
            ["diagram", "--view", "process", "--process", "p##[warning]x", "-f", "mermaid"]]


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_no_workflow_command_nor_escape_reaches_the_log(capsys, tmp_path: Path,
                                                        command: list[str]) -> None:
    """5, 6. user text with line breaks, `::`, `##[` and ESC sequences, in file names,
    names, functions and ids, through every command's stdout and stderr."""
    org = _hostile_org(tmp_path / "org")
    code = main([command[0], str(org), *command[1:]])
    out, err = capsys.readouterr()
    assert code in (0, 1), err
    assert out
    if "github" in command:  # every line is one annotation, its data escaped
        assert all(re.match(r"::(error|warning|notice) [^\n]*$", line)
                   for line in out.splitlines())
        assert "##[" not in out and "\x1b" not in out
        out = ""
    assert_safe_log(out)
    assert_safe_log(err)


def test_schema_error_key_and_toml_key_are_escaped(capsys, tmp_path: Path) -> None:
    """5. a map key in a schema-error path, a custorg.toml key echoed on stderr."""
    path = tmp_path / "org.yaml"
    path.write_text(f"units:\n  - {{id: a, {_q('x' + ATTACK)}: 1}}\n", encoding="utf-8")
    assert main(["audit", str(path)]) == 1
    out, err = capsys.readouterr()
    assert "F004" in out and "\\n::error" in out
    assert_safe_log(out)
    (tmp_path / "custorg.toml").write_text(f"{_q('k' + ATTACK + ESC)} = 1\n")
    assert main(["audit", str(path)]) == 2
    out, err = capsys.readouterr()
    assert "unknown key" in err and "\\n::error" in err
    assert_safe_log(err)


def test_json_and_sarif_keep_the_text_exact(capsys, tmp_path: Path) -> None:
    """5. JSON and SARIF keep user text exact, escaped per their format."""
    org = _hostile_org(tmp_path / "org")
    for fmt in ("json", "sarif"):
        main(["audit", str(org), "-f", fmt, "--fail-on", "never"])
        out = capsys.readouterr().out
        assert_safe_log(out)
        text = json.dumps(json.loads(out), ensure_ascii=False)
        assert "##[error]id" in text and "##[warning]" in text
    main(["audit", str(org), "-f", "json", "--fail-on", "never"])
    report = json.loads(capsys.readouterr().out)
    assert any(f["entity"]["id"] == "##[error]id" + ESC for f in report["findings"])


def test_colored_text_escapes_user_control_characters() -> None:
    """6. with colour, only custorg's own colour codes reach the terminal."""
    from custorg import escape
    from custorg.audit.engine import audit
    from custorg.formatters import text_report

    report = audit([str(ROOT / "examples" / "bakery")])
    report.findings[0] = type(report.findings[0])(
        **{**report.findings[0].__dict__, "message": "evil" + ESC + ATTACK})
    out = escape.log(text_report.render(report, color=True), color=True)
    assert "\x1b[" in out  # colour is on
    without_colour = re.sub(r"\x1b\[[0-9;]*m", "", out)
    assert "\x1b" not in without_colour
    assert_safe_log(without_colour)
    assert "evil\\x1b]0;title\\x07" in without_colour


@pytest.mark.parametrize("text, expected", [
    ("plain", "plain"), ("tab\tkept", "tab\tkept"), ("a\nb", "a\\nb"), ("\r", "\\r"),
    ("\x1b[2J", "\\x1b[2J"), ("\x00\x7f\x85\x9b", "\\x00\\x7f\\x85\\x9b"),
    ("\u202eevil", "\\u202eevil"), ("\u2028", "\\u2028"), ("\udcff", "\\xff"),
    ("a\u200fb\u200ec\u061cd", "a\\u200fb\\u200ec\\u061cd"),  # bidi marks: RLM, LRM, ALM
    ("Žydrūnė 销售 продажи", "Žydrūnė 销售 продажи")])
def test_text_escape(text: str, expected: str) -> None:
    from custorg import escape
    from custorg.importer.names import plain

    assert escape.text(text) == expected
    assert plain(text) == expected  # import's messages and comments: the same definition


def test_log_escape_breaks_up_commands() -> None:
    from custorg import escape

    assert escape.log("ok\n  ::error x\nsay ##[group]y\n") == \
        "ok\n  \\::error x\nsay ##\\[group]y\n"
    assert escape.json_log('{"a": "##[x]"}') == '{"a": "#\\u0023[x]"}'
    assert json.loads(escape.json_log('{"a": "##[x]"}')) == {"a": "##[x]"}


@pytest.mark.parametrize("start", ["=", "+", "-", "@"])
def test_csv_cells_cannot_start_a_formula(capsys, tmp_path: Path, start: str) -> None:
    """7. `metrics --format csv`: OWASP's starters get a leading `'` (ids are kept as
    written, so a process id brings them to the table)."""
    evil = start + "HYPERLINK(\"http://evil\",\"x\")"
    path = tmp_path / "org.yaml"
    path.write_text("units: [{id: u1, function: sales}, {id: u2, function: ops}]\n"
                    f"processes: [{{id: {_q(evil)}, steps: [customer, u1, u2]}}]\n",
                    encoding="utf-8")
    assert main(["metrics", str(path), "-f", "csv"]) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    process = [row for row in rows if row[0] == "process"]
    assert process and all(row[1] == "'" + evil for row in process)
    ei = next(row for row in rows if row[0] == "silo" and row[2] == "ei_index")
    assert ei[3] == "1.0" or ei[3] == "1"  # numbers stay numbers
    for row in rows:
        for cell in row:
            assert not cell.startswith(("=", "+", "@", "\t", "\r"))
            assert not cell.startswith("-") or re.fullmatch(r"-[0-9.]+", cell)


@pytest.mark.parametrize("start", ["\t", "\r", "=", "-"])
def test_csv_writer_neutralises_every_text_cell(start: str) -> None:
    """7. tab and CR cannot start an id or a function (they are trimmed), so the table
    writer itself is tested with them."""
    from custorg.formatters.csv import write

    rows = list(csv.reader(io.StringIO(write(("a", "b"), [(start + "cmd", -1.5)]))))
    assert rows == [["a", "b"], ["'" + start + "cmd", "-1.5"]]


def test_csv_escape_function() -> None:
    from custorg import escape

    assert [escape.csv_cell(s) for s in ("=1", "+1", "-1", "@a", "\tx", "\rx", "a=1", "")] \
        == ["'=1", "'+1", "'-1", "'@a", "'\tx", "'\rx", "a=1", ""]


MERMAID_EVIL = ['%%{init: {"theme": "dark"}}%%', 'open %%{init: {"theme":"forest"',
                'close "}%% quote \' back ` hash # amp & lt < gt >',
                'brackets [x] (y) {z} | pipe ; semi', "line\nbreak %% comment"]


def _mermaid_org(tmp_path: Path) -> Path:
    path = tmp_path / "org.yaml"
    units = "".join(f"  - {{id: u{i}, name: {_q(n)}, function: {_q(n)}}}\n"
                    for i, n in enumerate(MERMAID_EVIL))
    path.write_text(f"organization: {{name: {_q(MERMAID_EVIL[0])}}}\nunits:\n{units}"
                    "processes:\n  - id: p\n    name: " + _q(MERMAID_EVIL[1]) +
                    "\n    steps:\n" + "".join(
                        f"      - {{unit: u{i}, activity: {_q(n)}}}\n"
                        for i, n in enumerate(MERMAID_EVIL)), encoding="utf-8")
    return path


MERMAID_RUNS = [["hierarchy"], ["customer-on-top"], ["interfaces"], ["process", "p"]]


def _mermaid(capsys, path: Path, view: list[str]) -> str:
    extra = ["--process", view[1]] if len(view) > 1 else []
    assert main(["diagram", str(path), "--view", view[0], *extra, "-f", "mermaid"]) == 0
    return str(capsys.readouterr().out)


@pytest.mark.parametrize("view", MERMAID_RUNS, ids=lambda v: v[0])
def test_mermaid_has_no_directive_or_comment_from_user_text(capsys, tmp_path: Path,
                                                            view: list[str]) -> None:
    """8. `%%{init}%%` in a name changed the config; `%%{` ... `}%%` across names deleted
    the lines between."""
    out = _mermaid(capsys, _mermaid_org(tmp_path), view)
    assert "%" not in out.replace("100%", "")
    assert "theme" not in out.split("flowchart", 1)[0] or "#37;" in out
    assert_safe_log(out)


def _node_mermaid() -> bool:
    return shutil.which("node") is not None and (NODE_MODULES / "mermaid").exists() and \
        (NODE_MODULES / "jsdom").exists()


_CODE = re.compile("ﬂ°°([0-9]+)¶ß")
_NAMED = re.compile("ﬂ°([a-z]+)¶ß")


def _decoded(label: str) -> str:
    label = _CODE.sub(lambda m: chr(int(m.group(1))), label)
    return _NAMED.sub(lambda m: {"quot": '"', "amp": "&", "lt": "<", "gt": ">"}.get(
        m.group(1), m.group(0)), label)


@pytest.mark.skipif(not _node_mermaid(), reason="node with mermaid and jsdom in "
                    "tests/node_modules (npm install --no-save --prefix tests mermaid jsdom)")
@pytest.mark.parametrize("view", MERMAID_RUNS, ids=lambda v: v[0])
def test_real_mermaid_parser_reads_every_label_and_no_config(capsys, tmp_path: Path,
                                                             view: list[str]) -> None:
    """8. the output parsed by Mermaid itself: no config from user text, every box there,
    every label shown as written (after cleaning)."""
    out = _mermaid(capsys, _mermaid_org(tmp_path), view)
    done = subprocess.run(["node", str(Path(__file__).parent / "js" / "mermaid_parse.mjs")],
                          input=out, capture_output=True, text=True, timeout=120,
                          env={**os.environ, "NODE_NO_WARNINGS": "1"})
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["ok"], result
    assert result["config"] in ({}, None), result["config"]
    labels = " ".join(_decoded(t) for t in result["labels"].values())
    titles = " ".join(_decoded(t or "") for t in result["subgraphs"])
    shown = labels + " " + titles
    if view[0] == "process":
        assert len([k for k in result["labels"] if k.startswith("s")]) == len(MERMAID_EVIL)
        for text in MERMAID_EVIL:
            assert " ".join(text.split()) in shown
    else:
        assert len(result["labels"]) >= len(MERMAID_EVIL)
        for text in MERMAID_EVIL[:4]:
            assert " ".join(text.split()) in shown


def test_mermaid_label_escape() -> None:
    from custorg import escape

    assert escape.mermaid_label('%%{a}%% "q" #') == "#37;#37;#123;a#125;#37;#37; #34;q#34; #35;"
    assert escape.mermaid_label("Žydrūnė 销售") == "Žydrūnė 销售"


# ----------------------------------------------------------------------------- M003


def _m003(capsys, tmp_path: Path, units: str) -> list[dict]:
    path = tmp_path / "org.yaml"
    path.write_text("units:\n" + units, encoding="utf-8")
    main(["audit", str(path), "-f", "json", "--select", "M003", "--fail-on", "never"])
    return [f for f in json.loads(capsys.readouterr().out)["findings"]]


@pytest.mark.parametrize("char", ["\x1b", "\x00", "\x7f", "\x85", "\x9b", "\x01", "\r", "\n"])
def test_m003_flags_control_characters_in_ascii_text(capsys, tmp_path: Path, char: str
                                                     ) -> None:
    """6. M003 skipped all-ASCII text: ESC, NUL and DEL passed silently (YAML escapes
    bring them in: `"a\\x1bb"`)."""
    text = json.dumps("a" + char + "b")  # ASCII escapes, which YAML reads as well
    ids = "" if char in "\x85\r\n" else f"  - {{id: {text}}}\n"  # whitespace: no id at all
    found = _m003(capsys, tmp_path, f"  - {{id: u, name: {text}}}\n{ids}")
    expected = [("M003", "u")] + ([("M003", "a" + char + "b")] if ids else [])
    assert sorted((f["code"], f["entity"]["id"]) for f in found) == sorted(expected)
    assert all(f"U+{ord(char):04X}" in f["message"] for f in found)


def test_m003_allows_a_tab_in_a_name_not_in_an_id(capsys, tmp_path: Path) -> None:
    name, ident = _q("two\tcolumns"), _q("b\tc")
    found = _m003(capsys, tmp_path, f"  - {{id: a, name: {name}}}\n  - {{id: {ident}}}\n")
    assert [f["entity"]["id"] for f in found] == ["b\tc"]


def test_m003_mixed_script_and_look_alike_ids(capsys, tmp_path: Path) -> None:
    """6. Latin `sales` next to Cyrillic-mixed `ѕаles` and all-Cyrillic `ѕеа` next to
    Latin `sea`; `IT-отдел` (two words, one script each) is fine."""
    found = _m003(capsys, tmp_path, "  - {id: sales}\n  - {id: ѕаles}\n  - {id: sea}\n"
                                    "  - {id: ѕеа}\n  - {id: it-отдел, name: IT-отдел}\n"
                                    "  - {id: продажи}\n  - {id: kepykla, name: Kepykla Saulė}\n")
    assert [(f["entity"]["id"], f["line"]) for f in found] == [("ѕаles", 3), ("ѕеа", 5)]
    assert "mixes scripts" in found[0]["message"]
    assert "looks the same as unit 'sea'" in found[1]["message"]


def test_m003_escapes_once_and_reports_once(capsys, tmp_path: Path) -> None:
    """M003 said `'sh\\\\u200bop2'` (escaped twice) and reported the id and then the name
    that defaults to it."""
    ident = _q("sh\u200bop2")
    found = _m003(capsys, tmp_path, f"  - {{id: {ident}}}\n")
    assert len(found) == 1
    assert "unit id 'sh\\u200bop2' contains" in found[0]["message"]
    assert "\\\\u200b" not in found[0]["message"]
