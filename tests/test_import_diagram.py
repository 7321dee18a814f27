"""Diagrams of imported orgs: units are written sorted by id, so a child can come before
its parent in the file; folding must not depend on file order. Boxes show the FTE."""

from __future__ import annotations

from pathlib import Path

import pytest

from custorg.cli import main


@pytest.fixture(autouse=True)
def _no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")


def test_folded_hierarchy_of_an_org_listing_children_first(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # 1 top unit "z" (last in id order) with 20 children "a00".."a19", each with a child:
    # more boxes than --max-nodes 12, and a span over the overflow limit (4)
    rows = ["id,parent,name,fte", "z,,Top,1"]
    rows += [f"a{i:02d},z,Dept {i},{i + 1}" for i in range(20)]
    rows += [f"b{i:02d},a{i:02d},Team {i},0.5" for i in range(20)]
    path = tmp_path / "wide.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    assert main(["import", "table", str(path), "-o", str(tmp_path / "org"), "--id", "id",
                 "--parent", "parent", "--name", "name", "--fte", "fte"]) == 0
    capsys.readouterr()
    code = main(["diagram", str(tmp_path / "org"), "--view", "hierarchy", "--format", "dot",
                 "--max-nodes", "12"])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "more units" in out  # the smallest departments gathered in one box
    assert "Top" in out and "1 FTE" in out
    assert main(["diagram", str(tmp_path / "org"), "--view", "hierarchy", "--format", "dot",
                 "--depth", "1"]) == 0
    out = capsys.readouterr().out
    assert "Dept 0" in out and "1.5 FTE" in out  # its team's 0.5 FTE folded in
    assert "Team 0" not in out


def test_names_in_every_script_reach_the_diagram(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "ludzie.csv"
    path.write_text("Stanowisko;Przełożony;Nazwa;Etat\n"
                    "1;;Zarząd Łódź;1,5\n2;1;销售部;2\n3;1;Отдел кадров;0,5\n"
                    "4;1;Klientų aptarnavimas & <b>;3\n", encoding="utf-8")
    assert main(["import", "table", str(path), "-o", str(tmp_path / "org"), "--id",
                 "Stanowisko", "--parent", "Przełożony", "--name", "Nazwa", "--fte",
                 "Etat"]) == 0
    capsys.readouterr()
    svg = tmp_path / "org.svg"
    assert main(["diagram", str(tmp_path / "org"), "--view", "hierarchy", "-o",
                 str(svg)]) == 0
    text = svg.read_text(encoding="utf-8")
    for name in ("Zarząd Łódź", "销售部", "Отдел кадров", "Klientų aptarnavimas &amp; &lt;b&gt;"):
        assert name in text
    assert "<b>" not in text and "1.5 FTE" in text
