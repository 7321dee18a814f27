"""`custorg import organogram`: the mapping of import.md, checked against hand computations
on fixtures that reproduce the real UK files (tests/import_fixtures.py)."""

from __future__ import annotations

import csv
import os
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest
import yaml

from custorg.importer import import_organogram, write_folder
from import_fixtures import (
    DVLA,
    JUNIOR_2011,
    SENIOR_2011,
    audit_folder,
    csv_text,
    dvla_files,
    figures,
    home_office_files,
    junior_row,
    senior_row,
    stopping_errors,
)

ROOT = Path(__file__).resolve().parent.parent
# shared/ sits beside the checkout (CI), or beside the folder of worktrees
SHARED = next((p / "shared" / "data" / "organograms" for p in (ROOT.parent, ROOT.parent.parent)
               if (p / "shared" / "data" / "organograms").is_dir()),
              ROOT.parent / "shared" / "data" / "organograms")


def imported(tmp_path: Path, senior: Path, junior: Path | None, by: str = "post",
             name: str = "org") -> Path:
    out = tmp_path / f"{name}-{by}"
    result = import_organogram(str(senior), str(junior) if junior else None, by=by)
    write_folder(result, str(out), [str(senior)] + ([str(junior)] if junior else []))
    return out


def units_of(folder: Path) -> dict[str, dict[str, Any]]:
    data = yaml.safe_load((folder / "units.yaml").read_text(encoding="utf-8"))
    return {u["id"]: u for u in data["units"]}


def people_of(folder: Path) -> dict[str, dict[str, Any]]:
    data = yaml.safe_load((folder / "people.yaml").read_text(encoding="utf-8"))
    return {p["id"]: p for p in data["people"]}


# The DVLA, 2011-09-30, by hand from import.md (the fixture keeps the real file's posts,
# references and per-post junior FTE; the 82 junior rows are summed per post and Unit):
#   posts: 16 (Chief Executive, reports to XX: top), 191, 192, 193, 195, 196, 197 (each
#   reports to 16). No duplicate, no empty reference, no cycle.
#   depth: 16 -> 0; the six others -> 1. layers = 1 + 1 = 2.
#   --by post: 7 units, 7 people. span(16) = 6, every other span 0: max_span 6,
#   mean_span 6 / 1 = 6.0. S004 (span > 10): none; S005 (layers > 6): none;
#   S006 (exactly one child): none.
#   fte(unit) = post FTE + junior FTE under it:
#     16: 1 + (1 + 2) = 4             191: 1 + 405 = 406
#     192: 1 + 85.7 + 94.3 = 181      193: 1 + 136.8 = 137.8
#     195: 1 + 120 + 48 + 27.7 = 196.7
#     196: 1 + 2381.2 + 1984 = 4366.2 197: 1 + 274.9 = 275.9
#   staff: fte = 4 + 406 + 181 + 137.8 + 196.7 + 4366.2 + 275.9 = 5567.6;
#   by depth: 0 -> 1 unit, 4 FTE; 1 -> 6 units, 5563.6 FTE; headcount 0 (not declared).
#   Junior rows whose Unit differs from their post's Unit: 192's "Human Resources" and
#   "Estates & Corporate Services", 195's "Procurement" and "Audit": 4 rows here (28 in
#   the real file, whose rows are not summed), counted under the post all the same.
#   --by unit: every post has a Unit of its own, so 7 units with the same tree and the
#   same figures; each unit's head is its only post.
DVLA_FIGURES = {
    "units": 7, "people": 7, "layers": 2, "max_span": 6, "mean_span": 6.0,
    "staff": {"fte": 5567.6, "headcount": 0, "by_depth": [
        {"depth": 0, "units": 1, "fte": 4.0, "headcount": 0},
        {"depth": 1, "units": 6, "fte": 5563.6, "headcount": 0}]},
    "S004-S006": [],
}


@pytest.mark.parametrize("by", ["post", "unit"])
def test_dvla_figures_equal_the_hand_computation(tmp_path: Path, by: str) -> None:
    folder = imported(tmp_path, *dvla_files(tmp_path), by=by)
    report = audit_folder(folder)
    assert stopping_errors(report) == []
    assert figures(report) == DVLA_FIGURES


