"""Reading an HR export into a header and rows of text: CSV (encoding and delimiter
detected) or a spreadsheet (XLSX, XLS, ODS through python-calamine).

Every problem that makes a file unusable is a UsageError naming the file (and the line
where it can): empty, binary, not text in a known encoding, no header, no rows, too
big. Rows whose length differs from the header's are kept (missing cells read as empty)
and reported."""

from __future__ import annotations

import csv
import hashlib
import io
import os
import stat
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from ..encodings import decode
from ..errors import UsageError
from ..inputs import read_input
from ..limits import Limits
from .anomalies import Anomalies
from .merged import fill
from .names import plain
from .sheetsize import check_loaded, check_spreadsheet, unreadable

MAX_BYTES = 256 * 1024 * 1024
DELIMITERS = (",", ";", "\t", "|")
DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab", "|": "vertical bar"}
SPREADSHEET_MAGIC = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")
Progress = Callable[[int, "int | None"], None]


@dataclass(frozen=True)
class Row:
    line: int  # line of the row's start in a CSV file, row number in a sheet
    cells: list[str]

    def cell(self, index: int | None) -> str:
        """The trimmed text of a column (found by its header), "" for a column not given."""
        return self.cells[index].strip() if index is not None else ""


@dataclass
class Table:
    file: str  # the name shown to the user
    header: list[str]
    rows: list[Row]
    described: str  # how it was read: "CSV, UTF-8, comma-separated"
    size: int
    sha256: str
    notes: list[str] = field(default_factory=list)
    sheets: list[str] = field(default_factory=list)  # a workbook's sheets ([]: CSV)
    header_line: int = 0  # line (CSV) or row (sheet) of the header


def read_table(path: str, anomalies: Anomalies, sheet: str | None = None,
               on_progress: Progress | None = None, need_rows: bool = True,
               limits: Limits | None = None, header_row: int | None = None) -> Table:
    """The file at `path` as a header and rows; UsageError when it cannot be used (or has
    no rows, when `need_rows`, or is over one of the `limits`). The header is the first
    row that is not empty, or the row (sheet) or line (CSV) `header_row`, 1-based."""
    data = _read_bytes(path)
    name = os.path.basename(path) or path
    digest = hashlib.sha256(data).hexdigest()
    sheets: list[str] = []
    if data.startswith(SPREADSHEET_MAGIC):
        records, described, sheets = _read_sheet(path, data, sheet, limits or Limits(),
                                                 anomalies, header_row or 1)
        where = "row"
    else:
        if sheet is not None:
            raise UsageError(f"{plain(path)}: --sheet is for spreadsheets (XLSX, XLS, ODS); "
                             "this file is read as CSV text")
        text, encoding = decode(data, path)
        delimiter = sniff_delimiter(text)
        records = _read_csv(text, path, delimiter, on_progress)
        described = f"CSV, {encoding}, {DELIMITER_NAMES[delimiter]}-separated"
        where = "line"
    header_line, header, rows = _split(records, header_row, plain(path), where)
    if not header:
        raise UsageError(f"{plain(path)}: no header row: the first row must name the columns")
    if not rows and need_rows:
        raise UsageError(f"{plain(path)}: has a header ({where} {header_line}) but no rows of "
                         "data")
    if header_row is not None:
        described += f", header on {where} {header_line}"
    table = Table(name, [h.strip() for h in header], [], described, len(data), digest,
                  sheets=sheets, header_line=header_line)
    table.rows = _even_rows(table, rows, anomalies)
    return table


def _split(records: Iterator[Row], header_row: int | None, shown: str, where: str
           ) -> tuple[int, list[str], list[Row]]:
    """(header line, header, rows) of the records that are not empty: the header is the
    first, or the one starting at `header_row` (the records above it skipped)."""
    header: list[str] = []
    header_line = 0
    rows: list[Row] = []
    for record in records:
        if header_row is not None and not header and record.line < header_row:
            continue
        if not any(c.strip() for c in record.cells):
            continue
        if header:
            rows.append(record)
        elif header_row is None or record.line == header_row:
            header, header_line = record.cells, record.line
        else:
            raise UsageError(f"{shown}: --header-row {header_row}: {where} {header_row} is "
                             f"empty (the next {where} with cells is {record.line}); give the "
                             f"{where} that names the columns")
    if header_row is not None and not header:
        raise UsageError(f"{shown}: --header-row {header_row}: the file has no {where} "
                         f"{header_row} with cells; give the {where} that names the columns")
    return header_line, header, rows


