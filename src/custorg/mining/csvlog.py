"""CSV event logs: encoding and delimiter detection, header check, rows as raw text (one
pass, streaming).

Each row becomes `(case, unit, timestamp, activity, lifecycle)` as written; what counts
as missing or unparseable is decided by the engine, the same way for every format. The
encoding is found as `custorg import` finds it (`custorg.encodings`): a byte-order mark,
else UTF-8 when the whole file is UTF-8, else Windows-1252."""

from __future__ import annotations

import csv
import io
import os
import shutil
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .. import encodings
from ..errors import UsageError
from ..inputs import names_list, open_input
from .events import LIFECYCLE, Columns, LogError, RawCase, RawEvent

DELIMITERS = (",", ";", "\t", "|")
BATCH = 1 << 12  # rows of one case handed over at a time (a long case still shows progress)
csv.field_size_limit(1 << 24)  # one field of 16 MB at most: a broken quote, not data
# where the columns are: case, unit, timestamp, activity, lifecycle:transition, resource
Indexes = tuple[int, int, int, "int | None", "int | None", "int | None"]


@dataclass(frozen=True)
class CsvLayout:
    """What both engines need to read the file the same way."""

    delimiter: str
    header: tuple[str, ...]
    indexes: Indexes
    encoding: str = "utf-8-sig"  # the Python codec of the first file
    described: str = "UTF-8"  # the encoding as users read it


def detect_delimiter(first_line: str) -> str:
    """The candidate that occurs most often in the header line; a comma on a tie."""
    counts = {d: first_line.count(d) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: (counts[d], d == ","))
    return best if counts[best] else ","


@lru_cache(maxsize=8)
def _encoding_of(path: Path, size: int, mtime: int) -> tuple[str, str]:
    """(codec, name) of a file as `custorg import` decides it, or ("", what is wrong); the
    file is read once to check it is UTF-8 (remembered per file version)."""
    with open_input(path) as handle:
        head = handle.read(encodings.HEAD)
        found = encodings.byte_order_mark(head)
        if found is not None:
            return found
        hint = encodings.nul_hint(head)
        if hint is not None:
            return "", hint
        handle.seek(0)
        bad = encodings.first_invalid_utf8(iter(lambda: handle.read(1 << 20), b""))
        if bad is None:
            return "utf-8-sig", "UTF-8"
        handle.seek(0)
        before = handle.read(bad)
    return "cp1252", encodings.cp1252_label(before.count(b"\n") + 1)


def encoding(path: Path) -> tuple[str, str]:
    """(Python codec, name as users read it) of a CSV log."""
    try:
        info = os.stat(path)
        codec, label = _encoding_of(path, info.st_size, info.st_mtime_ns)
    except OSError as exc:
        raise LogError(f"{path}: cannot read: {exc.strerror or exc}") from None
    if not codec:
        raise LogError(f"{path}: {label}")
    return codec, label


def open_text(path: Path) -> io.TextIOWrapper:
    """The log as text, in its encoding (`encoding`), line endings as they are."""
    codec, _ = encoding(path)
    try:
        return io.TextIOWrapper(open_input(path), encoding=codec, newline="")
    except OSError as exc:
        raise LogError(f"{path}: cannot read: {exc.strerror or exc}") from None


def layout(path: Path, columns: Columns) -> CsvLayout:
    """Read the header: the delimiter and where the wanted columns are. A missing column
    is a usage error that lists the columns the file has."""
    codec, described = encoding(path)
    with open_text(path) as handle:
        try:
            first = handle.readline()
        except UnicodeDecodeError as exc:
            raise LogError(f"{path}: line 1: not {described} text ({exc.reason}); save "
                           "the log as UTF-8") from None
    if not first.strip():
        raise LogError(f"{path}: line 1: no header row: the first line must name the "
                       "columns (case, unit, timestamp ...)")
    delimiter = detect_delimiter(first)
    header = tuple(next(csv.reader([first], delimiter=delimiter)))
    return CsvLayout(delimiter, header, indexes(path, header, columns), codec, described)


def indexes(path: Path | str, header: Sequence[str], columns: Columns) -> Indexes:
    """Where the wanted columns are in `header` (CSV, spreadsheet); a missing one is a
    usage error that lists the columns there are."""
    header = tuple(header)
    wanted = [("--case", columns.case), ("--unit", columns.unit),
              ("--timestamp", columns.timestamp)]
    found: list[int] = []
    for option, name in wanted:
        if name not in header:
            raise UsageError(missing_column(path, option, name, header))
        found.append(header.index(name))
    activity = header.index(columns.activity) if columns.activity in header else None
    if activity is None and columns.activity_explicit:
        raise UsageError(missing_column(path, "--activity", columns.activity, header))
    lifecycle = header.index(LIFECYCLE) if LIFECYCLE in header else None
    return found[0], found[1], found[2], activity, lifecycle, resource_index(path, header,
                                                                            columns)


