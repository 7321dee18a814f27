"""Finding and reading the input files: a file, a folder of *.yaml/*.yml (recursively, in
sorted order, symlinked folders not followed) or `-` for standard input. Each file is
checked (regular file, size limit, UTF-8) before load.py parses it."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from pathlib import Path

from .. import encodings
from ..errors import UsageError
from ..escape import surrogates
from ..findings import Finding, Location, Severity
from ..inputs import Refused, checked, link_roots, open_input
from .load import EMPTY_FILE, UNREADABLE, Document, LoadResult, format_error, parse_text

MAX_FILE_BYTES = 64 * 1024 * 1024
STDIN_NAME = "<stdin>"


def _decode(data: bytes, file: str) -> tuple[str | None, Finding | None]:
    found = encodings.byte_order_mark(data)  # as `custorg import` tells UTF-16
    if (found is not None and found[1] != "UTF-8 with BOM"
            or found is None and encodings.nul_hint(data) == encodings.UTF16_HINT):
        msg = (f"{found[1] if found else 'UTF-16'} text: save the file as UTF-8 "
               "(custorg reads UTF-8 YAML)")
        return None, format_error(UNREADABLE, msg, Location(file, 1, 1))
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        before = data[:exc.start]
        line = before.count(b"\n") + 1
        col = len(before[before.rfind(b"\n") + 1:].decode("utf-8", "replace")) + 1
        msg = (f"not valid UTF-8 (byte 0x{data[exc.start]:02x}); save the file as UTF-8"
               if b"\x00" not in data[:8192] else
               "this is not a text file (it contains NUL bytes); custorg reads UTF-8 YAML")
        return None, format_error(UNREADABLE, msg, Location(file, line, col))


def display_path(path: Path) -> str:
    """A path as users see it: relative to the working directory when below it."""
    absolute = Path(os.path.abspath(path))  # not resolve(): a symlink loop must not raise
    try:
        shown = absolute.relative_to(os.path.realpath(Path.cwd())).as_posix()
    except ValueError:
        shown = path.as_posix()
    return surrogates(shown)  # a byte that is no UTF-8 shows as \xff: outputs stay UTF-8


def walk_yaml(folder: Path) -> list[Path]:
    """Every *.yaml/*.yml below `folder` (not hidden ones, not in hidden folders),
    without recursion (a tree thousands of levels deep is fine) and without following
    symlinked folders (no loops); symlinked files are included."""
    files: list[Path] = []
    stack = [folder]
    while stack:
        here = stack.pop()
        try:
            with os.scandir(here) as entries:
                items = list(entries)
        except OSError:
            continue
        for entry in items:
            if entry.name.startswith("."):
                continue
            try:
                is_dir = entry.is_dir(follow_symlinks=False)
            except OSError:
                is_dir = False
            if is_dir:
                stack.append(Path(entry.path))
            elif entry.name.endswith((".yaml", ".yml")):
                files.append(Path(entry.path))
    return sorted(files, key=lambda p: p.as_posix())


def discover(paths: Iterable[str]) -> tuple[list[tuple[str, Path | None]], list[str]]:
    """The files to read, in order, and usage problems (paths that do not exist).

    Folders are searched recursively for *.yaml and *.yml in sorted order; symlinked
    folders are not followed (no loops), symlinked files are."""
    found: list[tuple[str, Path | None]] = []
    problems: list[str] = []
    for raw in paths:
        if raw == "-":
            found.append((STDIN_NAME, None))
            continue
        path = Path(raw)
        if path.is_dir():
            files = walk_yaml(path)
            if not files:
                problems.append(f"{raw}: folder has no *.yaml or *.yml files")
            found.extend((display_path(f), f) for f in files)
        elif path.exists():
            found.append((display_path(path), path))
        else:
            problems.append(f"{raw}: no such file or folder")
    return found, problems


def _read_regular(name: str, path: Path, max_bytes: int, roots: Sequence[str] | None
                  ) -> bytes | Finding:
    """The bytes of a regular file, opened by `inputs.open_input` (the one rule for every
    file custorg reads: no link out of the workspace, nothing of /proc, /sys or /dev, no
    FIFO or device); a refusal is this file's F001."""
    try:
        handle = open_input(path, roots)
    except Refused as exc:
        return format_error(UNREADABLE, exc.reason, Location(name))
    with handle:
        size = os.fstat(handle.fileno()).st_size
        if size > max_bytes:
            return format_error(UNREADABLE, f"file is {size / 2**20:.0f} MiB, over "
                                f"the limit of {max_bytes / 2**20:.0f} MiB: split it into a "
                                "folder of files", Location(name))
        return handle.read(max_bytes + 1)


def read_file(name: str, path: Path | None, max_bytes: int = MAX_FILE_BYTES,
              roots: Sequence[str] | None = None) -> tuple[str | None, Finding | None]:
    try:
        if path is None:
            data = sys.stdin.buffer.read(max_bytes + 1)
        else:
            data_or_problem = _read_regular(name, path, max_bytes, roots)
            if isinstance(data_or_problem, Finding):
                return None, data_or_problem
            data = data_or_problem
    except OSError as exc:
        return None, format_error(UNREADABLE, f"cannot read file: {exc.strerror or exc}",
                                  Location(name))
    if len(data) > max_bytes:
        return None, format_error(UNREADABLE, "input is over the limit of "
                                  f"{max_bytes / 2**20:.0f} MiB", Location(name))
    return _decode(data, name)


Progress = Callable[[int, "int | None"], None]


def load(paths: Iterable[str], max_bytes: int = MAX_FILE_BYTES,
         on_progress: Progress | None = None) -> LoadResult:
    """Read and parse every file; usage problems raise UsageError. `on_progress(done,
    total)` is called after each file."""
    paths = list(paths)
    found, problems = discover(paths)
    if problems:
        raise UsageError("; ".join(problems))
    roots = link_roots(paths)
    for raw in paths:  # a path typed is refused (exit 2), a file found in a folder is F001
        if raw != "-":
            checked(raw, roots)
    result = LoadResult([], [], [name for name, _ in found])
    documents, findings = result.documents, result.findings
    for done, (name, path) in enumerate(found):
        if on_progress is not None:
            on_progress(done, len(found))
        text, problem = read_file(name, path, max_bytes, roots)
        if problem is not None:
            findings.append(problem)
            continue
        assert text is not None
        doc, errors = parse_text(text, name)
        findings.extend(errors)
        result.parsed_by[doc.path_kind if doc is not None else "careful"] += 1
        if doc is not None:
            documents.append(doc)
    if documents:  # the org is in the other files: an empty one adds nothing, no error
        result.findings = [_empty_file_info(f) if f.message == EMPTY_FILE else f
                           for f in findings]
    return result


def _empty_file_info(finding: Finding) -> Finding:
    return Finding("M004", "empty-file", Severity.INFO, "the file is empty (or only "
                   "comments): it adds nothing to the org; fill it in or delete it",
                   finding.location, finding.entity)


def unreadable_files(findings: list[Finding], documents: list[Document]) -> tuple[str, ...]:
    """Files that hold something custorg could not read (an error stopped their reading):
    whatever they define is missing from the org."""
    read = {d.file for d in documents}
    return tuple(dict.fromkeys(
        f.location.file for f in findings
        if f.code in ("F001", "F002") and f.severity is Severity.ERROR
        and f.location.file not in read))



def hint_not_yaml(findings: list[Finding]) -> list[Finding]:
    """For a file that is not *.yaml/*.yml and is no org file at all (invalid YAML, or not
    a mapping at the top), say what custorg expects on its first such error: a CSV export
    or an event log given by mistake should not read like a YAML typo."""
    out, hinted = [], set()
    for f in findings:
        file = f.location.file
        suffix = Path(file).suffix.lower()
        whole_file = f.code == "F002" or (f.code == "F004" and f.entity.kind == "org")
        if whole_file and file != STDIN_NAME and suffix not in (".yaml", ".yml") \
                and file not in hinted:
            hinted.add(file)
            f = replace(f, message=f"{f.message} (custorg reads org files written in YAML, "
                        f"see schemas/org.schema.json; this is a {suffix or 'suffix-less'} "
                        "file)")
        out.append(f)
    return out
