"""SARIF 2.1.0 for GitHub code scanning (and any other SARIF viewer).

- `tool.driver.rules`: every rule of custorg, sorted by code (so each rule that fired is
  there, and `ruleIndex` is stable), with name, short and full description, help text
  and Markdown from the rule's documentation, and its default level.
- results: level error / warning / note, the finding's message, a physical location
  relative to the repository root (`uriBaseId: %SRCROOT%`, see paths.py) with 1-based
  line and column (no region for a finding about a whole file), related locations, and
  `partialFingerprints` from `Finding.fingerprint()`, which does not depend on line
  numbers: an unrelated edit that shifts lines does not make a finding look new.
- with `show_suppressed`, suppressed findings are added with an `inSource` suppression
  and its reason (viewers show them as suppressed, not as open problems).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from urllib.parse import quote

from ..audit.engine import Report
from ..findings import Finding, Location, Severity
from ..rules import REGISTRY, Rule
from . import ruledoc
from .jsontext import Plain, as_text, document
from .paths import Locator, Place

SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
INFORMATION_URI = "https://github.com/custorg/custorg"
SRCROOT = "%SRCROOT%"
FINGERPRINT = "custorg/v2"
LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def rule_descriptor(rule: Rule) -> dict[str, Any]:
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": ruledoc.description(rule.doc)},
        "help": {"text": rule.doc, "markdown": ruledoc.markdown(rule.doc)},
        "defaultConfiguration": {"level": LEVEL[rule.severity]},
        "properties": {"tags": ["customer-orientation", rule.family_name],
                       "precision": "very-high"},
    }


def _artifact(place: Place) -> dict[str, Any]:
    if place.relative is not None:
        return {"uri": quote(place.relative), "uriBaseId": SRCROOT}
    if place.absolute is not None:
        return {"uri": place.absolute.as_uri()}
    return {"uri": quote(place.name, safe="")}     # standard input


class _Artifacts(dict[str, dict[str, Any]]):
    """The artifactLocation of each file name, made once (a file holds thousands of
    findings; the one dict is shared by their results)."""

    def __init__(self, locator: Locator) -> None:
        super().__init__()
        self.locator = locator

    def __missing__(self, name: str) -> dict[str, Any]:
        made = self[name] = _artifact(self.locator.place(name))
        return made


def _physical(loc: Location, artifacts: _Artifacts) -> dict[str, Any]:
    out: dict[str, Any] = {"artifactLocation": artifacts[loc.file]}
    if loc.line > 0:
        region: dict[str, int] = {"startLine": loc.line}
        if loc.column > 0:
            region["startColumn"] = loc.column
        out["region"] = region
    return out


def _reason(report: Report, f: Finding) -> str | None:
    """The reason given in the `suppress` entry that suppressed this finding."""
    org = report.org
    if org is None:
        return None
    if f.entity.kind in ("org", "function"):
        entries = org.suppress
    else:
        holder = org.entity(f.entity.kind, f.entity.id)
        entries = getattr(holder, "suppress", None) or {}
    for key, reason in entries.items():
        if key.upper() == f.code or key == f.rule:
            return str(reason)
    return None


def result(f: Finding, index: dict[str, int], artifacts: _Artifacts,
           justification: str | None = None, suppressed: bool = False) -> dict[str, Any]:
    """One SARIF result: str and int only (a `Plain` list of them)."""
    out: dict[str, Any] = {
        "ruleId": f.code,
        "ruleIndex": index[f.code],
        "level": LEVEL[f.severity],
        "message": {"text": f.display},
        "locations": [{"physicalLocation": _physical(f.location, artifacts)}],
        "partialFingerprints": {FINGERPRINT: f.fingerprint()},
        "properties": {"rule": f.rule, "entity": {"kind": f.entity.kind, "id": f.entity.id}},
    }
    if f.related:
        out["relatedLocations"] = [
            {"id": n, "physicalLocation": _physical(loc, artifacts),
             "message": {"text": "related location"}}
            for n, loc in enumerate(f.related, start=1)]
    if suppressed:
        entry: dict[str, Any] = {"kind": "inSource", "status": "accepted"}
        if justification:
            entry["justification"] = justification
        out["suppressions"] = [entry]
    return out


def sarif_dict(report: Report, show_suppressed: bool = False) -> dict[str, Any]:
    rules = [REGISTRY[code] for code in sorted(REGISTRY)]
    index = {r.code: n for n, r in enumerate(rules)}
    locator = Locator(report.files)
    artifacts = _Artifacts(locator)
    results = Plain(result(f, index, artifacts) for f in report.findings)
    if show_suppressed:
        results += [result(f, index, artifacts, _reason(report, f), suppressed=True)
                    for f in report.suppressed]
    run: dict[str, Any] = {
        "tool": {"driver": {
            "name": "custorg",
            "version": report.version,
            "semanticVersion": report.version,
            "informationUri": INFORMATION_URI,
            "rules": [rule_descriptor(r) for r in rules],
        }},
        "originalUriBaseIds": {SRCROOT: {
            "uri": locator.root.as_uri().rstrip("/") + "/",
            "description": {"text": "The root of the repository (or the working "
                                    "directory outside a repository)."}}},
        "columnKind": "unicodeCodePoints",
        "results": results,
        "properties": {"summary": report.summary()},
    }
    if report.notes:  # what was not checked, findings hidden by a baseline
        run["invocations"] = [{"executionSuccessful": True, "toolExecutionNotifications": [
            {"level": "note", "message": {"text": note}} for note in report.notes]}]
    return {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}


def render(report: Report, show_suppressed: bool = False) -> str:
    return as_text(output(report, show_suppressed))


def output(report: Report, show_suppressed: bool = False) -> str | bytes:
    """The SARIF log as the output gate takes it (see json.output)."""
    return document(sarif_dict(report, show_suppressed), allow_nan=True, newline=True)


def render_findings(findings: Sequence[Finding], files: Sequence[str],
                    notes: Sequence[str] = ()) -> str:
    """The findings of any command (`custorg mine`'s evidence), as gitlab.render takes
    them: `files` are the names their locations use, `notes` what was not checked."""
    return render(Report(list(files), list(findings), notes=list(notes)))
