"""`audit(paths, config) -> Report`: the whole pipeline, as pure data. Never prints."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from . import __version__
from .analysis import Analysis, analyse
from .config import Config
from .findings import Entity, Finding, Location, Severity, sort_findings
from .model import Org, build
from .references import check as check_references
from .rules import REGISTRY, lookup, run
from .schema import org_level_checks, validate_document
from .sources import MAX_FILE_BYTES, hint_not_yaml, load


@dataclass
class Report:
    files: list[str]
    findings: list[Finding]
    suppressed: list[Finding] = field(default_factory=list)
    org: Org | None = None
    analysis: Analysis | None = None
    version: str = __version__

    @functools.cached_property
    def metrics(self) -> dict[str, Any] | None:
        """The metrics of analysis.md; None when errors stopped the analysis. Computed on
        first use (a diagram does not need them all)."""
        return None if self.analysis is None else self.analysis.metrics()

    def summary(self) -> dict[str, int]:
        counts = {str(s): 0 for s in (Severity.ERROR, Severity.WARNING, Severity.INFO)}
        for f in self.findings:
            counts[str(f.severity)] += 1
        counts["suppressed"] = len(self.suppressed)
        return counts

    def exit_code(self, fail_on: Severity | None) -> int:
        """1 when a finding is at or above fail_on. Errors that stopped analysis always
        give 1, even with `never`: nothing was audited."""
        if self.metrics is None and self.findings:
            return 1
        if fail_on is None:
            return 0
        return int(any(f.severity >= fail_on for f in self.findings))


def prepare(paths: Iterable[str], max_bytes: int = MAX_FILE_BYTES
            ) -> tuple[list[str], Org | None, list[Finding]]:
    """Load, validate and build the model; the findings are errors that stop analysis."""
    result = load(paths, max_bytes)
    findings = list(result.findings)
    for doc in result.documents:
        findings += validate_document(doc)
    findings += org_level_checks(result.documents)
    findings = hint_not_yaml(findings)
    if not result.documents:
        return result.files, None, findings
    org = build(result.documents)
    findings += check_references(org)
    return result.files, org, findings


def validate(paths: Iterable[str]) -> Report:
    files, org, errors = prepare(paths)
    return Report(files, sort_findings(errors), org=org)


def audit(paths: Iterable[str], config: Config | None = None, *,
          with_rules: bool = True) -> Report:
    config = config or Config()
    files, org, errors = prepare(paths)
    if errors or org is None:
        return Report(files, sort_findings(errors), org=org)
    analysis = analyse(org, config.thresholds)
    report = Report(files, [], org=org, analysis=analysis)
    if not with_rules:
        return report
    raw: list[Finding] = []
    for code, rule in REGISTRY.items():
        if rule.check is not None and config.enabled(code):
            raw += run(rule, analysis)
    kept, suppressed, meta = _apply_suppressions(org, raw, config.enabled)
    kept += meta
    kept = [f for f in kept if config.enabled(f.code)]
    kept = [f if (severity := config.severity_of(f.code, f.severity)) is f.severity
            else replace(f, severity=severity) for f in kept]  # copy only what changes
    report.findings = sort_findings(kept)
    report.suppressed = sort_findings(suppressed)
    return report


# ----------------------------------------------------------------------------- suppressions


def _meta(code: str, message: str, loc: Location, kind: str, ident: str) -> Finding:
    rule = REGISTRY[code]
    return Finding(code, rule.name, rule.severity, message, loc, Entity(kind, ident))


def _apply_suppressions(org: Org, findings: list[Finding],
                        ran: Callable[[str], bool] = lambda code: True
                        ) -> tuple[list[Finding], list[Finding], list[Finding]]:
    """(kept, suppressed, M001/M002 findings). `suppress` keys are codes or rule names;
    org- and function-level findings are suppressed under `organization: suppress:`.
    A suppression of a rule that did not run (`ran(code)` false: turned off by config)
    is not reported as unused: it will be needed when the rule is turned on again."""
    table: dict[tuple[str, str], dict[str, tuple[Any, str | None]]] = {}
    meta: list[Finding] = []
    holders = list(org.entities()) + [("org", org)]
    for kind, entity in holders:
        entries = org.suppress if kind == "org" else entity.suppress
        ident = org.name if kind == "org" else entity.id
        where = org.suppress_src if kind == "org" else entity.src
        for key, reason in entries.items():
            rule = lookup(key)
            code = rule.code if rule is not None else None
            loc = where.map.at(where.path + ("suppress", key), key=True) if where else org.org_loc
            if code is None:
                meta.append(_meta("M002", f"suppression {key!r} names no rule: remove it or "
                                  "correct the code", loc, kind, ident))
                continue
            if not (reason or "").strip():
                meta.append(_meta("M001", f"suppression of {code} on {kind} {ident!r} has no "
                                  "reason and is not applied: say why", loc, kind, ident))
                continue
            table.setdefault((kind, ident), {})[code] = (loc, reason)
    kept, suppressed, used = [], [], set()
    for f in findings:
        kind = "org" if f.entity.kind in ("org", "function") else f.entity.kind
        ident = org.name if kind == "org" else f.entity.id
        if f.code in table.get((kind, ident), {}):
            suppressed.append(f)
            used.add((kind, ident, f.code))
        else:
            kept.append(f)
    for (kind, ident), codes in table.items():
        for code, (loc, _) in codes.items():
            if (kind, ident, code) not in used and ran(code):
                meta.append(_meta("M002", f"suppression of {code} on {kind} {ident!r} matches "
                                  "no finding: remove it", loc, kind, ident))
    return kept, suppressed, meta
