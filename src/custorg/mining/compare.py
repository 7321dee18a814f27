"""Observed against declared: the mined unit pairs compared with an audited org.

The notions are the core's: function(u) and cross-function handoffs from
`analysis.handoffs`, the pairs an interface covers from `graph.interface_pairs`."""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..errors import UsageError
from ..findings import Severity
from ..graph import interface_pairs
from ..inputs import names_list, open_input
from ..notions import is_cross_function, is_unknown_function
from ..orgfile.model import Org
from .tally import UNMAPPED, Mined, UnitOf


def read_map(path: str, org: Org) -> dict[str, str]:
    """A `--map` CSV with the columns `value,unit`; every unit must exist in the org."""
    try:
        with io.TextIOWrapper(open_input(path, name=f"--map {path}"), encoding="utf-8-sig",
                              newline="") as handle:
            reader = csv.DictReader(handle)
            fields = reader.fieldnames or []
            if "value" not in fields or "unit" not in fields:
                raise UsageError(f"{path}: line 1: the map needs the columns value,unit "
                                 f"(found: {names_list(fields, quote=False)})")
            out: dict[str, str] = {}
            for row in reader:
                value, unit = row.get("value"), (row.get("unit") or "").strip()
                if value is None:
                    continue
                value = value.strip()  # log values are trimmed: so are the map's
                if unit not in org.unit_by_id:
                    raise UsageError(f"{path}: line {reader.line_num}: {unit!r} is not a "
                                     "unit id of the org; use a unit's id")
                out.setdefault(value, unit)
            return out
    except OSError as exc:
        raise UsageError(f"{path}: cannot read: {exc.strerror or exc}") from None
    except (UnicodeDecodeError, csv.Error) as exc:
        raise UsageError(f"{path}: not a readable UTF-8 CSV ({exc})") from None


def unit_finder(org: Org, given: Mapping[str, str]) -> UnitOf:
    """A log value's org unit (docs/mining.md): the unit whose id equals it, else the one
    whose name equals it (after Unicode NFC), else the `--map` one; None: unmapped. A
    name that several units share maps through `--map` only."""
    by_name: dict[str, list[str]] = {}
    for unit in org.units:
        by_name.setdefault(unicodedata.normalize("NFC", unit.name or unit.id), []
                           ).append(unit.id)

    def unit_of(value: str) -> str | None:
        if value in org.unit_by_id:
            return value
        named = by_name.get(unicodedata.normalize("NFC", value), [])
        if len(named) == 1:
            return named[0]
        return given.get(value)

    return unit_of


def compare(mined: Mined, org: Org, function: dict[str, str | None]) -> dict[str, Any]:
    """The `comparison` object of docs/mining.md, of figures already mapped to org units
    (`tally.mapped`): UNMAPPED is in no pair counted here, and its raw values are listed
    as `unmapped`."""
    handoffs: dict[frozenset[str], int] = {}
    cross = unknown = 0
    for (a, b), n in mined.pairs.items():
        if a == b or UNMAPPED in (a, b):
            continue
        key = frozenset((a, b))
        handoffs[key] = handoffs.get(key, 0) + n
        cross += n if is_cross_function(function, a, b) else 0
        unknown += n if is_unknown_function(function, a, b) else 0
    declared = interface_pairs(org)
    order = {u.id: i for i, u in enumerate(org.units)}
    undeclared = sorted(
        ((sorted(key, key=order.__getitem__), n) for key, n in handoffs.items()
         if key not in declared),
        key=lambda item: (-item[1], [order[u] for u in item[0]]))
    unused = [i.declared_id or f"{i.source}->{i.target}" for i in org.interfaces
              if handoffs.get(frozenset((i.source, i.target)), 0) == 0]
    return {
        "undeclared": [{"units": units, "handoffs": n,
                        "cross_function": is_cross_function(function, units[0], units[1]),
                        "unknown_function": is_unknown_function(function, units[0], units[1])}
                       for units, n in undeclared],
        "unused_interfaces": unused,
        "unobserved_units": [u.id for u in org.units if u.id not in mined.unit_events],
        "unmapped": [{"value": v, "events": n} for v, n in
                     sorted(mined.unmapped.items(), key=lambda kv: (-kv[1], kv[0]))],
        "cross_function_handoffs": cross,
        "unknown_function_handoffs": unknown,
    }


def load_org(path: str) -> tuple[Org, dict[str, str | None]]:
    """The org at `path` and function(u); an org with errors that stop analysis is a
    usage error that lists them (the org must audit before it can be compared)."""
    from ..analysis.structure import build_structure
    from ..audit.engine import prepare

    if not Path(path).exists():
        raise UsageError(f"--org {path}: no such file or folder")
    prepared = prepare([path])
    org = prepared.org
    if prepared.errors or org is None:
        errors = [f for f in prepared.findings if f.severity is Severity.ERROR]
        listed = "; ".join(f"{f.location}: {f.message}" for f in errors[:5]) or "no org"
        raise UsageError(f"--org {path}: the org has errors ({listed}); "
                         f"`custorg validate {path}` lists them all")
    return org, build_structure(org).function
