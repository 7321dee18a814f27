"""Small event logs through the evidence core, as the python engine will feed it: a CSV
log (columns case, time, unit, activity, resource) read here, each case ordered by time
(ties in input order), values mapped to org units (by id, else `(unmapped)`) first, then
`Mined` counted as mining.md says and `EvidenceTally` fed case by case."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import yaml

from custorg.audit.config import Config
from custorg.evidence import Declared, Evidence, EvidenceTally, Options, compute
from custorg.evidence.hours import BusinessHours, to_us
from custorg.mining.compare import load_org
from custorg.mining.tally import Mined, path_of
from custorg.thresholds import Thresholds

UNMAPPED = "(unmapped)"
Event = tuple[int, str, str | None, str | None]


def us(text: str) -> int:
    moment = datetime.fromisoformat(text)
    return to_us(moment if moment.tzinfo else moment.replace(tzinfo=UTC))


def cases_of(log: str, units: set[str] | None = None) -> list[list[Event]]:
    """The cases of a CSV log in order of first appearance, each ordered by time."""
    cases: dict[str, list[tuple[int, int, Event]]] = {}
    for row_no, row in enumerate(csv.DictReader(io.StringIO(log))):
        unit = row["unit"].strip()
        if units is not None and unit not in units:
            unit = UNMAPPED
        event = (us(row["time"]), unit, (row.get("activity") or "").strip() or None,
                 (row.get("resource") or "").strip() or None)
        cases.setdefault(row["case"], []).append((event[0], row_no, event))
    return [[e for _, _, e in sorted(rows)] for rows in cases.values()]


def mined_of(cases: list[list[Event]], name: str = "log.csv") -> Mined:
    mined = Mined(name)
    for seq, events in enumerate(cases):
        units = [e[1] for e in events]
        mined.events += len(units)
        mined.unit_events.update(units)
        for a, b in zip(units, units[1:], strict=False):
            mined.pairs[a, b] += 1
            mined.transitions += 1
        mined.add_variant(path_of(units), 1, seq, None)
    return mined


def declared_of(org: dict[str, Any] | str, tmp_path: Path) -> Declared:
    path = tmp_path / "org.yaml"
    text = org if isinstance(org, str) else yaml.safe_dump(org, allow_unicode=True)
    path.write_text(text, encoding="utf-8")
    loaded, function = load_org(str(path))
    return Declared(loaded, function, str(path))


def evidence_of(log: str, org: dict[str, Any] | str | None = None,
                tmp_path: Path | None = None, config: Config | None = None,
                hours: BusinessHours | None = None, top: int = 10,
                anonymize: bool = False, **thresholds: Any) -> Evidence:
    """The evidence of a CSV log (and an org, written under `tmp_path`)."""
    declared = None
    if org is not None:
        assert tmp_path is not None
        declared = declared_of(org, tmp_path)
    cases = cases_of(log, set(declared.org.unit_by_id) if declared else None)
    tally = EvidenceTally(hours)
    for seq, events in enumerate(cases):
        tally.add_case(events, seq=seq)
    if config is None:
        config = Config(thresholds=Thresholds(**thresholds))
    return compute(mined_of(cases), tally.result(), declared, config,
                   Options("log.csv", top=top, anonymize=anonymize))
