"""The format's consistency rules for the Team Topologies and RACI fields (docs/teams.md)
that the JSON Schema cannot say: `until` is a real date and only goes with
`mode: collaboration`; a customer step takes no accountable, consulted or informed."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

from ..findings import Finding
from .load import format_error
from .model import Org
from .schema import INVALID, path_words

_DATE_SHAPE = re.compile(r"\d{4}-\d{2}-\d{2}")
RACI_FIELDS = ("accountable", "consulted", "informed")


def parse_date(text: str) -> dt.date | None:
    """A YYYY-MM-DD date, or None when the text is none (2024-02-30 is none)."""
    try:
        return dt.date.fromisoformat(text) if len(text) == 10 else None
    except ValueError:
        return None


def teams_format(org: Org) -> list[Finding]:
    return [*_interfaces(org), *_customer_steps(org)]


def _interfaces(org: Org) -> Iterator[Finding]:
    for itf in org.interfaces:
        if itf.until is None:
            continue
        where = f"interface {itf.id!r}"
        if itf.mode != "collaboration":
            yield format_error(INVALID, f"{where}: `until` goes only with `mode: "
                               "collaboration` (when the collaboration is meant to end); "
                               "remove it or set the mode", itf.src.at("until"),
                               "interface", itf.id)
        elif _DATE_SHAPE.fullmatch(itf.until) and parse_date(itf.until) is None:
            # (another shape than YYYY-MM-DD is the schema's finding)
            yield format_error(INVALID, f"{where}: until {itf.until!r} is not a date: write "
                               "YYYY-MM-DD, e.g. 2025-06-30", itf.src.at("until"),
                               "interface", itf.id)


def _customer_steps(org: Org) -> Iterator[Finding]:
    for pr in org.processes:
        for step in pr.steps:
            if not (step.accountable or step.consulted or step.informed) \
                    or not org.is_customer_step(step.unit):  # RACI first: it is rare
                continue
            for name in RACI_FIELDS:
                if getattr(step, name):
                    path = ("steps", step.index, name)
                    yield format_error(INVALID, f"process {pr.id!r}: {path_words(path)}: a "
                                       "customer step takes no accountable, consulted or "
                                       "informed; remove it", pr.src.at(*path),
                                       "process", pr.id)
