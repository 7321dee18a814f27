"""The report in a real browser: headless Chromium (the system's, never downloaded) driven
by Playwright. Skipped when Playwright or a Chromium executable is missing.

Checked on every example, on a redesign comparison and on hostile names: no request
leaves the page, no console error, no script runs, hostile names show as text; the page
prints to A4 with each section on a new page, no page nearly empty, the fixed findings of
a redesign folded."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from custorg.cli import main

CHROMIUM = next((p for p in (shutil.which(n) for n in ("chromium", "chromium-browser",
                                                       "google-chrome", "chrome")) if p), None)
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no Chromium installed")

ROOT = Path(__file__).resolve().parent.parent
HOSTILE = """\
organization: {name: "<script>window.pwned = 1</script>Org"}
units:
  - {id: board, kind: board, name: "<img src=x onerror='window.pwned=2'>", headcount: 2}
  - {id: js, parent: board, function: sales, name: "javascript:window.pwned=3", headcount: 4}
  - {id: amp, parent: board, function: service, name: "<a href='javascript:alert(1)'>click</a>"}
people: [{id: p, name: "<svg onload=window.pwned=4>", unit: board}]
stakeholders: [{id: c, kind: customer, owner: p, name: "<iframe src=https://evil.example/>"}]
processes:
  - {id: pr, name: "<style>body{display:none}</style>", owner: p, strategic: true,
     steps: [customer, js, amp, js, customer]}
"""


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    pytest.importorskip("playwright.sync_api")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield b
        b.close()


def open_page(browser: Any, html: Path) -> tuple[Any, list[str], list[str]]:
    """The page, its console errors and every request that is not the file itself."""
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    errors: list[str] = []
    requests: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: requests.append(r.url) if r.url != html.as_uri() else None)
    page.goto(html.as_uri())
    page.wait_for_load_state("load")
    return page, errors, requests


def write_report(tmp_path: Path, *args: str) -> Path:
    out = tmp_path / "report.html"
    assert main(["report", *args, "-o", str(out)]) == 0
    return out


_WRITTEN: dict[str, Path] = {}


def example_report(case: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The report of an example case, written once per test session (from the repo root)."""
    if case not in _WRITTEN:
        folder = tmp_path_factory.mktemp(case)
        out = folder / "report.html"
        args = [str(ROOT / a) if a.startswith("examples/") else a for a in CASES[case]]
        assert main(["report", *args, "-o", str(out)]) == 0
        _WRITTEN[case] = out
    return _WRITTEN[case]


CASES = {"bakery": ["examples/bakery"], "telecom": ["examples/telecom"],
         "telecom-to-be": ["examples/telecom-to-be"],
         "compare": ["examples/telecom", "--compare", "examples/telecom-to-be"]}


@pytest.mark.parametrize("case", list(CASES))
def test_examples_load_nothing_and_print_to_a4(case: str, browser: Any,
                                               tmp_path_factory: pytest.TempPathFactory
                                               ) -> None:
    html = example_report(case, tmp_path_factory)
    page, errors, requests = open_page(browser, html)
    assert requests == [] and errors == []
    # the maturity level and the top findings are visible without scrolling
    for selector in (".level", ".top3 li:nth-child(1)" if case != "bakery" else ".top3 li"):
        box = page.locator(selector).first.bounding_box()
        assert box is not None and box["y"] + box["height"] <= 800, selector
    assert page.locator("svg.diagram").count() >= 4
    page.emulate_media(media="print")
    breaks = page.evaluate("[...document.querySelectorAll('section')].map(s => "
                           "getComputedStyle(s).breakBefore)")
    assert breaks[0] != "page" and set(breaks[1:]) == {"page"}
    pdf = page.pdf(format="A4", print_background=True)
    page.close()
    assert pdf.startswith(b"%PDF")
    pages = len(re.findall(rb"/Type\s*/Page(?!s)", pdf))
    sections = 6 + (case == "compare")  # summary, findings, handoffs, silos, staff, diagrams
    assert pages >= sections


