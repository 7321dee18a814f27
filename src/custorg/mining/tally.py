"""The figures of docs/mining.md, engine-neutral: what an engine hands over (`Mined`) and how
the ordered units of one case become its path, handoffs and ping-pong.

Both engines fill a `Mined`; everything after (JSON, text, comparison, processes.yaml) is
computed from it by the same code, which is why the engines' outputs are byte-identical.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import groupby

from ..notions import ping_pong
from .events import SKIP_REASONS

Path = tuple[str, ...]


@dataclass
class Variant:
    cases: int
    first_seq: int  # input position of the earliest case with this path (its example)
    activities: tuple[tuple[str, ...], ...] | None  # per step, from that example case


@dataclass
class Mined:
    log: str
    events: int = 0
    skipped: dict[str, int] = field(default_factory=lambda: dict.fromkeys(SKIP_REASONS, 0))
    transitions: int = 0
    pairs: Counter[tuple[str, str]] = field(default_factory=Counter)
    variants: dict[Path, Variant] = field(default_factory=dict)
    unit_events: Counter[str] = field(default_factory=Counter)

    @property
    def cases(self) -> int:
        return sum(v.cases for v in self.variants.values())

    def add_variant(self, path: Path, cases: int, first_seq: int,
                    activities: tuple[tuple[str, ...], ...] | None) -> None:
        """Count `cases` cases with this path; the example is the earliest case."""
        known = self.variants.get(path)
        if known is None:
            self.variants[path] = Variant(cases, first_seq, activities)
            return
        known.cases += cases
        if first_seq < known.first_seq:
            known.first_seq, known.activities = first_seq, activities

    def is_example(self, path: Path, first_seq: int) -> bool:
        """Would a case of this path starting at `first_seq` be its example (so that its
        activities are worth collecting)?"""
        known = self.variants.get(path)
        return known is None or first_seq < known.first_seq


def path_of(units: Sequence[str]) -> Path:
    """A case's path: its units with consecutive repeats collapsed (A A B B A -> A B A)."""
    return tuple(unit for unit, _ in groupby(units))


def collapse(units: Sequence[str], activities: Sequence[str | None] | None = None
             ) -> tuple[Path, tuple[tuple[str, ...], ...] | None]:
    """A case's path (`path_of`) and, per step, the distinct activities of that run of
    events in order (None without activities)."""
    if activities is None:
        return path_of(units), None
    path: list[str] = []
    runs: list[dict[str, None]] = []  # ordered sets: membership in constant time
    for unit, act in zip(units, activities, strict=True):
        if not path or path[-1] != unit:
            path.append(unit)
            runs.append({})
        if act:
            runs[-1][act] = None
    return tuple(path), tuple(tuple(run) for run in runs)


def handoffs_of(path: Path) -> int:
    """Handoffs of a case: length of its path - 1."""
    return max(len(path) - 1, 0)


def ping_pong_of(path: Path) -> int:
    """Ping-pong of a case: positions i with path[i] == path[i + 2]; docs/metrics.md's notion
    (in a collapsed path path[i + 1] always differs from path[i])."""
    return ping_pong(path)
