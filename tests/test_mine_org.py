"""`custorg mine -o DIR` (an org folder that audit and diagram read) and `--org`
(observed handoffs against the declared org)."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest
import yaml

from custorg.mining.writer import unit_ids
from mining_helpers import ORG, csv_log, mine_json, run, ts


def _log(tmp_path: Path) -> Path:
    nfd = unicodedata.normalize("NFD", "Dział Sprzedaży")  # same name, other encoding
    rows = [("c1", nfd, ts(1), "offer"), ("c1", "IT-отдел", ts(2), "setup"),
            ("c1", nfd, ts(3), "sign"), ("c1", "shop", ts(4), "hand out"),
            ("c2", "shop", ts(1), "x"), ("c2", "Lager", ts(2), "x"), ("c2", "WMS", ts(3), "x"),
            ("c2", "IT-отдел", ts(4), "x")]
    return csv_log(tmp_path / "log.csv", rows)


def test_comparison(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    org = tmp_path / "org.yaml"
    org.write_text(ORG, encoding="utf-8")
    mapping = tmp_path / "map.csv"
    mapping.write_text("value,unit\nWMS,it\n", encoding="utf-8")
    doc = mine_json(capsys, str(_log(tmp_path)), "--org", str(org), "--map", str(mapping))
    assert doc["comparison"] == {
        "undeclared": [{"units": ["sales", "shop"], "handoffs": 1, "cross_function": False,
                        "unknown_function": False}],
        "unused_interfaces": ["payroll"],
        "unobserved_units": ["board", "hr"],
        "unmapped": [{"value": "Lager", "events": 1}],
        # sales -> it -> sales: 2; shop -> Lager is left out; WMS (it) -> IT-отдел is none
        "cross_function_handoffs": 2,
        "unknown_function_handoffs": 0,
    }
    code, out, _ = run(capsys, "mine", str(_log(tmp_path)), "--org", str(org))
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == f"Observed vs declared ({org})"
    assert lines[1].startswith("  handoffs between units that no interface connects (1 pairs")
    assert lines[2] == "            1  sales <-> shop"
    assert "interfaces never used: payroll" in out
    assert "Lager (1 event), WMS (1 event)" in out


def test_map_and_org_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    org = tmp_path / "org.yaml"
    org.write_text(ORG, encoding="utf-8")
    log = _log(tmp_path)
    bad_map = tmp_path / "map.csv"
    bad_map.write_text("value,unit\nWMS,nowhere\n", encoding="utf-8")
    code, _, err = run(capsys, "mine", str(log), "--org", str(org), "--map", str(bad_map))
    assert code == 2 and f"{bad_map}: line 2: 'nowhere' is not a unit id" in err
    bad_map.write_text("from,to\n", encoding="utf-8")
    code, _, err = run(capsys, "mine", str(log), "--org", str(org), "--map", str(bad_map))
    assert code == 2 and "needs the columns value,unit" in err
    code, _, err = run(capsys, "mine", str(log), "--map", str(bad_map))
    assert code == 2 and "--map needs --org" in err
    broken = tmp_path / "broken.yaml"
    broken.write_text("units:\n  - {id: a, parent: nowhere}\n", encoding="utf-8")
    code, _, err = run(capsys, "mine", str(log), "--org", str(broken))
    assert code == 2 and "the org has errors" in err and "custorg validate" in err


def test_folder_is_audited_and_drawn(tmp_path: Path,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    rows = [(f"c{i}", u, ts(n), f"step {n}") for i in range(3)
            for n, u in enumerate(["Front Office", "Back Office", "Front Office", "NO"])]
    rows += [("c9", "customer", ts(1), "x"), ("c9", "variant-1", ts(2), "y")]
    log = csv_log(tmp_path / "log.csv", rows)
    out_dir = tmp_path / "mined"
    code, out, _ = run(capsys, "mine", str(log), "-o", str(out_dir))
    assert code == 0 and out.startswith("log.csv: 14 events")
    processes = yaml.safe_load((out_dir / "processes.yaml").read_text(encoding="utf-8"))
    units = yaml.safe_load((out_dir / "units.yaml").read_text(encoding="utf-8"))
    assert [u["id"] for u in units["units"]] == [
        "Front-Office", "Back-Office", "NO", "customer-2", "variant-1-2"]
    assert units["units"][0]["name"] == "Front Office"
    first = processes["processes"][0]
    assert first == {"id": "variant-1", "name": "Front Office > Back Office > Front Office > NO",
                     "volume": 3, "steps": [
                         {"unit": "Front-Office", "activity": "step 0"},
                         {"unit": "Back-Office", "activity": "step 1"},
                         {"unit": "Front-Office", "activity": "step 2"},
                         {"unit": "NO", "activity": "step 3"}]}
    code, out, _ = run(capsys, "audit", str(out_dir), "--format", "json")
    report = json.loads(out)
    codes = {f["code"] for f in report["findings"]}
    assert "P004" in codes and "I001" in codes and "S002" not in codes
    assert report["metrics"]["handoffs"]["by_process"]["variant-1"]["ping_pong"] == 1
    svg = tmp_path / "v1.svg"
    code, _, err = run(capsys, "diagram", str(out_dir), "--view", "process", "--process",
                       "variant-1", "-o", str(svg))
    assert code == 0, err
    assert "Back Office" in svg.read_text(encoding="utf-8")


def test_existing_folder_needs_force(tmp_path: Path,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    log = csv_log(tmp_path / "log.csv", [("c1", "A", ts(1), "x"), ("c1", "B", ts(2), "y")])
    out_dir = tmp_path / "mined"
    out_dir.mkdir()
    (out_dir / "keep.txt").write_text("mine", encoding="utf-8")
    code, _, err = run(capsys, "mine", str(log), "-o", str(out_dir))
    assert code == 2 and "already exists" in err and "--force" in err
    assert sorted(p.name for p in out_dir.iterdir()) == ["keep.txt"]
    code, _, _ = run(capsys, "mine", str(log), "-o", str(out_dir), "--force")
    assert code == 0
    assert sorted(p.name for p in out_dir.iterdir()) == [
        "evidence.json", "handoffs.graphml", "keep.txt", "processes.yaml", "units.yaml"]
    link = tmp_path / "link"
    link.symlink_to(out_dir)
    code, _, err = run(capsys, "mine", str(log), "-o", str(link), "--force")
    assert code == 2 and "symbolic link" in err
    code, _, err = run(capsys, "mine", str(log), "-o", str(tmp_path / "no" / "dir"))
    assert code == 2 and "does not exist" in err


def test_with_org_only_processes_are_written(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    org = tmp_path / "org.yaml"
    org.write_text(ORG, encoding="utf-8")
    out_dir = tmp_path / "mined"
    code, _, _ = run(capsys, "mine", str(_log(tmp_path)), "--org", str(org), "-o",
                     str(out_dir))
    assert code == 0 and sorted(p.name for p in out_dir.iterdir()) == [
        "evidence.json", "handoffs.graphml", "processes.yaml"]
    text = (out_dir / "processes.yaml").read_text(encoding="utf-8")
    assert ("# variant-2 left out: it passes through (unmapped) (log values with no org "
            "unit: 'Lager', 'WMS'; map them with --map)") in text
    processes = yaml.safe_load(text)["processes"]
    assert [p["steps"] for p in processes] == [[
        {"unit": "sales", "activity": "offer"}, {"unit": "it", "activity": "setup"},
        {"unit": "sales", "activity": "sign"}, {"unit": "shop", "activity": "hand out"}]]
    code, _, _ = run(capsys, "audit", str(org), str(out_dir), "--fail-on", "never")
    assert code == 0


def test_unit_ids() -> None:
    assert unit_ids(["a b", "a-b", "", "x\ty"], {"customer"}) == {
        "a b": "a-b", "a-b": "a-b-2", "": "unit", "x\ty": "x-y"}
