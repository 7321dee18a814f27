"""`custorg report ORG --evidence DIR`: the evidence.json of `custorg mine -o DIR` as a
section of the page (a handover-time chart, the communities beside the functions), its
user text escaped; a folder without one, or a file custorg did not write, is exit 2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from custorg import __version__
from custorg.cli import main
from test_report import HOSTILE, Page

LOG = """case:concept:name,org:group,time:timestamp,concept:name,org:resource
1,js,2024-01-01T09:00:00Z,open,x
1,amp,2024-01-01T11:00:00Z,check,y
1,js,2024-01-02T11:00:00Z,close,x
2,amp,2024-01-03T09:00:00Z,check,y
2,board,2024-01-03T10:00:00Z,sign,z
"""


def _mined(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[Path, Path]:
    org = tmp_path / "org.yaml"
    org.write_text(HOSTILE, encoding="utf-8")
    log = tmp_path / "log.csv"
    log.write_text(LOG, encoding="utf-8")
    folder = tmp_path / "mined"
    assert main(["mine", str(log), "--org", str(org), "-o", str(folder)]) == 0
    capsys.readouterr()
    return org, folder


def test_evidence_section(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    org, folder = _mined(tmp_path, capsys)
    page = tmp_path / "report.html"
    assert main(["report", str(org), "--evidence", str(folder), "-o", str(page)]) == 0
    html = page.read_text(encoding="utf-8")
    section = html[html.index('<section id="evidence">'):]
    assert "What the log says about the org" in section and "log.csv" in section
    assert "Median handover time (hours) per unit pair" in section  # the SVG chart
    assert "js → amp" in section and "<td>javascript:alert(1)" in section
    parsed = Page()
    parsed.feed(section[:section.index("</section>")])
    assert {t for t, _ in parsed.tags} <= {"section", "h2", "span", "p", "figure", "svg",
                                          "title", "g", "rect", "text", "line", "h3",
                                          "table", "thead", "tbody", "tr", "th", "td"}


def test_evidence_folder_checked(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    org, folder = _mined(tmp_path, capsys)
    empty = tmp_path / "empty"
    empty.mkdir()
    assert main(["report", str(org), "--evidence", str(empty)]) == 2
    assert "no evidence.json in this folder" in capsys.readouterr().err
    doc = json.loads((folder / "evidence.json").read_text(encoding="utf-8"))
    for bad, said in (({"evidence": {}}, "not an evidence.json"),
                      ({**doc, "custorg": "999.0.0"}, "newer than this custorg")):
        (empty / "evidence.json").write_text(json.dumps(bad), encoding="utf-8")
        assert main(["report", str(org), "--evidence", str(empty)]) == 2
        err = capsys.readouterr().err
        assert said in err and "Traceback" not in err
    assert doc["custorg"] == __version__
