"""Charts drawn as inline SVG by custorg itself: no script, no external resource. Every
piece of user text goes through `escape` (markupsafe, as the template does); numbers are
formatted here. Each function returns `Markup` ready for the page."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

from ..diagrams import textwidth
from ..diagrams.labels import clean, shorten

INK, MUTED, GRID = "#1f2933", "#52606d", "#d9dee3"
AS_IS, TO_BE = "#9aa5b1", "#1f5f8b"
BAD, GOOD, CROSS = "#b3261e", "#2e7d32", "#1f5f8b"
FONT_SIZE = 12
FONT = f'font-family="inherit" font-size="{FONT_SIZE}"'
LABEL_CHARS = 60  # characters of a label at most
LABEL_WIDTH = 330  # its width at most, in the chart's units


@dataclass(frozen=True)
class Bar:
    """One row of a bar chart: a label and one value per series (None: not there)."""

    label: str
    values: tuple[float | None, ...]
    note: str = ""
    notes: tuple[str, ...] = ()  # per series, for a missing value (else `note`)

    def note_for(self, i: int) -> str:
        return self.notes[i] if i < len(self.notes) and self.notes[i] else self.note


def _labels(rows: Sequence[Bar], least: int) -> tuple[list[Markup], int]:
    """Each row's label, shortened only past LABEL_WIDTH, and the room left of the plot
    they need (at least `least`): measured with the widest font of the page's stack, so
    no name is clipped at the chart's left edge."""
    texts = [textwidth.shorten(shorten(clean(r.label), LABEL_CHARS), LABEL_WIDTH, FONT_SIZE)
             for r in rows]
    widest = max((textwidth.measure(t, FONT_SIZE) for t in texts), default=0)
    return [escape(t) for t in texts], max(least, int(widest) + 14)


def _svg(width: int, height: int, body: list[str], title: str) -> Markup:
    head = (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
            f'width="{width}" height="{height}" role="img" class="chart">'
            f"<title>{escape(title)}</title>")
    return Markup(head + "".join(body) + "</svg>")


def _num(value: float) -> str:
    return f"{value:g}" if float(value).is_integer() else f"{value:.2f}"


def bars(rows: Sequence[Bar], title: str, colors: Sequence[str] = (AS_IS, TO_BE),
         legend: Sequence[str] = (), overlay: bool = False) -> Markup:
    """Horizontal bars from zero, one group per row and one bar per series; with
    `overlay` the second value is drawn over the first in one bar (a part of a whole)."""
    series = 1 if overlay else max((len(r.values) for r in rows), default=1)
    top = max((v for r in rows for v in r.values if v is not None), default=0) or 1
    labels, left = _labels(rows, 120)
    plot, bar_h, gap = 360, 14, 10
    row_h = series * bar_h + gap
    legend_h = 22 if legend else 0
    height = legend_h + len(rows) * row_h + 8
    body: list[str] = []
    body += _legend(legend, colors, left, 4, 140)
    for n, row in enumerate(rows):
        y = legend_h + n * row_h
        body.append(f'<text x="{left - 8}" y="{y + series * bar_h / 2 + 4}" {FONT} '
                    f'text-anchor="end" fill="{INK}">{labels[n]}</text>')
        for i, value in enumerate(row.values):
            by = y + (0 if overlay else i * bar_h)
            if value is None:
                body.append(f'<text x="{left + 4}" y="{by + 11}" {FONT} fill="{MUTED}">'
                            "not in this org</text>")
                continue
            w = max(1.0, plot * value / top) if value else 0
            body.append(f'<rect x="{left}" y="{by + 1}" width="{w:.1f}" height="{bar_h - 2}" '
                        f'fill="{colors[i % len(colors)]}" rx="2"/>')
            if overlay and i > 0:
                continue
            note = (f" ({_num(row.values[1])} {escape(row.note)})" if overlay and
                    len(row.values) > 1 and row.values[1] else "")
            body.append(f'<text x="{left + w + 5:.1f}" y="{by + 11}" {FONT} fill="{INK}">'
                        f"{_num(value)}{note}</text>")
    body.append(f'<line x1="{left}" y1="{legend_h}" x2="{left}" y2="{height - 6}" '
                f'stroke="{GRID}"/>')
    return _svg(left + plot + 110, height, body, title)


def _legend(names: Sequence[str], colors: Sequence[str], left: int, top: int, step: int
            ) -> list[str]:
    """A colour swatch and its name per series, left to right from `left`."""
    out = []
    for i, name in enumerate(names):
        x = left + i * step
        out.append(f'<rect x="{x}" y="{top}" width="12" height="12" fill="{colors[i]}"/>'
                   f'<text x="{x + 17}" y="{top + 10}" {FONT} fill="{MUTED}">'
                   f"{escape(name)}</text>")
    return out


