"""Issue 26: the line scanner changes no output. Every example and test org, written as
hand-made files are (flow maps, block scalars: mostly outside the subset) and in block
style as `custorg import` writes them (inside it), gives the same data and locations
through every path, byte-identical `audit` reports (text, JSON, SARIF) with the scanner
and without it, and so do the fuzz corpus and the hostile cases."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest
import yaml

from custorg.cli import main
from custorg.importer import emit
from custorg.orgfile.load import PARSER_ENV, parse_text
from custorg.orgfile.sources import load
from parse_helpers import assert_same_parse, careful
from test_fuzz import SMALL, mutate
from test_hostile import CASES as HOSTILE

ROOT = Path(__file__).resolve().parent.parent
ORG_FILES = sorted((ROOT / "examples").rglob("*.yaml")) + sorted((ROOT / "tests").rglob("*.yaml"))
FORMATS = ["text", "json", "sarif"]


class _Indented(yaml.SafeDumper):
    """Block style with lists indented under their key (PyYAML's default is indentless)."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> Any:
        return super().increase_indent(flow, False)


_Indented.add_representer(str, emit._represent_str)


def block_styles(text: str, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """`text`'s data written in block style: as `custorg import` writes it (indentless
    lists) and with indented lists of 4; none when the careful builder cannot read it."""
    doc, _ = careful(text, monkeypatch)
    if doc is None:
        return []
    indented = yaml.dump(doc.data, Dumper=_Indented, sort_keys=False,
                         default_flow_style=False, allow_unicode=True, width=10**6, indent=4)
    return [emit.dump(doc.data), indented]


def test_every_org_file_parses_the_same_in_every_style(monkeypatch: pytest.MonkeyPatch) -> None:
    scanned = 0
    for path in ORG_FILES:
        text = path.read_text(encoding="utf-8")
        assert_same_parse(text, monkeypatch)
        for styled in block_styles(text, monkeypatch):
            taken = assert_same_parse(styled, monkeypatch)
            scanned += "scan" in taken
    assert scanned >= 2 * len(ORG_FILES) - 2  # all but the broken org's (a duplicate key)


def test_the_fuzz_corpus_and_the_hostile_cases_parse_the_same(
        monkeypatch: pytest.MonkeyPatch) -> None:
    seeds = [SMALL] + [styled for path in sorted((ROOT / "examples").rglob("*.yaml"))
                       for styled in block_styles(path.read_text(encoding="utf-8"), monkeypatch)]
    taken = {"scan": 0, "none": 0}
    for index in range(300):
        rng = random.Random(index)
        text = mutate(rng.choice(seeds), rng)
        paths = assert_same_parse(text, monkeypatch)
        taken["scan" if "scan" in paths else "none"] += 1
    assert taken["scan"] >= 50, taken  # the scanner is tried on mutants, not only bailing
    for content, _ in HOSTILE.values():
        assert_same_parse(content.decode("utf-8", "replace"), monkeypatch)


def _folder(tmp: Path, name: str, texts: dict[str, str]) -> Path:
    folder = tmp / name
    folder.mkdir()
    for file, text in texts.items():
        (folder / file).write_text(text, encoding="utf-8")
    return folder


def _orgs(tmp: Path, monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Every example folder, test org and the block-style copy of each."""
    orgs: list[Path] = []
    folders = sorted(p for p in (ROOT / "examples").iterdir() if p.is_dir())
    folders += sorted({p.parent for p in ROOT.glob("tests/**/*.yaml")})
    for n, folder in enumerate(folders):
        orgs.append(folder)
        files = {p.name: p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.yaml"))}
        for style in (0, 1):
            styled = {name: block_styles(text, monkeypatch)[style]
                      for name, text in files.items() if block_styles(text, monkeypatch)}
            orgs.append(_folder(tmp, f"{n}-{style}-{folder.name}", styled))
    return orgs


def _audit(path: Path, fmt: str, parser: str, monkeypatch: pytest.MonkeyPatch,
           capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    monkeypatch.setenv(PARSER_ENV, parser)
    code = main(["audit", str(path), "-f", fmt])
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out


def test_reports_are_byte_identical_with_and_without_the_scanner(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.chdir(tmp_path)
    scanned = 0
    for org in _orgs(tmp_path, monkeypatch):
        monkeypatch.setenv(PARSER_ENV, "scan")
        kinds = {d.path_kind for d in load([str(org)]).documents}
        scanned += kinds == {"scan"}
        for fmt in FORMATS:
            with_scanner = _audit(org, fmt, "scan", monkeypatch, capsys)
            assert with_scanner[1]
            assert with_scanner == _audit(org, fmt, "events", monkeypatch, capsys), (org, fmt)
    assert scanned >= 10  # the block-style copies (not the broken org's)


def test_a_large_generated_org_is_scanned() -> None:
    import sys

    sys.path.insert(0, str(ROOT / "bench"))
    import generate

    doc, findings = parse_text(generate.generate(2000, 3), "org.yaml")
    assert findings == [] and doc is not None and doc.path_kind == "scan"
