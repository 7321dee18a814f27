"""Opening the files custorg reads: one rule for every input (org files, the config, a
baseline, an event log, a `--map`, an HR export).

A path typed on the command line is trusted as typed (`../data/x.csv`, an absolute
path). What a pull request controls is the content of the workspace, symbolic links
included, so a path is refused, unopened, when:

- it resolves into /proc, /sys or /dev (`/proc/kmsg` blocks; `/proc/self/environ` holds
  the environment's secrets), or
- a symbolic link on its way takes it outside the working directory and the folders
  given on the command line (`log.csv -> /etc/passwd`, `org -> ~/.ssh`).

What is opened is opened without blocking and must be a regular file (a FIFO or a device
cannot hang the run); reads then block as usual. `Refused` is a usage error (exit 2);
inside a folder walk the audit reports it as F001 instead."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import BinaryIO

from .errors import UsageError

SYSTEM = ("/proc", "/sys", "/dev")  # kernel files: some block, some hold secrets
NOT_REGULAR = ("not a regular file (a folder, device, pipe, socket or a file of /proc, "
               "/sys or /dev): give a file")
OUTSIDE = ("a symbolic link on the way leads outside the working directory and the folders "
           "given: custorg follows links only inside them (copy the file, or run custorg "
           "from a folder that holds both)")
PathLike = str | Path


class Refused(UsageError):
    """A path the rule refuses, unopened: `name` as the user knows it, `reason` why."""

    def __init__(self, name: str, reason: str) -> None:
        super().__init__(f"{name}: {reason}")
        self.name, self.reason = name, reason


def inside(real: str, roots: Iterable[str]) -> bool:
    """Whether the resolved path `real` is one of `roots` or below one."""
    return any(real == root or real.startswith(root.rstrip("/") + "/") for root in roots)


def _lexical(path: PathLike) -> str:
    return os.path.normpath(os.path.abspath(path))


def link_roots(given: Iterable[PathLike] = ()) -> tuple[str, ...]:
    """Where a symbolic link may lead: the working directory and each folder given on the
    command line (resolved). A folder given through a link is a root only when that link
    leads inside the working directory (`org -> /etc` does not make /etc one)."""
    cwd = os.path.realpath(Path.cwd())
    roots = [cwd]
    for raw in given:
        if str(raw) == "-" or not os.path.isdir(raw):
            continue
        real = os.path.realpath(raw)
        if real == _lexical(raw) or inside(real, [cwd]):
            roots.append(real)
    return tuple(roots)


def checked(path: PathLike, roots: Sequence[str] | None = None, name: str | None = None
            ) -> str:
    """The resolved path of `path` when the rule allows reading it; `Refused` otherwise.
    `roots`: from `link_roots` (default: the working directory only); `name`: how
    messages show the path (default: as given)."""
    shown = str(path) if name is None else name
    real = os.path.realpath(path)
    if inside(real, SYSTEM):
        raise Refused(shown, NOT_REGULAR)
    if real != _lexical(path) and not inside(real, link_roots() if roots is None else roots):
        raise Refused(shown, OUTSIDE)
    return real


def open_input(path: PathLike, roots: Sequence[str] | None = None, name: str | None = None
               ) -> BinaryIO:
    """The file at `path`, checked by the rule, opened for binary reading. `Refused` when
    the rule or the file's type forbids it; OSError when it cannot be opened."""
    real = checked(path, roots, name)
    fd = os.open(real, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise Refused(str(path) if name is None else name, NOT_REGULAR)
        os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read_input(path: PathLike, roots: Sequence[str] | None = None, name: str | None = None
               ) -> bytes:
    """The bytes of the file at `path` (see `open_input`)."""
    with open_input(path, roots, name) as handle:
        return handle.read()


NAMES_SHOWN = 40  # a header of 100,000 columns is not an error message
NAME_WIDTH = 40


def names_list(names: Iterable[str], quote: bool = True, none: str = "(none)") -> str:
    """A file's column (or attribute) names for an error message: the first 40, each cut
    to 40 characters, `...` for the rest; `none` when there are none."""
    shown: list[str] = []
    more = False
    for name in names:
        if len(shown) == NAMES_SHOWN:
            more = True
            break
        cut = name if len(name) <= NAME_WIDTH else name[:NAME_WIDTH - 3] + "..."
        shown.append(repr(cut) if quote else cut)
    if not shown:
        return none
    return ", ".join(shown) + (", ..." if more else "")
