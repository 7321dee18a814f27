"""Finding columns by their header: a wrong name is a usage error that lists the columns
that exist, with a did-you-mean."""

from __future__ import annotations

import difflib
import unicodedata

from ..errors import UsageError
from ..inputs import names_list
from .names import plain
from .readers import Table


def _norm(name: str) -> str:
    return " ".join(unicodedata.normalize("NFC", name).split()).casefold()


MAX_TITLE_ROWS = 50  # rows below the header searched for the wanted column


def listing(table: Table) -> str:
    return names_list((plain(h) for h in table.header if h), none="(none has a name)")


def missing(table: Table, wanted: str, option: str = "") -> UsageError:
    from ..audit.config import suggest

    names = [h for h in table.header if h]
    hint = suggest(wanted, names)
    if not hint:  # the same comparison with case and spacing ignored
        folded = {_norm(h): h for h in names}
        close = difflib.get_close_matches(_norm(wanted), sorted(folded), n=1, cutoff=0.6)
        hint = f" (did you mean {plain(folded[close[0]])!r}?)" if close else ""
    where = f" for {option}" if option else ""
    return UsageError(f"{plain(table.file)}: no column {plain(wanted)!r}{where}{hint}; the "
                      f"columns are: {listing(table)}{'' if hint else _elsewhere(table, wanted)}")


def _elsewhere(table: Table, wanted: str) -> str:
    """Where the header may be instead (said when no header is close to the name): a row
    below (a title above the header) and, in a workbook, another sheet (a cover sheet)."""
    unit = "row" if table.sheets else "line"
    found = next((row.line for row in table.rows[:MAX_TITLE_ROWS]
                  if any(_norm(c) == _norm(wanted) for c in row.cells)), None)
    text = f" (read from {unit} {table.header_line}"
    if found is not None:
        text += f"; {unit} {found} has a column {plain(wanted)!r}: add --header-row {found}"
    text += ")"
    if table.sheets:
        sheets = names_list(plain(n) for n in table.sheets)
        text += (f"; the workbook's sheets are: {sheets}: choose one with --sheet NAME, "
                 f"and the header's row with --header-row N")
    elif found is None:
        text += f"; if a title is above the header, give the header's {unit} with --header-row N"
    return text


def loose(table: Table, names: tuple[str, ...]) -> int | None:
    """The first column whose header is one of `names` (trimmed, case-insensitive)."""
    wanted = {_norm(n) for n in names}
    for i, header in enumerate(table.header):
        if header and _norm(header) in wanted:
            return i
    return None


def exact(table: Table, name: str, option: str) -> int:
    """The column named `name` as the user typed it; when no header is exactly that, the
    one header equal to it but for case and spaces. UsageError otherwise."""
    for i, header in enumerate(table.header):
        if header == name.strip() and header:
            return i
    near = [i for i, h in enumerate(table.header) if h and _norm(h) == _norm(name)]
    if len(near) == 1:
        return near[0]
    if len(near) > 1:
        raise UsageError(f"{plain(table.file)}: {option} {plain(name)!r} matches "
                         f"{len(near)} columns that differ only in case or spacing "
                         f"({names_list(plain(table.header[i]) for i in near)}); give "
                         "one exactly")
    raise missing(table, name, option)