def test_dvla_by_post_units_and_people(tmp_path: Path) -> None:
    folder = imported(tmp_path, *dvla_files(tmp_path))
    units, people = units_of(folder), people_of(folder)
    assert units["post-16"] == {"id": "post-16", "name": "Chief Executive",
                                "function": "policy", "head": "person-16", "fte": 4}
    assert units["post-192"]["parent"] == "post-16"
    assert units["post-192"]["fte"] == 181
    assert units["post-197"]["function"] == "information-technology"
    assert people["person-196"] == {"id": "person-196", "name": "Gil Hughes",
                                    "title": "Chief Operating Officer"}
    report = (folder / "import-report.md").read_text(encoding="utf-8")
    assert "junior row whose Unit differs from its senior post's Unit | 4 |" in report


def test_dvla_by_unit_names_and_heads(tmp_path: Path) -> None:
    folder = imported(tmp_path, *dvla_files(tmp_path), by="unit")
    units, people = units_of(folder), people_of(folder)
    assert units["human-resources-estates"] == {
        "id": "human-resources-estates", "name": "Human Resources & Estates",
        "parent": "chief-executive", "function": "human-resources", "head": "person-192",
        "fte": 181}
    assert people["person-192"]["unit"] == "human-resources-estates"


def test_home_office_anomalies_are_resolved_and_reported(tmp_path: Path) -> None:
    senior, junior = home_office_files(tmp_path)
    result = import_organogram(str(senior), str(junior))
    a = result.anomalies.items
    assert a["duplicate-post"].count == 1
    assert a["duplicate-post"].examples[0].line == 7
    assert "first on line 6" in a["duplicate-post"].examples[0].detail
    assert a["cycle"].count == 1 and a["cycle"].examples[0].line == 8
    assert "'2UKVI02' -> '2UKVI02'" not in a["cycle"].examples[0].detail
    assert "2UKVI02 -> 2UKVI02" in a["cycle"].examples[0].detail
    assert a["no-name"].count == 2  # N/D and Vacant; "Eliminated" is a name
    assert a["junior-unit"].count == 1 and a["junior-unit"].examples == []
    assert a["junior-orphan"].count == 1 and a["junior-orphan"].fte == 4.5
    units = {u["id"]: u for u in result.units}
    assert "parent" not in units["post-2UKVI02"]  # the cycle's post became a top post
    assert units["post-1UKVI05"]["parent"] == "post-2UKVI02"
    assert units["post-1PO01"]["fte"] == 1 + 6 + 2.5
    people = {p["id"]: p["name"] for p in result.people}
    assert people["person-2PO01"] == "Director General"  # N/D -> the job title
    assert people["person-1PO01"] == "Head of Private Office"  # Vacant
    assert people["person-2UKBA18"] == "Eliminated"


def test_home_office_by_unit_heads_and_parents(tmp_path: Path) -> None:
    # Private Office: 1PO01 and 1PO03, both depth 2: head is the smaller reference
    # (plain string order), 1PO01; parent = unit of manager(1PO01) = 2PO01's Directorate.
    # Customers and Change: 2UKVI02 (top after the cycle is broken, depth 0) heads it.
    folder = imported(tmp_path, *home_office_files(tmp_path), by="unit")
    units = units_of(folder)
    assert units["private-office"]["head"] == "person-1PO01"
    assert units["private-office"]["parent"] == "directorate"
    assert units["private-office"]["fte"] == 1 + 6 + 2.5 + 1 + 3
    assert "parent" not in units["customers-and-change"]
    assert units["customers-and-change"]["fte"] == 2 + 10
    assert len(units) == 5
    report = audit_folder(folder)
    assert stopping_errors(report) == []
    assert report.metrics is not None and report.metrics["people"] == 7


def test_home_office_layout_audits_clean_by_post(tmp_path: Path) -> None:
    folder = imported(tmp_path, *home_office_files(tmp_path))
    report = audit_folder(folder)
    assert stopping_errors(report) == []
    m = report.metrics
    assert m is not None
    # tops: 4PO01 and 2UKVI02; 4PO01 -> 2PO01, 2UKBA18; 2PO01 -> 1PO01, 1PO03;
    # 2UKVI02 -> 1UKVI05 (S006 on 2UKVI02, one child). Junior 4.5 FTE left out.
    assert (m["units"], m["layers"], m["max_span"]) == (7, 3, 2)
    assert [f.entity.id for f in report.findings if f.code == "S006"] == ["post-2UKVI02"]
    assert m["staff"]["fte"] == 7 + 6 + 3 + 2.5 + 10


