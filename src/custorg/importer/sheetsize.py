"""Spreadsheet bombs refused before python-calamine loads a cell (security.md).

calamine builds a sheet's dense range: one cell at XFD1048576 in a 1.6 KB XLSX asks for
17 billion cells (an abort in Rust, exit 134), and a sheet's XML unpacks to any size. So
the zip is read here first, from the very bytes calamine then reads, and no part is
unpacked into memory whole:

- the zip's directory is bounded (`xlsx-parts`), and a part named twice refused;
- the parts calamine may read are inflated in bounded chunks from their raw data (the
  sizes the headers declare are not trusted) and counted (`xlsx-unpacked-bytes`);
- XLSX: the sheet calamine will read (the first, or `--sheet`, through xl/workbook.xml
  and its relationships) is scanned for its cells (sheetxml.py: the used range from the
  cells themselves; a `<dimension>` element may lie) and checked against `xlsx-cells`.
  calamine follows _rels/.rels to a workbook anywhere: in any other layout every part is
  scanned. A workbook part that is not XML (XLSB) is refused;
- ODS: content.xml (every table: calamine reads them all when it opens the file), its
  repeated rows and columns counted;
- XLS (binary BIFF8, no zip): the format bounds a sheet to 65,536 rows x 256 columns and
  the file size limit bounds the rest; the range calamine loaded is checked
  (`check_loaded`) before a Python row is built."""

from __future__ import annotations

import io
import zipfile
import zlib
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

from ..errors import UsageError
from ..limits import Limits, too_large
from .names import plain
from .sheetxml import (
    OdsRange,
    SheetError,
    XlsxRange,
    cell_name,
    office_document,
    workbook_sheets,
)

ZIP_MAGIC = b"PK\x03\x04"
CHUNK = 1 << 20  # unpacked bytes handed to a scan at a time
ENTRY_BYTES = 256  # a real zip directory entry is shorter (46 bytes and a short name)
ROOT = "_rels/.rels"  # names the workbook part, which calamine follows
WORKBOOK, RELATIONS = "xl/workbook.xml", "xl/_rels/workbook.xml.rels"  # the usual layout
METADATA_BYTES = 16 << 20  # workbook.xml and its relationships: a real one is far smaller


@dataclass
class _Book:
    """The zip of one spreadsheet, as calamine will read it."""

    shown: str  # the file name, escaped
    data: bytes
    zip: zipfile.ZipFile
    limits: Limits
    unpacked: int = 0  # bytes inflated so far, over every part read
    parts: list[str] = field(default_factory=list)

    def inflate(self, name: str) -> Iterator[bytes]:
        """The part's bytes, inflated chunk by chunk and counted against the limit."""
        info = self.zip.getinfo(name)
        self.parts.append(name)
        for chunk in _inflate(self.data, info, self.shown):
            self.unpacked += len(chunk)
            if self.unpacked > self.limits.xlsx_unpacked_bytes:
                what = (f"the XML calamine reads, unpacked (the limit is reached inside "
                        f"{plain(name)}, part {len(self.parts)} of those read)")
                raise UsageError(f"{self.shown}: " + too_large(
                    what, "xlsx-unpacked-bytes", self.limits.xlsx_unpacked_bytes))
            yield chunk

    def read_small(self, name: str) -> bytes | None:
        """A metadata part, whole (inflated and counted like the others); None when it is
        missing or over METADATA_BYTES."""
        if name not in self.zip.NameToInfo:
            return None
        kept: list[bytes] = []
        size = 0
        for chunk in self.inflate(name):
            size += len(chunk)
            if size <= METADATA_BYTES:
                kept.append(chunk)
        return b"".join(kept) if size <= METADATA_BYTES else None


Merged = list[tuple[int, int, int, int]]  # (top, left, bottom, right), 1-based


