"""The python engine: one streaming pass over the log, one case at a time.

Logs are nearly always grouped by case (XES by construction, exports sorted by case), so
a case is finished when the next one starts and only the current case is held. When a
finished case shows up again further down, the log is not grouped: the engine starts over
and holds every case until the end (memory then grows with the log; the duckdb engine is
the one for such logs beyond memory)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from operator import itemgetter
from pathlib import Path

from ..errors import UsageError
from ..inputs import names_list
from ..limits import Limits
from . import csvlog, sheetlog, xeslog
from .events import (
    EMPTY_TRACE,
    PROGRESS_EVERY,
    Columns,
    EvidenceSink,
    Progress,
    RawCase,
    case_too_large,
    timestamp_parser,
)
from .tally import LIFECYCLE_KINDS, UNMAPPED, Mined, UnitOf, collapse, path_of

# one usable event of a case: (instant, input position, unit, activity, resource)
Event = tuple[int, int, str, "str | None", "str | None"]


class _NotGrouped(Exception):
    """A case came back after another case started: read again, holding every case."""


class Feed:
    """`--evidence`: each finished case's events, ordered and mapped to units (`unit_of`:
    --org), handed to the evidence tables (docs/evidence.md)."""

    def __init__(self, sink: EvidenceSink, unit_of: UnitOf | None) -> None:
        self.sink, self.unit_of = sink, unit_of
        self.to: dict[str, str] = {}

    def add(self, events: list[Event], first: int) -> None:
        to, unit_of = self.to, self.unit_of
        if unit_of is not None:
            for e in events:
                if e[2] not in to:
                    to[e[2]] = unit_of(e[2]) or UNMAPPED
            self.sink.add_case([(e[0], to[e[2]], e[3] or None, e[4]) for e in events],
                               seq=first)
        else:
            self.sink.add_case([(e[0], e[2], e[3] or None, e[4]) for e in events], seq=first)


def mine_python(path: Path, files: list[Path], columns: Columns, kind: str,
                on_progress: Progress | None = None, limits: Limits | None = None,
                evidence: Feed | None = None) -> Mined:
    """The figures of the log at `path` (kind: csv or xes), read from `files` (the log,
    or the CSV parts of a folder in order); each case fed to `evidence` too."""
    limits = limits or Limits()
    try:
        return _run(path, files, columns, kind, True, on_progress, limits, evidence)
    except _NotGrouped:
        if evidence is not None:
            evidence.sink.restart()
        return _run(path, files, columns, kind, False, on_progress, limits, evidence)


def _run(path: Path, files: list[Path], columns: Columns, kind: str, grouped: bool,
         on_progress: Progress | None, limits: Limits, evidence: Feed | None) -> Mined:
    mined = Mined(path.name)
    if kind == "sheet":
        where, rows = sheetlog.read(files[0], columns)
        batches: Iterable[RawCase] = sheetlog.cases_of(rows, where)
        with_activity = where[3] is not None
    else:
        lay = csvlog.folder_layout(files, columns) if kind == "csv" else None
        batches = _batches(files, columns, lay, mined, limits)
        with_activity = lay is None or lay.indexes[3] is not None
        if lay is not None and lay.described != "UTF-8":
            mined.notes.append(f"read as {lay.described}")
    finish = _finisher(mined, with_activity, evidence)
    usable = _bounded(_usable(batches, mined, columns, on_progress), path,
                      limits.case_events)
    if grouped:
        _grouped(usable, finish)
    else:
        _held(usable, finish)
    return mined


def _bounded(usable: Iterator[tuple[str, list[Event]]], path: Path, limit: int
             ) -> Iterator[tuple[str, list[Event]]]:
    """The batches of `_usable`, stopped by a case with more than `limit` events, wherever
    in the log they are (the cases met are counted: memory grows with the cases, as
    `_held` does anyway)."""
    counts: dict[str, int] = {}
    for case, events in usable:
        n = counts[case] = counts.get(case, 0) + len(events)
        if n > limit:
            raise UsageError(case_too_large(path, case, limit))
        yield case, events


def _batches(files: list[Path], columns: Columns, lay: csvlog.CsvLayout | None,
             mined: Mined, limits: Limits) -> Iterator[RawCase]:
    """The log's events, consecutive ones of a case together: a CSV's runs of rows (file
    after file), an XES log's traces."""
    if lay is not None:
        for file in files:
            yield from csvlog.cases(file, lay)
        return
    path = files[0]
    seen: set[str] = set()
    any_event = False
    for case, events in xeslog.traces(path, columns, seen, limits=limits):
        if not events:
            mined.skipped[EMPTY_TRACE] = mined.skipped.get(EMPTY_TRACE, 0) + 1
            continue
        any_event = True
        yield case, events
    if any_event:
        _check_keys(path, columns, seen)