def test_multiple_top_posts_and_xx_in_any_case(tmp_path: Path) -> None:
    rows = [SENIOR_2011,
            senior_row("1", "A", "Chief of Staff", "Army", "XX", "1", "Military"),
            senior_row("2", "B", "First Sea Lord", "Navy", "xx", "1", "Military"),
            senior_row("3", "VACANT", "Commander", "Navy", "2", "0.68", ""),
            senior_row("4", "C", "Director", "Army", "99", "1", "Policy")]
    senior = tmp_path / "mod-senior.csv"
    senior.write_text(csv_text(rows), encoding="utf-8")
    result = import_organogram(str(senior))
    units = {u["id"]: u for u in result.units}
    assert [u for u in units if "parent" not in units[u]] == ["post-1", "post-2", "post-4"]
    assert "function" not in units["post-3"]  # empty group: no function
    assert units["post-3"]["fte"] == 0.68
    assert result.anomalies.items["unknown-manager"].count == 1
    assert {p["id"]: p["name"] for p in result.people}["person-3"] == "Commander"


def test_fte_not_a_number_counts_zero_and_is_reported(tmp_path: Path) -> None:
    senior = tmp_path / "s.csv"
    senior.write_text(csv_text([SENIOR_2011, senior_row("1", "A", "Boss", "U", "XX", "n/a",
                                                        "Policy")]), encoding="utf-8")
    junior = tmp_path / "j.csv"
    junior.write_text(csv_text([JUNIOR_2011, junior_row("U", "1", ""),
                                junior_row("U", "1", "1,153"), junior_row("U", "1", "-2")]),
                      encoding="utf-8")
    result = import_organogram(str(senior), str(junior))
    assert result.units[0]["fte"] == 1153
    assert result.anomalies.items["fte-senior"].count == 1
    assert result.anomalies.items["fte-junior"].count == 2


def test_one_post_with_2000_junior_rows(tmp_path: Path) -> None:
    senior = tmp_path / "s.csv"
    senior.write_text(csv_text([SENIOR_2011, senior_row("00005654", "N/D", "PUS", "HO",
                                                        "XX", "1", "Policy")]),
                      encoding="utf-8")
    junior = tmp_path / "j.csv"
    junior.write_text(csv_text([JUNIOR_2011] + [junior_row("HO", "00005654", "0.5")] * 2000),
                      encoding="utf-8")
    result = import_organogram(str(senior), str(junior))
    assert result.units == [{"id": "post-00005654", "name": "PUS", "function": "policy",
                             "head": "person-00005654", "fte": 1001}]


def test_several_organisations_keep_references_apart(tmp_path: Path) -> None:
    rows = [SENIOR_2011, senior_row("1", "A", "Head", "U", "XX", "1", "Policy", org=DVLA),
            senior_row("1", "B", "Head", "U", "XX", "1", "Policy", org="DSA"),
            senior_row("2", "C", "Deputy", "U", "1", "1", "Policy", org="DSA")]
    senior = tmp_path / "s.csv"
    senior.write_text(csv_text(rows), encoding="utf-8")
    result = import_organogram(str(senior))
    units = {u["id"]: u for u in result.units}
    assert set(units) == {"post-driver-and-vehicle-licensing-agency-1", "post-dsa-1",
                          "post-dsa-2"}
    assert units["post-dsa-2"]["parent"] == "post-dsa-1"
    assert result.org_name == f"{DVLA}, DSA"


def test_junior_file_given_first_is_explained(tmp_path: Path) -> None:
    from custorg.errors import UsageError

    _, junior = dvla_files(tmp_path)
    with pytest.raises(UsageError, match="this is a junior file"):
        import_organogram(str(junior))


# ----------------------------------------------------------------------------- real files

PAIRS = ["130930-Home-Office-Organogram-Data", "driver_and_vehicle_licensing_agency-2011-09-30",
         "ministry_of_defence-2016-03-31"]


Post = tuple[str, str]


def _rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as f:
        return [{k.strip().lower(): (v or "").strip() for k, v in r.items() if k}
                for r in csv.DictReader(f)]


def _managers(posts: dict[Post, dict[str, str]]) -> dict[Post, Post]:
    manager = {k: (k[0], r["reports to senior post"]) for k, r in posts.items()
               if r["reports to senior post"].lower() not in ("xx", "")
               and (k[0], r["reports to senior post"]) in posts}
    for k in list(manager):  # cycles: walk up; a walk that returns is cut at its min ref
        seen = [k]
        while seen[-1] in manager and manager[seen[-1]] not in seen:
            seen.append(manager[seen[-1]])
        if seen[-1] in manager:
            cycle = seen[seen.index(manager[seen[-1]]):]
            del manager[min(cycle, key=lambda p: p[1])]
    return manager


