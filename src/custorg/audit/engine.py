"""`audit(paths, config) -> Report`: the whole pipeline, as pure data. Never prints."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from .. import __version__
from ..analysis import Analysis, analyse
from ..findings import Entity, Finding, Location, Severity, sort_findings
from ..orgfile.model import Org, build
from ..orgfile.references import check as check_references
from ..orgfile.schema import org_level_checks, validate_document
from ..orgfile.sections import SECTIONS
from ..orgfile.sources import MAX_FILE_BYTES, Progress, hint_not_yaml, load, unreadable_files
from ..rules import REGISTRY, by_name, lookup, run
from .config import Config, suggest


@dataclass
class Report:
    files: list[str]
    findings: list[Finding]
    suppressed: list[Finding] = field(default_factory=list)
    org: Org | None = None
    analysis: Analysis | None = None
    version: str = __version__
    notes: list[str] = field(default_factory=list)  # what was not checked, and why
    # files each parser path read (orgfile.load.PATHS: scan, events, careful): --statistics
    parsed_by: dict[str, int] = field(default_factory=dict)

    @functools.cached_property
    def metrics(self) -> dict[str, Any] | None:
        """The metrics of docs/metrics.md; None when errors stopped the analysis. Computed on
        first use (a diagram does not need them all)."""
        return None if self.analysis is None else self.analysis.metrics()

    def summary(self) -> dict[str, int]:
        counts = {str(s): 0 for s in (Severity.ERROR, Severity.WARNING, Severity.INFO)}
        for f in self.findings:
            counts[str(f.severity)] += 1
        counts["suppressed"] = len(self.suppressed)
        return counts

    @property
    def stopped(self) -> bool:
        """Errors that stop analysis were found (format, references, cycles)."""
        return self.analysis is None and any(f.severity is Severity.ERROR
                                             for f in self.findings)

    def exit_code(self, fail_on: Severity | None) -> int:
        """1 when a finding is at or above fail_on. Errors that stopped analysis always
        give 1, even with `never`: nothing was audited."""
        if self.metrics is None and self.findings:
            return 1
        if fail_on is None:
            return 0
        return int(any(f.severity >= fail_on for f in self.findings))


@dataclass
class Prepared:
    """What loading and validation give: the files, the model (None when nothing could
    be read), the findings (errors stop analysis; M004 infos do not) and notes."""

    files: list[str]
    org: Org | None
    findings: list[Finding]
    notes: list[str]
    parsed_by: dict[str, int] = field(default_factory=dict)

    @property
    def errors(self) -> bool:
        return self.org is None or any(f.severity is Severity.ERROR for f in self.findings)

    def report(self) -> Report:
        return Report(self.files, self.findings, org=self.org, notes=self.notes,
                      parsed_by=self.parsed_by)


def prepare(paths: Iterable[str], max_bytes: int = MAX_FILE_BYTES,
            on_progress: Progress | None = None) -> Prepared:
    """Load, validate and build the model. Errors in files that could not be read come
    first (root causes); references they may have satisfied are not checked."""
    result = load(paths, max_bytes, on_progress)
    unreadable = unreadable_files(result.findings, result.documents)
    findings = list(result.findings)
    for doc in result.documents:
        findings += validate_document(doc)
    findings += org_level_checks(result.documents, incomplete=bool(unreadable))
    findings = hint_not_yaml(findings)
    notes: list[str] = []
    org = None
    if result.documents:
        org = build(result.documents)
        references, note = check_references(org, unreadable)
        findings += references
        notes += [note] if note else []
    return Prepared(result.files, org, root_causes_first(findings, unreadable), notes,
                    result.parsed_by)


def root_causes_first(findings: list[Finding], unreadable: tuple[str, ...]) -> list[Finding]:
    """Sorted findings, those of the files that could not be read first."""
    ordered = sort_findings(findings)
    if not unreadable:
        return ordered
    first = set(unreadable)
    return ([f for f in ordered if f.location.file in first]
            + [f for f in ordered if f.location.file not in first])


def validate(paths: Iterable[str], on_progress: Progress | None = None) -> Report:
    return prepare(paths, on_progress=on_progress).report()


def audit(paths: Iterable[str], config: Config | None = None, *,
          with_rules: bool = True, on_progress: Progress | None = None) -> Report:
    """The whole pipeline. `on_progress(done, total)` is called while files are read
    and while rules run (for a progress bar; never needed)."""
    config = config or Config()
    rules = [rule for code, rule in REGISTRY.items()
             if with_rules and rule.check is not None and config.enabled(code)]
    files = [0]

    def loading(done: int, total: int | None) -> None:  # one count: files, then rules
        files[0] = total or 0
        if on_progress is not None:
            on_progress(done, files[0] + len(rules))

    prepared = prepare(paths, on_progress=loading)
    if prepared.errors or prepared.org is None:
        return prepared.report()
    org = prepared.org
    analysis = analyse(org, config.thresholds, config.today)
    note = analysis.unknown_note
    report = Report(prepared.files, [], org=org, analysis=analysis,
                    notes=prepared.notes + ([note] if note else []),
                    parsed_by=prepared.parsed_by)
    if not with_rules:
        report.findings = [f for f in prepared.findings if config.enabled(f.code)]
        return report
    raw: list[Finding] = list(prepared.findings)  # infos of loading (M004)
    for done, rule in enumerate(rules, start=1):
        raw += run(rule, analysis)
        if on_progress is not None:
            on_progress(files[0] + done, files[0] + len(rules))
    kept, suppressed, meta = _apply_suppressions(org, raw, config.enabled)
    kept += meta
    enabled = {code: config.enabled(code) for code in {f.code for f in kept}}  # per code
    kept = [f for f in kept if enabled[f.code]]
    if config.severity:  # copy only what changes
        kept = [f if (severity := config.severity_of(f.code, f.severity)) is f.severity
                else replace(f, severity=severity) for f in kept]
    report.findings = sort_findings(kept)
    report.suppressed = sort_findings(suppressed)
    return report


# ----------------------------------------------------------------------------- suppressions


def _meta(code: str, message: str, loc: Location, kind: str, ident: str) -> Finding:
    rule = REGISTRY[code]
    return Finding(code, rule.name, rule.severity, message, loc, Entity(kind, ident))


Suppressions = dict[tuple[str, str], dict[str, tuple[Location, Any]]]


def _apply_suppressions(org: Org, findings: list[Finding],
                        ran: Callable[[str], bool] = lambda code: True
                        ) -> tuple[list[Finding], list[Finding], list[Finding]]:
    """(kept, suppressed, M001/M002 findings). `suppress` keys are codes or rule names;
    org- and function-level findings are suppressed under `organization: suppress:`.
    A suppression of a rule that did not run (`ran(code)` false: turned off by config)
    is not reported as unused: it will be needed when the rule is turned on again."""
    table, meta = _suppressions(org)
    if not table:  # most orgs: nothing to look up per finding
        return list(findings), [], meta
    kept, suppressed, used = [], [], set()
    for f in findings:
        kind = "org" if f.entity.kind in ("org", "function") else f.entity.kind
        ident = org.name if kind == "org" else f.entity.id
        codes = table.get((kind, ident))
        if codes is not None and f.code in codes:
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


def _suppressions(org: Org) -> tuple[Suppressions, list[Finding]]:
    """(kind, id) -> code -> (location, reason) of every applied suppression, and the
    M001/M002 findings of those that cannot apply, in the order of the entities."""
    table: Suppressions = {}
    meta: list[Finding] = []
    holders = [(kind, entity) for section, kind in SECTIONS.items()
               for entity in getattr(org, section) if entity.suppress]  # org.entities()
    for kind, entity in holders + [("org", org)]:
        entries = org.suppress if kind == "org" else entity.suppress
        ident = org.name if kind == "org" else entity.id
        where = org.suppress_src if kind == "org" else entity.src
        for key, reason in entries.items():
            rule = lookup(key)
            code = rule.code if rule is not None else None
            loc = where.map.at(where.path + ("suppress", key), key=True) if where else org.org_loc
            if code is None:
                meta.append(_meta("M002", f"suppression {key!r} names no rule{_rule_hint(key)}: "
                                  "remove it or correct the code", loc, kind, ident))
                continue
            if not (reason or "").strip():
                meta.append(_meta("M001", f"suppression of {code} on {kind} {ident!r} has no "
                                  "reason and is not applied: say why", loc, kind, ident))
                continue
            table.setdefault((kind, ident), {})[code] = (loc, reason)
    return table, meta


def _rule_hint(key: str) -> str:
    """' (did you mean 'P004'?)' for a mistyped code or rule name, else ''."""
    word = str(key).strip()
    if len(word) <= 5 and word[:1].isalpha() and word[1:].isdigit():
        return suggest(word.upper(), list(REGISTRY))
    return suggest(word.lower(), list(by_name()))

