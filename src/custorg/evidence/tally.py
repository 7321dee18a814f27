"""The reference accumulator: `Aggregates` from the cases of a log, in pure Python (the
python engine calls it once per case; the duckdb engine's SQL is held equal to it).

    tally = EvidenceTally(hours=None)
    for case in cases:                    # each case's events already in docs/mining.md order,
        tally.add_case(case, seq=first)   # mapped to units: (ts_us, unit, activity, resource)
    aggregates = tally.result()

Memory: exact nearest-rank quantiles need every wait, so the tally keeps one integer per
handoff and one per case (its summed wait, under its path): it grows with the handoffs of
the log, not with its events' other columns. Fine for the python engine, which holds a
log's distinct paths anyway; an engine for logs beyond memory computes the same quantiles
in SQL."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from itertools import combinations, pairwise
from typing import Any

from ..mining.tally import path_of
from .aggregates import Aggregates, PairWait, Units, VariantWait, WorkKey
from .hours import BusinessHours, wait_us

Event = tuple[int, str, str | None, str | None]  # (timestamp µs, unit, activity, resource)


class EvidenceTally:
    """Accumulates the evidence tables case by case (see the module docstring)."""

    def __init__(self, hours: BusinessHours | None = None) -> None:
        self.hours = hours
        self.waits: dict[tuple[str, str], list[int]] = {}
        self.case_sums: dict[Units, list[int]] = {}
        self.together: Counter[tuple[str, str]] = Counter()
        self.work: Counter[WorkKey] = Counter()
        self.missing_resource = 0
        self.first_seen: dict[str, tuple[int, int]] = {}  # resource -> (case seq, index)
        self._cases = 0

    def add_case(self, events: Sequence[Event], seq: int | None = None) -> None:
        """One case's events, ordered as docs/mining.md says and mapped to units. `seq` orders
        the cases for `--anonymize`'s first appearance (the case's first input position;
        default: the order of the calls), so that engines that see cases in another order
        number the people the same way."""
        order = self._cases if seq is None else seq
        self._cases += 1
        summed = 0
        for (t1, a, _, _), (t2, b, _, _) in pairwise(events):
            if a != b:
                wait = wait_us(t1, t2, self.hours)
                self.waits.setdefault((a, b), []).append(wait)
                summed += wait
        self.case_sums.setdefault(path_of([e[1] for e in events]), []).append(summed)
        self.together.update(combinations(sorted({e[1] for e in events}), 2))
        for index, (_, unit, activity, resource) in enumerate(events):
            if resource is None:
                self.missing_resource += 1
            elif resource not in self.first_seen or (order, index) < self.first_seen[resource]:
                self.first_seen[resource] = (order, index)
            if activity is not None:
                self.work[resource, unit, activity] += 1

    def result(self) -> Aggregates:
        return Aggregates(
            waits={pair: PairWait.of(w) for pair, w in self.waits.items()},
            variant_waits={path: VariantWait.of(s) for path, s in self.case_sums.items()},
            together=dict(self.together), work=dict(self.work),
            missing_resource=self.missing_resource,
            resources=tuple(sorted(self.first_seen, key=self.first_seen.__getitem__)))


class Tables:
    """What the engines feed (`mining.events.EvidenceSink`): the python engine's cases go
    to an `EvidenceTally`, the duckdb engine's table to the same figures in SQL (duck.py).

        tables = Tables(hours)
        mined = mine(path, columns, evidence=tables)
        aggregates = tables.result()"""

    def __init__(self, hours: BusinessHours | None = None) -> None:
        self.hours = hours
        self.tally = EvidenceTally(hours)
        self.computed: Aggregates | None = None

    def add_case(self, events: Sequence[Event], seq: int | None = None) -> None:
        self.tally.add_case(events, seq)

    def restart(self) -> None:
        self.tally = EvidenceTally(self.hours)

    def from_sql(self, con: Any, mapping: Mapping[str, str]) -> None:
        from .duck import sql_tables

        self.computed = sql_tables(con, self.hours, mapping)

    def from_spark(self, runner: Any, events: str, cases: str, top_paths: str) -> None:
        """The spark engine's tables (sparkagg.py)."""
        from .sparkagg import spark_tables

        self.computed = spark_tables(runner, events, cases, top_paths, self.hours)

    def result(self) -> Aggregates:
        return self.computed if self.computed is not None else self.tally.result()
