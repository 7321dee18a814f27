"""GitLab Code Quality report: the JSON a merge request's Code Quality widget reads.

    [{"description": "P003 too-many-handoffs: ...", "check_name": "P003",
      "fingerprint": "...", "severity": "major",
      "location": {"path": "org/processes.yaml", "lines": {"begin": 14}}}]

GitLab's documented minimal schema, as ruff writes it (`--output-format gitlab`):
- `description`: code, rule name and message (GitLab shows neither `check_name` nor the
  rule elsewhere, so they lead the text, as in ruff's);
- `check_name`: the rule's code;
- `severity`: error -> critical, warning -> major, info -> info;
- `location.path`: relative to the project root: `CI_PROJECT_DIR` when set (GitLab's
  checkout), else the repository root of paths.py; `location.lines.begin`: the 1-based
  line, 1 for a finding about a whole file;
- `fingerprint`: `Finding.fingerprint()` (the one SARIF, baselines and `custorg diff`
  use: stable across line shifts). GitLab wants it unique within a report, so the 2nd,
  3rd... finding that shares one (in the report's order: file, line, column, code) gets
  it hashed again with its occurrence number; the first keeps it as it is.

The formatter takes findings and the file names they were read from, not an audit
Report, so any command with findings can write it (`custorg mine` once it has findings).
Suppressed findings and the report's notes are left out: GitLab has no place for them.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from ..findings import Finding, Severity
from .jsontext import indented
from .paths import Locator

SEVERITY = {Severity.ERROR: "critical", Severity.WARNING: "major", Severity.INFO: "info"}
PROJECT_DIR = "CI_PROJECT_DIR"


def project_root() -> Path | None:
    """GitLab's checkout of the project (`CI_PROJECT_DIR`), when custorg runs in its CI."""
    value = os.environ.get(PROJECT_DIR, "").strip()
    return Path(value) if value else None


def rehash(fingerprint: str, *salt: str) -> str:
    """A fingerprint derived from another one and a salt (an occurrence, an org)."""
    key = "\x1f".join((fingerprint, *salt))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


def unique(fingerprints: Iterable[str]) -> list[str]:
    """The fingerprints in order, each repeat hashed again with its occurrence number
    (2, 3, ...) until it is unused: unique within the list, stable across runs."""
    used: set[str] = set()
    seen: dict[str, int] = {}
    out = []
    for fp in fingerprints:
        candidate = fp
        while candidate in used:
            seen[fp] = seen.get(fp, 1) + 1
            candidate = rehash(fp, str(seen[fp]))
        used.add(candidate)
        out.append(candidate)
    return out


class Paths:
    """A finding's file as GitLab links it: relative to the project root."""

    def __init__(self, files: Sequence[str]) -> None:
        self.locator = Locator(list(files), root=project_root())

    def __call__(self, name: str) -> str:
        place = self.locator.place(name)
        if place.relative is not None:
            return place.relative
        if place.absolute is None:  # standard input
            return place.name
        try:
            return Path(os.path.relpath(place.absolute, self.locator.root)).as_posix()
        except ValueError:  # another drive (Windows): no relative path exists
            return place.absolute.as_posix()


def issue(f: Finding, path: str, fingerprint: str) -> dict[str, Any]:
    return {
        "description": f"{f.code} {f.rule}: {f.message}",
        "check_name": f.code,
        "fingerprint": fingerprint,
        "severity": SEVERITY[f.severity],
        "location": {"path": path, "lines": {"begin": max(f.location.line, 1)}},
    }


def issues(groups: Sequence[tuple[str | None, Sequence[Finding], Sequence[str]]]
           ) -> list[dict[str, Any]]:
    """The issues of one or more groups of findings, each `(scope, findings, files)`:
    `files` are the names the findings' locations use; `scope` (an org's PATH with
    `audit --each`, else None) is hashed into the fingerprints so that two orgs' same
    finding stay apart and keep their identity when the other one changes."""
    rows: list[tuple[int, Finding, str, str]] = []
    for n, (scope, findings, files) in enumerate(groups):
        paths = Paths(files)
        for f in findings:
            base = f.fingerprint()
            rows.append((n, f, paths(f.location.file),
                         base if scope is None else rehash(base, "org", scope)))
    # occurrences are numbered in the findings' sorted order, whatever order they came in
    order = sorted(range(len(rows)), key=lambda i: (rows[i][0], rows[i][1].sort_key()))
    fingerprints = dict(zip(order, unique(rows[i][3] for i in order), strict=True))
    return [issue(f, path, fingerprints[i]) for i, (_, f, path, _) in enumerate(rows)]


def render(findings: Sequence[Finding], files: Sequence[str]) -> str:
    """One report's findings (`files`: the names their locations use)."""
    return dumps(issues([(None, findings, files)]))


def render_each(groups: Sequence[tuple[str, Sequence[Finding], Sequence[str]]]) -> str:
    """One combined report of several orgs, each `(PATH, findings, files)`."""
    return dumps(issues(groups))


def dumps(rows: list[dict[str, Any]]) -> str:
    return indented(rows, allow_nan=True) + "\n"
