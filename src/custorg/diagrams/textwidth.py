"""Text measured as Graphviz draws it, and wrapped to fit a box.

Every label uses DejaVu Sans (common.FONT); its advance widths are tabled in
`fontdata.py` (Latin, Latin Extended, Greek, Cyrillic, punctuation, arrows, maths), so
a name is measured in points, not guessed from its length: Cyrillic bold is a third
wider than Latin regular. Chinese, Japanese and Korean characters take one em (the CJK
fonts are square); characters outside the table count as a wide Latin letter.

Lines break at spaces and after hyphens ("ПЦР-" / "лаборатория"), never inside a word,
unless a single word is wider than the box even at the smallest size: then, and only
then, it is cut.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from .fontdata import ALPHABET, WIDTHS

ELLIPSIS = "…"
UNKNOWN = 1400  # 1/2048 em: a wide Latin letter, for characters outside the table
SAFETY = 1.04  # pango's hinting and rounding: keep a little room
_VALUE = {ch: i for i, ch in enumerate(ALPHABET)}


def _table(style: str) -> dict[int, int]:
    out: dict[int, int] = {}
    for low, chunks in WIDTHS[style]:
        data = "".join(chunks)
        for i in range(0, len(data), 2):
            width = _VALUE[data[i]] * 64 + _VALUE[data[i + 1]]
            if width:
                out[low + i // 2] = width
    return out


_TABLES = {"regular": _table("regular"), "bold": _table("bold")}


@lru_cache(maxsize=4096)
def _units(ch: str, bold: bool) -> int:
    found = _TABLES["bold" if bold else "regular"].get(ord(ch))
    if found is not None:
        return found
    if unicodedata.east_asian_width(ch) in "WF":
        return 2048
    if unicodedata.category(ch) in ("Mn", "Me", "Cf"):
        return 0
    return UNKNOWN


def measure(text: str, size: float, bold: bool = False) -> float:
    """Width in points of `text` set in DejaVu Sans at `size` points."""
    return sum(_units(ch, bold) for ch in text) * size / 2048 * SAFETY


def pieces(text: str) -> list[tuple[str, str]]:
    """(piece, what follows it: " " or ""): words split after hyphens and around wide
    characters (CJK has no spaces to break on)."""
    out: list[tuple[str, str]] = []
    for word in text.split(" "):
        if not word:
            continue
        current = ""
        for ch in word:
            if unicodedata.east_asian_width(ch) in "WF":
                if current:
                    out.append((current, ""))
                current = ""
                out.append((ch, ""))
            elif ch in "-‐‑–—/" and current:
                out.append((current + ch, ""))
                current = ""
            else:
                current += ch
        if current:
            out.append((current, ""))
        if out:
            out[-1] = (out[-1][0], " ")
    if out:
        out[-1] = (out[-1][0], "")
    return out


def words_fit(text: str, width: float, size: float, bold: bool) -> bool:
    """Every unbreakable piece of `text` fits on a line of `width` points."""
    return all(measure(p, size, bold) <= width for p, _ in pieces(text))


def wrap(text: str, width: float, size: float, bold: bool = False,
         max_lines: int = 3) -> list[str]:
    """`text` broken into at most `max_lines` lines no wider than `width` points at
    `size`; the last line ends with an ellipsis when text is left over."""
    return _wrap(text, width, size, bold, max_lines)[0]


def _wrap(text: str, width: float, size: float, bold: bool, max_lines: int
          ) -> tuple[list[str], bool]:
    """(lines, whether text was left over)."""
    lines: list[str] = []
    current = ""  # the line so far, with the separator its last piece wants
    for piece, after in pieces(text):
        candidate = current + piece
        if current and measure(candidate, size, bold) > width:
            lines.append(current.rstrip())
            candidate = piece
        while measure(candidate, size, bold) > width:  # one word wider than a line
            cut = _fitting(candidate, width, size, bold)
            lines.append(candidate[:cut])
            candidate = candidate[cut:]
        current = candidate + after
    if current.strip():
        lines.append(current.rstrip())
    if len(lines) > max_lines:
        last = lines[max_lines - 1]
        while last and measure(last.rstrip() + ELLIPSIS, size, bold) > width:
            last = last[:-1]
        return lines[:max_lines - 1] + [last.rstrip() + ELLIPSIS], True
    return lines or [""], False


def _fitting(text: str, width: float, size: float, bold: bool) -> int:
    """How many characters of `text` fit in `width` points (at least one)."""
    used = 0.0
    for i, ch in enumerate(text):
        used += measure(ch, size, bold)
        if used > width:
            return max(1, i)
    return len(text)


def fit(text: str, width: float, sizes: tuple[float, ...], bold: bool = True,
        max_lines: int = 3) -> tuple[list[str], float]:
    """(lines, size): the largest of `sizes` at which no word has to be cut and the text
    fits in `max_lines`; failing that, the largest at which no word is cut; failing
    that, the smallest size, words cut as a last resort."""
    best: tuple[list[str], float] | None = None
    for size in sizes:
        if not words_fit(text, width, size, bold):
            continue
        lines, cut = _wrap(text, width, size, bold, max_lines)
        if not cut:
            return lines, size
        best = best or (lines, size)
    return best or (wrap(text, width, sizes[-1], bold, max_lines), sizes[-1])


def shorten(text: str, width: float, size: float, bold: bool = False) -> str:
    """`text` cut with an ellipsis to fit `width` points."""
    if measure(text, size, bold) <= width:
        return text
    while text and measure(text + ELLIPSIS, size, bold) > width:
        text = text[:-1]
    return text.rstrip() + ELLIPSIS
