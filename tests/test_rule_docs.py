"""The rule registry is the single source of what custorg documents: docs/rules.md (the
rule table and every rule's documentation), the "(default N)" of every docstring, and the
failing and passing examples of every docstring, which run here (as yamllint's and flake8's
documentation examples do).

An example may be a fragment: references to entities it does not declare get a bare
stand-in (a unit, a person... as the field expects), except for the errors that stop
analysis, which run exactly as written. A passing example that leaves out a section of
the failing example keeps that section (it shows what changes)."""

from __future__ import annotations

import importlib.util
import re
from dataclasses import fields
from pathlib import Path
from typing import Any

import pytest
import yaml

from custorg.audit.config import Config, always_on
from custorg.audit.engine import audit, prepare
from custorg.evidence.findings import CHECKS as EVIDENCE_CHECKS
from custorg.formatters.ruledoc import blocks, markdown
from custorg.orgfile.references import _refs
from custorg.orgfile.sections import SECTION_OF
from custorg.rules import REGISTRY, Rule, documented, known_codes
from custorg.thresholds import Thresholds
from evidence_helpers import evidence_of

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
DEFAULTS = {f.name.replace("_", "-"): f.default for f in fields(Thresholds)}
LABEL = re.compile(r"Example \((fails|passes)(?:, with ([^)]*))?\)")


def _rule_table_tool() -> Any:
    spec = importlib.util.spec_from_file_location("rule_table", ROOT / "tools" / "rule_table.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_rules_page_is_the_registry() -> None:
    tool = _rule_table_tool()
    page = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert page == tool.page(), "docs/rules.md is out of date: run `python tools/rule_table.py`"
    # each rule once, in documentation order, with its whole `explain` text
    codes = re.findall(r"^### ([A-Z]\d{3}) ", page, re.M)
    assert codes == [r.code for r in documented()]
    for rule in documented():
        assert markdown(rule.doc) in page, rule.code
        assert f"[{rule.code}](#{tool.anchor(rule)})" in page, rule.code


def test_rules_page_check_flags_a_stale_page(tmp_path: Path) -> None:
    tool = _rule_table_tool()
    tool.PAGE = tmp_path / "rules.md"
    tool.PAGE.write_text("# Rules\n", encoding="utf-8")
    assert tool.main(["--check"]) == 1
    assert tool.main([]) == 0 and tool.main(["--check"]) == 0
    assert tool.PAGE.read_text(encoding="utf-8") == tool.page()


def test_readme_links_the_rule_reference_instead_of_copying_it() -> None:
    assert "docs/rules.md" in README
    assert "| F001 |" not in README and "| M004 |" not in README


def test_every_rule_is_documented_the_same_way() -> None:
    for rule in REGISTRY.values():
        labels = [b.label for b in blocks(rule.doc)]
        assert rule.summary and rule.summary.endswith("."), rule.code
        for needed in ("What it checks", "Why it matters", "How to fix"):
            assert needed in labels, (rule.code, needed)
        if rule.code not in ("F001", "M004"):  # no YAML to show: unreadable, empty file
            assert "Example (fails)" in [LABEL.sub(r"Example (\1)", x) for x in labels], \
                rule.code


def test_config_knows_exactly_the_registered_codes() -> None:
    assert set(known_codes().names) == set(REGISTRY)
    assert {c for c, r in REGISTRY.items() if r.stops_analysis} == \
        {c for c in REGISTRY if always_on(c)} == {"F001", "F002", "F003", "F004", "S001",
                                                   "S002", "S003"}
    # every other rule is a check, but for what the engine finds while it applies the
    # suppressions (M001, M002), the loader's note on empty files (M004) and the evidence
    # of an event log (E, checked by custorg.evidence.findings)
    assert all(r.check is not None for r in REGISTRY.values()
               if not r.stops_analysis and r.code not in ("M001", "M002", "M004")
               and r.code not in EVIDENCE_CHECKS)
    # T006 too compares the org with a log: custorg mine reports it with the E rules
    assert {c for c, r in REGISTRY.items() if r.family == "E"} | {"T006"} == \
        set(EVIDENCE_CHECKS)


def test_the_loader_reports_the_registered_codes_and_names() -> None:
    # load, schema and references come before the rules (they cannot import them): the
    # (code, name) they put in their findings must be the registry's
    from custorg.orgfile import load, references, schema

    used = [load.UNREADABLE, load.INVALID_YAML, load.DUPLICATE_KEY, schema.INVALID,
            references.S001, references.S002, references.S003]
    assert [(code, REGISTRY[code].name) for code, _ in used] == used
    assert {code for code, _ in used} == {c for c, r in REGISTRY.items() if r.stops_analysis}


@pytest.mark.parametrize("rule", documented(), ids=lambda r: r.code)
def test_defaults_in_the_docstring_are_the_thresholds(rule: Rule) -> None:
    for name, value in re.findall(r"`([a-z-]+)` \(default (-?[\d.]+)\)", rule.doc):
        assert name in DEFAULTS, (rule.code, name)
        assert float(value) == DEFAULTS[name], (rule.code, name, value, DEFAULTS[name])
    for name, value in re.findall(r"`([a-z-]+)` \(default (-?[\d.]+)\)", rule.summary):
        assert float(value) == DEFAULTS[name]


def test_readme_lists_every_threshold_with_its_default() -> None:
    line = README[README.index("Thresholds: `max-span`"):]
    line = line[:line.index(". ")]
    listed = dict(re.findall(r"`([a-z-]+)` \((-?[\d.]+)\)", line))
    assert {k: float(v) for k, v in listed.items()} == {k: float(v) for k, v in DEFAULTS.items()}


def test_ci_guide_lists_every_threshold_with_its_default_and_rules() -> None:
    text = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| `([a-z-]+)` \| [^|]* \| (-?[\d.]+) \| ([A-Z]\d{3}) ([a-z-]+)", text,
                      re.M)
    assert {name: float(value) for name, value, _, _ in rows} == \
        {k: float(v) for k, v in DEFAULTS.items()}
    for name, _, code, rule_name in rows:
        assert REGISTRY[code].name == rule_name and f"`{name}`" in REGISTRY[code].doc


