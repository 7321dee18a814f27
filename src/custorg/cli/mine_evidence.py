"""`custorg mine`'s evidence (docs/evidence.md): its options, and what it adds to the
command's output (the JSON keys, the text section, the `-o` files, the CI formats and the
exit code). The evidence package is imported only when the evidence is measured."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any, Optional

import typer

from ..errors import UsageError

if TYPE_CHECKING:
    from ..audit.config import Config
    from ..evidence import Aggregates, BusinessHours, Evidence, Tables
    from ..mining.tally import Mined
    from ..orgfile.model import Org

ResourceOpt = Annotated[Optional[str], typer.Option(
    "--resource", show_default=False, metavar="COL",
    help="Who did the event: column or attribute [default: org:resource when present].")]
HoursOpt = Annotated[Optional[str], typer.Option(
    "--business-hours", show_default=False, metavar="HH:MM-HH:MM",
    help="Count handover waits inside these hours only, Monday to Friday (in --tz).")]
TzOpt = Annotated[str, typer.Option("--tz", metavar="ZONE",
                                    help="The IANA time zone of --business-hours.")]
EvidenceOpt = Annotated[bool, typer.Option(
    "--evidence/--no-evidence", help="Measure the evidence: handover time, working "
    "together, workload, brokerage, structure (docs/evidence.md).")]
AnonymizeOpt = Annotated[bool, typer.Option(
    "--anonymize", help="Show every resource as person-N (order of first appearance).")]
FORMATS = ("text", "json", "sarif", "github", "gitlab")


@dataclass(frozen=True)
class Asked:
    """The evidence options of one run: `hours` parsed; `resource` the column to read
    (None: --no-evidence, nothing read)."""

    on: bool
    resource: str | None
    explicit: bool
    hours: BusinessHours | None
    anonymize: bool

    def tables(self) -> Tables | None:
        """What the engine feeds (None: --no-evidence)."""
        if not self.on:
            return None
        from ..evidence import Tables

        return Tables(self.hours)


def asked(evidence: bool, resource: str | None, business_hours: str | None, tz: str,
          anonymize: bool, fmt: str) -> Asked:
    """The options checked: a usage error (exit 2) for a bad window or zone, and for the
    evidence's options or CI formats with --no-evidence."""
    if not evidence:
        given = [o for o, v in (("--resource", resource), ("--business-hours",
                                                           business_hours),
                                ("--anonymize", anonymize)) if v]
        if given or fmt in FORMATS[2:]:
            what = ", ".join(given) or f"--format {fmt}"
            raise UsageError(f"{what} needs the evidence: drop --no-evidence")
        return Asked(False, None, False, None, False)
    from ..evidence import parse_hours
    from ..mining.events import RESOURCE

    window = parse_hours(business_hours or "00:00-24:00", tz)  # the zone checked anyway
    return Asked(True, resource.strip() if resource else RESOURCE, resource is not None,
                 window if business_hours is not None else None, anonymize)


def measure(mined: Mined, aggregates: Aggregates,
            loaded: tuple[Org, dict[str, str | None]] | None, org: str | None, log: str,
            top: int, cfg: Config, anonymize: bool) -> tuple[Evidence, dict[str, Any]]:
    """The evidence of a run and the JSON it adds (`evidence`, `findings`)."""
    from ..evidence import Declared, Options, evidence_document

    declared = (Declared(loaded[0], loaded[1], org) if loaded is not None and org is not None
                else None)
    return evidence_document(mined, aggregates, declared, cfg,
                             Options(log=log, top=top, anonymize=anonymize))


def files(ev: Evidence) -> tuple[dict[str, str], dict[str, str]]:
    """The `-o` folder's evidence files (name -> text) and the gate's kind of each."""
    from ..evidence import KINDS, evidence_files

    return evidence_files(ev), dict(KINDS)


def findings_text(ev: Evidence, fmt: str) -> str:
    """The findings in a CI format (sarif, github, gitlab), their files named as their
    locations name them."""
    from ..formatters import github, gitlab, sarif

    names = sorted({ev.options.log, *(f.location.file for f in ev.findings)})
    if fmt == "sarif":
        return sarif.render_findings(ev.findings, names, ev.notes)
    if fmt == "github":
        return github.render_findings(ev.findings, names, ev.notes)
    return gitlab.render(ev.findings, names)


def exit_code(ev: Evidence | None, cfg: Config) -> int:
    """1 when a finding is at or above --fail-on (as audit)."""
    if ev is None or cfg.fail_on is None:
        return 0
    return int(any(f.severity >= cfg.fail_on for f in ev.findings))
