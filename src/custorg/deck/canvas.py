"""The presentation a deck is drawn on: custorg's 16:9 default or a company's template.

Layouts are chosen by what their placeholders are (a title-only layout: a title and no
body; a title-and-content layout: a title and a body or object placeholder), then by
their English name, then custorg's defaults: layout names are localised, so a Polish
template's "Tylko tytuł" is found by its placeholders. Content goes into the rectangle
of the title-and-content layout's body placeholder (custorg places its own shapes there,
so every slide of a kind looks the same), the title into the layout's title placeholder.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pptx import Presentation
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.util import Emu, Inches

from ..errors import UsageError

WIDE = (Emu(12192000), Emu(6858000))  # 16:9, as PowerPoint makes it
_TITLES = (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE)
_BODIES = (PP_PLACEHOLDER.BODY, PP_PLACEHOLDER.OBJECT)
_SIDE = (PP_PLACEHOLDER.DATE, PP_PLACEHOLDER.FOOTER, PP_PLACEHOLDER.SLIDE_NUMBER)


@dataclass(frozen=True)
class Rect:
    left: int
    top: int
    width: int
    height: int

    @property
    def bottom(self) -> int:
        return self.top + self.height


@dataclass
class Canvas:
    """The presentation, its chosen layouts and the content rectangle (EMU)."""

    prs: Any
    cover: Any  # title slide layout
    title_only: Any
    content: Any
    templated: bool

    @property
    def width(self) -> int:
        return int(self.prs.slide_width)

    @property
    def height(self) -> int:
        return int(self.prs.slide_height)

    def title_rect(self) -> Rect:
        if self.templated:
            ph = _placeholder(self.title_only, _TITLES)
            if ph is not None:
                return Rect(int(ph.left), int(ph.top), int(ph.width), int(ph.height))
        margin = Inches(0.5)
        return Rect(margin, Inches(0.3), self.width - 2 * margin, Inches(1.0))

    def body(self) -> Rect:
        """Where a slide's content goes."""
        if self.templated:
            ph = _placeholder(self.content, _BODIES)
            if ph is not None:
                return Rect(int(ph.left), int(ph.top), int(ph.width), int(ph.height))
        title = self.title_rect()
        margin = Inches(0.5)
        top = title.bottom + Inches(0.15)
        return Rect(margin, top, self.width - 2 * margin, self.height - top - Inches(0.4))


def _types(layout: Any) -> set[Any]:
    return {ph.placeholder_format.type for ph in layout.placeholders}


def _placeholder(layout: Any, types: tuple[Any, ...]) -> Any:
    for ph in layout.placeholders:
        if ph.placeholder_format.type in types:
            return ph
    return None


def _pick(layouts: list[Any], test: Any, english: str, default: Any) -> Any:
    for layout in layouts:
        if test(_types(layout) - set(_SIDE)):
            return layout
    for layout in layouts:
        if layout.name.strip().lower() == english:
            return layout
    return default


def open_canvas(template: str | None) -> Canvas:
    """custorg's default presentation (16:9), or `template`'s masters; a missing or
    broken template is a UsageError."""
    if template is None:
        prs = Presentation()
        prs.slide_width, prs.slide_height = Emu(WIDE[0]), Emu(WIDE[1])
    else:
        prs = _read_template(template)
    layouts = list(prs.slide_layouts)
    if not layouts:
        raise UsageError(f"{template}: the template has no slide layouts; save it from "
                         "PowerPoint with at least a title-only layout")
    fallback = layouts[min(5, len(layouts) - 1)]
    title_only = _pick(layouts, lambda t: t == {PP_PLACEHOLDER.TITLE}, "title only",
                       fallback)
    content = _pick(layouts, lambda t: PP_PLACEHOLDER.TITLE in t and len(t & set(_BODIES))
                    == 1 and len(t) == 2, "title and content", title_only)
    cover = _pick(layouts, lambda t: PP_PLACEHOLDER.CENTER_TITLE in t, "title slide",
                  title_only)
    _drop_slides(prs)
    return Canvas(prs, cover, title_only, content, template is not None)


def _read_template(path: str) -> Any:
    import os

    if not os.path.exists(path):
        raise UsageError(f"{path}: no such template file; give a .pptx saved from "
                         "PowerPoint")
    try:
        return Presentation(path)
    except IsADirectoryError:
        raise UsageError(f"{path}: is a folder; --template needs a .pptx file") from None
    except OSError as exc:
        raise UsageError(f"{path}: cannot read the template: {exc.strerror or exc}") \
            from None
    except Exception as exc:  # python-pptx raises many kinds for a broken package
        raise UsageError(f"{path}: not a PowerPoint file custorg can read "
                         f"({exc.__class__.__name__}: {exc}); save it again from "
                         "PowerPoint as .pptx") from None


def _drop_slides(prs: Any) -> None:
    """A template's own example slides are not part of the deck."""
    ids = prs.slides._sldIdLst
    for sld in list(ids):
        prs.part.drop_rel(sld.rId)
        ids.remove(sld)
