"""Merged cells of an XLSX sheet: calamine reads every cell of a merged range but its
top-left one as empty, so a function written once for a block of rows would be lost.
Every cell of a range takes the top-left cell's value, and each range filled is reported.

The ranges come from the streaming scan of the sheet (sheetxml.py), cut to its used
range there, and their cells are counted against the `xlsx-cells` limit: a fill writes
at most that many cells, into the rows calamine loaded (it never makes a cell)."""

from __future__ import annotations

from .anomalies import Anomalies
from .names import plain
from .sheetsize import Merged
from .sheetxml import cell_name


def fill(rows: list[list[str]], merged: Merged, anomalies: Anomalies, file: str,
         first: int = 1) -> None:
    """Write each range's top-left text into its other cells (in place); a range above
    row `first` (the --header-row) is left as it is."""
    for top, left, bottom, right in merged:
        if bottom < first or top > len(rows) or left > len(rows[top - 1]):
            continue
        value = rows[top - 1][left - 1]
        if not value.strip():
            continue
        for line in rows[top - 1:bottom]:
            end = min(right, len(line))
            if end >= left:
                line[left - 1:end] = [value] * (end - left + 1)
        anomalies.add("merged", "merged cell range", "gave every cell of the range the "
                      "value of its top-left cell", file, top,
                      f"{cell_name(top, left)}:{cell_name(bottom, right)} "
                      f"({plain(value[:60])!r})")
