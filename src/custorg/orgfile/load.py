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
from dataclasses import dataclass, field
from typing import Any

from ..findings import Entity, Finding, Location, Severity
from .loadfast import Locator, Unusual
from .scalars import resolve_plain as resolve_plain
from .scan import plain_lines

PathT = tuple[str | int, ...]
MAX_DEPTH = 64
TOO_DEEP = (f"nesting deeper than {MAX_DEPTH} levels: an org file needs only a few; check the "
            "indentation and the brackets")

# codes of the errors that stop analysis before the schema (see rules/format.py)
UNREADABLE = ("F001", "unreadable-file")
INVALID_YAML = ("F002", "invalid-yaml")
DUPLICATE_KEY = ("F003", "duplicate-key")
EMPTY_FILE = "the file is empty: an org file is a mapping with at least `units:`"


def format_error(code: tuple[str, str], message: str, loc: Location, kind: str = "org",
                 entity_id: str = "", related: tuple[Location, ...] = ()) -> Finding:
    return Finding(code[0], code[1], Severity.ERROR, message, loc,
                   Entity(kind, entity_id or loc.file), related)


@dataclass
class SourceMap:
    """Where each value (and each mapping key) of a document stands in its file.

    The careful builder fills `values` and `keys` as it reads; the fast path leaves them
    empty and `at` asks its `Locator`. Read locations through `at` (or call
    `complete()` first)."""

    file: str
    values: dict[PathT, tuple[int, int]] = field(default_factory=dict)
    keys: dict[PathT, tuple[int, int]] = field(default_factory=dict)
    raw: dict[PathT, str] = field(default_factory=dict)
    locator: Locator | None = field(default=None, repr=False, compare=False)

    def at(self, path: PathT, key: bool = False) -> Location:
        """Location of the value at path (or of its key), else of its nearest ancestor."""
        p = path if path.__class__ is tuple else tuple(path)
        if self.locator is not None:
            line, column = self.locator.locate(p, key)
            return Location(self.file, line, column)
        if key and p in self.keys:
            return Location(self.file, *self.keys[p])
        while True:
            if p in self.values:
                return Location(self.file, *self.values[p])
            if not p:
                return Location(self.file, 1, 1)
            p = p[:-1]

    def complete(self) -> SourceMap:
        """Fill `values` and `keys` now, in document order (the fast path leaves them
        empty and locates on demand); returns self."""
        if self.locator is not None:
            self.locator.complete(self.values, self.keys)
        return self


# Which path read a document: the line scanner (scan.py), loadfast's walk of libyaml's
# events, or the careful builder. `CUSTORG_PARSER` (one of them) makes load take that path
# first (tests compare them); unset, each is tried in this order.
PATHS = ("scan", "events", "careful")
PARSER_ENV = "CUSTORG_PARSER"


@dataclass
class Document:
    file: str
    data: Any
    source: SourceMap
    path_kind: str = field(default="careful", compare=False)  # one of PATHS


@dataclass
class LoadResult:
    documents: list[Document]
    findings: list[Finding]
    files: list[str]
    # how many files each path of PATHS parsed (a file whose YAML the careful builder
    # rejected counts as "careful"; a file that could not be read, F001, nowhere)
    parsed_by: dict[str, int] = field(default_factory=lambda: dict.fromkeys(PATHS, 0))


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
