"""Which files an event log is: its kind (CSV, XES, Parquet, spreadsheet), and a folder
log's parts in the order that breaks ties of timestamps (docs/mining.md)."""

from __future__ import annotations

from pathlib import Path

from ..errors import UsageError
from ..inputs import open_input
from .events import LogError
from .sheetlog import MAGIC as SHEET_MAGIC, SUFFIXES as SHEET_SUFFIXES


def log_kind(path: Path) -> str:
    """csv, xes, parquet or sheet (XLSX, XLS, ODS): by the name, else by the first
    bytes."""
    name = path.name.lower()
    if name.endswith((".xes", ".xes.gz", ".xml", ".xml.gz")):
        return "xes"
    if name.endswith((".parquet", ".pq")):
        return "parquet"
    if name.endswith((".csv", ".tsv", ".txt")):
        return "csv"
    if name.endswith(SHEET_SUFFIXES):
        return "sheet"
    try:
        with open_input(path) as handle:
            head = handle.read(512)
    except OSError as exc:
        raise LogError(f"{path}: cannot read: {exc.strerror or exc}") from None
    if head.startswith(b"PAR1"):
        return "parquet"
    if head.startswith(SHEET_MAGIC):
        return "sheet"
    if head.startswith(b"\x1f\x8b") or head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
        return "xes"
    return "csv"


FOLDER_KINDS = {".csv": "csv", ".parquet": "parquet"}


def folder_files(folder: Path) -> tuple[list[Path], str]:
    """A folder log's files: its `*.csv` or its `*.parquet` (one kind; hidden files and
    sub-folders left out), in sorted path order, the order that breaks ties of
    timestamps (docs/mining.md). Names are taken literally: no engine expands a pattern."""
    files = sorted(p for p in folder.iterdir() if not p.name.startswith(".")
                   and p.suffix.lower() in FOLDER_KINDS and p.is_file())
    kinds = sorted({FOLDER_KINDS[p.suffix.lower()] for p in files})
    if not files:
        raise UsageError(f"{folder}: a folder without *.csv or *.parquet files; give the "
                         "event log's file, or the folder of its parts")
    if len(kinds) > 1:
        raise UsageError(f"{folder}: holds both *.csv and *.parquet files; a folder log "
                         "is the parts of one log, of one kind: move the others away")
    return files, kinds[0]


def log_files(path: Path) -> tuple[list[Path], str]:
    """(the files, their kind) of a local log: a folder's parts (`folder_files`) or the
    one file (`log_kind`); UsageError when the path is neither."""
    if path.is_dir():
        return folder_files(path)
    if path.is_file():
        return [path], log_kind(path)
    raise UsageError(f"{path}: no such file" if not path.exists() else
                     f"{path}: not a file; give the event log's file or folder")
