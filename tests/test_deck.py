"""`custorg deck`: the deck read back with python-pptx (slide titles, the customer on top
as native shapes with glued connectors, notes, the appendix' limits) and its bad input
(exit 2 for a broken template or an unwritable output, exit 1 for an org that cannot be
analysed, nothing half-written)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

pptx = pytest.importorskip("pptx")

from conftest import EXAMPLES  # noqa: E402
from custorg.audit.engine import audit  # noqa: E402
from custorg.cli import main  # noqa: E402
from custorg.deck import build  # noqa: E402
from custorg.deck.shapes import MAX_SHAPES  # noqa: E402

ORG = """\
organization: {name: "Sklep Łódź 上海"}
units:
  - {id: board, kind: board, name: Zarząd, headcount: 3}
  - {id: sales, parent: board, function: sales, name: "Dział Sprzedaży", headcount: 10}
  - {id: ops, parent: board, function: operations, name: "Операции", headcount: 5}
  - {id: it, parent: board, function: it, name: "Informacinės technologijos", headcount: 4}
processes:
  - {id: order, name: Order, volume: 100, steps: [customer, sales, ops, it, ops, customer]}
"""


def _org(tmp_path: Path, text: str = ORG) -> Path:
    path = tmp_path / "org.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _titles(prs: Any) -> list[str]:
    return [s.shapes.title.text_frame.text if s.shapes.title else "" for s in prs.slides]


@pytest.fixture(scope="module")
def telecom(tmp_path_factory: pytest.TempPathFactory) -> Any:
    out = tmp_path_factory.mktemp("deck") / "telecom.pptx"
    assert main(["deck", str(EXAMPLES / "telecom"), "-o", str(out)]) == 0
    return pptx.Presentation(str(out))


def test_slides_in_the_committee_order(telecom: Any) -> None:
    titles = _titles(telecom)
    assert titles[0] == "Telekomunikacja Mazowsze S.A."
    assert titles[1].startswith("Maturity: level 2 of 5")
    assert "that matter most" in titles[2]
    assert titles[3].startswith("Customer on top: 12 of 32 units face the customer")
    assert all(t.startswith("Appendix · ") for t in titles[-3:])
    assert telecom.slide_width * 9 == telecom.slide_height * 16  # 16:9


def test_customer_on_top_is_native_shapes_with_glued_connectors(telecom: Any) -> None:
    report = audit([str(EXAMPLES / "telecom")])
    assert report.org is not None
    slide = telecom.slides[3]
    texts = " ".join(s.text_frame.text for s in slide.shapes if s.has_text_frame)
    for unit in report.org.units:
        assert unit.name in texts.replace("\n", " ") or unit.name in {
            s.name for s in slide.shapes}, unit.name
    ids = {s.shape_id for s in slide.shapes}
    connectors = [s for s in slide.shapes if s.shape_type == pptx.enum.shapes.MSO_SHAPE_TYPE.LINE
                  or s._element.tag.endswith("cxnSp")]
    assert connectors
    for c in connectors:
        start = c._element.find(".//{*}stCxn")
        end = c._element.find(".//{*}endCxn")
        assert start is not None and end is not None
        assert int(start.get("id")) in ids and int(end.get("id")) in ids
    groups = [s for s in slide.shapes if s.shape_type == pptx.enum.shapes.MSO_SHAPE_TYPE.GROUP]
    assert {g.shapes[0].name for g in groups} >= {"band front-line", "band management"}
    assert len(slide.shapes) <= MAX_SHAPES


def test_speaker_notes_carry_why_and_how(telecom: Any) -> None:
    notes = telecom.slides[2].notes_slide.notes_text_frame.text
    assert "Why it matters:" in notes and "How to fix:" in notes
    assert "C001" in notes


def test_every_text_frame_shrinks_on_overflow(telecom: Any) -> None:
    for slide in telecom.slides:
        for shape in slide.shapes:
            for s in (shape.shapes if hasattr(shape, "shapes") else [shape]):
                if s.has_text_frame and s.text_frame.text:
                    assert s.text_frame._txBody.find(".//{*}normAutofit") is not None


def test_appendix_limits(tmp_path: Path) -> None:
    units = "\n".join(f"  - {{id: u{i}, parent: board, function: f{i}, name: Unit {i}}}"
                      for i in range(40))
    org = ("organization: {name: Many}\nunits:\n  - {id: board, kind: board, name: Board}\n"
           + units + "\nprocesses:\n  - {id: p, name: P, steps: [customer, u0, customer]}\n")
    report = audit([str(_org(tmp_path, org))])
    prs = pptx.Presentation(__import__("io").BytesIO(build(report)))
    appendix = [s for s in prs.slides if s.shapes.title.text_frame.text.startswith("Appendix")]
    text = " ".join(sh.text_frame.text for s in appendix for sh in s.shapes
                    if sh.has_text_frame)
    assert "more: run custorg audit" in text
    assert len(appendix) <= 30


def test_every_script_and_east_asian_font(tmp_path: Path) -> None:
    out = tmp_path / "d.pptx"
    assert main(["deck", str(_org(tmp_path)), "-o", str(out)]) == 0
    prs = pptx.Presentation(str(out))
    assert _titles(prs)[0] == "Sklep Łódź 上海"
    cover = prs.slides[0].shapes.title.text_frame.paragraphs[0].runs[0]
    assert cover._r.find(".//{*}ea").get("typeface")
    shapes_text = " ".join(s.text_frame.text for s in prs.slides[3].shapes if s.has_text_frame)
    for name in ("Dział Sprzedaży", "Операции", "Informacinės technologijos"):
        assert name in shapes_text.replace("\n", " ")


def test_bad_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    org = _org(tmp_path)
    out = tmp_path / "d.pptx"
    broken = tmp_path / "broken.pptx"
    broken.write_text("not a zip", encoding="utf-8")
    assert main(["deck", str(org), "-o", str(out), "--template", str(broken)]) == 2
    assert "not a PowerPoint file" in capsys.readouterr().err
    assert main(["deck", str(org), "-o", str(out), "--template", str(tmp_path / "no")]) == 2
    assert "no such template" in capsys.readouterr().err
    assert main(["deck", str(org), "-o", str(tmp_path / "nowhere" / "d.pptx")]) == 2
    assert main(["deck", str(org), "-o", str(org)]) == 2  # never over an input
    bad = _org(tmp_path, "organization: {name: X}\nunits:\n  - {id: a, parent: zz, name: A}\n")
    assert main(["deck", str(bad), "-o", str(out)]) == 1
    assert not out.exists() and sorted(p.name for p in tmp_path.iterdir()) == [
        "broken.pptx", "org.yaml"]


def test_template_layouts_found_by_placeholders(tmp_path: Path) -> None:
    """A template whose layouts have Polish names: found by their placeholder types;
    its slide size is kept and its example slides dropped."""
    prs = pptx.Presentation()
    names = ["Slajd tytułowy", "Tytuł i zawartość", "Nagłówek sekcji", "Dwie zawartości",
             "Porównanie", "Tylko tytuł", "Pusty"]
    for layout, name in zip(prs.slide_layouts, names, strict=False):
        layout.name = name
    prs.slides.add_slide(prs.slide_layouts[0])
    template = tmp_path / "firma.pptx"
    prs.save(str(template))
    out = tmp_path / "d.pptx"
    assert main(["deck", str(_org(tmp_path)), "-o", str(out), "--template", str(template)]) == 0
    deck = pptx.Presentation(str(out))
    assert deck.slide_width == prs.slide_width  # the template's 4:3
    layouts = [s.slide_layout.name for s in deck.slides]
    assert layouts[0] == "Slajd tytułowy" and layouts[1] == "Tylko tytuł"
    assert _titles(deck)[0] == "Sklep Łódź 上海"


def _chart_values(slide: Any) -> dict[str, tuple[Any, ...]]:
    charts = [s.chart for s in slide.shapes if s.has_chart]
    assert len(charts) == 1
    plot = charts[0].plots[0]
    out = {"categories": tuple(plot.categories)}
    out.update({series.name: tuple(series.values) for series in plot.series})
    return out


def test_charts_are_native_with_the_metrics(telecom: Any) -> None:
    report = audit([str(EXAMPLES / "telecom")])
    assert report.metrics is not None
    titles = _titles(telecom)
    by_process = report.metrics["handoffs"]["by_process"]
    handoffs = _chart_values(telecom.slides[titles.index(
        f"{report.metrics['handoffs']['total']} handoffs, "
        f"{report.metrics['handoffs']['cross_function']} of them across functions")])
    assert sorted(handoffs["handoffs"]) == sorted(p["handoffs"] for p in by_process.values())
    assert sum(handoffs["of them across functions"]) == sum(
        p["cross_function"] for p in by_process.values())
    silo = next(s for s in telecom.slides if "as a silo" in s.shapes.title.text_frame.text)
    values = _chart_values(silo)
    silos = report.metrics["silos"]
    assert values["categories"] == tuple(silos)
    assert values["E-I index"] == pytest.approx(tuple(
        s["ei_index"] for s in silos.values()), abs=1e-9)


def test_compare_shows_findings_fixed_and_introduced(tmp_path: Path) -> None:
    out = tmp_path / "d.pptx"
    assert main(["deck", str(EXAMPLES / "telecom"), "--compare",
                 str(EXAMPLES / "telecom-to-be"), "-o", str(out)]) == 0
    prs = pptx.Presentation(str(out))
    slide = next(s for s in prs.slides
                 if s.shapes.title.text_frame.text.startswith("The redesign: "))
    text = " ".join(sh.text_frame.text for sh in slide.shapes if sh.has_text_frame)
    assert "Fixed: " in text and "Introduced: " in text


def test_hierarchy_native_with_glued_reporting_lines(telecom: Any) -> None:
    slide = next(s for s in telecom.slides
                 if s.shapes.title.text_frame.text.startswith("Reporting structure"))
    assert slide.shapes.title.text_frame.text == "Reporting structure: 32 units on 5 levels"
    names = {s.name for s in slide.shapes}
    assert {"Zarząd", "Pion IT"} <= names
    ids = {s.shape_id for s in slide.shapes}
    lines = [s for s in slide.shapes if s._element.tag.endswith("cxnSp")]
    assert len(lines) == 31  # every unit but the board under its parent
    for line in lines:  # reporting lines: no arrows (an org chart's lines have none)
        assert line._element.find(".//{*}tailEnd") is None
        start, end = line._element.find(".//{*}stCxn"), line._element.find(".//{*}endCxn")
        assert int(start.get("id")) in ids and int(end.get("id")) in ids
    assert len(slide.shapes) <= MAX_SHAPES


def test_hierarchy_past_max_nodes_is_a_picture(tmp_path: Path) -> None:
    out = tmp_path / "deck.pptx"
    assert main(["deck", str(EXAMPLES / "telecom"), "--depth", "5", "--max-nodes", "5",
                 "-o", str(out)]) == 0
    slide = next(s for s in pptx.Presentation(str(out)).slides
                 if s.shapes.title.text_frame.text.startswith("Reporting structure"))
    kinds = [s.shape_type for s in slide.shapes]
    assert pptx.enum.shapes.MSO_SHAPE_TYPE.PICTURE in kinds
    assert not [s for s in slide.shapes if s._element.tag.endswith("cxnSp")]


def test_dot_reader_keeps_edge_defaults_and_direction() -> None:
    """The arrows the deck draws are the diagram's: a digraph's edges point forward,
    `edge [dir=none]` (as the hierarchy view writes) takes them off for the edges after
    it, and an edge's own `dir`/`arrowhead` win."""
    from custorg.deck.dot import arrows, parse

    graph = parse('digraph {\n\ta -> b\n\tedge [dir=none color=red]\n\tb -> c\n'
                  '\tc -> d [dir=both arrowhead=none]\n\td -> e [dir=back]\n}\n')
    assert graph.directed
    assert [arrows(graph, e) for e in graph.edges] == [(False, True), (False, False),
                                                      (True, False), (True, False)]
    assert graph.edges[1].attrs["color"] == "red" and "color" not in graph.edges[0].attrs
    assert arrows(parse("graph {\n\ta -- b\n}\n"), parse("graph {\n\ta -- b\n}\n").edges[0]
                  ) == (False, False)
