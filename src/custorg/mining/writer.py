"""The org folder `custorg mine -o DIR` writes: processes.yaml (top variants as format-v1
processes) and, without `--org`, units.yaml (one unit per observed unit value).

YAML comes from PyYAML's emitter, which quotes whatever needs quoting (`NO`, `010`,
`: `, `#`, any script); nothing here builds YAML text by hand but the comment lines,
whose user text is folded onto one line."""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from .. import __version__, escape
from ..errors import UsageError
from ..notions import CUSTOMER
from ..output import check_folder, write_atomic
from .summary import ranked
from .tally import UNMAPPED, Mined, Path as UnitPath, Variant, collapse

_SPACE = re.compile(r"\s+")


def unit_ids(values: list[str], reserved: set[str]) -> dict[str, str]:
    """An id for every unit value: the value with whitespace runs turned into `-`;
    `-2`, `-3` ... appended when that id is taken or reserved. Each base remembers the
    next suffix to try (as the importer's `Ids` does), so values that differ only in
    white space cost one step each, not one per earlier value of their base."""
    taken = set(reserved)
    following: dict[str, int] = {}  # base -> the next suffix to try
    out: dict[str, str] = {}
    for value in values:
        base = _SPACE.sub("-", value.strip()) or "unit"
        ident = base
        while ident in taken:
            n = following.get(base, 2)
            following[base] = n + 1
            ident = f"{base}-{n}"
        taken.add(ident)
        out[value] = ident
    return out


def _steps(path: UnitPath, variant: Variant, ids: Mapping[str, str]
           ) -> list[dict[str, str]] | None:
    """A variant's steps in the ids of `ids`; None when a value has no id. Values that map
    to one unit next to each other become one step."""
    if any(v not in ids for v in path):
        return None
    units = [ids[v] for v in path]
    runs = variant.activities
    acts = [", ".join(runs[i]) for i in range(len(path))] if runs else None
    steps, merged = collapse(units, acts)
    out = []
    for i, unit in enumerate(steps):
        step = {"unit": unit}
        if merged and merged[i]:
            step["activity"] = merged[i][0] if len(merged[i]) == 1 else ", ".join(merged[i])
        out.append(step)
    return out


def processes_document(mined: Mined, top: int, ids: Mapping[str, str]
                       ) -> tuple[dict[str, Any], list[tuple[int, list[str]]]]:
    """`{processes: [...]}` for the top variants; the ranks left out (unmapped values)."""
    processes: list[dict[str, Any]] = []
    left_out: list[tuple[int, list[str]]] = []
    for rank, (path, variant) in enumerate(ranked(mined)[:top], 1):
        steps = _steps(path, variant, ids)
        if steps is None:
            left_out.append((rank, [v for v in path if v not in ids]))
            continue
        processes.append({"id": f"variant-{rank}", "name": " > ".join(path),
                          "volume": variant.cases, "steps": steps})
    return {"processes": processes}, left_out


_NOT_YAML = re.compile("[\ufffe\uffff]")  # YAML's non-printable characters escape.text keeps


def _comment(text: str) -> str:
    """A line of YAML comment: the user text in it (log name, unit values) escaped by
    `escape.text`, so no line break (LF, CR, NEL, U+2028) ends the comment early and no
    control character makes the file unreadable."""
    safe = escape.text(text)
    return _NOT_YAML.sub(lambda m: f"\\u{ord(m.group()):04x}", safe)


def _dump(document: dict[str, Any], comments: list[str]) -> str:
    head = "".join(f"# {_comment(c)}\n" for c in comments)
    body: str = yaml.safe_dump(document, allow_unicode=True, sort_keys=False,
                               default_flow_style=False, width=100)
    return head + body


def org_files(mined: Mined, top: int, mapped: Mapping[str, str] | None
              ) -> dict[str, str]:
    """File name -> text. `mapped` (value -> org unit id) when comparing with an org."""
    by_events = sorted(mined.unit_events, key=lambda v: (-mined.unit_events[v], v))
    reserved = {CUSTOMER} | {f"variant-{i}" for i in range(1, top + 1)}
    ids = dict(mapped) if mapped is not None else unit_ids(by_events, reserved)
    doc, left_out = processes_document(mined, top, ids)
    comments = [f"Mined by custorg {__version__} from {mined.log}: the {top} most "
                f"frequent paths of {mined.cases} cases, as processes (volume = cases)."]
    values = sorted(mined.unmapped, key=lambda v: (-mined.unmapped[v], v))
    shown = ", ".join(map(repr, values[:5])) + (", ..." if len(values) > 5 else "")
    comments += [f"variant-{rank} left out: it passes through {UNMAPPED} (log values with "
                 f"no org unit: {shown}; map them with --map)" for rank, _ in left_out]
    files = {"processes.yaml": _dump(doc, comments)}
    if mapped is None:
        units = []
        for value in by_events:
            unit: dict[str, Any] = {"id": ids[value]}
            if ids[value] != value:
                unit["name"] = value
            units.append(unit)
        files["units.yaml"] = _dump(
            {"organization": {"name": f"Observed in {mined.log}"}, "units": units},
            [f"One unit per value of the unit column of {mined.log} (no reporting lines)."])
    return files


def write_folder(target: str, files: dict[str, str], force: bool,
                 inputs: list[str]) -> None:
    """A new folder appears complete or not at all (written aside, then renamed); with
    `--force` an existing folder gets each file replaced atomically, others kept."""
    folder = check_folder(target, files, inputs)  # every target before any write
    if folder.exists():
        if not force:
            raise UsageError(f"{target}: already exists; choose a new folder or add --force")
        if not folder.is_dir():
            raise UsageError(f"{target}: is not a folder")
        for name, text in files.items():
            write_atomic(folder / name, text, inputs)
        return
    parent = folder.parent if str(folder.parent) else Path(".")
    if not parent.is_dir():
        raise UsageError(f"{target}: folder {parent} does not exist")
    try:
        temp = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", dir=parent))
    except OSError as exc:
        raise UsageError(f"{target}: cannot write here: {exc.strerror or exc}") from None
    try:
        for name, text in files.items():
            write_atomic(temp / name, text, inputs)
        os.chmod(temp, 0o777 & ~_umask())
        os.rename(temp, folder)
    except BaseException:
        shutil.rmtree(temp, ignore_errors=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
