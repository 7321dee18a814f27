"""Any HR system's export (`import table`): one row per unit or position, the columns
named by the user. Ids keep their text where it is a valid id; parents naming no row
make top units, or one placeholder unit when several rows share the value (parents.py);
cycles are broken at the smallest id; duplicate ids keep the first row."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import UsageError
from ..limits import Limits
from .anomalies import Anomalies
from .columns import exact
from .names import function_slug, plain
from .parents import Parents, placeholder, resolve
from .readers import Progress, Row, Table, read_table
from .result import Ids, ImportResult, clean
from .values import decimal_comma, parse_number, tidy

MAX_NUMBER = 10**9  # the schema's bound on headcount and fte


@dataclass(frozen=True)
class Spec:
    """The columns the user named (None: not given)."""

    id: str
    parent: str
    name: str | None = None
    function: str | None = None
    fte: str | None = None
    headcount: str | None = None
    person: str | None = None
    title: str | None = None
    sheet: str | None = None
    parent_key: str | None = None  # the column parent values name (default: id)
    header_row: int | None = None  # 1-based row of the header (default: the first)
    allow_unresolved: bool = False  # import even when most parents name no row


def _indexes(table: Table, spec: Spec) -> dict[str, int | None]:
    found: dict[str, int | None] = {}
    for field in COLUMNS:
        name = getattr(spec, field)
        found[field] = None if name is None else exact(table, name, _option(field))
    if found["parent"] in (found["id"], found["parent_key"]):
        same = "--id" if found["id"] == found["parent"] else "--parent-key"
        raise UsageError(f"{same} and --parent name the same column "
                         f"({plain(spec.parent)!r}); the parent column holds the id (or "
                         "--parent-key value) of the row a unit reports to")
    return found


COLUMNS = ("id", "parent", "name", "function", "fte", "headcount", "person", "title",
           "parent_key")


def _option(field: str) -> str:
    return "--" + field.replace("_", "-")


def check(spec: Spec) -> None:
    """Options that do not go together: a UsageError saying why."""
    if spec.title is not None and spec.person is None:
        raise UsageError("--title is the job title of the person --person creates: give "
                         "--person COL too (without it no person is written, and the title "
                         "would be ignored)")
    if spec.header_row is not None and spec.header_row < 1:
        raise UsageError(f"--header-row is the header's row number, from 1: not "
                         f"{spec.header_row}")


class _Numbers:
    """Reading --fte and --headcount, each column with its own decimal separator."""

    def __init__(self, table: Table, col: dict[str, int | None], prefer_comma: bool) -> None:
        self.table, self.col, self.comma = table, col, {}
        self.fields = [f for f in ("headcount", "fte") if col[f] is not None]
        for field in ("fte", "headcount"):
            index = col[field]
            if index is not None:
                self.comma[field] = decimal_comma((r.cells[index] for r in table.rows),
                                                  prefer_comma)
                if self.comma[field]:
                    table.notes.append(f"numbers in column {self.table.header[index]!r} "
                                       "read with a decimal comma")

    def read(self, field: str, row: Row, anomalies: Anomalies) -> float | int | None:
        text = row.cell(self.col[field])
        if not text:
            return None
        value = parse_number(text, self.comma.get(field, False))
        problem = ("not a number" if value is None else "negative" if value < 0 else
                   "too large" if value > MAX_NUMBER else None)
        if problem or value is None:
            anomalies.add(f"bad-{field}", f"{field} {problem}", f"left {field} out",
                          self.table.file, row.line, f"{plain(text)!r}")
            return None
        if field == "headcount" and not value.is_integer():
            anomalies.add("headcount-fraction", "headcount not a whole number",
                          "rounded it to the nearest whole number", self.table.file,
                          row.line, f"{plain(text)!r}")
            return int(value + 0.5)
        return tidy(value) if field == "fte" else int(value)


def _rows(table: Table, col: dict[str, int | None],
          anomalies: Anomalies) -> dict[str, Row]:
    """Rows by their id text, the first of each id kept."""
    kept: dict[str, Row] = {}
    for row in table.rows:
        ident = row.cell(col["id"])
        if not ident:
            anomalies.add("empty-id", "row without an id", "skipped the row", table.file,
                          row.line, "the id cell is empty")
        elif ident in kept:
            anomalies.add("duplicate-id", "duplicate id", "kept the first row, skipped the "
                          "later ones", table.file, row.line,
                          f"{plain(ident)!r}, first on line {kept[ident].line}")
        else:
            kept[ident] = row
    return kept


def _parents(table: Table, rows: dict[str, Row], spec: Spec, col: dict[str, int | None],
             anomalies: Anomalies) -> Parents:
    parent_at = col["parent"]
    assert parent_at is not None  # a required option
    key = spec.parent_key if spec.parent_key is not None else spec.id
    hint = (f"they are looked up in column {plain(key)!r} "
            f"({'--parent-key' if spec.parent_key is not None else '--id'})")
    return resolve(table, rows, parent_at, col["parent_key"], anomalies, hint,
                   spec.allow_unresolved)


def _ids(table: Table, rows: dict[str, Row], anomalies: Anomalies, ids: Ids) -> dict[str, str]:
    out = {}
    for ident, row in rows.items():
        out[ident] = ids.take(ident, "unit")
        if out[ident] != ident:
            anomalies.add("id-changed", "id that is not a valid, unique format-v1 id",
                          "wrote it with whitespace as '-' (and a suffix when taken)",
                          table.file, row.line, f"{plain(ident)!r} written as "
                          f"{plain(out[ident])!r}")
    return out


def _placeholders(parents: Parents, ids: Ids, unit_id: dict[str, str]
                  ) -> list[dict[str, Any]]:
    """A top unit per placeholder, named as its value; its id taken after the rows' ids
    (those keep their text)."""
    units = []
    for text in parents.placeholders:
        unit_id[placeholder(text)] = uid = ids.take(text, "unit")
        units.append({"id": uid, "name": text})
    return units


def _entities(table: Table, spec: Spec, col: dict[str, int | None], anomalies: Anomalies,
              tick: Callable[[int], None] | None = None
              ) -> tuple[list[dict[str, Any]], list[dict[str, Any]], int]:
    rows = _rows(table, col, anomalies)
    if not rows:
        raise UsageError(f"{plain(table.file)}: no row has an id in column {plain(spec.id)!r}")
    parents = _parents(table, rows, spec, col, anomalies)
    parent = parents.parent
    ids = Ids()
    unit_id = _ids(table, rows, anomalies, ids)
    units = _placeholders(parents, ids, unit_id)
    numbers = _Numbers(table, col, prefer_comma="comma-separated" not in table.described)
    name_at, function_at, person_at, title_at = (col["name"], col["function"], col["person"],
                                                 col["title"])
    people = []
    for i, (ident, row) in enumerate(rows.items(), start=1):
        cells, uid, up = row.cells, unit_id[ident], parent[ident]
        unit: dict[str, Any] = {"id": uid}
        name = cells[name_at].strip() if name_at is not None else ""
        if name or uid != ident:
            unit["name"] = name or ident
        if up is not None:
            unit["parent"] = unit_id[up]
        function = function_slug(cells[function_at].strip()) if function_at is not None \
            else None
        if function:
            unit["function"] = function
        if person_at is not None:
            person = cells[person_at].strip()
            if person:
                unit["head"] = head = ids.take(f"person-{uid}", "person")
                people.append(clean({"id": head, "name": person,
                                     "title": row.cell(title_at)}))
            else:
                anomalies.add("no-person", "row without a person's name", "wrote no person "
                              "for it", table.file, row.line, f"{plain(ident)!r}")
        for field in numbers.fields:
            value = numbers.read(field, row, anomalies)
            if value is not None:
                unit[field] = value
        units.append(unit)
        if tick is not None and i % 5000 == 0:
            tick(i)
    return units, people, len(parents.placeholders)


def import_table(path: str, spec: Spec, on_progress: Progress | None = None,
                 limits: Limits | None = None) -> ImportResult:
    """Read any HR export as docs/import.md says; UsageError when it cannot be (or is over one
    of the `limits`, custorg.toml's `[limits]`)."""
    check(spec)
    anomalies = Anomalies()
    reading = None if on_progress is None else (  # half the bar reading, half mapping
        lambda done, total: on_progress(done, 2 * total if total else None))
    table = read_table(path, anomalies, sheet=spec.sheet, on_progress=reading, limits=limits,
                       header_row=spec.header_row)
    col = _indexes(table, spec)
    n = len(table.rows)
    mapping = None if on_progress is None else (lambda i: on_progress(n + i, 2 * n))
    units, people, made = _entities(table, spec, col, anomalies, mapping)
    command = ["custorg", "import", "table", table.file]
    for field in (*COLUMNS, "sheet", "header_row"):
        if getattr(spec, field) is not None:
            command += [_option(field), str(getattr(spec, field))]
    if spec.allow_unresolved:
        command.append("--allow-unresolved")
    written = [f"{len(units) - made:,} units, one per row with an id, and {len(people):,} "
               "people" + (f" (column {spec.person!r}, each the head of their row's unit)"
                           if spec.person else " (no --person column given)")]
    if made:
        written.append(f"{made:,} placeholder unit{'s' if made > 1 else ''}, one per parent "
                       "value that several rows share and that names no row (top units, "
                       "listed in the anomalies)")
    fte = [u["fte"] for u in units if "fte" in u]
    if fte:
        written.append(f"FTE: {tidy(sum(fte)):,} in all, on {len(fte):,} units")
    name = plain(Path(table.file).stem) or "org"  # a file name's 0xff byte as \xff
    result = ImportResult(command, name, units, people, [table], anomalies, written)
    result.sort()
    return result