def resource_index(path: Path | str, header: tuple[str, ...], columns: Columns) -> int | None:
    """The --resource column's place: None when no resource is read (--no-evidence) or
    the default column is absent; a given one that is absent is a usage error."""
    if columns.resource is None:
        return None
    if columns.resource in header:
        return header.index(columns.resource)
    if columns.resource_explicit:
        raise UsageError(missing_column(path, "--resource", columns.resource, header))
    return None


def folder_layout(files: list[Path], columns: Columns) -> CsvLayout:
    """The layout of a log's files (one, or a folder's parts): every part must have the
    first one's header line, so that both engines read them alike."""
    first = layout(files[0], columns)
    for other in files[1:]:
        lay = layout(other, columns)
        if (lay.delimiter, lay.header) != (first.delimiter, first.header):
            raise UsageError(f"{other}: its header differs from that of {files[0]}: the "
                             "CSV parts of a folder log have one header (same columns, "
                             "same order, same delimiter)")
    return first


def missing_column(path: Path | str, option: str, name: str, header: tuple[str, ...]) -> str:
    return (f"{path}: no column {name!r} (the {option} column); the columns are: "
            f"{names_list(header)}. "
            f"Name the right one with {option} COLUMN")


def rows(path: Path, lay: CsvLayout) -> Iterator[tuple[int, list[str]]]:
    """(line where the row starts, its fields) of every row after the header, in file
    order; blank lines are passed over. A row with another number of fields than the
    header is an error naming its line."""
    width = len(lay.header)
    with open_text(path) as handle:
        reader = csv.reader(handle, delimiter=lay.delimiter, strict=True)
        start = 1
        try:
            next(reader, None)
            start = reader.line_num + 1
            for row in reader:
                if len(row) != width:
                    if not row:
                        start = reader.line_num + 1
                        continue
                    raise LogError(
                        f"{path}: line {start}: {len(row)} fields, the header "
                        f"has {width}: fix the row (a field holding {lay.delimiter!r} "
                        "must be quoted)")
                yield start, row
                start = reader.line_num + 1
        except csv.Error as exc:
            raise LogError(f"{path}: line {start}: malformed CSV ({exc})") from None
        except UnicodeDecodeError as exc:
            described = encoding(path)[1]
            raise LogError(f"{path}: line {start}: not {described} text ({exc.reason}); "
                           "save the log as UTF-8") from None


def event_of(row: Sequence[str], where: Indexes) -> RawEvent:
    """A row's (unit, timestamp, activity, lifecycle, resource) as written."""
    _, unit, ts, activity, lifecycle, resource = where
    return (row[unit], row[ts], row[activity] if activity is not None else None,
            row[lifecycle] if lifecycle is not None else None,
            row[resource] if resource is not None else None)


def cases(path: Path, lay: CsvLayout) -> Iterator[RawCase]:
    """The rows after the header (`rows`), consecutive rows of a case together:
    (case, [(unit, timestamp, activity, lifecycle, resource) per row])."""
    case = lay.indexes[0]
    current: str | None = None
    events: list[RawEvent] = []
    for _, row in rows(path, lay):
        if row[case] != current or len(events) == BATCH:
            if events:
                yield current, events
            current, events = row[case], []
        events.append(event_of(row, lay.indexes))
    if events:
        yield current, events


def as_utf8(files: list[Path], scratch: str, notes: list[str]) -> list[Path]:
    """The CSV files as the SQL engines read them: UTF-8 ones as they are, the others
    (UTF-16, Windows-1252 ...: `encoding`, as `custorg import` decides) copied into
    `scratch` as UTF-8, line endings kept; the first such file noted in `notes`."""
    out = []
    for i, file in enumerate(files):
        codec, described = encoding(file)
        if codec == "utf-8-sig":
            out.append(file)
            continue
        if not notes:
            notes.append(f"read as {described}")
        target = Path(scratch) / f"utf8-{i}.csv"
        with open_text(file) as source, open(target, "w", encoding="utf-8",
                                             newline="") as copy:
            try:
                shutil.copyfileobj(source, copy, 1 << 20)
            except UnicodeDecodeError as exc:
                raise LogError(f"{file}: not {described} text ({exc.reason}); save the "
                               "log as UTF-8") from None
        out.append(target)
    return out
