"""The findings of YAML that libyaml cannot read (F002) or whose characters it refuses
(F001), with the place a user fixes first, in characters (not bytes) like every column.

A file that ends inside something unfinished (a quoted scalar, a `{` or `[` never
closed, a key without its `:`...) makes libyaml report the end of the stream, past the
last line; the finding points instead at where the unfinished thing starts (libyaml's
context mark, or the innermost open flow collection) and says that the file ends first.
"""

from __future__ import annotations

import re
from typing import Any

from ..charnames import code_point, described
from ..findings import Finding, Location
from .document import INVALID_YAML, TOO_DEEP, UNREADABLE, format_error

# What an unfinished construct is called, by libyaml's context ("while scanning a
# quoted scalar"), and the phrase saying what is missing. Others: "is unfinished".
_NEVER_CLOSED = ("quoted scalar", "flow mapping", "flow sequence")
_SUBJECTS = {"simple key": "this key has no ':' after it"}

# A line break as libyaml counts lines (its marks give every other location of a file)
_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")

# (line, column, "flow mapping" | "flow sequence") of a collection still open
OpenFlow = tuple[int, int, str]


def _offset(text: str, line: int, col: int) -> int:
    """Character offset of a 1-based line and column."""
    pos = 0
    for _ in range(line - 1):
        pos = text.find("\n", pos) + 1
        if pos == 0:
            return len(text)
    return pos + col - 1


def _thing(context: str | None) -> str:
    """`while scanning a quoted scalar` -> `quoted scalar`."""
    words = (context or "").split()
    return " ".join(words[3:]) if len(words) > 3 and words[0] == "while" else ""


def _line_col(text: str, pos: int) -> tuple[int, int]:
    """1-based line and column of a character offset, lines broken as libyaml breaks
    them (CR LF, CR, LF, NEL, U+2028, U+2029)."""
    line, start = 1, 0
    for brk in _BREAK.finditer(text, 0, pos):
        line, start = line + 1, brk.end()
    return line, pos - start + 1


def _last_character(text: str) -> tuple[int, int]:
    """Line and column of the file's last character other than white space (1:1 if
    none): where a file that ends too early ends."""
    return _line_col(text, max(len(text.rstrip()) - 1, 0))


def _ended(exc: Any, text: str, problem: str, open_flow: OpenFlow | None
           ) -> tuple[int, int, str]:
    """Where and what to say when libyaml's problem is the end of the stream."""
    context = exc.context_mark
    thing = _thing(exc.context)
    if context is None or context.index >= len(text) or thing == "flow node":
        if open_flow is None:
            return (*_last_character(text), f"the file ends too early ({problem})")
        line, col, thing = open_flow
    else:
        line, col = context.line + 1, context.column + 1
    if thing in _NEVER_CLOSED:
        subject = f"this {thing} is never closed"
    else:
        subject = _SUBJECTS.get(thing, f"this {thing or 'construct'} is unfinished")
    return line, col, f"{subject}: the file ends first ({problem})"


def marked_error(exc: Any, text: str, file: str, open_flow: OpenFlow | None = None
                 ) -> Finding:
    """F002 for a `yaml.MarkedYAMLError`; `open_flow` is the innermost flow collection
    still open when it was raised (the careful builder's stack)."""
    mark = exc.problem_mark or exc.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = exc.problem or str(exc)
    if exc.problem_mark is not None and exc.problem_mark.index >= len(text):
        line, col, message = _ended(exc, text, problem, open_flow)
        return format_error(INVALID_YAML, f"invalid YAML: {message}", Location(file, line, col))
    if exc.context:
        problem = f"{problem} ({exc.context})"
    at = _offset(text, line, col)
    hint = " (a tab: YAML indents with spaces only)" if text[at:at + 1] == "\t" else ""
    message = f"invalid YAML: {problem}{hint}"
    if "nesting depth" in problem:  # libyaml >= 0.2.6 stops deep nesting itself
        message = TOO_DEEP
    return format_error(INVALID_YAML, message, Location(file, line, col))


def _escape(code: int) -> str:
    """How a double-quoted YAML scalar writes the character."""
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def reader_error(exc: Any, text: str, file: str, byte_offset: bool) -> Finding:
    """F001 for a `yaml.reader.ReaderError` (a character YAML does not allow), at its
    line and column in characters; `byte_offset`: its position counts UTF-8 bytes
    (libyaml's), not characters (PyYAML's own reader)."""
    pos = int(getattr(exc, "position", 0) or 0)
    if byte_offset:
        pos = len(text.encode("utf-8", "surrogatepass")[:pos].decode("utf-8", "ignore"))
    line, col = _line_col(text, pos)
    code = code_point(exc.character)
    return format_error(
        UNREADABLE, f"{described(code)} is not allowed in YAML: delete it, or write it as "
        f"{_escape(code)} inside double quotes (is this a text file?)",
        Location(file, line, col))
