"""Finding and reading the input files: a file, a folder of *.yaml/*.yml (recursively, in
sorted order, symlinked folders not followed) or `-` for standard input. Each file is
checked (regular file, size limit, UTF-8) before load.py parses it."""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import Path

from .errors import UsageError
from .findings import Finding, Location, Severity
from .load import EMPTY_FILE, UNREADABLE, Document, LoadResult, format_error, parse_text

MAX_FILE_BYTES = 64 * 1024 * 1024
STDIN_NAME = "<stdin>"


def _decode(data: bytes, file: str) -> tuple[str | None, Finding | None]:
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
        return absolute.relative_to(os.path.realpath(Path.cwd())).as_posix()
    except ValueError:
        return path.as_posix()


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
            files: list[Path] = []
            for root, dirs, names in os.walk(path, followlinks=False):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                files.extend(Path(root) / n for n in names
                             if n.endswith((".yaml", ".yml")) and not n.startswith("."))
            if not files:
                problems.append(f"{raw}: folder has no *.yaml or *.yml files")
            found.extend((display_path(f), f) for f in sorted(files, key=lambda p: p.as_posix()))
        elif path.exists():
            found.append((display_path(path), path))
        else:
            problems.append(f"{raw}: no such file or folder")
    return found, problems


def read_file(name: str, path: Path | None, max_bytes: int = MAX_FILE_BYTES
              ) -> tuple[str | None, Finding | None]:
    try:
        if path is None:
            data = sys.stdin.buffer.read(max_bytes + 1)
        else:
            info = path.stat()
            if not stat.S_ISREG(info.st_mode):
                return None, format_error(UNREADABLE, "not a regular file (a device, pipe or "
                                          "socket): give an org file or folder", Location(name))
            size = info.st_size
            if size > max_bytes:
                return None, format_error(UNREADABLE, f"file is {size / 2**20:.0f} MiB, over "
                                          f"the limit of {max_bytes / 2**20:.0f} MiB: split it "
                                          "into a folder of files", Location(name))
            data = path.read_bytes()
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
    found, problems = discover(paths)
    if problems:
        raise UsageError("; ".join(problems))
    documents: list[Document] = []
    findings: list[Finding] = []
    for done, (name, path) in enumerate(found):
        if on_progress is not None:
            on_progress(done, len(found))
        text, problem = read_file(name, path, max_bytes)
        if problem is not None:
            findings.append(problem)
            continue
        assert text is not None
        doc, errors = parse_text(text, name)
        findings.extend(errors)
        if doc is not None:
            documents.append(doc)
    if documents:  # the org is in the other files: an empty one adds nothing, no error
        findings = [_empty_file_info(f) if f.message == EMPTY_FILE else f for f in findings]
    return LoadResult(documents, findings, [name for name, _ in found])


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
