"""Input size limits: how much custorg reads before it says "too large" (exit 2).

A small file must not buy a large run: a 1.6 KB XLSX can declare a sheet of 17 billion
cells, a 14 MB `.xes.gz` can unpack to one 4 GB trace. Each limit is absolute (a ratio
cannot tell a bomb from a repetitive real export) and each is a key of the `[limits]`
table in `custorg.toml` (or `[tool.custorg.limits]` in `pyproject.toml`), so a user whose
real data is larger raises it there:

    [limits]
    xlsx-cells = 20_000_000

Every message that refuses an input names the limit's key and this way to raise it
(`too_large`)."""

from __future__ import annotations

from dataclasses import dataclass, fields

MIB = 1024 * 1024
GIB = 1024 * MIB


@dataclass(frozen=True)
class Limits:
    # import table / mine: XLSX and ODS sheets, checked before any cell is loaded
    xlsx_cells: int = 10_000_000        # cells of a sheet's used range (rows x columns)
    xlsx_unpacked_bytes: int = 256 * MIB  # the XML calamine reads (sheet, shared strings,
    #   styles, workbook; ODS: content.xml) once unzipped: as much as a CSV export may hold
    xlsx_parts: int = 10_000             # entries of the zip's directory
    # mine: event logs
    trace_bytes: int = 256 * MIB         # one XES trace's text
    case_events: int = 5_000_000         # events of one case
    unpacked_bytes: int = 64 * GIB       # a compressed log's total unpacked size
    # mine --engine duckdb: the memory DuckDB works in before it spills to a temporary
    #   folder; not every operator spills far enough, so a log of ~100M events needs
    #   more (8 GiB in bench/spark_results.md). Not an input size: beyond it DuckDB says
    #   "out of memory" (exit 1, naming this key)
    duckdb_memory: int = 1500 * MIB
    # report --evidence: the evidence.json `mine -o` wrote (it grows with units and pairs)
    evidence_bytes: int = 64 * MIB

    @classmethod
    def keys(cls) -> list[str]:
        """Config keys (`xlsx-cells`), in declaration order."""
        return [f.name.replace("_", "-") for f in fields(cls)]


def too_large(what: str, key: str, limit: int) -> str:
    """The message for an input over a limit: what, the limit, how to raise it."""
    return (f"too large: {what} is over the limit of {limit:,} ({key}); if the input is "
            f"genuine, raise it in custorg.toml: [limits] {key} = {limit * 4}")
