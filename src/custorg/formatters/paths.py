"""Where input files are, as code-review tools see them: relative to the repository root.

GitHub code scanning and workflow annotations want paths relative to the root of the
checked-out repository, whatever folder custorg ran in. The root is the nearest folder
upward holding `.git` (a folder, or a file in worktrees and submodules); outside a
repository it is the working directory. A caller that knows the root (GitLab's
`CI_PROJECT_DIR`) gives it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from ..orgfile.sources import STDIN_NAME


def git_root(path: Path) -> Path | None:
    """The nearest folder at or above `path` that holds `.git`."""
    for folder in (path, *path.parents):
        if (folder / ".git").exists():
            return folder
    return None


@dataclass(frozen=True)
class Place:
    """A file as the repository sees it: `relative` to `root` (posix), or `absolute` when
    it lies outside the root, or neither for standard input."""

    name: str
    relative: str | None = None
    absolute: Path | None = None


class Locator:
    """Maps the file names of a report (as shown to users: relative to the working
    directory, or as given) to places relative to one root."""

    def __init__(self, files: list[str], cwd: Path | None = None,
                 root: Path | None = None) -> None:
        self.cwd = cwd or Path.cwd()
        self._cache: dict[str, Place] = {}
        if root is not None:
            self.root = Path(os.path.normpath(self.cwd / root))
            return
        real = [self._absolute(f) for f in files]
        first = next((p for p in real if p is not None and p.is_file()), None)
        self.root = (git_root(first.parent) if first else None) or git_root(self.cwd) \
            or self.cwd

    def _absolute(self, name: str) -> Path | None:
        """The absolute path of a file name; None for standard input."""
        if name == STDIN_NAME:
            return None
        return Path(os.path.normpath(self.cwd / name))

    def place(self, name: str) -> Place:
        if name not in self._cache:
            self._cache[name] = self._place(name)
        return self._cache[name]

    def _place(self, name: str) -> Place:
        path = self._absolute(name)
        if path is None:
            return Place(name)
        for candidate in (path, path.resolve()):
            for root in (self.root, self.root.resolve()):
                try:
                    return Place(name, relative=candidate.relative_to(root).as_posix())
                except ValueError:
                    continue
        return Place(name, absolute=path)
