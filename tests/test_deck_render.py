"""The deck rendered by LibreOffice Impress (headless `soffice --convert-to pdf`, the
Debian package `.ci/run` installs): every slide renders, and no rendered word leaves the
frame it belongs to (each word's centre lies inside a shape of its slide that has text,
a chart or a table). Skipped only where LibreOffice or poppler is not installed."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

pptx = pytest.importorskip("pptx")

from conftest import EXAMPLES  # noqa: E402
from custorg.cli import main  # noqa: E402

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
PDFTOTEXT = shutil.which("pdftotext")
pytestmark = pytest.mark.skipif(SOFFICE is None or PDFTOTEXT is None,
                                reason="LibreOffice Impress or poppler-utils not installed")
_PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', re.DOTALL)
_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" '
                   r'yMax="([\d.]+)">([^<]*)</word>')
EMU_PER_PT = 12700
SLACK = 3.0  # points


def _frames(slide: Any) -> list[tuple[float, float, float, float]]:
    out = []
    for shape in slide.shapes:
        for s in (shape.shapes if hasattr(shape, "shapes") else [shape]):
            if s.has_text_frame and s.text_frame.text.strip() or getattr(s, "has_chart", False):
                out.append((s.left / EMU_PER_PT, s.top / EMU_PER_PT,
                            (s.left + s.width) / EMU_PER_PT, (s.top + s.height) / EMU_PER_PT))
    return out


def test_every_slide_renders_and_no_text_leaves_its_frame(tmp_path: Path) -> None:
    deck = tmp_path / "telecom.pptx"
    assert main(["deck", str(EXAMPLES / "telecom"), "-o", str(deck)]) == 0
    assert SOFFICE is not None and PDFTOTEXT is not None
    subprocess.run([SOFFICE, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(deck)],
                   check=True, capture_output=True, timeout=240)
    pdf = tmp_path / "telecom.pdf"
    subprocess.run([PDFTOTEXT, "-bbox", str(pdf), str(tmp_path / "words.html")], check=True)
    pages = _PAGE.findall((tmp_path / "words.html").read_text(encoding="utf-8"))
    prs = pptx.Presentation(str(deck))
    assert len(pages) == len(prs.slides)
    for n, ((width, _height, body), slide) in enumerate(zip(pages, prs.slides, strict=True)):
        scale = float(width) / (prs.slide_width / EMU_PER_PT)
        frames = _frames(slide)
        words = _WORD.findall(body)
        assert words, f"slide {n + 1} rendered no text"
        for x0, y0, x1, y1, word in words:
            cx, cy = (float(x0) + float(x1)) / 2 / scale, (float(y0) + float(y1)) / 2 / scale
            assert any(x - SLACK <= cx <= r + SLACK and t - SLACK <= cy <= b + SLACK
                       for x, t, r, b in frames), f"slide {n + 1}: {word!r} outside its frame"
