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
from . import csvlog, xeslog
from .events import EMPTY_TRACE, PROGRESS_EVERY, Columns, Progress, is_missing, parse_timestamp
from .tally import Mined, collapse

# one usable event of a case: (instant, input position, unit, activity)
Event = tuple[int, int, str, "str | None"]
Record = tuple[str | None, str | None, str | None, str | None]  # case, unit, ts, activity


class _NotGrouped(Exception):
    """A case came back after another case started: read again, holding every case."""


def mine_python(path: Path, columns: Columns, kind: str,
                on_progress: Progress | None = None) -> Mined:
    """The figures of the log at `path` (kind: csv or xes)."""
    try:
        return _run(path, columns, kind, grouped=True, on_progress=on_progress)
    except _NotGrouped:
        return _run(path, columns, kind, grouped=False, on_progress=on_progress)


def _run(path: Path, columns: Columns, kind: str, grouped: bool,
         on_progress: Progress | None) -> Mined:
    mined = Mined(path.name)
    records = _records(path, columns, kind, mined)
    with_activity = kind == "xes" or csvlog.layout(path, columns).indexes[3] is not None
    finish = _finisher(mined, with_activity)
    if grouped:
        _grouped(records, mined, finish, on_progress)
    else:
        _held(records, mined, finish, on_progress)
    return mined


def _records(path: Path, columns: Columns, kind: str, mined: Mined) -> Iterator[Record]:
    if kind == "csv":
        yield from csvlog.rows(path, csvlog.layout(path, columns))
        return
    seen: set[str] = set()
    any_event = False
    for case, events in xeslog.traces(path, columns, seen):
        if not events:
            mined.skipped[EMPTY_TRACE] = mined.skipped.get(EMPTY_TRACE, 0) + 1
        for unit, ts, activity in events:
            any_event = True
            yield case, unit, ts, activity
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
            shown = ", ".join(repr(k) for k in sorted(seen)[:40])
            raise UsageError(f"{path}: no trace or event has the attribute {key!r} (the "
                             f"{option} attribute); the attributes are: {shown}. Name the "
                             f"right one with {option} NAME")


def _usable(records: Iterable[Record], mined: Mined, on_progress: Progress | None
            ) -> Iterator[tuple[str, Event]]:
    """(case, event) of every usable record; the others counted under their reason."""
    skipped = mined.skipped
    parse = parse_timestamp
    for seq, (case, unit, ts, activity) in enumerate(records):
        if not seq % PROGRESS_EVERY and on_progress is not None:
            on_progress(seq, None)
        if not case or (case[0] == " " and is_missing(case)):
            skipped["missing-case"] += 1
        elif not unit or (unit[0] == " " and is_missing(unit)):
            skipped["missing-unit"] += 1
        else:
            instant = parse(ts) if ts else None
            if instant is None:
                skipped["bad-timestamp"] += 1
            else:
                yield case, (instant, seq, unit, activity)


def _finisher(mined: Mined, with_activity: bool) -> Callable[[list[Event]], None]:
    pairs = mined.pairs

    def finish(events: list[Event]) -> None:
        events.sort(key=itemgetter(0))  # stable: equal instants keep the input order
        units = [e[2] for e in events]
        mined.events += len(units)
        mined.unit_events.update(units)
        mined.transitions += len(units) - 1
        for pair in zip(units, units[1:], strict=False):
            pairs[pair] += 1
        acts = [e[3] for e in events] if with_activity else None
        path, runs = collapse(units, acts)
        mined.add_variant(path, 1, min(e[1] for e in events), runs)

    return finish


def _grouped(records: Iterable[Record], mined: Mined,
             finish: Callable[[list[Event]], None], on_progress: Progress | None) -> None:
    done: set[str] = set()
    current: str | None = None
    events: list[Event] = []
    for case, event in _usable(records, mined, on_progress):
        if case != current:
            if events:
                finish(events)
                done.add(current)  # type: ignore[arg-type]
            if case in done:
                raise _NotGrouped
            current, events = case, []
        events.append(event)
    if events:
        finish(events)


def _held(records: Iterable[Record], mined: Mined, finish: Callable[[list[Event]], None],
          on_progress: Progress | None) -> None:
    cases: dict[str, list[Event]] = {}
    for case, event in _usable(records, mined, on_progress):
        cases.setdefault(case, []).append(event)
    for events in cases.values():
        finish(events)
