"""One slide: its title (the slide's message), content text boxes, speaker notes."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from pptx.enum.shapes import MSO_SHAPE_TYPE, PP_PLACEHOLDER
from pptx.enum.text import MSO_ANCHOR

from . import text as X
from .canvas import Canvas, Rect

TITLE_SIZES = (28.0, 24.0, 20.0)


def new(canvas: Canvas, title: str, notes: str = "", layout: Any = None) -> Any:
    """A slide with `title` as its message (fitted to the title box) and speaker notes."""
    slide = canvas.prs.slides.add_slide(layout or canvas.title_only)
    box = slide.shapes.title
    rect = canvas.title_rect()
    if box is None:  # a template layout without a title placeholder
        box = slide.shapes.add_textbox(rect.left, rect.top, rect.width, rect.height)
    elif not canvas.templated:
        box.left, box.top, box.width, box.height = rect.left, rect.top, rect.width, \
            rect.height
    size = title_size(title, rect)
    X.fill(box.text_frame, [X.Line(title, size, True)], MSO_ANCHOR.MIDDLE)
    if notes:
        slide.notes_slide.notes_text_frame.text = X.clean(notes, 20000)
    return slide


def title_size(title: str, rect: Rect, sizes: tuple[float, ...] = TITLE_SIZES) -> float:
    """The largest of `sizes` at which the title fits its box."""
    for size in sizes:
        if X.height_of(len(X.wrapped(title, rect.width, size, True, 9)), size) \
                <= rect.height:
            return size
    return sizes[-1]


def text_box(slide: Any, rect: Rect, lines: Sequence[X.Line], anchor: Any = None) -> Any:
    box = slide.shapes.add_textbox(rect.left, rect.top, rect.width, rect.height)
    X.fill(box.text_frame, lines, anchor or MSO_ANCHOR.TOP)
    return box


def listed(canvas: Canvas, title: str, blocks: Sequence[Sequence[X.Line]],
           notes: str = "", limit: int = 30) -> list[Any]:
    """Slides of blocks of text that continue on the next slide, at most `limit`."""
    rect = canvas.body()
    pages = X.pages(blocks, rect.width, rect.height)[:limit]
    slides = []
    for n, page in enumerate(pages):
        heading = title if n == 0 else f"{title} (continued)"
        slide = new(canvas, heading, notes, canvas.title_only)
        text_box(slide, rect, page)
        slides.append(slide)
    return slides


def cover(canvas: Canvas, name: str, subtitle: str) -> Any:
    slide = canvas.prs.slides.add_slide(canvas.cover)
    title = sub = None
    for ph in slide.placeholders:
        kind = ph.placeholder_format.type
        if kind in (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE) and title is None:
            title = ph
        elif kind in (PP_PLACEHOLDER.SUBTITLE, PP_PLACEHOLDER.BODY) and sub is None:
            sub = ph
    w, h = canvas.width, canvas.height
    if title is None or not canvas.templated:
        title = title or slide.shapes.add_textbox(0, 0, 1, 1)
        title.left, title.top, title.width, title.height = w // 12, h // 4, w * 5 // 6, \
            h // 4
    if sub is None or not canvas.templated:
        sub = sub or slide.shapes.add_textbox(0, 0, 1, 1)
        sub.left, sub.top, sub.width, sub.height = w // 12, h // 2 + h // 12, w * 5 // 6, \
            h // 6
    X.fill(title.text_frame, [X.Line(name, title_size(name, Rect(
        int(title.left), int(title.top), int(title.width), int(title.height)),
        (40.0, 32.0, 28.0, 24.0)), True)],
        MSO_ANCHOR.BOTTOM)
    X.fill(sub.text_frame, [X.Line(subtitle, 18, False, "#5F6B73")], MSO_ANCHOR.TOP)
    return slide


def texts(prs: Any) -> Iterator[str]:
    """Every text of a presentation: shapes (in groups too), table cells, chart
    categories and speaker notes (the glyph check reads them)."""
    for slide in prs.slides:
        stack = list(slide.shapes)
        while stack:
            shape = stack.pop()
            if getattr(shape, "shape_type", None) == MSO_SHAPE_TYPE.GROUP:
                stack.extend(shape.shapes)
            if getattr(shape, "has_text_frame", False) and shape.has_text_frame:
                yield shape.text_frame.text
            if getattr(shape, "has_table", False) and shape.has_table:
                yield from (cell.text for row in shape.table.rows for cell in row.cells)
            if getattr(shape, "has_chart", False) and shape.has_chart:
                yield from (str(c) for c in shape.chart.plots[0].categories)
        if slide.has_notes_slide:
            yield slide.notes_slide.notes_text_frame.text
