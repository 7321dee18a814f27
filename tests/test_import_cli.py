"""`custorg import ...` from the command line: the folder, the summary on standard error,
refusing an existing folder, never writing over an input, progress for big imports."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import run
from custorg.importer import Spec, import_table
from import_fixtures import dvla_files, home_office_files


@pytest.fixture(autouse=True)
def _no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")


def test_organogram_end_to_end(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    senior, junior = home_office_files(tmp_path)
    out = tmp_path / "home-office"
    code, stdout, err = run(capsys, "import", "organogram", str(senior), str(junior), "-o",
                            str(out), "--by", "unit")
    assert code == 0 and stdout == ""
    assert sorted(p.name for p in out.iterdir()) == ["import-report.md", "people.yaml",
                                                     "units.yaml"]
    lines = err.splitlines()
    assert lines[0] == f"custorg import: 5 units, 7 people written to {out}"
    assert lines[1] == f"  5 kinds of anomaly (details in {out}/import-report.md):"
    assert ("        1  junior row naming no senior post in the file (4.5 FTE): counted "
            "under no unit (its FTE is left out) (e.g. ho-junior.csv:6)") in lines
    report = (out / "import-report.md").read_text(encoding="utf-8")
    assert report.startswith("# Import report\n\nWritten by `custorg import organogram "
                             "ho-senior.csv ho-junior.csv --by unit`")
    assert "| duplicate post reference | 1 | kept the first row, skipped the later ones |" \
        in report
    assert "- ho-senior.csv, line 7: '2UKBA18', first on line 6" in report
    code, stdout, _ = run(capsys, "audit", str(out), "--fail-on", "never")
    assert code == 0 and "Staff by depth" in stdout and "pyramid (FTE)" in stdout


def test_existing_folder_is_refused_unless_force(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    senior, junior = dvla_files(tmp_path)
    out = tmp_path / "org"
    out.mkdir()
    (out / "processes.yaml").write_text("processes: []\n", encoding="utf-8")
    code, _, err = run(capsys, "import", "organogram", str(senior), "-o", str(out))
    assert code == 2 and "already exists; give a new folder, or add --force" in err
    assert not (out / "units.yaml").exists()
    code, _, _ = run(capsys, "import", "organogram", str(senior), str(junior), "-o", str(out),
                     "--force")
    assert code == 0 and (out / "units.yaml").is_file()
    assert (out / "processes.yaml").read_text(encoding="utf-8") == "processes: []\n"
    (tmp_path / "file").write_text("x", encoding="utf-8")
    code, _, err = run(capsys, "import", "organogram", str(senior), "-o",
                       str(tmp_path / "file"), "--force")
    assert code == 2 and "exists and is not a folder" in err
    (tmp_path / "link").symlink_to(out)
    code, _, err = run(capsys, "import", "organogram", str(senior), "-o",
                       str(tmp_path / "link"), "--force")
    assert code == 2 and "is a symbolic link" in err


def test_an_input_is_never_overwritten(tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "org"
    out.mkdir()
    source = out / "units.yaml"  # an export unluckily named like an output
    source.write_text("id,parent\n1,\n", encoding="utf-8")
    code, _, err = run(capsys, "import", "table", str(source), "-o", str(out), "--force",
                       "--id", "id", "--parent", "parent")
    assert code == 2 and "would overwrite an input file" in err
    assert source.read_text(encoding="utf-8") == "id,parent\n1,\n"
    assert not (out / "people.yaml").exists()


def test_usage_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    senior, _ = dvla_files(tmp_path)
    code, _, err = run(capsys, "import", "organogram", str(senior), "-o", str(tmp_path / "o"),
                       "--by", "team")
    assert code == 2 and "--by must be post or unit, not 'team'" in err
    code, _, err = run(capsys, "import", "table", str(senior), "-o", str(tmp_path / "o"),
                       "--id", "Post Unique Reference", "--parent", "Reports to")
    assert code == 2 and "did you mean 'Reports to Senior Post'?" in err
    code, _, err = run(capsys, "import", "table", str(senior), "-o", str(tmp_path / "o"),
                       "--id", "Post Unique Reference", "--parent", "Reports to Senior Post",
                       "--sheet", "One")
    assert code == 2 and "--sheet is for spreadsheets" in err
    assert not (tmp_path / "o").exists()


def test_help_lists_both_commands(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "import", "--help")
    assert code == 0 and "organogram" in out and "table" in out


def test_progress_callback_covers_a_big_import(tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    rows = ["id,parent,fte"] + [f"{i},{i // 3 if i else ''},1" for i in range(12_000)]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    calls: list[tuple[int, int | None]] = []
    result = import_table(str(path), Spec("id", "parent", fte="fte"),
                          on_progress=lambda done, total: calls.append((done, total)))
    assert len(result.units) == 12_000
    assert calls and all(done <= (total or done) for done, total in calls)
    assert [d for d, _ in calls] == sorted(d for d, _ in calls)
    from custorg.importer import render

    written: list[tuple[int, int | None]] = []
    render(result, on_progress=lambda done, total: written.append((done, total)))
    assert written[-1][1] == 12_000 and len(written) >= 5


def test_an_org_too_big_for_audit_is_not_written(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str],
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    from custorg.orgfile import sources

    monkeypatch.setattr(sources, "MAX_FILE_BYTES", 500)
    path = tmp_path / "p.csv"
    path.write_text("id,parent\n" + "".join(f"unit{i},\n" for i in range(40)),
                    encoding="utf-8")
    code, _, err = run(capsys, "import", "table", str(path), "-o", str(tmp_path / "o"),
                       "--id", "id", "--parent", "parent")
    assert code == 2 and "units.yaml would be" in err and "more than the 500 custorg" in err
    assert not (tmp_path / "o").exists()