def _depth(parent: dict[Any, Any], node: Any) -> int:
    return 0 if node not in parent else 1 + _depth(parent, parent[node])


def _by_unit(posts: dict[Post, dict[str, str]], manager: dict[Post, Post],
             fte: dict[Post, float]) -> tuple[dict[Any, Any], dict[Any, float]]:
    group = {k: (k[0], posts[k]["unit"]) for k in posts}
    head: dict[Any, Post] = {}
    for k in sorted(posts, key=lambda p: (_depth(manager, p), p[1])):
        head.setdefault(group[k], k)
    parent = {g: group[manager[h]] for g, h in head.items() if h in manager}
    unit_fte: dict[Any, float] = dict.fromkeys(head, 0.0)
    for k in posts:
        unit_fte[group[k]] += fte[k]
    return parent, unit_fte


def independent(stem: str, by: str) -> dict[str, Any]:
    """The figures of import.md computed again from the CSV, in a plainer way."""
    posts: dict[Post, dict[str, str]] = {}
    for r in _rows(SHARED / f"{stem}-senior.csv"):
        posts.setdefault((r["organisation"], r["post unique reference"]), r)
    manager = _managers(posts)
    fte = {k: float(r["fte"] or 0) for k, r in posts.items()}
    for r in _rows(SHARED / f"{stem}-junior.csv"):
        key = (r["organisation"], r["reporting senior post"])
        if key in fte:
            fte[key] += float(r["number of posts in fte"] or 0)
    parent, unit_fte = _by_unit(posts, manager, fte) if by == "unit" else (manager, fte)
    node_depth = {node: _depth(parent, node) for node in unit_fte}  # in the units' tree
    children: dict[Any, int] = defaultdict(int)
    for p in parent.values():
        children[p] += 1
    spans = list(children.values())
    by_depth: dict[int, list[float]] = defaultdict(lambda: [0, 0.0])
    for node, d in node_depth.items():
        by_depth[d][0] += 1
        by_depth[d][1] += unit_fte[node]
    return {"units": len(node_depth), "people": len(posts),
            "layers": 1 + max(node_depth.values()), "max_span": max(spans, default=0),
            "mean_span": round(sum(spans) / len(spans), 4) if spans else None,
            "fte": round(sum(unit_fte.values()), 2),
            "by_depth": [(d, int(v[0]), round(v[1], 2)) for d, v in sorted(by_depth.items())],
            "S004": sum(1 for n in spans if n > 10), "S006": sum(1 for n in spans if n == 1)}


@pytest.mark.skipif(not SHARED.is_dir(), reason="shared/data/organograms not present")
@pytest.mark.parametrize("by", ["post", "unit"])
@pytest.mark.parametrize("stem", PAIRS)
def test_real_organograms_match_an_independent_computation(tmp_path: Path, stem: str,
                                                           by: str) -> None:
    folder = imported(tmp_path, SHARED / f"{stem}-senior.csv", SHARED / f"{stem}-junior.csv",
                      by=by)
    report = audit_folder(folder)
    assert stopping_errors(report) == []
    m = report.metrics
    assert m is not None
    want = independent(stem, by)
    codes = [f.code for f in report.findings]
    got = {"units": m["units"], "people": m["people"], "layers": m["layers"],
           "max_span": m["max_span"], "mean_span": m["mean_span"],
           "fte": m["staff"]["fte"],
           "by_depth": [(r["depth"], r["units"], r["fte"]) for r in m["staff"]["by_depth"]],
           "S004": codes.count("S004"), "S006": codes.count("S006")}
    assert got == want
    assert codes.count("S005") == (1 if want["layers"] > 6 else 0)


@pytest.mark.skipif(not SHARED.is_dir(), reason="shared/data/organograms not present")
def test_real_import_is_byte_identical_on_a_second_run(tmp_path: Path) -> None:
    stem = SHARED / PAIRS[0]
    first = imported(tmp_path, Path(f"{stem}-senior.csv"), Path(f"{stem}-junior.csv"),
                     name="a")
    second = imported(tmp_path, Path(f"{stem}-senior.csv"), Path(f"{stem}-junior.csv"),
                      name="b")
    for name in sorted(os.listdir(first)):
        assert (first / name).read_bytes() == (second / name).read_bytes()
