"""Spreadsheet event logs (XLSX, XLS, ODS), read by the python engine through the reader
of `custorg import` (`importer.readers.read_table`: the same reader, the same limits,
`--sheet` chooses the sheet). Rows become events as a CSV's rows do (`csvlog`); a cell of
date type reads as ISO 8601 text."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from .csvlog import BATCH, Indexes, event_of, indexes
from .events import Columns, RawCase, RawEvent

SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
MAGIC = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")  # zip (XLSX, ODS), OLE (XLS)


def read(path: Path, columns: Columns) -> tuple[Indexes, list[tuple[int, list[str]]]]:
    """Where the wanted columns are, and (row number, cells) of every row of data."""
    from ..importer.anomalies import Anomalies
    from ..importer.readers import read_table

    table = read_table(str(path), Anomalies(), sheet=columns.sheet, need_rows=False)
    where = indexes(path, table.header, columns)
    return where, [(row.line, row.cells) for row in table.rows]


def cases_of(rows: list[tuple[int, list[str]]], where: Indexes) -> Iterator[RawCase]:
    """The sheet's rows (`read`), consecutive rows of a case together (as
    `csvlog.cases`)."""
    current: str | None = None
    events: list[RawEvent] = []
    for _, row in rows:
        if row[where[0]] != current or len(events) == BATCH:
            if events:
                yield current, events
            current, events = row[where[0]], []
        events.append(event_of(row, where))
    if events:
        yield current, events
