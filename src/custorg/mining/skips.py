"""More than half of the events skipped: `custorg mine` stops (exit 1) and says why.

docs/mining.md: the reasons, the first 3 offending values of each with their line (CSV), row
(spreadsheet) or trace (XES), and the option that helps. The examples come from a second
read of the log, on this error path only, with the engines' own rules (`events`)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from ..escape import text as shown
from ..limits import Limits
from . import csvlog, sheetlog, xeslog
from .events import SKIP_REASONS, Columns, LogError, RawEvent, keeps, timestamp_parser
from .logfiles import folder_files, log_kind
from .sparkread import URI
from .tally import Mined
from .timeformat import DAYFIRST, Reader, timestamp_format

EXAMPLES = 3
HELP = {"missing-case": "name the column that holds the case with --case COLUMN",
        "missing-unit": "name the column that holds the unit with --unit COLUMN",
        "bad-timestamp": "name their format with --timestamp-format FORMAT (e.g. "
                         "'%d/%m/%Y %H:%M'; see docs/messy-data.md)"}


def check_skipped(mined: Mined, path: Path | str, columns: Columns, limits: Limits) -> None:
    """LogError when --lifecycle left no event, or when more than half of the events
    read (after --lifecycle) are skipped. `path` as given (a URI stays text); examples of
    the skipped events are read from a local file only."""
    if columns.lifecycle is not None and mined.filtered and not mined.events and not any(
            mined.skipped[r] for r in SKIP_REASONS):
        raise LogError(f"{path}: --lifecycle {columns.lifecycle} left no event: the "
                       f"{mined.filtered:,} events with a lifecycle:transition all have "
                       "another value; give one the log has, or leave --lifecycle out")
    skipped = sum(mined.skipped[r] for r in SKIP_REASONS)
    if skipped * 2 <= skipped + mined.events:
        return
    local = Path(path)
    readable = isinstance(path, Path) or not URI.match(path)
    examples = offending(local, columns, limits, {r for r in SKIP_REASONS if mined.skipped[r]}
                         ) if readable and local.exists() else {}
    lines = [f"{path}: {skipped:,} of {skipped + mined.events:,} events skipped (more "
             "than half): nothing mined"]
    for reason in SKIP_REASONS:
        n = mined.skipped[reason]
        if not n:
            continue
        found = examples.get(reason, [])
        listed = ", ".join(f"{_quoted(value)} ({where})" for where, value in found)
        lines.append(f"  {reason}: {n:,} event{'s' * (n != 1)}"
                     + (f", e.g. {listed}" if listed else "")
                     + f"; {_help(reason, [v for _, v in found], columns)}")
    other = f"{mined.events:,} other event{'s' * (mined.events != 1)}"
    lines.append(f"  --allow-skipped mines the {other} anyway")
    raise TooManySkipped(lines)


class TooManySkipped(LogError):
    """More than half of the events skipped: a message of several lines (`lines`)."""

    def __init__(self, lines: list[str]) -> None:
        super().__init__("\n".join(lines))
        self.lines = lines


def _quoted(value: str) -> str:
    """A value as written, in quotes: an empty value or its spaces show."""
    return "'" + shown(value).replace("'", "\\'") + "'"


def _help(reason: str, values: list[str], columns: Columns) -> str:
    if reason == "bad-timestamp" and columns.timestamp_format is None and values:
        dayfirst = timestamp_format(None, True)
        assert dayfirst is not None
        reader = Reader(dayfirst, lambda _: None)
        if all(reader(v) is not None for v in values):
            return ("they read as day/month/year: add --dayfirst (" +
                    " or ".join(repr(f) for f in DAYFIRST) + ")")
    if reason == "bad-timestamp" and columns.timestamp_format is not None:
        return (f"they do not match {columns.timestamp_format.label!r} (nor ISO 8601): "
                "correct --timestamp-format")
    return HELP[reason]


def offending(path: Path, columns: Columns, limits: Limits, reasons: set[str]
              ) -> dict[str, list[tuple[str, str]]]:
    """Per reason, the first EXAMPLES (where, value) of the events skipped for it."""
    parse = timestamp_parser(columns)
    out: dict[str, list[tuple[str, str]]] = {r: [] for r in reasons}
    for where, case, (unit, ts, _, lifecycle, _) in _located(path, columns, limits):
        if not keeps(lifecycle, columns.lifecycle):
            continue
        case_value = (case or "").strip()
        unit_value = (unit or "").strip()
        if not case_value:
            reason, value = "missing-case", case or ""
        elif not unit_value:
            reason, value = "missing-unit", unit or ""
        elif not ts or parse(ts) is None:
            reason, value = "bad-timestamp", ts or ""
        else:
            continue
        if reason in out and len(out[reason]) < EXAMPLES:
            out[reason].append((where, value))
            if all(len(found) == EXAMPLES for found in out.values()):
                break
    return out


def _located(path: Path, columns: Columns, limits: Limits
             ) -> Iterator[tuple[str, str | None, RawEvent]]:
    """(where, case, event) of every event of the log, in input order."""

    files, kind = folder_files(path) if path.is_dir() else ([path], log_kind(path))
    if kind == "csv":
        lay = csvlog.folder_layout(files, columns)
        for file in files:
            name = f"{file.name} " if len(files) > 1 else ""
            for line, row in csvlog.rows(file, lay):
                yield f"{name}line {line}", row[lay.indexes[0]], csvlog.event_of(
                    row, lay.indexes)
    elif kind == "sheet":
        where, rows = sheetlog.read(path, columns)
        for number, row in rows:
            yield f"row {number}", row[where[0]], csvlog.event_of(row, where)
    elif kind == "xes":
        for n, (case, events) in enumerate(xeslog.traces(path, columns, set(),
                                                         limits=limits), 1):
            for event in events:
                yield f"trace {n}", case, event
    # Parquet (duckdb): the counts only
