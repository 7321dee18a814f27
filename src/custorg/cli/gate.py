"""The output gate: the only writer to standard output and standard error.

Every byte a command writes passes `escaped(data, kind)`, which applies the escape of the
output's format (escape.py): text, CSV, DOT, Mermaid, Markdown and stderr messages through
`escape.log` (no workflow command, no terminal escape), JSON, SARIF and gitlab (Code
Quality JSON) through `escape.json_log`, github annotations as their formatter wrote them
(payload escaped there) with anything else in the block through `escape.log`, SVG, HTML and
GraphML (XML text, user text already shown as text by its formatter) with `##[` and a
line's leading `::` as entity codes, PNG and PDF untouched. Commands never
choose an escape: they name the kind.

`out` writes a command's result (to `-o FILE` atomically, else standard output), `say`
one message line to standard error, `tell` a block to standard error; `live` is the file
rich's progress bar draws on; `guarded` routes whatever a library writes on its own
(Click's help, Python's warnings) through the text escape while a command runs.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import IO, Any, Literal

from .. import escape

Kind = Literal["text", "json", "sarif", "github", "gitlab", "csv", "dot", "mermaid",
               "markdown", "svg", "html", "graphml", "binary"]
KINDS: tuple[Kind, ...] = ("text", "json", "sarif", "github", "gitlab", "csv", "dot",
                           "mermaid", "markdown", "svg", "html", "graphml", "binary")
_ANNOTATION = re.compile(r"::(error|warning|notice) [^\n]*::[^\n]*")


def kind(fmt: str) -> Kind:
    """The kind of a `--format` value (text, json, sarif, github, csv...)."""
    for known in KINDS:
        if known == fmt:
            return known
    raise ValueError(f"no output kind {fmt!r}")


def escaped(data: str | bytes, kind: Kind, color: bool = False) -> str | bytes:
    """`data` made safe for a terminal and a CI log, by the escape of its kind."""
    if kind == "binary":
        return data
    if isinstance(data, bytes):  # SVG from a renderer: UTF-8 text
        text = data.decode("utf-8", "surrogateescape")
        return str(escaped(text, kind, color)).encode("utf-8", "surrogateescape")
    if kind in ("json", "sarif", "gitlab"):
        return escape.json_log(data)
    if kind == "github":
        return "".join(line if _ANNOTATION.fullmatch(line.rstrip("\n"))
                       else escape.log(line) for line in data.splitlines(keepends=True))
    if kind in ("svg", "html", "graphml"):
        return _markup(data)
    return escape.log(data, color=color)


def _markup(data: str) -> str:
    """SVG or HTML: `##[` as `##&#91;` and a leading `::` as `&#58;:` (the same text in a
    browser), then the log escape for the rest (control characters)."""
    data = data.replace("##[", "##&#91;") if "##[" in data else data
    if "::" in data:
        data = re.sub(f"^([{escape.WHITE_SPACE}]*)::", r"\1&#58;:", data, flags=re.MULTILINE)
    return escape.log(data)


def out(data: str | bytes, kind: Kind, output: str | None = None,
        inputs: Sequence[str] = (), color: bool = False) -> None:
    """A command's result, escaped for its kind: to `output` (written atomically, never
    over one of `inputs`), or standard output for None, `-` and `/dev/stdout`."""
    utf8 = _utf8_json(data, kind, output)
    # else a JSON document's bytes (formatters/jsontext.document) are escaped as text
    safe = utf8 if utf8 is not None else escaped(
        data.decode("utf-8") if isinstance(data, bytes) and kind in _JSON else data,
        kind, color)
    if output == "/dev/stderr":
        _write(_raw(sys.stderr), safe)
    elif output is not None and output not in ("-", "/dev/stdout"):
        from ..output import write_atomic

        write_atomic(output, safe, list(inputs))
    else:
        _write(_raw(sys.stdout), safe)


_JSON: tuple[Kind, ...] = ("json", "sarif", "gitlab")


def _utf8_json(data: str | bytes, kind: Kind, output: str | None) -> bytes | None:
    """JSON, SARIF or gitlab bound for a file or a UTF-8 standard output, as text or as
    the UTF-8 bytes of its text (orjson's: formatters/jsontext.document): escaped and
    encoded in one step (`escape.json_log_utf8`: the bytes `escaped` would give the
    text, written as they are); None for anything else."""
    if kind not in _JSON:
        return None
    if output is None or output in ("-", "/dev/stdout", "/dev/stderr"):
        stream = sys.stderr if output == "/dev/stderr" else sys.stdout
        if not _is_utf8(getattr(stream, "encoding", None) or "utf-8"):
            return None
    return escape.json_log_utf8(data)


def _is_utf8(encoding: str) -> bool:
    import codecs

    try:
        return codecs.lookup(encoding).name == "utf-8"
    except LookupError:
        return False


def say(message: str) -> None:
    """One message line on standard error (`custorg: error: ...`): user text in it shown
    escaped, so it stays one line, and no workflow command."""
    _write(_raw(sys.stderr), escape.log(escape.text(message)) + "\n")


def tell(block: str, kind: Kind = "text", color: bool = False) -> None:
    """A block (a report of errors, a usage message) on standard error."""
    _write(_raw(sys.stderr), escaped(block, kind, color))


def flush() -> None:
    """Flush both streams before the process ends (a closed pipe: nothing to say)."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass


def _write(stream: IO[str], data: str | bytes) -> None:
    """In the stream's encoding: a character it cannot encode (a box line on a cp1252
    console) is escaped."""
    stream.flush()
    if isinstance(data, str):
        data = _encoded(data, getattr(stream, "encoding", None) or "utf-8")
    buffer = getattr(stream, "buffer", None)
    if buffer is None:  # a text-only stream (some test harnesses)
        stream.write(data.decode(getattr(stream, "encoding", None) or "utf-8", "replace"))
    else:
        buffer.write(data)
        buffer.flush()
    stream.flush()


def _encoded(text: str, encoding: str) -> bytes:
    try:
        return text.encode(encoding)
    except UnicodeEncodeError:
        return text.encode(encoding, "backslashreplace")
    except LookupError:
        return text.encode("utf-8", "backslashreplace")


def _raw(stream: Any) -> IO[str]:
    """The stream under a `_Guarded` one."""
    return stream.raw if isinstance(stream, _Guarded) else stream


class _Guarded:
    """A text stream that escapes whatever is written to it by `escape.log` (with
    `live`, the terminal's own cursor codes kept: a progress bar)."""

    def __init__(self, raw: IO[str], live: bool = False) -> None:
        self.raw = raw
        self.live = live

    def write(self, data: str) -> int:
        if self.live:  # rich redraws with ESC and CR: each piece between CRs escaped
            safe = "\r".join(escape.log(piece, color=True) for piece in data.split("\r"))
        else:
            safe = escape.log(data)
        self.raw.write(safe)
        return len(data)

    def flush(self) -> None:
        self.raw.flush()

    def isatty(self) -> bool:
        return self.raw.isatty()

    def fileno(self) -> int:
        return self.raw.fileno()

    @property
    def encoding(self) -> str:
        return getattr(self.raw, "encoding", None) or "utf-8"

    @property
    def buffer(self) -> _GuardedBuffer:
        """Bytes written to the stream (`-o /dev/stdout` of output.write_atomic): UTF-8
        text, escaped the same way."""
        return _GuardedBuffer(self)

    @property
    def errors(self) -> str | None:
        return getattr(self.raw, "errors", None)


class _GuardedBuffer:
    def __init__(self, text: _Guarded) -> None:
        self.text = text

    def write(self, data: bytes) -> int:
        self.text.write(bytes(data).decode("utf-8", "surrogateescape"))
        return len(data)

    def flush(self) -> None:
        self.text.flush()


def live() -> Any:
    """The file a progress bar (rich) draws on: standard error, through the gate."""
    return _Guarded(_raw(sys.stderr), live=True)


@contextmanager
def guarded() -> Iterator[None]:
    """While a command runs, standard output and error are gate streams: what a library
    writes on its own (Click's help and usage, Python's warnings) is escaped too."""
    saved = sys.stdout, sys.stderr
    sys.stdout = _Guarded(_raw(saved[0]))  # type: ignore[assignment,unused-ignore]
    sys.stderr = _Guarded(_raw(saved[1]))  # type: ignore[assignment,unused-ignore]
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved
