"""`custorg report`: one self-contained, escaped HTML page (checked without a browser:
tests/test_report_browser.py opens it in Chromium)."""

from __future__ import annotations

import re
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import pytest

from custorg.audit.engine import audit
from custorg.cli import main
from custorg.report import render
from custorg.report.charts import Bar, bars, ei_chart
from custorg.report.figures import inline

HOSTILE = """\
organization: {name: "<img src=x onerror=alert(1)> Org"}
units:
  - {id: board, kind: board, name: "<script>alert('unit')</script>", headcount: 3}
  - {id: js, parent: board, function: "javascript:alert(1)", name: "javascript:alert(2)",
     headcount: 10}
  - {id: amp, parent: board, function: sales, name: "A & B </title><b>bold</b>", headcount: 5}
processes:
  - {id: p, name: "<iframe src=//evil.example>", steps: [customer, js, amp, js, customer]}
"""


class Page(HTMLParser):
    """Elements and attributes of a page, to check what a browser would build."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts.append(data)


def parse(html: str) -> Page:
    page = Page()
    page.feed(html)
    return page


@pytest.fixture(scope="module")
def telecom_page() -> str:
    root = Path(__file__).resolve().parent.parent
    from custorg.diff import compare

    before = audit([str(root / "examples/telecom")])
    after = audit([str(root / "examples/telecom-to-be")])
    return render(before, compare(before, after))


def test_self_contained_with_a_csp_that_allows_no_network(telecom_page: str) -> None:
    page = parse(telecom_page)
    [meta] = [a for t, a in page.tags if t == "meta" and a.get("http-equiv") ==
              "Content-Security-Policy"]
    policy = meta["content"] or ""
    assert "default-src 'none'" in policy
    assert not re.search(r"https?:|\*", policy)
    # no script at all: printing is the stylesheet's job
    assert "script-src 'none'" in policy
    assert page.scripts == [] and not any(tag == "script" for tag, _ in page.tags)
    for tag, attrs in page.tags:
        assert tag not in ("link", "img", "iframe", "object", "embed", "base", "form")
        assert "src" not in attrs
        for name, value in attrs.items():
            assert not name.startswith("on")
            if name in ("href", "xlink:href"):
                assert (value or "").startswith("#"), (tag, value)


def test_sections_numbers_and_diagrams(telecom_page: str) -> None:
    ids = [a.get("id") for t, a in parse(telecom_page).tags if t == "section"]
    assert ids == ["summary", "findings", "handoffs", "silos", "staff", "diagrams",
                   "redesign"]
    text = re.sub(r"<[^>]+>", " ", telecom_page)
    assert "Level 2" in text and "someone responsible" in text
    assert "Maturity 2 → 4, handoffs 25 → 16 (-36%), 51 findings fixed" in text
    # the top three: both errors, then the busiest customer-facing warning
    top = telecom_page[telecom_page.index('class="top3"'):telecom_page.index('class="counts"')]
    assert [m for m in re.findall(r"· ([A-Z]\d{3})</span>", top)] == ["C001", "P001", "C009"]
    # diagrams inline, without XML prolog or doctype, ids unique across figures
    # (the as-is customer on top twice: in the diagrams and beside the to-be)
    assert telecom_page.count('<svg class="diagram"') == 3 + 7 + 2
    assert "<?xml" not in telecom_page and "<!DOCTYPE svg" not in telecom_page
    ids_in_svgs = re.findall(r'\bid="(f\d+-[^"]*)"', telecom_page)
    assert len(ids_in_svgs) == len(set(ids_in_svgs)) > 100
    # the staff pyramid: 772 staff declared in examples/telecom
    assert "772 headcount in all" in telecom_page and ">FTE</text>" not in telecom_page


def test_hostile_names_are_text(write: Callable[..., Path]) -> None:
    html = render(audit([str(write(HOSTILE))]))
    page = parse(html)
    assert page.scripts == []
    assert not any(t in ("img", "iframe") for t, _ in page.tags)
    assert "<b>bold" not in html
    assert "&lt;script&gt;alert(&#39;unit&#39;)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt; Org" in html
    assert "&lt;iframe src=//evil.example&gt;" in html
    assert "A &amp; B &lt;/title&gt;&lt;b&gt;bold&lt;/b&gt;" in html
    assert "<title>&lt;img" in html


def test_direction_overrides_cannot_turn_the_page_around(write: Callable[..., Path]) -> None:
    from custorg.report import _finalize

    org = write("units:\n  - {id: a, name: \"evil\u202e txet\u2066 name\"}\n"
                "  - {id: b, parent: a, headcount: 1}\n")
    html = render(audit([str(org)]))
    assert "evil txet name" in html
    assert "\u202e" not in html and "\u2066" not in html
    assert _finalize("a\x07b\u200fc") == "abc"


def test_charts_escape_and_scale() -> None:
    svg = bars([Bar("<b>x</b> & y", (2, None))], "t <1>")
    assert "&lt;b&gt;x&lt;/b&gt; &amp; y" in svg and "<title>t &lt;1&gt;</title>" in svg
    assert "not in this org" in svg
    chart = ei_chart([Bar("sales", (-1.0,)), Bar("hr", (None,), "no ties")], -0.5, "E-I")
    assert chart.count('fill="#b3261e"') == 1  # the silo bar is red
    assert "no ties" in chart and "-1.00" in chart


def test_inline_strips_prolog_and_prefixes_ids() -> None:
    svg = (b'<?xml version="1.0"?>\n<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "x">\n'
           b'<!-- Generated by graphviz -->\n<svg width="10pt" height="5pt" viewBox="0 0 10 5">'
           b'<g id="graph0"><!-- u0 --><path fill="url(#g1)"/></g></svg>')
    out = inline(svg, "f3")
    assert out.startswith('<svg class="diagram" width="10pt"')
    assert 'id="f3-graph0"' in out and "url(#f3-g1)" in out and "<!--" not in out


def test_cli_writes_the_page_and_refuses_broken_orgs(tmp_path: Path, write: Callable[..., Path],
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "report.html"
    assert main(["report", "examples/bakery", "-o", str(out)]) == 0
    html = out.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and "Kepykla Saulė" in html
    assert "上海合作伙伴" in html and "Klientų patirties" in html  # names in any script
    assert "Level 5" in html and 'id="staff"' in html
    broken = write("units:\n  - {id: a, parent: ghost}\n")
    assert main(["report", str(broken), "-o", str(tmp_path / "x.html")]) == 1
    err = capsys.readouterr().err
    assert "S002" in err and "fix them to write a report" in err
    assert not (tmp_path / "x.html").exists()
    assert main(["report", "examples/bakery", "--compare", str(broken), "-o",
                 str(tmp_path / "y.html")]) == 1
    assert "the --compare org" in capsys.readouterr().err
    assert main(["report", "examples/bakery", "--max-nodes", "1"]) == 2


def test_no_pyramid_without_headcount(write: Callable[..., Path]) -> None:
    html = render(audit([str(write("units: [{id: a}, {id: b, parent: a}]\n"))]))
    assert 'id="staff"' not in html and "Staff pyramid" not in html
    assert "The org declares no processes." in html


def test_a_diagram_that_cannot_be_drawn_is_a_note(monkeypatch: pytest.MonkeyPatch,
                                                  write: Callable[..., Path]) -> None:
    from custorg.diagrams import render as R
    from custorg.report import figures

    def fail(*args: object, **kwargs: object) -> R.Rendered:
        raise R.RenderTimeout("the layout did not finish within 1 s")

    monkeypatch.setattr(figures, "render", fail)
    html = render(audit([str(write(HOSTILE))]))
    assert "this diagram could not be drawn: the layout did not finish within 1 s" in html
    assert '<svg class="diagram"' not in html


def test_large_org_is_folded_and_paged(tmp_path: Path) -> None:
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
    from generate import write as generate  # type: ignore[import-not-found]

    org = generate(700, 1, tmp_path / "org.yaml")
    html = render(audit([str(org)]))
    # every view folded to what a page holds, and said so
    assert "folded" in html
    boxes = [len(re.findall(r'class="node"', svg)) for svg in
             re.findall(r'<svg class="diagram".*?</svg>', html, flags=re.DOTALL)]
    assert boxes and max(boxes) <= 80
    # 175 processes: 30 in the table, the rest behind "more"; findings of a rule past 8
    assert "145 more processes" in html
    assert re.search(r"<summary>\d+ more</summary>", html)
    assert len(html) < 3_000_000


WIDE = """\
units:
  - {id: top, kind: board, function: knowledge-and-information-management-kim-and-records}
  - {id: a, parent: top, function: knowledge-and-information-management-kim-and-records}
  - {id: b, parent: top, function: sales}
  - {id: c, parent: top, function: sales}