def check_spreadsheet(data: bytes, shown: str, sheet: str | None, limits: Limits) -> Merged:
    """UsageError ("too large", or what is malformed) for a zip spreadsheet over a limit;
    nothing for XLS or a file that is no zip (calamine then says it cannot read it).
    Returns the merged ranges of the XLSX sheet calamine will read (sheetxml.py), cut to
    its used range; [] for other formats and layouts."""
    if not data.startswith(ZIP_MAGIC):
        return []
    _check_directory(data, shown, limits)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError) as exc:
        raise unreadable(shown, f"a damaged zip: {exc}") from None
    listed = archive.namelist()
    names = set(listed)
    if len(names) != len(listed):  # zipfile would check the last, calamine may read another
        twice = min(n for n, k in Counter(listed).items() if k > 1)
        raise unreadable(shown, f"a damaged zip: two parts named {plain(twice)!r}")
    book = _Book(shown, data, archive, limits)
    if any(n.lower().endswith("workbook.bin") for n in names):
        raise _binary(shown)
    if "content.xml" in names:
        _check_ods(book)
    if ROOT in names or any(n.startswith("xl/") for n in names):
        return _check_xlsx(book, names, sheet)
    return []


def unreadable(shown: str, why: str) -> UsageError:
    """The error for a file that is no spreadsheet calamine can read (or custorg checks)."""
    return UsageError(f"{shown}: cannot read it as a spreadsheet ({why}); open it in a "
                      "spreadsheet program and save it again as .xlsx or .csv")


def _binary(shown: str) -> UsageError:
    return UsageError(f"{shown}: an XLSB (binary) workbook, which custorg does not read; "
                      "save it as .xlsx or .csv")


