"""User text made safe for where it goes: one function per destination.

Everything an org file, a file name or a config file says is user text, and in CI it
comes from anyone who can open a pull request. Each destination has its own dangers:

- `text`: a piece of user text inside a line of terminal or CI-log output, or a YAML
  comment that import writes. Control characters (ESC sequences that retitle or clear a
  terminal, OSC 8 links, NUL, DEL, the C1 range with NEL), line and paragraph breaks,
  bidi overrides, isolates and marks and zero-width characters are shown escaped (`\\n`,
  `\\x1b`, `\\u202e`), so a name can neither start a new line nor drive the terminal.
- `log`: a whole block of text output, last line of defence: GitHub's runner executes
  any line that starts (after spaces) with `::` and any `##[` anywhere in a line; both
  are broken up with a backslash (`\\::`, `##\\[`), and control characters other than
  newline and tab are escaped as `text` does.
- `json_log`: JSON or SARIF text that may be printed into a CI log: `##[` is written
  `#\\u0023[` inside strings, which decodes to the exact text.
- `csv_cell`: a CSV cell a spreadsheet might run as a formula (OWASP: cells starting
  with `=`, `+`, `-`, `@`, tab or carriage return get a leading `'`).
- `mermaid_label`: a Mermaid label: every character of Mermaid's syntax, `%` (the
  `%%{init}%%` directives and `%%` comments) and quotes become entity codes (`#37;`).
"""

from __future__ import annotations

import re

# C1 and DEL, line/paragraph separators, bidi embeddings/overrides/isolates and marks
# (LRM, RLM, ALM), the invisible characters that hide text (zero width space, word
# joiner, BOM), lone surrogates
_OTHERS = ("\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c\u200b"
           "\u2060\ufeff\ud800-\udfff")
_UNSAFE_RE = re.compile(f"[\x00-\x08\x0a-\x1f{_OTHERS}]")  # every control but tab
_LOG_UNSAFE_RE = re.compile(f"[\x00-\x08\x0b-\x1f{_OTHERS}]")  # keeps newlines
_LOG_COLOR_UNSAFE_RE = re.compile(f"[\x00-\x08\x0b-\x1a\x1c-\x1f{_OTHERS}]")  # and ESC
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
_COMMAND_LINE_RE = re.compile(r"^([ \t]*)::", re.MULTILINE)


def _escaped(match: re.Match[str]) -> str:
    char = match.group()
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # an undecodable byte of a file name (surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def text(value: str) -> str:
    """A piece of user text for one line of terminal or log output (tab is kept)."""
    return _UNSAFE_RE.sub(_escaped, value) if _UNSAFE_RE.search(value) else value


def log(block: str, color: bool = False) -> str:
    """A whole block of text output made safe for a terminal and a CI log: control
    characters but newline and tab escaped (and ESC, with `color`: the block's own colour
    codes; its pieces of user text went through `text`), workflow commands (`::` at a
    line's start, `##[` anywhere) broken up."""
    unsafe = _LOG_COLOR_UNSAFE_RE if color else _LOG_UNSAFE_RE
    if unsafe.search(block):
        block = unsafe.sub(_escaped, block)
    if "::" in block:
        block = _COMMAND_LINE_RE.sub(r"\1\\::", block)
    return block.replace("##[", "##\\[") if "##[" in block else block


def json_log(document: str) -> str:
    """JSON text (JSON, SARIF) with `##[` written so that no CI runner reads a command
    in it; the decoded strings are unchanged (`##[` occurs only inside strings)."""
    return document.replace("##[", "#\\u0023[") if "##[" in document else document


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: str) -> str:
    """A text cell no spreadsheet runs as a formula (OWASP CSV injection: a leading `'`
    before `=`, `+`, `-`, `@`, tab or carriage return)."""
    return "'" + value if value.startswith(_FORMULA_START) else value


_MERMAID_SPECIAL = re.compile("[%\"'`#<>&{}\\[\\]|;\\\\\u2028\u2029]|[^\x20-\x7e\u00a0-\U0010ffff]")


def mermaid_label(value: str) -> str:
    """Text for a Mermaid label inside double quotes: the characters Mermaid or HTML
    read in a label (`%` of directives and comments, quotes, `#`, `<>&`, brackets,
    braces, `|`, `;`, backslash, backtick) and every control character become entity
    codes (`#37;` for `%`), which Mermaid shows as the character; letters of every
    script, `(`, `:` and the like stay as they are."""
    return _MERMAID_SPECIAL.sub(lambda m: f"#{ord(m.group())};", value)


def surrogates(value: str) -> str:
    """A file name as text: undecodable bytes (Python's surrogateescape) as `\\xff`,
    so the name can be written as UTF-8 (JSON, SARIF, any file)."""
    if not any("\udc80" <= c <= "\udcff" for c in value):
        return value
    return value.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