processes:
  - {id: p, steps: [customer, b, c, a, b, c, a, customer]}
"""


def test_rule_headings_render_code_and_the_threshold_in_force(
        tmp_path: Path, write: Callable[..., Path]) -> None:
    """Issue 21 item 15: no raw backticks; the config's threshold, not the default."""
    org = write(WIDE)
    config = write("max-handoffs = 3\n", "custorg.toml")
    out = tmp_path / "r.html"
    assert main(["report", str(org), "--config", str(config), "-o", str(out)]) == 0
    html = out.read_text(encoding="utf-8")
    heads = re.findall(r'<p class="rule-head">.*?</p>', html, flags=re.DOTALL)
    assert heads and not any("`" in h for h in heads)
    [p003] = [h for h in heads if "P003" in h]
    assert "more times than <code>max-handoffs</code> 3 (default 4)." in p003
    explain = html[html.index('<details class="explain">'):]
    assert "`" not in explain[:explain.index("</details>")]


def test_long_function_names_fit_the_silo_chart() -> None:
    from custorg.diagrams.textwidth import measure

    name = "knowledge-and-information-management-kim"
    chart = ei_chart([Bar(name, (-0.8,)), Bar("sales", (0.2,))], -0.5, "E-I")
    x = float(re.search(r'<text x="([\d.]+)"[^>]*text-anchor="end"[^>]*>' + name, chart)
              .group(1))  # type: ignore[union-attr]
    assert x - measure(name, 12) >= 0  # the whole name is inside the chart


def test_the_redesign_is_named_by_its_org_and_the_path_as_given(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(Path(__file__).resolve().parent.parent)
    out = tmp_path / "r.html"
    assert main(["report", "examples/telecom", "--compare", "examples/telecom-to-be/",
                 "-o", str(out)]) == 0
    html = out.read_text(encoding="utf-8")
    strip = html[html.index('class="redesign-strip"'):html.index('class="cards"')]
    assert ("<strong>Telekomunikacja Mazowsze S.A.</strong> "
            '<span class="path">examples/telecom-to-be/</span>') in strip
    assert str(Path.cwd()) not in strip