def _check_directory(data: bytes, shown: str, limits: Limits) -> None:
    """The zip's directory, from its end record: each entry costs memory in calamine and
    zipfile, so the count (or the directory's size, when the count lies) is bounded."""
    at = data.rfind(b"PK\x05\x06", max(0, len(data) - 65_557))
    if at < 0 or at + 22 > len(data):
        return
    count = int.from_bytes(data[at + 10:at + 12], "little")
    size = int.from_bytes(data[at + 12:at + 16], "little")
    if at >= 20 and data[at - 20:at - 16] == b"PK\x06\x07":  # zip64: the real figures
        end64 = int.from_bytes(data[at - 12:at - 4], "little")
        if data[end64:end64 + 4] == b"PK\x06\x06":
            count = int.from_bytes(data[end64 + 32:end64 + 40], "little")
            size = int.from_bytes(data[end64 + 40:end64 + 48], "little")
    parts = max(count, size // ENTRY_BYTES)
    if parts > limits.xlsx_parts:
        raise UsageError(f"{shown}: " + too_large(f"the zip's directory ({parts:,} parts)",
                                                  "xlsx-parts", limits.xlsx_parts))


def _inflate(data: bytes, info: zipfile.ZipInfo, shown: str) -> Iterator[bytes]:
    """A member's bytes in chunks of at most CHUNK, from its raw data (the sizes its
    headers declare are not trusted: the stream is inflated to its end, as calamine
    would)."""
    start = info.header_offset
    if data[start:start + 4] != ZIP_MAGIC:
        raise UsageError(f"{shown}: a damaged zip (part {plain(info.filename)!r} is not where "
                         "its directory says); save the file again")
    begin = start + 30 + int.from_bytes(data[start + 26:start + 28], "little") \
        + int.from_bytes(data[start + 28:start + 30], "little")
    raw = memoryview(data)[begin:begin + info.compress_size]
    if info.flag_bits & 1:
        raise UsageError(f"{shown}: the workbook is encrypted (password-protected); save it "
                         "without a password")
    if info.compress_type == zipfile.ZIP_STORED:
        for at in range(0, len(raw), CHUNK):
            yield bytes(raw[at:at + CHUNK])
        return
    if info.compress_type != zipfile.ZIP_DEFLATED:
        raise UsageError(f"{shown}: part {plain(info.filename)!r} is compressed with method "
                         f"{info.compress_type}, which spreadsheet programs do not write; "
                         "save the file again")
    inflater = zlib.decompressobj(-15)
    try:
        for at in range(0, len(raw), 65_536):
            chunk = inflater.decompress(raw[at:at + 65_536], CHUNK)
            while chunk:
                yield chunk
                chunk = inflater.decompress(inflater.unconsumed_tail, CHUNK)
            if inflater.eof:
                return
    except zlib.error as exc:
        raise UsageError(f"{shown}: a damaged zip (part {plain(info.filename)!r}: {exc}); save "
                         "the file again") from None


def _check_xlsx(book: _Book, names: set[str], sheet: str | None) -> Merged:
    """The sheet calamine will read, when the workbook has the usual layout; else every
    part (calamine follows _rels/.rels to a workbook anywhere)."""
    root = book.read_small(ROOT)
    target = office_document(root) if root is not None else None
    workbook = book.read_small(WORKBOOK) if target == WORKBOOK else None
    if target is not None and target in names:
        head = workbook if workbook is not None else next(iter(book.inflate(target)), b"")
        if not head[:64].lstrip(b"\xef\xbb\xbf\xff\xfe \t\r\n").startswith((b"<", b"\x00<")):
            raise _binary(book.shown)
    chosen, sheets = _chosen_sheet(book, names, sheet, workbook) if workbook else (None, [])
    if chosen is None:
        for name in sorted(names - {ROOT}):
            _scan(book, name, f"part {plain(name)}", XlsxRange(book.limits.xlsx_cells))
        return []
    skip = {ROOT, WORKBOOK, RELATIONS, *sheets}
    for name in sorted(names - skip):  # shared strings, styles...: what calamine may read
        if name.endswith((".xml", ".rels")):
            for _ in book.inflate(name):
                pass
    scan = XlsxRange(book.limits.xlsx_cells)
    _scan(book, chosen[0], chosen[1], scan)
    return scan.merged


def _check_ods(book: _Book) -> None:
    _scan(book, "content.xml", "the sheets (calamine loads every sheet of an ODS file)",
          OdsRange(book.limits.xlsx_cells))


def _scan(book: _Book, part: str, label: str, scan: XlsxRange | OdsRange) -> None:
    try:
        for chunk in book.inflate(part):
            scan.feed(chunk)
        scan.close()
    except SheetError as exc:
        where = f"{part}, byte {exc.offset:,}"
        if exc.merged:
            what = (f"the merged ranges of {label} ({where}: {exc.merged:,} cells to fill, "
                    f"in a used range of {exc.cells[0] if exc.cells else 0:,} rows x "
                    f"{exc.cells[1] if exc.cells else 0:,} columns)")
            raise UsageError(f"{book.shown}: " + too_large(what, "xlsx-cells",
                                                           book.limits.xlsx_cells)) from None
        if exc.cells is not None:
            rows, cols = exc.cells
            before = f", after {exc.before:,} cells of the sheets before" if exc.before else ""
            what = (f"the used range of {label} ({where}: {rows:,} rows x {cols:,} columns"
                    f", to cell {cell_name(rows, cols)}{before})")
            raise UsageError(f"{book.shown}: " + too_large(what, "xlsx-cells",
                                                           book.limits.xlsx_cells)) from None
        raise UsageError(f"{book.shown}: {label} ({where}): {exc.problem}; the file is "
                         "damaged or was not written by a spreadsheet program: open it in "
                         "one and save it again") from None


def _chosen_sheet(book: _Book, names: set[str], sheet: str | None, workbook: bytes
                  ) -> tuple[tuple[str, str] | None, list[str]]:
    """(part, label) of the sheet calamine will read, found through workbook.xml and its
    relationships (None when they cannot tell), and the parts of every sheet."""
    relations = book.read_small(RELATIONS)
    found = workbook_sheets(workbook, relations) if relations else []
    wanted = sheet if sheet is not None else found[0][0] if found else None
    for name, part in found:
        if name == wanted and part in names:
            return (part, f"sheet {plain(name)!r}"), [p for _, p in found]
    return None, []


def check_loaded(width: int, height: int, shown: str, sheet: str, limits: Limits) -> None:
    """The range calamine loaded (XLS, and every format as a second guard), before a
    Python row is built."""
    if width * height > limits.xlsx_cells:
        what = (f"the used range of sheet {sheet!r} ({height:,} rows x {width:,} columns, "
                f"to cell {cell_name(height, width)})")
        raise UsageError(f"{shown}: " + too_large(what, "xlsx-cells", limits.xlsx_cells))
