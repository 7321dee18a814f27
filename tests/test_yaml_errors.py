"""F001 and F002 point where the user fixes the file: a file that ends inside something
unfinished points at where it starts (not past the last line) and says the file ends
first; a forbidden character is named as a user can search for it (U+0007 (BEL)), at
its exact line and column counted in characters (not bytes), in every output format."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from custorg.charnames import character_name, described
from custorg.cli import main
from custorg.orgfile.document import PARSER_ENV, PATHS
from custorg.orgfile.load import parse_text
from custorg.orgfile.yamlerrors import reader_error

ENDED = "the file ends first"

# text, line, column, the message after "invalid YAML: "
TRUNCATED = [
    ('units:\n  - {id: a, name: "x\n  - {id: b}\n', 2, 19,
     f"this quoted scalar is never closed: {ENDED} (found unexpected end of stream)"),
    ("units:\n  - {id: a, name: 'x\n", 2, 19,
     f"this quoted scalar is never closed: {ENDED} (found unexpected end of stream)"),
    ('units:\n  - id: a\n    name: "abc', 3, 11,
     f"this quoted scalar is never closed: {ENDED} (found unexpected end of stream)"),
    ("units:\n  - {id: a\n", 2, 5,
     f"this flow mapping is never closed: {ENDED} (did not find expected ',' or '}}')"),
    ("units:\n  - [a, b\n", 2, 5,
     f"this flow sequence is never closed: {ENDED} (did not find expected ',' or ']')"),
    # libyaml's context is the missing value ("a flow node"): the innermost open bracket
    ("units:\n  - {id: [a, ", 2, 10,
     f"this flow sequence is never closed: {ENDED} (did not find expected node content)"),
    ("units:\n  - {id: ", 2, 5,
     f"this flow mapping is never closed: {ENDED} (did not find expected node content)"),
    ("units:\n  - id: b\n    n\n", 3, 5,
     f"this key has no ':' after it: {ENDED} (could not find expected ':')"),
    ("units:\n  - id: &", 2, 9, f"this anchor is unfinished: {ENDED} "
     "(did not find expected alphabetic or numeric character)"),
    ("units:\n  - id: !<x", 2, 9,
     f"this tag is unfinished: {ENDED} (did not find the expected '>')"),
    ("units:\n  - id: !!", 2, 9,
     f"this tag is unfinished: {ENDED} (did not find expected tag URI)"),
    ("%YAML 1.2\n", 1, 9, "the file ends too early (did not find expected <document start>)"),
    ("%YAML 1.2\r\r", 1, 9,
     "the file ends too early (did not find expected <document start>)"),
    ('units:\r  - {id: a, name: "x\r', 2, 19,
     f"this quoted scalar is never closed: {ENDED} (found unexpected end of stream)"),
    # a Polish and a Chinese value before: columns count characters, not bytes
    ('units:\n  - {id: żółw, name: "中文 x\n', 2, 22,
     f"this quoted scalar is never closed: {ENDED} (found unexpected end of stream)"),
]

# a problem inside the file keeps libyaml's place and words
INSIDE = [
    ('a: "x\\q"\n', 1, 6, "found unknown escape character (while parsing a quoted scalar)"),
    ("units:\n  - {id: a]\n", 2, 11, "did not find expected ',' or '}' "
     "(while parsing a flow mapping)"),
]


def _findings(text: str) -> list[tuple[str, int, int, str]]:
    _, found = parse_text(text, "t.yaml")
    return [(f.code, f.location.line, f.location.column, f.message) for f in found]


@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize("text, line, col, message", TRUNCATED + INSIDE)
def test_invalid_yaml_points_where_the_fix_goes(text: str, line: int, col: int, message: str,
                                               path: str, monkeypatch: pytest.MonkeyPatch
                                               ) -> None:
    monkeypatch.setenv(PARSER_ENV, path)  # every load path gives the same finding
    assert _findings(text) == [("F002", line, col, f"invalid YAML: {message}")]


@pytest.mark.parametrize("text", [t for t, *_ in TRUNCATED])
def test_no_location_is_past_the_end_of_the_file(text: str) -> None:
    [(_, line, col, _)] = _findings(text)
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    assert line <= len(lines) and col <= len(lines[line - 1])


# text, line, column, the character's description, its escape
FORBIDDEN = [
    ('units:\n  - {id: a, name: "x\a"}\n', 2, 21, "the control character U+0007 (BEL)",
     "\\x07"),
    ('units:\n  - {id: a, name: "zażółć\a"}\n', 2, 26, "the control character U+0007 (BEL)",
     "\\x07"),
    ('units:\n  - {id: 中文, name: "x\x1b[31m"}\n', 2, 22,
     "the control character U+001B (ESC)", "\\x1b"),
    ('a: "x\x00y"\n', 1, 6, "the control character U+0000 (NUL)", "\\x00"),
    ('a: "ż\x7f"\n', 1, 6, "the control character U+007F (DEL)", "\\x7f"),
    ('a: "ż\u009b"\n', 1, 6, "the control character U+009B (CSI)", "\\x9b"),
    ('a: "ż\ufffe"\n', 1, 6, "the character U+FFFE", "\\ufffe"),
    # lines broken as libyaml breaks them (its marks place every other finding)
    ('units:\r\n  - {id: a, name: "zażółć\a"}\r\n', 2, 26,
     "the control character U+0007 (BEL)", "\\x07"),
    ('units:\r  - {id: a, name: "zażółć\a"}\r', 2, 26,
     "the control character U+0007 (BEL)", "\\x07"),
    ('a: "x\x85\x9by"\n', 2, 1, "the control character U+009B (CSI)", "\\x9b"),
]


@pytest.mark.parametrize("text, line, col, what, escape", FORBIDDEN)
def test_a_forbidden_character_is_named_at_its_place(text: str, line: int, col: int,
                                                     what: str, escape: str) -> None:
    assert _findings(text) == [("F001", line, col, (
        f"{what} is not allowed in YAML: delete it, or write it as {escape} inside double "
        "quotes (is this a text file?)"))]


@pytest.mark.parametrize("char, name", [
    ("\a", "U+0007 (BEL)"), ("\x00", "U+0000 (NUL)"), ("\x1f", "U+001F (US)"),
    ("\x7f", "U+007F (DEL)"), ("\x80", "U+0080 (PAD)"), ("\x85", "U+0085 (NEL)"),
    ("\x9f", "U+009F (APC)"), ("\u200b", "U+200B (ZERO WIDTH SPACE)"),
    ("\u202e", "U+202E (RIGHT-TO-LEFT OVERRIDE)"), ("\ufffe", "U+FFFE"), (0xE000, "U+E000"),
    (7, "U+0007 (BEL)"),
])
def test_characters_are_named_by_code_and_name(char: str | int, name: str) -> None:
    assert character_name(char) == name


def test_only_controls_are_called_control_characters() -> None:
    assert described("\a") == "the control character U+0007 (BEL)"
    assert described("\u200b") == "the character U+200B (ZERO WIDTH SPACE)"


@pytest.mark.parametrize("text, line, col, code, words", [
    (TRUNCATED[0][0], 2, 19, "F002", "this quoted scalar is never closed"),
    (FORBIDDEN[1][0], 2, 26, "F001", "U+0007 (BEL)"),
])
def test_every_format_reads_the_same_place(write: Callable[..., Path],
                                           capsys: pytest.CaptureFixture[str], text: str,
                                           line: int, col: int, code: str, words: str) -> None:
    path = write(text, "t.yaml")
    assert main(["audit", str(path), "--no-color"]) == 1
    out = capsys.readouterr().out
    assert f"t.yaml:{line}:{col}  {code}" in out and words in out
    assert main(["audit", str(path), "--format", "json"]) == 1
    [found] = json.loads(capsys.readouterr().out)["findings"]
    assert (found["code"], found["line"], found["column"]) == (code, line, col)
    assert words in found["message"]
    assert main(["audit", str(path), "--format", "sarif"]) == 1
    [result] = json.loads(capsys.readouterr().out)["runs"][0]["results"]
    region = result["locations"][0]["physicalLocation"]["region"]
    assert (region["startLine"], region["startColumn"]) == (line, col)
    assert words in result["message"]["text"]
    assert main(["audit", str(path), "--format", "github"]) == 1
    [annotation] = capsys.readouterr().out.splitlines()
    assert f",line={line},col={col},title={code} " in annotation and words in annotation


SAMPLE = ('units:\n  - {id: board, name: "Zarząd 董事会", tags: [a, b]}\n  - id: sales\n'
          "    name: 'Sprzedaż'\n    parent: board\n    note: |\n      text\n"
          "    k: !!str v\n    m: &x 1\n    n: *x\n    l: [ {a: 1}, \"q\" ]\n")


def test_every_truncation_points_inside_the_file() -> None:
    """Cut the file anywhere: every F001/F002 is on one of its lines, at most one column
    past that line's last character."""
    for end in range(len(SAMPLE) + 1):
        text = SAMPLE[:end]
        lines = text.split("\n")
        for code, line, col, message in _findings(text):
            assert code in ("F001", "F002"), message
            assert 1 <= line <= len(lines) and 1 <= col <= len(lines[line - 1]) + 1, (
                text, line, col, message)
            assert "end of stream" not in message or ENDED in message


@pytest.mark.parametrize("text, line, col, what, escape", FORBIDDEN)
def test_pyyaml_s_own_reader_gives_the_same_place(text: str, line: int, col: int, what: str,
                                                  escape: str) -> None:
    """Without libyaml, PyYAML's reader counts characters, not UTF-8 bytes: the same
    finding."""
    with pytest.raises(yaml.reader.ReaderError) as caught:
        yaml.reader.Reader(text).peek()
    found = reader_error(caught.value, text, "t.yaml", byte_offset=False)
    assert (found.code, found.location.line, found.location.column) == ("F001", line, col)
    assert found.message.startswith(f"{what} is not allowed in YAML")