def _read_bytes(path: str) -> bytes:
    shown = plain(path)
    try:
        info = os.stat(path)
        if stat.S_ISDIR(info.st_mode):
            raise UsageError(f"{shown}: is a folder; give the exported file")
        if not stat.S_ISREG(info.st_mode):
            raise UsageError(f"{shown}: not a regular file (a device, pipe or socket)")
        if info.st_size > MAX_BYTES:
            raise UsageError(f"{shown}: {info.st_size:,} bytes, more than the "
                             f"{MAX_BYTES:,} custorg reads; split the export")
        data = read_input(path, name=shown)
    except FileNotFoundError:
        raise UsageError(f"{shown}: no such file") from None
    except OSError as exc:
        raise UsageError(f"{shown}: cannot read: {exc.strerror or exc}") from None
    if not data.strip():
        raise UsageError(f"{shown}: the file is empty; export the data again")
    return data


def sniff_delimiter(text: str) -> str:
    """The candidate that occurs most in the first record (outside quotes); comma on a tie."""
    counts = dict.fromkeys(DELIMITERS, 0)
    quoted = False
    for ch in text[:65536]:
        if ch == '"':
            quoted = not quoted
        elif not quoted:
            if ch in "\r\n":
                break
            if ch in counts:
                counts[ch] += 1
    best = max(DELIMITERS, key=lambda d: counts[d])  # max keeps the first on a tie
    return best if counts[best] else ","


def _read_csv(text: str, path: str, delimiter: str, on_progress: Progress | None
              ) -> Iterator[Row]:
    """Each record with the line where it starts."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    total = text.count("\n") + 1
    start = 1
    try:
        for n, cells in enumerate(reader, start=1):
            yield Row(start, cells)
            if on_progress and n % 5000 == 0:
                on_progress(reader.line_num, total)
            start = reader.line_num + 1
    except csv.Error as exc:
        raise UsageError(f"{plain(path)}: line {start}: cannot read this CSV row ({exc}); "
                         "look for an unclosed quote") from None


def _read_sheet(path: str, data: bytes, sheet: str | None, limits: Limits,
                anomalies: Anomalies, first: int) -> tuple[Iterator[Row], str, list[str]]:
    """A sheet's rows (merged ranges filled, from row `first` on), read by calamine from
    the bytes checked against the limits; how it was read; the workbook's sheets."""
    try:
        from python_calamine import CalamineWorkbook
    except ImportError:  # pragma: no cover - a core dependency
        raise UsageError("reading spreadsheets needs python-calamine: pip install "
                         "python-calamine") from None
    merged = check_spreadsheet(data, plain(path), sheet, limits)
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        names = list(book.sheet_names)
        if not names:
            raise UsageError(f"{plain(path)}: the workbook has no sheets")
        name = names[0] if sheet is None else sheet
        if name not in names:
            from ..audit.config import suggest

            raise UsageError(f"{plain(path)}: no sheet {plain(name)!r}{suggest(name, names)}; "
                             f"the sheets are: {', '.join(repr(plain(n)) for n in names)}")
        loaded = book.get_sheet_by_name(name)
        check_loaded(loaded.total_width + 1, loaded.total_height + 1, plain(path),
                     plain(name), limits)
        data_rows = loaded.to_python(skip_empty_area=False)
    except (UsageError, KeyboardInterrupt, SystemExit):
        raise
    except BaseException as exc:  # calamine's errors (corrupt, encrypted, not a workbook)
        # and a panic in its Rust code (pyo3's PanicException is a BaseException)
        raise unreadable(plain(path), plain(str(exc))) from None
    texts = [[cell_text(v) for v in values] for values in data_rows]
    fill(texts, merged, anomalies, os.path.basename(path) or path, first)
    records = (Row(number, cells) for number, cells in enumerate(texts, start=1))
    return records, f"spreadsheet, sheet {plain(name)!r}", names


def cell_text(value: object) -> str:
    """A spreadsheet cell as the text a CSV export would hold (16.0 -> "16")."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    iso = getattr(value, "isoformat", None)
    return str(iso()) if iso is not None else str(value)


def _even_rows(table: Table, rows: list[Row], anomalies: Anomalies) -> list[Row]:
    """Rows padded or cut to the header's length; the ragged ones reported."""
    width = len(table.header)
    out = []
    for row in rows:
        cells = row.cells
        if len(cells) < width:
            anomalies.add("ragged-short", "row with fewer cells than the header",
                          "read the missing cells as empty", table.file, row.line,
                          f"{len(cells)} cells, the header has {width}")
            cells = cells + [""] * (width - len(cells))
        elif len(cells) > width:
            extra = [c for c in cells[width:] if c.strip()]
            if extra:
                anomalies.add("ragged-long", "row with more cells than the header",
                              "ignored the cells past the last named column", table.file,
                              row.line, f"{len(cells)} cells, the header has {width}")
            cells = cells[:width]
        out.append(Row(row.line, cells))
    return out