def test_hostile_names_show_as_text(browser: Any, tmp_path: Path) -> None:
    org = tmp_path / "org.yaml"
    org.write_text(HOSTILE, encoding="utf-8")
    html = write_report(tmp_path, str(org))
    page, errors, requests = open_page(browser, html)
    assert requests == [] and errors == []
    assert page.evaluate("window.pwned") is None
    assert page.locator("script").count() == 0
    assert page.locator("img, iframe, a[href^='javascript']").count() == 0
    assert page.locator("body").is_visible()
    text = page.inner_text("body")
    assert "<script>window.pwned = 1</script>Org" in text
    assert "<style>body{display:none}</style>" in text
    assert page.title().startswith("<script>window.pwned = 1</script>Org")
    page.close()


def chromium(*args: str) -> subprocess.CompletedProcess[bytes]:
    assert CHROMIUM is not None
    return subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu",
                           "--no-first-run", *args], capture_output=True, timeout=120,
                          check=False)


def test_chromium_alone_prints_and_builds_no_hostile_element(
        tmp_path: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Without Playwright: chromium's own --print-to-pdf and --dump-dom."""
    html = example_report("compare", tmp_path_factory)
    pdf = tmp_path / "report.pdf"
    done = chromium("--no-pdf-header-footer", f"--print-to-pdf={pdf}", html.as_uri())
    assert pdf.is_file(), done.stderr.decode(errors="replace")[-500:]
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF") and len(re.findall(rb"/Type\s*/Page(?!s)", data)) >= 7
    org = tmp_path / "org.yaml"
    org.write_text(HOSTILE, encoding="utf-8")
    html = write_report(tmp_path, str(org))
    dom = chromium("--dump-dom", html.as_uri()).stdout.decode("utf-8")
    assert "<img" not in dom and "<iframe" not in dom and "<svg onload" not in dom
    assert dom.count("<script") == 0
    assert "&lt;script&gt;window.pwned = 1&lt;/script&gt;Org" in dom


def pdf_pages(pdf: bytes) -> list[str]:
    """The text of each page of a PDF, ligatures (the "fi" of "fixed") made letters."""
    import io
    import unicodedata

    from pypdf import PdfReader

    return [unicodedata.normalize("NFKC", " ".join(p.extract_text().split()))
            for p in PdfReader(io.BytesIO(pdf)).pages]


@pytest.mark.parametrize("case", ["telecom", "compare"])
def test_the_printed_report_has_no_nearly_empty_page(
        case: str, browser: Any, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Issue 21 item 16: printed to A4 (Chromium's print to PDF), no page holds only a
    few words (a row of chips, the tail of a table), the summary (with the customer
    layers) is one page, and a redesign's long list of fixed findings stays folded."""
    html = example_report(case, tmp_path_factory)
    page, _, _ = open_page(browser, html)
    pdf = page.pdf(format="A4", print_background=True)
    page.close()
    pages = pdf_pages(pdf)
    words = [len(text.split()) for text in pages]
    assert 8 <= len(pages) <= 24, words
    assert min(words) >= 80, words  # a diagram page counts its labels
    assert "CUSTOMER LAYERS" in pages[0].upper() and "front-line" in pages[0]
    if case == "compare":
        text = " ".join(pages)
        assert "39 more findings fixed" in text  # 51 fixed: 12 listed, the rest folded
        assert "in custorg diff" in text


def test_an_imported_organogram_prints_without_empty_sections(
        browser: Any, tmp_path: Path) -> None:
    """An imported org (an organogram in the shape of the UK's): no processes, so the
    handoffs section is a few lines and shares a page instead of filling one."""
    from import_fixtures import dvla_files

    senior, junior = dvla_files(tmp_path)
    org = tmp_path / "dvla"
    assert main(["import", "organogram", str(senior), str(junior), "-o", str(org)]) == 0
    html = write_report(tmp_path, str(org))
    page, errors, requests = open_page(browser, html)
    assert requests == [] and errors == []
    page.emulate_media(media="print")
    breaks = page.evaluate("Object.fromEntries([...document.querySelectorAll('section')]"
                           ".map(s => [s.id, getComputedStyle(s).breakBefore]))")
    assert breaks["handoffs"] != "page" and breaks["silos"] != "page"
    assert breaks["findings"] == "page"
    pdf = page.pdf(format="A4", print_background=True)
    page.close()
    pages = pdf_pages(pdf)
    assert "Handoffs per process" in " ".join(pages[:2])
    assert "FTE" in " ".join(pages) and min(len(p.split()) for p in pages) >= 40
