"""Issue 18, item 11: an output path cannot escape through a symbolic link of the
workspace, however it is written (`linkdir/../victim/x`), and a folder output (import,
mine -o, init) is checked whole before anything is created or written."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from conftest import run
from mining_helpers import csv_log, ts

ORG = "units: [{id: a, function: sales}]\n"


@pytest.fixture()
def work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The working directory `work` with `linkdir -> ../outside/inner` committed in it;
    `outside/victim/x` is the file a pull request would like replaced."""
    monkeypatch.setenv("NO_COLOR", "1")
    (tmp_path / "outside" / "inner").mkdir(parents=True)
    (tmp_path / "outside" / "victim").mkdir()
    (tmp_path / "outside" / "victim" / "x").write_text("trusted\n", encoding="utf-8")
    workspace = tmp_path / "work"
    workspace.mkdir()
    (workspace / "org.yaml").write_text(ORG, encoding="utf-8")
    os.symlink("../outside/inner", workspace / "linkdir")
    monkeypatch.chdir(workspace)
    return workspace


def _outside_untouched(work: Path) -> None:
    outside = work.parent / "outside"
    assert (outside / "victim" / "x").read_text(encoding="utf-8") == "trusted\n"
    assert sorted(p.name for p in outside.rglob("*")) == ["inner", "victim", "x"]


def test_dot_dot_after_a_link_does_not_escape(work: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    """`-o linkdir/../victim/x` replaced a file outside (the check normalised the path
    lexically, the kernel follows the link)."""
    code, _, err = run(capsys, "audit", "org.yaml", "-f", "json", "-o", "linkdir/../victim/x")
    assert code == 2 and "goes through a symbolic link" in err
    _outside_untouched(work)


def test_dot_dot_without_a_link_is_still_fine(work: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    Path("reports").mkdir()
    code, _, err = run(capsys, "audit", "org.yaml", "-f", "json", "--fail-on", "never",
                       "-o", "reports/../out.json")
    assert code == 0, err
    assert Path("out.json").is_file()


def test_import_does_not_create_folders_inside_a_linked_one(
        work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`import -o linkdir/new/deeper` created new/deeper in the link's target, then
    refused."""
    Path("export.csv").write_text("id,parent\n1,\n2,1\n", encoding="utf-8")
    code, _, err = run(capsys, "import", "table", "export.csv", "-o", "linkdir/new/deeper",
                       "--id", "id", "--parent", "parent")
    assert code == 2 and "symbolic link" in err
    _outside_untouched(work)


@pytest.mark.parametrize("target", ["linkdir", "linkdir/sub", "linkdir/../victim"])
def test_init_does_not_write_through_a_linked_folder(
        work: Path, target: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "init", target)
    assert code == 2 and "symbolic link" in err
    _outside_untouched(work)


@pytest.mark.parametrize("target", ["linkdir", "linkdir/new", "linkdir/../victim"])
def test_mine_output_folder_through_a_link_is_refused(
        work: Path, target: str, capsys: pytest.CaptureFixture[str]) -> None:
    csv_log(Path("log.csv"), [("c1", "sales", ts(1), "a"), ("c1", "it", ts(2), "b")])
    code, _, err = run(capsys, "mine", "log.csv", "-o", target, "--force")
    assert code == 2 and "symbolic link" in err
    _outside_untouched(work)


def test_mine_force_checks_every_file_before_writing(
        work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`mine --force` wrote processes.yaml, then refused units.yaml: a half-written
    folder."""
    csv_log(Path("log.csv"), [("c1", "sales", ts(1), "a"), ("c1", "it", ts(2), "b")])
    out = Path("observed")
    out.mkdir()
    os.symlink("../../outside/victim/x", out / "units.yaml")
    code, _, err = run(capsys, "mine", "log.csv", "-o", "observed", "--force")
    assert code == 2 and "units.yaml" in err and "symbolic link" in err
    assert sorted(p.name for p in out.iterdir()) == ["units.yaml"]  # nothing written
    _outside_untouched(work)
    os.unlink(out / "units.yaml")
    code, _, err = run(capsys, "mine", "log.csv", "-o", "observed", "--force")
    assert code == 0, err
    assert sorted(p.name for p in out.iterdir()) == ["evidence.json", "handoffs.graphml",
                                                     "processes.yaml", "units.yaml"]


def test_import_force_checks_every_file_before_writing(
        work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    Path("export.csv").write_text("id,parent\n1,\n2,1\n", encoding="utf-8")
    out = Path("org")
    out.mkdir()
    os.symlink("../../outside/victim/x", out / "people.yaml")
    code, _, err = run(capsys, "import", "table", "export.csv", "-o", "org", "--force",
                       "--id", "id", "--parent", "parent")
    assert code == 2 and "people.yaml" in err and "symbolic link" in err
    assert sorted(p.name for p in out.iterdir()) == ["people.yaml"]
    _outside_untouched(work)
