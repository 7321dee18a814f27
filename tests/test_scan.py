"""Issue 26: the line scanner (orgfile/scan.py) reads its subset of block YAML exactly as
the careful builder does (same data, same types, same line:column of every key and value),
and bails (load takes loadfast's path, then the careful one) on everything else."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from custorg.orgfile.load import PARSER_ENV, _scanned, parse_text
from parse_helpers import assert_same_parse

SETTINGS = settings(max_examples=400, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])

# each is read by the scanner, and exactly as the careful builder reads it
TAKEN = [
    "a: 1\n", "a: 010\n", "a: NO\n", "a: ~\n", "a:\n", "a: '1'\n", "a: 1 # comment\n",
    "a:   # only a comment\nb: 2\n", "a: '~'\nb: ~\nc: '1e400'\nd: 1e400\ne: 'yes'\nf: yes\n",
    "a: 0x1F\nb: 0o17\nc: 1_000\nd: 2024-01-01\ne: .inf\nf: -.5\ng: +1\nh: -1\ni: 1.\n",
    "a: 'it''s'\nb: ''\nc: \"\"\nd: \"x: y # z\"\ne: 'a # b'\n", "a: C#\nb: a#b\nc: http://x\n",
    "a: R&D\nb: x, y\nc: a [b] {c}\nd: 50%\ne: < 2 days\nf: a'b\n",
    "a: [1, b, '~', \"c, d\", ~, 1e400]\nb: []\nc: [ ]\nd: [ x ,y ]  # c\n",
    "units:\n  - id: a\n    kpis: [k1, k2]\n  - id: b\n    steps:\n      - a\n      - unit: b\n",
    "units:\n- id: a\n  name: b\n- id: c\nprocesses:\n- x\n",  # PyYAML's indentless lists
    "-\n- a\n-   b\n- # c\n-\n  - x\n  -\n", "- a: 1\n  b:\n  - x\n  c:\n    d: 2\n- e:\n",
    "---\na: 1\n", "--- # comment\na: 1\n", "# head\n\n  # indented comment\na:\n\n  b: 1\n",
    "  a: 1\n  b: 2\n", "a:\n    b:\n     c: 1\n", "k_no: значение\na: Ärger 客户\n",
    "a: 1\n", "a: 1", "a:\n  -\n  -\n", "a: x  \nb: y   # c  \n", "-   a: 1\n    b: 2\n",
]
# each is outside the subset: the scanner bails, load reads it as before
BAILS = [
    "", "# only a comment\n", "plain\n", "a: &x 1\nb: *x\n", "a: !!str 1\n", "a: !t x\n",
    "a: |\n  text\n", "a: >-\n  folded\n", "? a\n: 1\n", "a: {b: 1}\n", "{a: 1}\n",
    "[a, b]\n", "%YAML 1.2\n---\na: 1\n", "a: 1\n---\nb: 2\n", "a: 1\n...\n", "a: 1\na: 2\n",
    "<<: {a: 1}\n", "'a': 1\n", "\"a\": 1\n", "a b: 1\n", "a: b: c\n", "a: b:\n",
    "a: multi\n  line\n", "a: 'multi\n  line'\n", "a: \"x\\ty\"\n", "a: - x\n", "- - a\n",
    "a:\tb\n", "a: 1\r\n", "\ufeffa: 1\n", "a: \x85\n", "a: x\u2028y\n", "a: \x07\n",
    "a: [b, [c]]\n", "a: [b, {c: d}]\n", "a: [b,\n  c]\n", "a: [b, , c]\n", "a: [b,]\n",
    "a: [b] x\n", "a: 'x' y\n", "a: 'x'#c\n", "a: -x\n", "a: ?x\n", "a: :x\n", "a: @x\n",
    "a: `x`\n", "a: %x\n", "a: ,x\n", "a:\n b: 1\n  c: 2\n", "a: 1\n  b: 2\n",
    "- a\nb: 1\n", "ключ: значение\n", "a: 1\n- b\n", "  a: 1\nb: 2\n", "a:b\n", "a :1\n", "1: x\n",
    "a:\n" + "".join(" " * i + "b:\n" for i in range(1, 70)),
]


def test_the_subset_is_read_as_the_careful_builder_reads_it(
        monkeypatch: pytest.MonkeyPatch) -> None:
    for text in TAKEN:
        assert "scan" in assert_same_parse(text, monkeypatch), text


def test_outside_the_subset_the_scanner_bails(monkeypatch: pytest.MonkeyPatch) -> None:
    for text in BAILS:
        assert _scanned(text, "f.yaml") is None, text
        assert_same_parse(text, monkeypatch)


def test_the_parser_switch_names_the_path_taken(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "units:\n  - id: a\n"
    for name in ("scan", "events", "careful"):
        monkeypatch.setenv(PARSER_ENV, name)
        doc, findings = parse_text(text, "f.yaml")
        assert findings == [] and doc is not None
        assert (doc.path_kind, doc.data) == (name, {"units": [{"id": "a"}]})
    monkeypatch.delenv(PARSER_ENV)
    assert parse_text(text, "f.yaml")[0].path_kind == "scan"  # type: ignore[union-attr]
    assert parse_text("a: {b: 1}\n", "f.yaml")[0].path_kind == "events"  # type: ignore[union-attr]
    assert parse_text("a: &x 1\nb: *x\n", "f.yaml")[0].path_kind == "careful"  # type: ignore[union-attr]


def test_a_duplicate_key_is_still_f003_with_its_place() -> None:
    doc, findings = parse_text("units:\n  - id: a\n    id: b\n", "f.yaml")
    assert [(f.code, f.location.line, f.location.column) for f in findings] == \
        [("F003", 3, 5)]


# ----------------------------------------------------------------- generated documents

KEYS = ["id", "name", "units", "steps", "kpis", "a", "b_c", "x-y", "null", "yes", "on", "Id2"]
# values in the subset, as written: plain ones (look-alikes of other types among them),
# quoted ones, flow lists
PLAIN = ["a", "a b", "~", "null", "Null", "yes", "NO", "on", "1", "-1", "010", "0x1F", "0o17",
         "1e400", "-1e400", "1_000", "2024-01-01", "1.5", ".5", "+1", "-.5", ".inf", "true",
         "False", "Ärger", "客户", "a#b", "C#", "http://x", "a:b", "R&D", "a [b]", "x,y",
         "50%", "< 2 days", "a'b", 'a"b', "9" * 120, "-0", "0.", "1e3"]
QUOTED = ["'~'", "'1e400'", "'yes'", "'a: b'", "'it''s'", "''", "'#x'", "'a # b'", "'-'",
          '"~"', '"x: y"', '""', '"a \'b\'"', '"1"', "'[a]'", "' lead'"]
FLOW = ["[]", "[ ]", "[a, b]", "['~', 1e400, yes]", "[ a ,b ]", '["x, y", z]', "[1, '2']"]
COMMENTS = ["", "", "", " # c", "  #c #d", " #"]
scalars = st.sampled_from(PLAIN + QUOTED + FLOW)
trees = st.recursive(scalars, lambda inner: st.lists(inner, min_size=1, max_size=4)
                     | st.dictionaries(st.sampled_from(KEYS), inner, min_size=1, max_size=4),
                     max_leaves=14)


class Style:
    """How a generated tree is written: indentation per level, indentless lists, compact
    `- key:` items, the gap after a dash, comments after values."""

    def __init__(self, draw: st.DrawFn) -> None:
        self.draw = draw

    def step(self) -> int:
        return self.draw(st.integers(1, 4))

    def comment(self) -> str:
        return self.draw(st.sampled_from(COMMENTS))

    def flag(self) -> bool:
        return self.draw(st.booleans())


def render(node: object, col: int, style: Style) -> list[str]:
    """`node` (a mapping or list) as block lines at column `col`."""
    lines: list[str] = []
    pad = " " * col
    if isinstance(node, dict):
        for key, value in node.items():
            if isinstance(value, str):
                lines.append(f"{pad}{key}: {value}{style.comment()}")
                continue
            lines.append(f"{pad}{key}:{style.comment()}")
            indentless = isinstance(value, list) and style.flag()
            lines += render(value, col if indentless else col + style.step(), style)
        return lines
    assert isinstance(node, list)
    for item in node:
        if isinstance(item, str):
            lines.append(f"{pad}-{' ' * style.step()}{item}{style.comment()}")
        elif isinstance(item, dict) and style.flag():  # compact: the first key on the dash line
            gap = style.step()
            inner = render(item, col + 1 + gap, style)
            lines += [pad + "-" + " " * gap + inner[0].lstrip(" ")] + inner[1:]
        else:
            lines.append(f"{pad}-{style.comment()}")
            lines += render(item, col + style.step(), style)
    return lines


@st.composite
def documents(draw: st.DrawFn) -> str:
    """A document in the subset: a generated tree written in a drawn style, with blank and
    comment lines among its lines and maybe a `---` first."""
    root = draw(trees.filter(lambda t: not isinstance(t, str)))
    style = Style(draw)
    lines = render(root, draw(st.sampled_from([0, 0, 0, 2])), style)
    for _ in range(draw(st.integers(0, 3))):
        at = draw(st.integers(0, len(lines)))
        lines.insert(at, " " * draw(st.integers(0, 6)) + draw(st.sampled_from(["", "# x", "#"])))
    head = draw(st.sampled_from(["", "", "---\n", "--- # c\n"]))
    return head + "\n".join(lines) + draw(st.sampled_from(["\n", "", "\n\n"]))


@given(documents())
@SETTINGS
def test_generated_documents_are_scanned_as_the_careful_builder_reads_them(text: str) -> None:
    with pytest.MonkeyPatch.context() as monkeypatch:
        assert "scan" in assert_same_parse(text, monkeypatch), text


EDITS = ["", " ", "  ", "\n", "\n  ", "-", "- ", ":", ": ", "#", " #", "'", '"', "[", "]", ",",
         "&a ", "*a", "!!str ", "|", ">", "? ", "{", "}", "\t", "\r", "\\", "...", "---", "<<",
         "~", "%", "@", "`", "''", "a: ", "\n- ", "\ufeff", "\x85"]


@given(documents(), st.lists(st.tuples(st.integers(0, 400), st.sampled_from(EDITS)),
                             min_size=1, max_size=3))
@SETTINGS
def test_documents_just_outside_the_subset_are_read_the_same_or_bail(
        text: str, edits: list[tuple[int, str]]) -> None:
    for at, insert in edits:
        at = min(at, len(text))
        text = text[:at] + insert + text[at:]
    with pytest.MonkeyPatch.context() as monkeypatch:
        assert_same_parse(text, monkeypatch)


def test_the_load_result_counts_the_files_each_path_read(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from custorg.orgfile.sources import load

    texts = {"a.yaml": "units:\n  - id: a\n", "b.yaml": "people: [{id: p}]\n",
             "c.yaml": "kpis:\n  - &k {id: k}\n", "d.yaml": "units: [\n", "e.yaml": "x: 1\n"}
    for name, text in texts.items():
        (tmp_path / name).write_text(text)
    (tmp_path / "f.yaml").write_bytes(b"\xff\xfe")  # unreadable: counted nowhere
    result = load([str(tmp_path)])
    assert result.parsed_by == {"scan": 2, "events": 1, "careful": 2}
    assert [d.path_kind for d in result.documents] == ["scan", "events", "careful", "scan"]


def test_a_file_the_scanner_reads_never_imports_pyyaml(tmp_path: Path) -> None:
    """PyYAML is imported (orgfile/events.py) only for a file the scanner declines."""
    import subprocess
    import sys

    plain, unusual = tmp_path / "plain.yaml", tmp_path / "unusual.yaml"
    plain.write_text("units:\n  - id: a\n", encoding="utf-8")
    unusual.write_text("units:\n  - &a {id: a}\n", encoding="utf-8")
    probe = ("import sys\nfrom custorg.orgfile.sources import load\n"
             "kind = load([sys.argv[1]]).documents[0].path_kind\n"
             "print(kind, 'yaml' in sys.modules)\n")
    found = [subprocess.run([sys.executable, "-c", probe, str(path)], capture_output=True,
                            text=True, check=True).stdout.split() for path in (plain, unusual)]
    assert found == [["scan", "False"], ["careful", "True"]]
