"""What an import produces before it is written: units and people as plain data (in the
order they are written), the tables read, and the anomalies."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .anomalies import Anomalies
from .names import id_text, natural_key
from .readers import Table

# the org format (README, "The org file"): `customer` means the customer in a step
RESERVED = frozenset({"customer"})


@dataclass
class ImportResult:
    command: list[str]  # how the user would re-run it (no output folder)
    org_name: str
    units: list[dict[str, Any]]
    people: list[dict[str, Any]]
    tables: list[Table]
    anomalies: Anomalies
    written: list[str] = field(default_factory=list)  # lines for "what was written"

    def sort(self) -> None:
        """Units and people by id (post-9 before post-10): a re-import after an HR change
        shows as a readable diff."""
        self.units.sort(key=lambda u: natural_key(u["id"]))
        self.people.sort(key=lambda p: natural_key(p["id"]))


class Ids:
    """Ids unique across units and people (one namespace), valid in format v1, and the
    same on every run over the same input (taken in input order)."""

    def __init__(self) -> None:
        self.used: set[str] = set(RESERVED)
        self.next: dict[str, int] = {}

    def take(self, wanted: str, fallback: str) -> str:
        base = id_text(wanted) or fallback
        candidate = base
        while candidate in self.used:
            n = self.next.get(base, 2)
            self.next[base] = n + 1
            candidate = f"{base}-{n}"
        self.used.add(candidate)
        return candidate


def clean(entity: dict[str, Any]) -> dict[str, Any]:
    """The entity without its empty fields (absent reads as 'not given')."""
    return {k: v for k, v in entity.items() if v is not None and v != ""}
