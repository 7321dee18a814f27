"""The used range of a spreadsheet's XML, found by a linear scan of the text as it is
inflated (sheetsize.py feeds it chunk by chunk): no tree, nothing kept but the tag that
spans two chunks. Every regular expression here uses possessive quantifiers only, so no
input makes a match backtrack.

- XLSX (`XlsxRange`): the cells that hold a value (`<v>` or `<is>` inside `<c>`, as
  calamine keeps them); a cell's place is its `r` reference, or the next column of its
  row (the next row) when it has none. The `<dimension>` element is ignored: it may lie.
  Its merged ranges (`<mergeCell ref="C2:C4"/>`, after the cells), each cut to the used
  range: the cells a fill would write are counted against the same cell limit.
- ODS (`OdsRange`): every table of content.xml, rows and cells counted with their
  `number-rows-repeated` and `number-columns-repeated`; a cell holds a value when it has
  an `office:value-type` or content (the empty repeated rows that close a LibreOffice
  sheet count nothing, as in calamine)."""

from __future__ import annotations

import html
import posixpath
import re
from functools import lru_cache

MAX_ROWS = 1_048_576  # Excel's and LibreOffice's last row
MAX_COLUMNS = 16_384  # column XFD
MAX_TAG = 1 << 20  # a tag longer than this is no spreadsheet's
_NAME_PREFIX = rb"(?:[A-Za-z_][\w.\-]*+:)?+"
_ATTRS = rb"((?:[^>\"']++|\"[^\"]*+\"|'[^']*+')*+)>"
# a row or cell whose first attribute is a plain r="B7" (as every program writes it) has
# it read by the expression itself: groups 2 and 3, its letters and digits
_XLSX_TAGS = re.compile(rb"<" + _NAME_PREFIX + rb"(row|c|v|is|mergeCell)(?=[\s/>])"
                        rb"(?:\s++r=\"([A-Z]{1,3}+)?+([0-9]{1,7}+)\")?+" + _ATTRS)
_ODS_TAGS = re.compile(rb"<(/?)" + _NAME_PREFIX + rb"(table-row|table-cell|"
                       rb"covered-table-cell|table)(?=[\s/>])" + _ATTRS)
_COMPLETE_TAG = re.compile(rb"<(?:[^>\"']++|\"[^\"]*+\"|'[^']*+')*+>")
_ATTR = re.compile(rb"(?:^|\s)([\w.\-]++(?::[\w.\-]++)?+)\s*+=\s*+(?:\"([^\"]*+)\"|'([^']*+)')")
_VALUE = rb"\s*+=\s*+(?:\"([^\"]*+)\"|'([^']*+)')"
_R = re.compile(rb"(?:^|\s)r" + _VALUE)  # XLSX's reference of a row or cell
_ROWS_REPEATED = re.compile(rb"(?:^|\s)(?:[\w.\-]++:)?+number-rows-repeated" + _VALUE)
_COLUMNS_REPEATED = re.compile(rb"(?:^|\s)(?:[\w.\-]++:)?+number-columns-repeated" + _VALUE)
_VALUE_TYPE = re.compile(rb"(?:^|\s)(?:[\w.\-]++:)?+value-type\s*+=")
_REF = re.compile(rb"\s*+([A-Za-z]{1,3}+)([0-9]{1,7}+)\s*+")
_MERGE_REF = re.compile(rb"(?:^|\s)ref" + _VALUE)
_RANGE = re.compile(rb"\s*+([A-Za-z]{1,3}+[0-9]{1,7}+):([A-Za-z]{1,3}+[0-9]{1,7}+)\s*+")
_COUNT = re.compile(rb"\s*+([0-9]{1,10}+)\s*+")


class SheetError(Exception):
    """A sheet over the cell limit (`cells`: its rows and columns so far, and the cells of
    the sheets before it) or malformed (`problem`); `offset` in the unpacked part."""

    def __init__(self, offset: int, problem: str = "", cells: tuple[int, int] | None = None,
                 before: int = 0, merged: int = 0) -> None:
        super().__init__(problem)
        self.offset, self.problem, self.cells, self.before = offset, problem, cells, before
        self.merged = merged  # cells of the merged ranges so far, when over the limit


def cell_name(row: int, column: int) -> str:
    """The A1 name of a cell from its 1-based row and column (16384, 1048576: XFD1048576)."""
    letters = ""
    while column > 0:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return f"{letters}{row}"


def attributes(text: bytes) -> dict[bytes, bytes]:
    """A tag's attributes by their local name (the part after a prefix)."""
    found = {}
    for match in _ATTR.finditer(text):
        name = match.group(1).rpartition(b":")[2]
        found[name] = match.group(2) if match.group(2) is not None else match.group(3)
    return found


def attribute(pattern: re.Pattern[bytes], attrs: bytes) -> bytes | None:
    """The value of the attribute `pattern` finds in a tag's attributes, None if absent."""
    match = pattern.search(attrs)
    if match is None:
        return None
    value: bytes = match.group(1) if match.group(1) is not None else match.group(2)
    return value