def _check_keys(path: Path, columns: Columns, seen: set[str]) -> None:
    """An attribute that no trace or event has is a wrong name, not missing data."""
    wanted = [("--case", "case:" + columns.case.removeprefix("case:")),
              ("--unit", columns.unit), ("--timestamp", columns.timestamp)]
    if columns.activity_explicit:
        wanted.append(("--activity", columns.activity))
    for option, key in wanted:
        if key not in seen:
            raise UsageError(f"{path}: no trace or event has the attribute {key!r} (the "
                             f"{option} attribute); the attributes are: "
                             f"{names_list(sorted(seen))}. Name the "
                             f"right one with {option} NAME")


def _usable(batches: Iterable[RawCase], mined: Mined, columns: Columns,
            on_progress: Progress | None) -> Iterator[tuple[str, list[Event]]]:
    """(case, its usable events) of every batch with any; the other events are counted
    under their reason, or as `filtered` (--lifecycle). Values are trimmed first. An
    event's input position counts every event read."""
    skipped, transitions = mined.skipped, mined.lifecycles
    parse = timestamp_parser(columns)
    wanted = columns.lifecycle.lower() if columns.lifecycle is not None else None
    seq = report = 0
    for raw_case, events in batches:
        if seq >= report and on_progress is not None:
            on_progress(seq, None)
            report = seq - seq % PROGRESS_EVERY + PROGRESS_EVERY
        case = raw_case.strip() if raw_case else ""
        usable: list[Event] = []
        for unit, ts, activity, lifecycle, resource in events:
            seq += 1
            if lifecycle is not None and (lifecycle := lifecycle.strip()):
                if wanted is not None and lifecycle.lower() != wanted:
                    mined.filtered += 1
                    continue
                if lifecycle.lower() in LIFECYCLE_KINDS:
                    transitions.add(lifecycle.lower())
            if not case:
                skipped["missing-case"] += 1
                continue
            unit = unit.strip() if unit else ""
            if not unit:
                skipped["missing-unit"] += 1
                continue
            instant = parse(ts) if ts else None
            if instant is None:
                skipped["bad-timestamp"] += 1
            else:
                usable.append((instant, seq - 1, unit, activity.strip() if activity
                               else activity, resource.strip() or None if resource
                               else None))
        if usable:
            yield case, usable


def _finisher(mined: Mined, with_activity: bool, evidence: Feed | None
              ) -> Callable[[list[Event]], None]:
    pairs = mined.pairs

    def finish(events: list[Event]) -> None:
        first = events[0][1]  # events come in input order: the first is the earliest
        events.sort(key=itemgetter(0))  # stable: equal instants keep the input order
        units = [e[2] for e in events]
        mined.events += len(units)
        mined.unit_events.update(units)
        mined.transitions += len(units) - 1
        pairs.update(zip(units, units[1:], strict=False))
        path = path_of(units)
        runs = None
        if with_activity and mined.is_example(path, first):  # else its runs are not kept
            runs = collapse(units, [e[3] for e in events])[1]
        mined.add_variant(path, 1, first, runs if with_activity else None)
        if evidence is not None:
            evidence.add(events, first)

    return finish


def _grouped(batches: Iterable[tuple[str, list[Event]]],
             finish: Callable[[list[Event]], None]) -> None:
    done: set[str] = set()
    current: str | None = None
    events: list[Event] = []
    for case, usable in batches:
        if case == current:
            events += usable
            continue
        if events:
            finish(events)
            done.add(current)  # type: ignore[arg-type]
        if case in done:
            raise _NotGrouped
        current, events = case, usable
    if events:
        finish(events)


def _held(batches: Iterable[tuple[str, list[Event]]],
          finish: Callable[[list[Event]], None]) -> None:
    cases: dict[str, list[Event]] = {}
    for case, usable in batches:
        cases.setdefault(case, []).extend(usable)
    for events in cases.values():
        finish(events)
