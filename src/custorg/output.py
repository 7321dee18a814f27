"""Writing output files without ever losing data.

Every file is written to a temporary file in the same folder and renamed over the target,
so a failed or interrupted run leaves the old file intact and no partial file behind; an
output path that is one of the inputs (also through a symlink) is refused."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from .errors import UsageError


def check_target(target: str | Path, inputs: Iterable[str | Path] = ()) -> Path:
    """The resolved output path; a UsageError when it cannot or must not be written."""
    path = Path(target)
    resolved = Path(os.path.realpath(path))  # realpath never raises on a symlink loop
    for item in inputs:
        if str(item) in ("-", "<stdin>"):
            continue
        source = Path(os.path.realpath(item))
        if resolved == source or (source.is_dir() and resolved.is_relative_to(source)
                                  and resolved.suffix in (".yaml", ".yml")):
            raise UsageError(f"{target}: the output would overwrite an input file; choose "
                             "another output path")
    if not resolved.parent.is_dir():
        raise UsageError(f"{target}: folder {path.parent} does not exist")
    if resolved.is_dir():
        raise UsageError(f"{target}: is a folder; give a file name")
    return resolved


def write_atomic(target: str | Path, data: str | bytes,
                 inputs: Iterable[str | Path] = ()) -> Path:
    path = check_target(target, inputs)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    if path.exists() and not path.is_file():
        # a device or pipe (/dev/stdout, /dev/null, a FIFO): write into it, never rename
        # over it (as root, a rename would replace the device node itself)
        try:
            with path.open("wb") as handle:
                handle.write(payload)
        except OSError as exc:
            raise UsageError(f"{target}: cannot write: {exc.strerror or exc}") from None
        return path
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
            mode = path.stat().st_mode & 0o777
        except FileNotFoundError:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(exc, OSError):
            raise UsageError(f"{target}: cannot write: {exc.strerror or exc}") from None
        raise
    return path
