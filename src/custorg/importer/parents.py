"""Whom each row of a table reports to (docs/import.md, "Any HR system's export").

A row's parent value names the row whose key (`--parent-key`, default the `--id` column)
is that value: exactly first, else as a person's name in either order ("Albert, Michael
J" = "Michael Albert": `name_key`). A value two rows match is ambiguous (reported, left
unresolved). A value naming no row makes one placeholder unit when several rows share it,
else makes its row a top unit. When more than half of the non-empty values stay
unresolved, the user most likely named the wrong column: `UnresolvedParents` (exit 1),
unless `allow` (`--allow-unresolved`)."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

from ..errors import CustorgError
from .anomalies import Anomalies
from .hierarchy import break_cycles
from .names import plain
from .readers import Row, Table

_LETTER = re.compile(r"[^\W\d_]")
_STRIPPED = ".'\u2019"  # "J." and "O'Neil" as "J" and "O'Neil"


class UnresolvedParents(CustorgError):
    """More than half of the parent values name no row: exit 1 with the counts, examples
    and the options that help."""


@dataclass
class Parents:
    """parent[row id] (None: a top unit) and the placeholder units, by their value."""

    parent: dict[str, str | None]  # a placeholder's key is `placeholder(value)`
    placeholders: dict[str, Row]  # value -> the first row naming it (for the report)


def placeholder(value: str) -> str:
    """The key of a placeholder unit in `Parents.parent`: never a row's id, since those are
    trimmed cell text and this starts with a space."""
    return " " + value


def name_key(text: str) -> str | None:
    """A person's name as "first last" in lower case: "Last, First Middle" and "First
    Middle Last" give the same key (case, repeated spaces, dots and the middle names or
    initials ignored); None when the text is no name of two words with letters."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    last, comma, given = folded.partition(",")
    if comma:
        first_words, last_words = given.split(), last.split()
    else:
        words = folded.split()
        first_words, last_words = words[:1], words[1:]
    first = [w.strip(_STRIPPED) for w in first_words[:1]]
    surname = [w.strip(_STRIPPED) for w in last_words[-1:]]
    key = first + surname
    if len(key) != 2 or not all(_LETTER.search(w) for w in key):
        return None
    return " ".join(key)


def _index(rows: dict[str, Row], key_at: int | None) -> tuple[dict[str, list[str]],
                                                              dict[str, list[str]]]:
    """Row ids by their key text, and by the name key of that text."""
    exact: dict[str, list[str]] = {}
    names: dict[str, list[str]] = {}
    for ident, row in rows.items():
        value = row.cell(key_at) if key_at is not None else ident
        if value:
            exact.setdefault(value, []).append(ident)
            key = name_key(value)
            if key is not None:
                names.setdefault(key, []).append(ident)
    return exact, names


def _match(value: str, exact: dict[str, list[str]],
           names: dict[str, list[str]]) -> list[str]:
    """The rows a parent value names: exactly, else by the person's name (either order)."""
    found = exact.get(value)
    if found:
        return found
    key = name_key(value)
    return names.get(key, []) if key is not None else []


def resolve(table: Table, rows: dict[str, Row], parent_at: int, key_at: int | None,
            anomalies: Anomalies, hint: str, allow: bool) -> Parents:
    """Each row's parent; `key_at` the --parent-key column (None: the row ids). `hint`
    names the columns for the error message."""
    exact, names = _index(rows, key_at)
    parent: dict[str, str | None] = {}
    unresolved: dict[str, str] = {}  # row id -> its parent value naming no row
    ambiguous = 0
    given = 0
    for ident, row in rows.items():
        value = row.cell(parent_at)
        parent[ident] = None
        if not value:
            continue
        given += 1
        found = _match(value, exact, names)
        if len(found) == 1:
            parent[ident] = found[0]
        elif found:
            ambiguous += 1
            anomalies.add("ambiguous-parent", "parent value naming several rows",
                          "made it a top unit", table.file, row.line,
                          f"{plain(ident)!r} reports to {plain(value)!r}, which names "
                          f"{len(found)} rows: {', '.join(repr(plain(f)) for f in found[:3])}")
        else:
            unresolved[ident] = value
    if 2 * (len(unresolved) + ambiguous) > given and not allow:
        raise _refusal(table, rows, unresolved, ambiguous, given, hint)
    placeholders = _unknown(table, rows, unresolved, anomalies)
    for ident, value in unresolved.items():
        parent[ident] = placeholder(value) if value in placeholders else None
    for cycle in break_cycles(parent, order=lambda k: k):
        path = " -> ".join(plain(k) for k in cycle + [cycle[0]])
        anomalies.add("cycle", "reporting cycle", "broke it at its smallest id, which "
                      "became a top unit", table.file, rows[cycle[0]].line,
                      f"{path}; {plain(cycle[0])!r} made a top unit")
    return Parents(parent, placeholders)


def _unknown(table: Table, rows: dict[str, Row], unresolved: dict[str, str],
             anomalies: Anomalies) -> dict[str, Row]:
    """The placeholders (values several rows share) and the anomalies of the others."""
    shared = Counter(unresolved.values())
    placeholders: dict[str, Row] = {}
    for ident, value in unresolved.items():
        row = rows[ident]
        if shared[value] > 1:
            if value not in placeholders:
                placeholders[value] = row
                anomalies.add("placeholder-parent", "parent value naming no row, shared by "
                              "several rows", "made one placeholder unit named after the "
                              "value, a top unit, with those rows under it", table.file,
                              row.line, f"{plain(value)!r}: {shared[value]:,} rows")
        else:
            anomalies.add("unknown-parent", "parent naming no row", "made it a top unit",
                          table.file, row.line, f"{plain(ident)!r} reports to {plain(value)!r}")
    return placeholders


def _refusal(table: Table, rows: dict[str, Row], unresolved: dict[str, str],
             ambiguous: int, given: int, hint: str) -> UnresolvedParents:
    examples = "; ".join(f"line {rows[i].line}: {plain(v)!r}"
                         for i, v in list(unresolved.items())[:3])
    shown = f" (e.g. {examples})" if examples else ""
    several = f", {ambiguous:,} name several rows" if ambiguous else ""
    return UnresolvedParents(
        f"{plain(table.file)}: {len(unresolved):,} of the {given:,} non-empty parent values "
        f"name no row{several}{shown}; {hint}. If the parent column refers to another "
        "column (an employee number, a name), give it with --parent-key COL (names match "
        "in either order: 'Last, First' = 'First Last'); if it holds the ids of another "
        "column, give that column as --id; --allow-unresolved imports it all the same "
        "(a value several rows share becomes a placeholder unit, the others top units)")
