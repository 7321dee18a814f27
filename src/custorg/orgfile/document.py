"""A loaded document and its source map (document path -> line and column), the shapes
every path of the loader gives (load.py chooses the path; events.py holds the two that
read libyaml's events), and the findings of a file that cannot be read."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..findings import Entity, Finding, Location, Severity
from .loadfast import Locator

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
