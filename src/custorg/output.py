"""Writing output files without ever losing data or writing where a pull request points.

Every file is written to a temporary file in the same folder and renamed over the
target, so a failed or interrupted run (Ctrl-C, SIGTERM) leaves the old file intact and
no partial or temporary file behind. Refused, with exit 2:

- an output path that is a symbolic link (a link committed in a pull request would
  otherwise redirect the report to any file the CI job can write), or that goes through
  a symbolic link of the working directory, looked for part by part as written
  (`linkdir/../victim/x` goes through `linkdir`);
- an output folder (import, mine -o, init: `check_folder`) that is or goes through such
  a link; the folder and every file to write in it are checked before anything is
  created or written;
- an output that is the same file (device and inode) as anything the run read: an org
  file (also one reached through a symlink inside a folder), the config file, the file
  on standard input; or a *.yaml/*.yml inside a folder given as input.
"""

from __future__ import annotations

import os
import signal
import stat
import sys
import tempfile
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType

from .errors import Terminated, UsageError
from .inputs import inside

STDIN = ("-", "<stdin>")


def _identity(info: os.stat_result) -> tuple[int, int]:
    return info.st_dev, info.st_ino


def read_identities(inputs: Iterable[str | Path]) -> set[tuple[int, int]]:
    """(device, inode) of every file a run with these inputs reads: the files given, the
    *.yaml/*.yml below folders (symlinks followed, as the loader follows them), and the
    file or pipe on standard input for `-`."""
    from .orgfile.sources import walk_yaml

    seen: set[tuple[int, int]] = set()
    for item in inputs:
        try:
            if str(item) in STDIN:
                seen.add(_identity(os.fstat(0)))
                continue
            path = Path(item)
            if path.is_dir():
                for file in walk_yaml(path):
                    try:
                        seen.add(_identity(file.stat()))
                    except OSError:
                        continue
            else:
                seen.add(_identity(path.stat()))
        except (OSError, ValueError):
            continue
    return seen


def check_target(target: str | Path, inputs: Iterable[str | Path] = ()) -> Path:
    """The output path (its folder resolved, its last part as given); a UsageError when it
    cannot or must not be written."""
    path = Path(target)
    if path.is_symlink():
        pointee = os.readlink(path)
        raise UsageError(f"{target}: output path is a symbolic link (to {pointee}); custorg "
                         "never writes through a link: remove it or choose another path")
    linked = _linked_folder(path)
    if linked is not None:
        raise UsageError(f"{target}: output path goes through a symbolic link ({linked} -> "
                         f"{os.readlink(linked)}); custorg never writes through a link: "
                         "write to a real folder")
    if not path.parent.is_dir():
        raise UsageError(f"{target}: folder {path.parent} does not exist")
    resolved = Path(os.path.realpath(path.parent)) / path.name
    inputs = list(inputs)
    for item in inputs:
        if str(item) in STDIN:
            continue
        source = Path(os.path.realpath(item))
        if source.is_dir() and resolved.is_relative_to(source) and \
                resolved.suffix in (".yaml", ".yml"):
            raise UsageError(f"{target}: the output would overwrite an input file; choose "
                             "another output path")
    try:
        info = os.stat(resolved)
    except OSError:
        return resolved
    if stat.S_ISDIR(info.st_mode):
        raise UsageError(f"{target}: is a folder; give a file name")
    if _identity(info) in read_identities(inputs):
        raise UsageError(f"{target}: the output would overwrite an input file (a file this "
                         "run read: an org file, the config or standard input); choose "
                         "another output path")
    return resolved


def _linked_folder(path: Path) -> Path | None:
    """The first folder on the way to the file `path` that is a symbolic link in the
    working directory (see `_link_on_the_way`)."""
    return _link_on_the_way(path.parent)


def _link_on_the_way(path: Path) -> Path | None:
    """The first part of `path`, walked as written (`a/../b` goes through `a`: no lexical
    shortcut), that is a symbolic link lying in the working directory (a `reports ->
    /somewhere` committed in a pull request); None if there is none. Links elsewhere are
    the machine's (a symlinked /tmp or home is fine)."""
    cwd = os.path.realpath(Path.cwd())
    absolute = Path.cwd() / path  # pathlib keeps `..`: each part is looked at
    here = Path(absolute.anchor)
    for part in absolute.parts[1:]:
        here = here / part
        if part != ".." and here.is_symlink() and \
                inside(os.path.realpath(here.parent), [cwd]):
            return here
    return None


def check_folder(folder: str | Path, names: Iterable[str],
                 inputs: Iterable[str | Path] = ()) -> Path:
    """An output folder and the files `names` to write in it, all checked before anything
    is created or written (import, mine -o and init): the folder must not be, or go
    through, a symbolic link of the working directory, must be a folder if it exists,
    and each file in it must pass `check_target`. UsageError otherwise."""
    path = Path(folder)
    linked = path if path.is_symlink() else _link_on_the_way(path)
    if linked is not None:
        raise UsageError(f"{folder}: is a symbolic link or goes through one ({linked} -> "
                         f"{os.readlink(linked)}); custorg never writes through a link: "
                         "give a real folder")
    if path.exists() or path.is_symlink():
        if not path.is_dir():
            raise UsageError(f"{folder}: exists and is not a folder")
        inputs = list(inputs)
        for name in names:
            check_target(path / name, inputs)
    return path


@contextmanager
def _terminate_as_exception() -> Iterator[None]:
    """While a temporary file exists, SIGTERM raises Terminated (as Ctrl-C raises
    KeyboardInterrupt), so the clean-up below runs; the old handler comes back after."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handler(signum: int, frame: FrameType | None) -> None:
        raise Terminated(signum)

    previous = signal.signal(signal.SIGTERM, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def write_atomic(target: str | Path, data: str | bytes,
                 inputs: Iterable[str | Path] = ()) -> Path:
    if str(target) in ("/dev/stdout", "/dev/stderr"):  # links to fd 1 and 2: the streams
        stream = sys.stdout if str(target) == "/dev/stdout" else sys.stderr
        stream.flush()
        stream.buffer.write(data.encode("utf-8") if isinstance(data, str) else data)
        stream.buffer.flush()
        return Path(target)
    path = check_target(target, inputs)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    if path.exists() and not path.is_file():
        return _write_special(target, path, payload)
    with _terminate_as_exception():
        _replace(target, path, payload)
    return path


def _write_special(target: str | Path, path: Path, payload: bytes) -> Path:
    """A device or pipe (/dev/null, a FIFO): write into it, never rename over it (as root,
    a rename would replace the device node itself); never block on a FIFO nobody reads."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError as exc:
        raise UsageError(f"{target}: cannot write: {exc.strerror or exc}") from None
    try:
        os.set_blocking(fd, True)
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
    except OSError as exc:
        raise UsageError(f"{target}: cannot write: {exc.strerror or exc}") from None
    return path


def _replace(target: str | Path, path: Path, payload: bytes) -> None:
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise UsageError(f"{target}: cannot write here: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        try:  # keep the permissions an existing file had; new files get the umask default
            mode = os.stat(path, follow_symlinks=False).st_mode & 0o777
        except FileNotFoundError:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        os.chmod(tmp, mode)
        os.replace(tmp, path)  # a link planted since the check is replaced, not followed
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(exc, OSError):
            raise UsageError(f"{target}: cannot write: {exc.strerror or exc}") from None
        raise
