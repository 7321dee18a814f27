"""Typed findings: what every stage after loading produces and every formatter consumes."""

from __future__ import annotations

import enum
import hashlib
import re
from dataclasses import dataclass, field


class Severity(enum.IntEnum):
    """Finding severity; the integer order is the order of importance."""

    INFO = 1
    WARNING = 2
    ERROR = 3

    @classmethod
    def parse(cls, text: str) -> Severity:
        try:
            return cls[text.strip().upper()]
        except KeyError:
            raise ValueError(f"unknown severity {text!r} (use error, warning or info)") from None

    def __str__(self) -> str:
        return self.name.lower()


@dataclass(frozen=True, order=True)
class Location:
    """A place in an input file; line and column are 1-based, 0 when unknown."""

    file: str
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        if self.line:
            return f"{self.file}:{self.line}:{self.column}"
        return self.file


@dataclass(frozen=True)
class Entity:
    """What a finding is about: kind is unit, person, process, ... function or org."""

    kind: str
    id: str


@dataclass(frozen=True)
class Finding:
    code: str
    rule: str
    severity: Severity
    message: str
    location: Location
    entity: Entity
    related: tuple[Location, ...] = field(default=())
    key: str | None = None  # with it, the fingerprint uses it instead of the message

    def sort_key(self) -> tuple[str, int, int, str, str, str]:
        loc = self.location
        return (loc.file, loc.line, loc.column, self.code, self.entity.id, self.message)

    def fingerprint(self) -> str:
        """Stable identity of a finding (docs/scenarios.md): code, entity kind,
        entity id and the message with digits removed. A line shift, a position quoted in
        the message or a changed count ("9 handoffs" -> "5 handoffs") keeps the identity;
        SARIF's partialFingerprints and `custorg diff` both match findings by it.
        A finding with a `key` (the evidence rules: ids only, such as an activity) uses the
        key instead of the message, so that a renamed unit or person keeps the identity."""
        text = _DIGITS.sub("", self.message) if self.key is None else self.key
        key = "\x1f".join((self.code, self.entity.kind, self.entity.id, text))
        return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


_DIGITS = re.compile(r"\d+")


def sort_findings(findings: list[Finding]) -> list[Finding]:
    return sorted(findings, key=Finding.sort_key)
