"""Labels: user text made safe for diagrams: cleaned, shortened, wrapped, escaped.

Names come from YAML that anyone may write, so nothing of it goes into a diagram raw.
`clean` drops what escape.py's character policy hides (controls, invisible and
direction-changing characters) and unassigned ones (they break XML or disguise text);
`html` escapes for Graphviz HTML-like labels; `tooltip` escapes for a quoted DOT
escString (where a backslash starts an escape such as `\\N`); the Mermaid escaping lives
in `mermaid.py`.
"""

from __future__ import annotations

import html as _html
import re
import unicodedata

import graphviz

from .. import escape

ELLIPSIS = "…"
_SPACES = str.maketrans(dict.fromkeys("\t\n\r\v\f\x85\u2028\u2029", " "))
TOOLTIP_CHARS = 300
_SCHEME = re.compile(r"(java|vb)(script):", re.IGNORECASE)


def clean(text: object, limit: int = 2000) -> str:
    """Plain, printable text on one line: whitespace runs become one space, control and
    bidirectional-override characters are removed, `javascript:` is defused; at most
    `limit` characters are kept (a 10,000-character name costs nothing)."""
    raw = str(text)[: limit * 2].translate(_SPACES)
    text = " ".join(escape.strip(raw, unassigned=True).split())[:limit]
    # a name such as `javascript:...` is shown, but never as something a browser or a
    # scanner could take for a link: the colon becomes a look-alike ratio sign
    return _SCHEME.sub(lambda m: f"{m.group(1)}{m.group(2)}\u2236", text)


def shorten(text: str, limit: int) -> str:
    """`text` cut to `limit` characters with an ellipsis when longer."""
    if len(text) <= limit:
        return text
    return text[: max(1, limit - 1)].rstrip() + ELLIPSIS


def width(text: str) -> int:
    """Display width in Latin-character units: CJK and other wide characters count 2."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pieces(text: str) -> list[str]:
    """Words, with wide characters split off one by one (CJK has no spaces to break on)."""
    out: list[str] = []
    for word in text.split(" "):
        current = ""
        for ch in word:
            if unicodedata.east_asian_width(ch) in "WF":
                if current:
                    out.append(current)
                    current = ""
                out.append(ch)
            else:
                current += ch
        if current:
            out.append(current)
        out.append(" ")
    return out[:-1] if out else out


def wrap(text: str, columns: int = 22, max_lines: int = 3) -> list[str]:
    """Break `text` into at most `max_lines` lines of about `columns` display units,
    on spaces where possible; the last line ends with an ellipsis when text is left."""
    lines: list[str] = []
    current = ""
    for piece in _pieces(text):
        if piece == " ":
            if current:
                current += " "
            continue
        while width(piece) > columns:  # a word longer than a line: hard break
            room = columns - width(current)
            if room <= 2:
                lines.append(current.rstrip())
                current, room = "", columns
            cut = _cut(piece, room)
            lines.append(current + piece[:cut])
            current, piece = "", piece[cut:]
        if width(current + piece) > columns and current.strip():
            lines.append(current.rstrip())
            current = ""
        current += piece
    if current.strip():
        lines.append(current.rstrip())
    if len(lines) > max_lines:
        last = lines[max_lines - 1]
        while last and width(last) > columns - 1:
            last = last[:-1]
        lines = lines[: max_lines - 1] + [last.rstrip() + ELLIPSIS]
    return lines or [""]


def _cut(piece: str, room: int) -> int:
    """How many characters of `piece` fit in `room` display units (at least one)."""
    used = 0
    for i, ch in enumerate(piece):
        used += width(ch)
        if used > room:
            return max(1, i)
    return len(piece)


def html(text: str) -> str:
    """Escape cleaned text for a Graphviz HTML-like label: `&`, `<`, `>`, quotes, and
    the backslash (Graphviz expands `\\N`, `\\G`... even in HTML labels; a doubled one
    is a literal backslash)."""
    return _html.escape(text, quote=True).replace("\\", "\\\\")


def tooltip(*parts: str) -> str:
    """A tooltip value for the `graphviz` package: cleaned, shortened, never read as an
    HTML string. Backslashes become the look-alike U+2216: in an escString they start
    escapes, and pygraphviz and the `dot` program unescape quoted strings differently."""
    text = shorten(clean(" · ".join(p for p in parts if p), TOOLTIP_CHARS * 2), TOOLTIP_CHARS)
    escaped: str = graphviz.escape(text.replace("\\", "\u2216"))
    return escaped


def number(value: float) -> str:
    """12000 -> '12 000' (a no-break space: read the same in every language)."""
    if float(value).is_integer():
        return f"{int(value):,}".replace(",", "\u00a0")
    return f"{value:,.1f}".replace(",", "\u00a0")


def count(n: int, noun: str, plural: str | None = None) -> str:
    """'1 handoff', '2 handoffs', '12 000 units' (a number and its noun, agreeing)."""
    return f"{number(n)} {noun if n == 1 else plural or noun + 's'}"


def is_cjk(ch: str) -> bool:
    """Han, kana, hangul and their punctuation: the characters that need a CJK font."""
    code = ord(ch)
    return (0x2E80 <= code <= 0x9FFF or 0xAC00 <= code <= 0xD7AF or 0xF900 <= code <= 0xFAFF
            or 0xFF00 <= code <= 0xFFEF or 0x20000 <= code <= 0x3FFFF or 0x3000 <= code <= 0x303F)


def has_cjk(text: str) -> bool:
    return any(is_cjk(ch) for ch in text)
