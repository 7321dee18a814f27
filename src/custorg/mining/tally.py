"""The figures of docs/mining.md, engine-neutral: what an engine hands over (`Mined`) and how
the ordered units of one case become its path, handoffs and ping-pong.

Both engines fill a `Mined`; everything after (JSON, text, comparison, processes.yaml) is
computed from it by the same code, which is why the engines' outputs are byte-identical.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from itertools import groupby

from ..notions import ping_pong
from .events import SKIP_REASONS

Path = tuple[str, ...]
UnitOf = Callable[[str], "str | None"]  # --org: a log value -> its org unit id, or None
UNMAPPED = "(unmapped)"  # the pseudo-unit of log values that map to no org unit
LIFECYCLE_KINDS = ("start", "complete")  # lifecycle:transition values noted (lower case)


@dataclass
class Variant:
    cases: int
    first_seq: int  # input position of the earliest case with this path (its example)
    activities: tuple[tuple[str, ...], ...] | None  # per step, from that example case


@dataclass(frozen=True)
class CaseFigures:
    """The per-case figures of an engine that hands over only the top variants (spark):
    what `summary` otherwise sums over every variant."""

    cases: int
    handoffs: int
    ping_pong: int
    cases_with_ping_pong: int
    histogram: dict[int, int]  # handoffs of a case -> cases


@dataclass
class Mined:
    log: str
    events: int = 0
    skipped: dict[str, int] = field(default_factory=lambda: dict.fromkeys(SKIP_REASONS, 0))
    transitions: int = 0
    pairs: Counter[tuple[str, str]] = field(default_factory=Counter)
    variants: dict[Path, Variant] = field(default_factory=dict)
    unit_events: Counter[str] = field(default_factory=Counter)
    filtered: int = 0  # events dropped by --lifecycle (not skipped)
    lifecycles: set[str] = field(default_factory=set)  # LIFECYCLE_KINDS seen (kept events)
    notes: list[str] = field(default_factory=list)  # for the text report (encoding ...)
    unmapped: dict[str, int] = field(default_factory=dict)  # --org: raw value -> events
    figures: CaseFigures | None = None  # set when `variants` holds only the top ones
    # with `figures`: per unordered unit pair, cases with both units and cases that
    # ping-pong between them (what evidence/service.py otherwise counts on the variants)
    pair_cases: tuple[dict[tuple[str, str], int], dict[tuple[str, str], int]] | None = None

    @property
    def cases(self) -> int:
        if self.figures is not None:
            return self.figures.cases
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


Runs = tuple[tuple[str, ...], ...]


def merge_runs(units: Sequence[str], runs: Runs | None) -> tuple[Path, Runs | None]:
    """A path whose steps were renamed (`units`, one per step) collapsed again, with the
    activities of steps that become one merged in order. `runs` that are not one per step
    (None, or () for activities not gathered) are kept as they are."""
    if runs is None or len(runs) != len(units):
        return path_of(units), runs
    path: list[str] = []
    merged: list[dict[str, None]] = []
    for unit, run in zip(units, runs, strict=True):
        if not path or path[-1] != unit:
            path.append(unit)
            merged.append({})
        merged[-1].update(dict.fromkeys(run))
    return tuple(path), tuple(tuple(m) for m in merged)


def mapped(mined: Mined, unit_of: UnitOf) -> Mined:
    """The figures with every event's unit mapped first (docs/mining.md, `--org`): a value
    that maps to no unit becomes UNMAPPED, whose events stay in their case. Exact from
    the raw figures: a transition maps to one transition, and a raw path (consecutive
    repeats collapsed) collapses again to the mapped path of its cases."""
    to = {value: unit_of(value) or UNMAPPED for value in mined.unit_events}
    out = Mined(mined.log, mined.events, dict(mined.skipped), mined.transitions,
                filtered=mined.filtered, lifecycles=mined.lifecycles, notes=mined.notes)
    for value, n in mined.unit_events.items():
        out.unit_events[to[value]] += n
        if to[value] == UNMAPPED:
            out.unmapped[value] = n
    for (a, b), n in mined.pairs.items():
        out.pairs[(to[a], to[b])] += n
    for path, variant in mined.variants.items():
        units, runs = merge_runs([to[v] for v in path], variant.activities)
        out.add_variant(units, variant.cases, variant.first_seq, runs)
    return out
