"""YAML text -> plain data plus a source map (document path -> line and column).

Three paths read a document (PATHS), each giving the same data and source map for what
it accepts: the line scanner (scan.py) for the strict subset of block YAML org files are
written in, loadfast's walk of libyaml's events for other plain documents, and the
careful builder for anything else, which reports what is wrong with the file (both in
events.py, imported only when the scanner declines a file: PyYAML's import is a share of
a small audit's time). Scalars follow the YAML 1.2 core schema (`NO`, `on`, `2024-01-01`
stay strings; `010` is an int whose text is kept, so a string field still gets `010`).
"""

from __future__ import annotations

import os

from ..findings import Finding
from .document import (
    DUPLICATE_KEY as DUPLICATE_KEY,
    EMPTY_FILE as EMPTY_FILE,
    INVALID_YAML as INVALID_YAML,
    MAX_DEPTH as MAX_DEPTH,
    PARSER_ENV as PARSER_ENV,
    PATHS as PATHS,
    TOO_DEEP as TOO_DEEP,
    UNREADABLE as UNREADABLE,
    Document as Document,
    LoadResult as LoadResult,
    PathT as PathT,
    SourceMap as SourceMap,
    format_error as format_error,
)
from .loadfast import Locator, Unusual
from .scalars import resolve_plain as resolve_plain
from .scan import plain_lines


def _scanned(text: str, file: str) -> Document | None:
    """The line scanner (scan.py) for a document in its subset; None otherwise."""
    try:
        root, marks, spans, raw, keys = plain_lines(text, MAX_DEPTH)
    except Unusual:
        return None
    locator = Locator(root, marks, spans, keys=keys)
    return Document(file, root, SourceMap(file, raw=raw, locator=locator), "scan")


def _first_path() -> str:
    """The first path to try: `CUSTORG_PARSER` when set (else "scan")."""
    chosen = os.environ.get(PARSER_ENV, "scan")
    return chosen if chosen in PATHS else "scan"


def _plain(text: str, file: str) -> Document | None:
    """The fast path through libyaml's events (loadfast.py): events.plain."""
    from .events import plain

    return plain(text, file)


def parse_text(text: str, file: str) -> tuple[Document | None, list[Finding]]:
    """Parse one YAML document; findings for everything wrong that could be found.
    PyYAML is imported only for a file the line scanner does not read (orgfile/events.py)."""
    first = _first_path()
    fast = _scanned(text, file) if first == "scan" else None
    if fast is None and first != "careful":
        fast = _plain(text, file)
    if fast is not None:
        return fast, []
    from .events import careful

    return careful(text, file)