def _shown(value: bytes) -> str:
    from .names import plain

    return repr(plain(value[:40].decode("utf-8", "replace")))


class _Scan:
    """Chunks in, the tags that span two chunks joined, each complete one read by `scan`."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.carry = b""
        self.consumed = 0  # bytes of the part before `carry`
        self.rows = self.columns = 0  # the used range of the current sheet
        self.before = 0  # cells of the sheets before it
        self.base = 0

    def feed(self, chunk: bytes) -> None:
        text = self.carry + chunk
        self.base = self.consumed  # the offset of `text` in the part
        self.scan(text)
        last = text.rfind(b"<")  # carried over when its tag is not complete
        keep = last >= 0 and _COMPLETE_TAG.match(text, last) is None
        if keep and len(text) - last > MAX_TAG:
            raise SheetError(self.consumed + last, f"a tag of over {MAX_TAG:,} bytes")
        cut = last if keep else len(text)
        self.consumed += cut
        self.carry = text[cut:]

    def close(self) -> None:
        """The end of the part."""

    def scan(self, text: bytes) -> None:
        """Read the complete tags of `text`."""
        raise NotImplementedError

    def used(self, rows: int, columns: int, offset: int) -> None:
        self.rows, self.columns = max(self.rows, rows), max(self.columns, columns)
        if self.before + self.rows * self.columns > self.limit:
            raise SheetError(offset, cells=(self.rows, self.columns), before=self.before)


class XlsxRange(_Scan):

    def __init__(self, limit: int) -> None:
        super().__init__(limit)
        self.row = 0  # the current row (1-based), the last cell's column
        self.column = 0
        self.pending: tuple[int, int] | None = None  # a cell whose value is not seen yet
        self.merged: list[tuple[int, int, int, int]] = []  # (top, left, bottom, right)
        self.merged_cells = 0  # the cells of `merged`

    def scan(self, text: bytes) -> None:
        """The loop over every cell of a sheet, kept tight: the common cell costs a
        regular-expression match, a column lookup and a comparison. Where a tag is only
        counted (`at`), found again when a SheetError needs its offset."""
        at = 0
        try:
            tags = enumerate(_XLSX_TAGS.findall(text))
            for at, (name, letters, digits, attrs) in tags:  # noqa: B007 (read on error)
                if name == b"c":
                    if digits and letters and b"r=" not in attrs:
                        place = (int(digits), _column_number(letters))
                        if place[0] > MAX_ROWS or place[1] > MAX_COLUMNS or not place[0]:
                            place = _cell(letters + digits, 0)
                    else:
                        place = self._place(attrs, letters, digits)
                    self.column = place[1]
                    self.pending = None if attrs.endswith(b"/") else place
                elif name == b"row":
                    self._row(attrs, letters, digits)
                elif name == b"mergeCell":
                    self._merge(attrs)
                elif self.pending is not None:  # <v> or <is>: the cell holds a value
                    rows, columns = self.pending
                    if rows > self.rows or columns > self.columns:
                        self.used(rows, columns, 0)
                    self.pending = None
        except SheetError as exc:
            exc.offset = self.base + _nth(_XLSX_TAGS, text, at)
            raise

    def _place(self, attrs: bytes, letters: bytes, digits: bytes) -> tuple[int, int]:
        """A cell's place in the uncommon forms: no reference (the next column), one not
        first or in single quotes, two of them, a malformed one."""
        ref = attribute(_R, attrs)
        if digits:
            if ref is not None:
                raise SheetError(0, "a cell with two r attributes")
            ref = letters + digits
        if ref is None:
            return max(self.row, 1), self.column + 1
        return _cell(ref, 0)

    def _merge(self, attrs: bytes) -> None:
        """A merged range, cut to the used range so far (the cells come before it, as
        the schema orders them); kept when it covers more than its top-left cell."""
        ref = attribute(_MERGE_REF, attrs)
        match = _RANGE.fullmatch(ref or b"")
        if match is None:
            raise SheetError(0, f"merged range {_shown(ref or b'')} is not a range such as "
                             "C2:C4")
        (top, left), (bottom, right) = _cell(match.group(1), 0), _cell(match.group(2), 0)
        top, bottom = min(top, bottom), min(max(top, bottom), self.rows)
        left, right = min(left, right), min(max(left, right), self.columns)
        if bottom < top or right < left or (bottom - top + 1) * (right - left + 1) < 2:
            return
        self.merged_cells += (bottom - top + 1) * (right - left + 1)
        if self.merged_cells > self.limit:
            raise SheetError(0, cells=(self.rows, self.columns), merged=self.merged_cells)
        self.merged.append((top, left, bottom, right))

    def _row(self, attrs: bytes, letters: bytes, digits: bytes) -> None:
        ref = attribute(_R, attrs)
        if digits:
            if ref is not None:
                raise SheetError(0, "a row with two r attributes")
            ref = letters + digits
        self.row = self.row + 1 if ref is None else _count(ref, 0, "row number")
        if not 1 <= self.row <= MAX_ROWS:
            raise SheetError(0, f"row {self.row:,} is outside a sheet (rows 1 to "
                             f"{MAX_ROWS:,})")
        self.column, self.pending = 0, None


class OdsRange(_Scan):

    def __init__(self, limit: int) -> None:
        super().__init__(limit)
        self.row = 0  # rows of the current table before the current row
        self.repeat = 0  # the current row's repetitions (0: no row open)
        self.column = 0  # columns of the current row so far
        self.width = 0  # ... up to its last cell with a value

    def scan(self, text: bytes) -> None:
        for match in _ODS_TAGS.finditer(text):
            closing, name, attrs = match.group(1, 2, 3)
            self._tag(closing, name, attrs, self.base + match.start())

    def _tag(self, closing: bytes, name: bytes, attrs: bytes, offset: int) -> None:
        if closing:
            if name == b"table-row":
                self._end_row(offset)
        elif name == b"table":
            self._end_row(offset)
            self.before += self.rows * self.columns
            self.rows = self.columns = self.row = 0
        elif name == b"table-row":
            self._end_row(offset)
            self.repeat = _count(attribute(_ROWS_REPEATED, attrs) or b"1", offset,
                                 "number-rows-repeated")
            self.column = self.width = 0
            if attrs.endswith(b"/"):
                self._end_row(offset)
        else:  # a cell, covered or not
            self.column += _count(attribute(_COLUMNS_REPEATED, attrs) or b"1", offset,
                                  "number-columns-repeated")
            if not attrs.endswith(b"/") or _VALUE_TYPE.search(attrs):
                self.width = self.column
                self.used(self.row + max(self.repeat, 1), self.width, offset)

    def _end_row(self, offset: int) -> None:
        if self.repeat:
            if self.width:
                self.used(self.row + self.repeat, self.width, offset)
            self.row += self.repeat
            self.repeat = 0

    def close(self) -> None:
        self._end_row(self.consumed)


def _nth(pattern: re.Pattern[bytes], text: bytes, n: int) -> int:
    """Where the n-th (0-based) match of the pattern in the text starts."""
    for at, match in enumerate(pattern.finditer(text)):
        if at == n:
            return match.start()
    return 0


def _count(value: bytes, offset: int, what: str) -> int:
    match = _COUNT.fullmatch(value)
    if match is None:
        raise SheetError(offset, f"{what} {_shown(value)} is not a whole number")
    return int(match.group(1))


@lru_cache(maxsize=4096)
def _column_number(letters: bytes) -> int:
    """1 for A, 16384 for XFD (upper-case letters)."""
    column = 0
    for letter in letters:
        column = column * 26 + letter - 64
    return column


def _cell(ref: bytes, offset: int) -> tuple[int, int]:
    """(row, column) of a reference such as B7, both 1-based; SheetError when it is no
    cell of a sheet."""
    match = _REF.fullmatch(ref)
    if match is None:
        raise SheetError(offset, f"cell reference {_shown(ref)} is not a reference such as "
                         "B7")
    column = _column_number(match.group(1).upper())
    row = int(match.group(2))
    if not (1 <= row <= MAX_ROWS and column <= MAX_COLUMNS):
        raise SheetError(offset, f"cell reference {_shown(ref)} is outside a sheet (columns "
                         f"A to XFD, rows 1 to {MAX_ROWS:,})")
    return row, column


_SHEET = re.compile(rb"<(?:[A-Za-z_][\w.\-]*+:)?+sheet(?=[\s/>])" + _ATTRS)
_RELATION = re.compile(rb"<(?:[A-Za-z_][\w.\-]*+:)?+Relationship(?=[\s/>])" + _ATTRS)


def office_document(relations: bytes) -> str | None:
    """The workbook part that _rels/.rels names (calamine reads it, wherever it is)."""
    for match in _RELATION.finditer(relations):
        attrs = attributes(match.group(1))
        if attrs.get(b"Type", b"").endswith(b"/officeDocument") and b"Target" in attrs:
            return _part("", _text(attrs[b"Target"]))
    return None


def workbook_sheets(workbook: bytes, relations: bytes) -> list[tuple[str, str]]:
    """(name, part) of each sheet of xl/workbook.xml, in its order (calamine's), the part
    found through xl/_rels/workbook.xml.rels; [] when they do not tell."""
    targets = {}
    for match in _RELATION.finditer(relations):
        attrs = attributes(match.group(1))
        if b"Id" in attrs and b"Target" in attrs:
            targets[attrs[b"Id"]] = _part("xl", _text(attrs[b"Target"]))
    sheets = []
    for match in _SHEET.finditer(workbook):
        attrs = attributes(match.group(1))
        part = targets.get(attrs.get(b"id", b""))
        if b"name" not in attrs or part is None:
            return []
        sheets.append((_text(attrs[b"name"]), part))
    return sheets


def _part(folder: str, target: str) -> str:
    """A relationship's target as a part name: absolute (/xl/...) or from `folder`."""
    if target.startswith("/"):
        return posixpath.normpath(target.lstrip("/"))
    return posixpath.normpath(posixpath.join(folder, target))


def _text(value: bytes) -> str:
    """An attribute's text: entity and character references replaced."""
    return html.unescape(value.decode("utf-8", "replace"))