def ei_chart(rows: Sequence[Bar], threshold: float, title: str,
             legend: Sequence[str] = ()) -> Markup:
    """Diverging bars of the E-I index (-1 inward .. +1 outward) per function, with the
    silo threshold drawn; bars at or below it are red."""
    series = max((len(r.values) for r in rows), default=1)
    labels, left = _labels(rows, 120)
    half, bar_h, gap = 170, 14, 10
    zero = left + half
    row_h = series * bar_h + gap
    head = 40
    height = head + len(rows) * row_h + 6
    body = [f'<text x="{left}" y="14" {FONT} fill="{MUTED}">works inside (−1)</text>',
            f'<text x="{zero + half}" y="14" {FONT} fill="{MUTED}" text-anchor="end">'
            "works across (+1)</text>"]
    body += _legend(legend, (AS_IS, TO_BE), left, 20, 120)
    tx = zero + half * threshold
    body.append(f'<line x1="{zero}" y1="{head - 4}" x2="{zero}" y2="{height}" stroke="{GRID}"/>'
                f'<line x1="{tx:.1f}" y1="{head - 4}" x2="{tx:.1f}" y2="{height}" '
                f'stroke="{BAD}" stroke-dasharray="4 3"/>')
    for n, row in enumerate(rows):
        y = head + n * row_h
        body.append(f'<text x="{left - 8}" y="{y + series * bar_h / 2 + 4}" {FONT} '
                    f'text-anchor="end" fill="{INK}">{labels[n]}</text>')
        for i, value in enumerate(row.values):
            by = y + i * bar_h
            if value is None:
                body.append(f'<text x="{zero + 4}" y="{by + 11}" {FONT} fill="{MUTED}">'
                            f"{escape(row.note_for(i) or 'no ties')}</text>")
                continue
            x0, x1 = sorted((zero, zero + half * value))
            color = BAD if value <= threshold else (AS_IS, TO_BE)[i] if series > 1 else GOOD
            body.append(f'<rect x="{x0:.1f}" y="{by + 1}" width="{max(1.0, x1 - x0):.1f}" '
                        f'height="{bar_h - 2}" fill="{color}" rx="2"/>')
            # the value right of the bar, or right of the zero line for a bar going left
            # (left of it would run into the function's name)
            tx_label = x1 + 5 if value >= 0 else zero + 5
            body.append(f'<text x="{tx_label:.1f}" y="{by + 11}" {FONT} fill="{INK}">'
                        f"{value:+.2f}</text>")
    return _svg(zero + half + 60, height, body, title)


def pyramid(levels: Sequence[tuple[str, int, tuple[float, ...]]],
            columns: Sequence[tuple[str, str]], title: str) -> Markup:
    """One centred bar per level from the top, in one column per measure (FTE, headcount),
    each column scaled on its own: levels are (label, units, one value per column), columns
    (staff key, heading)."""
    left, plot, text_w, bar_h, head = 150, 220, 90, 24, 22
    col_w = plot + text_w
    height = head + len(levels) * (bar_h + 6) + 4
    body: list[str] = []
    for c, (key, name) in enumerate(columns):
        x = left + c * col_w
        widest = max((values[c] for _, _, values in levels), default=0) or 1
        body.append(f'<text x="{x + plot / 2}" y="14" {FONT} text-anchor="middle" '
                    f'font-weight="600" fill="{MUTED}">{escape(name)}</text>')
        for n, (_, _, values) in enumerate(levels):
            y = head + n * (bar_h + 6)
            w = max(2.0, plot * values[c] / widest) if values[c] else 0
            body.append(f'<rect x="{x + (plot - w) / 2:.1f}" y="{y}" width="{w:.1f}" '
                        f'height="{bar_h}" fill="{(TO_BE, AS_IS)[c % 2]}" rx="2"/>'
                        f'<text x="{x + plot + 8}" y="{y + bar_h / 2 + 4}" {FONT} '
                        f'fill="{INK}">{staff_number(key, values[c])}</text>')
    for n, (label, units, _) in enumerate(levels):
        mid = head + n * (bar_h + 6) + bar_h / 2
        body.append(f'<text x="{left - 10}" y="{mid}" {FONT} text-anchor="end" fill="{INK}">'
                    f'{escape(label)}</text><text x="{left - 10}" y="{mid + 13}" {FONT} '
                    f'text-anchor="end" fill="{MUTED}" font-size="11">{units} '
                    f'{"unit" if units == 1 else "units"}</text>')
    return _svg(left + len(columns) * col_w, height, body, title)


def staff_number(key: str, value: float) -> str:
    """An FTE with 2 decimals, a headcount whole, both with thousands separators."""
    return f"{value:,.2f}" if key == "fte" else f"{int(value):,}"