# ----------------------------------------------------------------------------- examples


def examples(rule: Rule) -> list[tuple[str, dict[str, float], str]]:
    """(fails | passes, thresholds, YAML) of each example of a rule's docstring."""
    out = []
    for block in blocks(rule.doc):
        match = LABEL.fullmatch(block.label)
        if match is None:
            continue
        settings = {}
        for part in (match.group(2) or "").split(","):
            if part.strip():
                name, value = part.split()
                assert name in DEFAULTS, (rule.code, name)
                settings[name.replace("-", "_")] = float(value) if "." in value else int(value)
        out.append((match.group(1), settings, block.code))
    return out


CASES = [(rule, n, verdict, settings, text) for rule in documented()
         for n, (verdict, settings, text) in enumerate(examples(rule))]


def complete(text: str, base: dict[str, Any] | None, tmp_path: Path) -> Path:
    """The example as a file: sections of `base` it leaves out kept, and a bare entity
    added for every reference to one that is not declared."""
    data = yaml.safe_load(text) or {}
    assert isinstance(data, dict), text
    data = {**(base or {}), **data}
    data.setdefault("units", [])  # the format asks for a `units:` list
    path = tmp_path / "org.yaml"
    for _ in range(3):  # stand-ins reference nothing, so one round is enough
        path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        org = prepare([str(path)]).org
        assert org is not None
        missing = {(allowed[0], target) for _, _, _, target, allowed in _refs(org)
                   if target != "customer"
                   and all(org.entity(kind, target) is None for kind in allowed)}
        if not missing:
            return path
        for kind, target in sorted(missing):
            data.setdefault(SECTION_OF[kind], []).append({"id": target})
    raise AssertionError(f"could not complete {text!r}")


@pytest.mark.parametrize("rule, n, verdict, settings, text", CASES,
                         ids=[f"{c[0].code}-{c[1]}-{c[2]}" for c in CASES])
def test_docstring_example(rule: Rule, n: int, verdict: str, settings: dict[str, float],
                           text: str, tmp_path: Path) -> None:
    config = Config(thresholds=Thresholds(**settings))  # type: ignore[arg-type]
    if rule.code in EVIDENCE_CHECKS:
        found = evidence_example(rule, verdict, config, text, tmp_path)
        assert (rule.code in found) == (verdict == "fails"), (text, found)
        return
    if rule.stops_analysis:  # exactly as written
        path = tmp_path / "org.yaml"
        path.write_text(text + "\n", encoding="utf-8")
    else:
        fails = [t for v, _, t in examples(rule) if v == "fails"]
        base = yaml.safe_load(fails[0]) if verdict == "passes" and fails else None
        path = complete(text, base, tmp_path)
    found = [f.code for f in audit([str(path)], config).findings]
    if verdict == "fails":
        assert rule.code in found, (text, found)
    else:
        assert rule.code not in found, (text, found)


def evidence_example(rule: Rule, verdict: str, config: Config, text: str, tmp_path: Path
                     ) -> list[str]:
    """An E rule's (or T006's) example: a CSV `log` and, when it needs one, an `org` (a passing
    example without `org` keeps the failing example's), through the evidence core."""
    data = yaml.safe_load(text)
    assert isinstance(data, dict) and isinstance(data.get("log"), str), text
    org = data.get("org")
    fails = [t for v, _, t in examples(rule) if v == "fails"]
    if org is None and verdict == "passes" and fails:
        org = yaml.safe_load(fails[0]).get("org")
    ev = evidence_of(data["log"], org, tmp_path, config=config)
    return [f.code for f in ev.findings]
