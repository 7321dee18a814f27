"""CSV event logs: delimiter detection, header check, rows as raw text (one pass, streaming).

Each row becomes `(case, unit, timestamp, activity)` as written; what counts as missing or
unparseable is decided by the engine, the same way for every format."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ..errors import UsageError
from ..inputs import names_list, open_input
from .events import Columns, LogError, RawCase, RawEvent

DELIMITERS = (",", ";", "\t", "|")
BATCH = 1 << 12  # rows of one case handed over at a time (a long case still shows progress)
csv.field_size_limit(1 << 24)  # one field of 16 MB at most: a broken quote, not data


@dataclass(frozen=True)
class CsvLayout:
    """What both engines need to read the file the same way."""

    delimiter: str
    header: tuple[str, ...]
    indexes: tuple[int, int, int, int | None]  # case, unit, timestamp, activity


def detect_delimiter(first_line: str) -> str:
    """The candidate that occurs most often in the header line; a comma on a tie."""
    counts = {d: first_line.count(d) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: (counts[d], d == ","))
    return best if counts[best] else ","


def _open(path: Path) -> io.TextIOWrapper:
    try:
        return io.TextIOWrapper(open_input(path), encoding="utf-8-sig", newline="")
    except OSError as exc:
        raise LogError(f"{path}: cannot read: {exc.strerror or exc}") from None


def layout(path: Path, columns: Columns) -> CsvLayout:
    """Read the header: the delimiter and where the wanted columns are. A missing column
    is a usage error that lists the columns the file has."""
    with _open(path) as handle:
        try:
            first = handle.readline()
        except UnicodeDecodeError as exc:
            raise LogError(f"{path}: line 1: not UTF-8 text ({exc.reason}); save the log "
                           "as UTF-8") from None
    if not first.strip():
        raise LogError(f"{path}: line 1: no header row: the first line must name the "
                       "columns (case, unit, timestamp ...)")
    delimiter = detect_delimiter(first)
    header = tuple(next(csv.reader([first], delimiter=delimiter)))
    wanted = [("--case", columns.case), ("--unit", columns.unit),
              ("--timestamp", columns.timestamp)]
    index: list[int | None] = []
    for option, name in wanted:
        if name not in header:
            raise UsageError(missing_column(path, option, name, header))
        index.append(header.index(name))
    activity = header.index(columns.activity) if columns.activity in header else None
    if activity is None and columns.activity_explicit:
        raise UsageError(missing_column(path, "--activity", columns.activity, header))
    case, unit, ts = (i for i in index if i is not None)
    return CsvLayout(delimiter, header, (case, unit, ts, activity))


def folder_layout(files: list[Path], columns: Columns) -> CsvLayout:
    """The layout of a log's files (one, or a folder's parts): every part must have the
    first one's header line, so that both engines read them alike."""
    first = layout(files[0], columns)
    for other in files[1:]:
        if layout(other, columns) != first:
            raise UsageError(f"{other}: its header differs from that of {files[0]}: the "
                             "CSV parts of a folder log have one header (same columns, "
                             "same order, same delimiter)")
    return first


def missing_column(path: Path, option: str, name: str, header: tuple[str, ...]) -> str:
    return (f"{path}: no column {name!r} (the {option} column); the columns are: "
            f"{names_list(header)}. "
            f"Name the right one with {option} COLUMN")


def cases(path: Path, lay: CsvLayout) -> Iterator[RawCase]:
    """The rows after the header, in file order, consecutive rows of a case together:
    (case, [(unit, timestamp, activity) per row]). Blank lines are passed over. A row
    with another number of fields than the header is an error naming its line."""
    case, unit, ts, activity = lay.indexes
    width = len(lay.header)
    current: str | None = None
    events: list[RawEvent] = []
    with _open(path) as handle:
        reader = csv.reader(handle, delimiter=lay.delimiter, strict=True)
        try:
            next(reader, None)
            for row in reader:
                if len(row) != width:
                    if not row:
                        continue
                    raise LogError(
                        f"{path}: line {reader.line_num}: {len(row)} fields, the header "
                        f"has {width}: fix the row (a field holding {lay.delimiter!r} "
                        "must be quoted)")
                if row[case] != current or len(events) == BATCH:
                    if events:
                        yield current, events
                    current, events = row[case], []
                events.append((row[unit], row[ts],
                               row[activity] if activity is not None else None))
            if events:
                yield current, events
        except csv.Error as exc:
            raise LogError(f"{path}: line {reader.line_num}: malformed CSV ({exc})") from None
        except UnicodeDecodeError as exc:
            raise LogError(f"{path}: after line {reader.line_num}: not UTF-8 text "
                           f"({exc.reason}); save the log as UTF-8") from None
