"""Text on slides that never overflows.

custorg measures text with DejaVu Sans metrics (diagrams/textwidth.py) while a deck
shows in the theme's font, so every measure keeps a safety margin (MARGIN): lines are
wrapped to a narrower width than the frame has, and a frame holds fewer lines than it
could. Every text frame also gets shrink-on-overflow (normAutofit) and word wrap, so a
wider font still stays inside. Long lists continue on the next slide (`pages`).

Han text gets an East Asian typeface on its runs (EAST_ASIAN), as PowerPoint reads the
`ea` font for those characters; everything else uses the theme's fonts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from pptx.dml.color import RGBColor
from pptx.enum.text import MSO_AUTO_SIZE
from pptx.util import Emu, Pt

from ..diagrams import labels as T, textwidth as W

MARGIN = 1.2  # the theme's font may be this much wider than DejaVu Sans
LEADING = 1.2  # line height / font size
HEIGHT_MARGIN = 1.05  # lines may be a little taller in the theme's font
EMU_PER_PT = 12700
EAST_ASIAN = "Noto Sans CJK SC"
INSET = Emu(45720)  # python-pptx's default inset: 0.05 in


@dataclass(frozen=True)
class Line:
    """One paragraph: its text, size in points, bold, colour (hex or ''), indent level."""

    text: str
    size: float = 16
    bold: bool = False
    color: str = ""
    level: int = 0


def clean(text: object, limit: int = 2000) -> str:
    """Printable one-line text (no control or direction characters)."""
    return T.clean(text, limit)


def wrapped(text: str, width_emu: int, size: float, bold: bool = False,
            max_lines: int = 4) -> list[str]:
    """`text` wrapped to `width_emu` with the safety margin."""
    width = (width_emu - 2 * INSET) / EMU_PER_PT / MARGIN
    return W.wrap(clean(text), width, size, bold, max_lines)


def height_of(lines: int, size: float) -> int:
    """EMU that `lines` lines at `size` points take, with the margin."""
    return int(lines * size * LEADING * HEIGHT_MARGIN * EMU_PER_PT) + 2 * INSET


def shorten(text: str, width_emu: int, size: float, bold: bool = False) -> str:
    width = (width_emu - 2 * INSET) / EMU_PER_PT / MARGIN
    return W.shorten(clean(text), width, size, bold)


def fill(frame: Any, lines: Sequence[Line], anchor: Any = None) -> None:
    """Write `lines` as paragraphs of a text frame: wrap on, shrink on overflow."""
    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.TEXT_TO_FIT_SHAPE
    if anchor is not None:
        frame.vertical_anchor = anchor
    first = True
    for line in lines:
        para = frame.paragraphs[0] if first else frame.add_paragraph()
        first = False
        para.level = line.level
        run = para.add_run()
        run.text = clean(line.text)
        font = run.font
        font.size = Pt(line.size)
        font.bold = line.bold
        if line.color:
            font.color.rgb = rgb(line.color)
        if T.has_cjk(run.text):
            east_asian(run)


_RGB: Any = RGBColor  # python-pptx leaves its constructor untyped


def rgb(value: str, default: str = "#888888") -> RGBColor:
    """`#RRGGBB` (an alpha part ignored) as a colour; anything else: `default`."""
    for text in (value, default):
        digits = text.lstrip("#")[:6]
        if text.startswith("#") and len(digits) == 6:
            try:
                return _RGB(int(digits[:2], 16), int(digits[2:4], 16), int(digits[4:], 16))  # type: ignore[no-any-return]
            except ValueError:
                continue
    return _RGB(0x88, 0x88, 0x88)  # type: ignore[no-any-return]


def east_asian(run: Any) -> None:
    """Han text: an East Asian typeface on the run (the theme's Latin font has no Han)."""
    rpr = run._r.get_or_add_rPr()
    ea = rpr.find("{http://schemas.openxmlformats.org/drawingml/2006/main}ea")
    if ea is None:
        ea = rpr.makeelement("{http://schemas.openxmlformats.org/drawingml/2006/main}ea", {})
        latin = rpr.find("{http://schemas.openxmlformats.org/drawingml/2006/main}latin")
        if latin is not None:
            latin.addnext(ea)
        else:
            rpr.append(ea)
    ea.set("typeface", EAST_ASIAN)


def pages(items: Sequence[Sequence[Line]], width_emu: int, height_emu: int
          ) -> list[list[Line]]:
    """Blocks of paragraphs (a finding and its fix...) split into pages that fit the
    height, each paragraph measured as wrapped to the width; a block is never split
    across pages (one taller than a page gets a page of its own, and shrinks)."""
    out: list[list[Line]] = [[]]
    used = 2 * INSET
    for block in items:
        need = sum(line_height(line, width_emu) for line in block)
        if out[-1] and used + need > height_emu:
            out.append([])
            used = 2 * INSET
        out[-1].extend(block)
        used += need
    return [page for page in out if page] or [[]]


def line_height(line: Line, width_emu: int) -> int:
    """EMU a paragraph takes once wrapped to `width_emu` (indent included)."""
    indent = int(line.level * 0.4 * 914400)
    count = len(wrapped(line.text, width_emu - indent, line.size, line.bold, 40))
    return int(count * line.size * LEADING * HEIGHT_MARGIN * EMU_PER_PT)
