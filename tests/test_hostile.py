"""Hostile input: every case gets a clear finding or usage error with its place, exit 1 or 2,
never a traceback, and JSON output that still parses."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from custorg.cli import main

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _plain(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")


def audit_json(capsys: pytest.CaptureFixture[str], path: Path | str, *extra: str
               ) -> tuple[int, dict, str]:
    code = main(["audit", str(path), "-f", "json", *extra])
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, (json.loads(out) if out else {}), err


def first(report: dict) -> tuple[str, int, int]:
    f = report["findings"][0]
    return f["code"], f["line"], f["column"]


CASES = {
    # name: (file content, expected first (code, line, column))
    "dup-key-flow": (b"units: [{id: a, name: x, name: y}]\n", ("F003", 1, 26)),
    "dup-key-nested": (b"units:\n  - id: a\n    suppress: {S006: x, S006: y}\n", ("F003", 3, 25)),
    "python-tag": (b"units: !!python/object/apply:os.system [id]\n", ("F002", 1, 8)),
    "binary-tag": (b"units: [{id: !!binary aGk=}]\n", ("F002", 1, 14)),
    "unknown-tag": (b"units: [{id: !mine a}]\n", ("F002", 1, 14)),
    "merge-key": (b"base: &b {kind: board}\nunits:\n  - <<: *b\n    id: a\n", ("F002", 3, 5)),
    "tab": (b"units:\n\t- id: a\n", ("F002", 2, 1)),
    "invalid-utf8": (b"units:\n  - id: \xff\n", ("F001", 2, 9)),
    "nul": (b"units: [{id: a\x00}]\n", ("F001", 1, 15)),
    "empty": (b"", ("F002", 1, 1)),
    "comments-only": (b"# nothing here\n# at all\n", ("F002", 1, 1)),
    "top-level-list": (b"- id: a\n", ("F004", 1, 1)),
    "top-level-scalar": (b"hello\n", ("F004", 1, 1)),
    "second-document": (b"units: []\n---\nunits: []\n", ("F002", 2, 1)),
    "self-parent": (b"units: [{id: a, parent: a}]\n", ("S001", 1, 25)),
    "wrong-kind": (b"units: [{id: a, head: a}]\n", ("S002", 1, 23)),
    "null-id": (b"units:\n  - id: ~\n", ("F004", 2, 9)),
    "huge-volume": (b"units: [{id: a}]\nprocesses: [{id: p, volume: 1e400}]\n", ("F004", 2, 29)),
}


@pytest.mark.parametrize("name", list(CASES))
def test_hostile_file(name: str, capsys, tmp_path: Path) -> None:
    content, expected = CASES[name]
    path = tmp_path / "org.yaml"
    path.write_bytes(content)
    code, report, _ = audit_json(capsys, path)
    assert code == 1
    assert report["metrics"] is None
    assert first(report) == expected, report["findings"][0]["message"]


def test_billion_laughs_is_refused(capsys, tmp_path: Path, hang_guard: None) -> None:
    lines = ["units: [{id: a}]", "x-a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for i in range(1, 10):
        lines.append(f"x-a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]")
    path = tmp_path / "bomb.yaml"
    path.write_text("\n".join(lines) + "\n")
    code, report, _ = audit_json(capsys, path)  # 9**10 nodes if expanded: the guard fires
    assert code == 1 and "aliasing" in report["findings"][0]["message"]


def test_deep_nesting(capsys, tmp_path: Path) -> None:
    path = tmp_path / "deep.yaml"
    path.write_text("units: " + "[" * 10_000 + "]" * 10_000 + "\n")
    code, report, _ = audit_json(capsys, path)
    assert code == 1 and "nesting" in report["findings"][0]["message"]


def test_yaml_11_traps_as_ids_and_names(capsys, tmp_path: Path) -> None:
    path = tmp_path / "traps.yaml"
    path.write_text("units:\n" + "".join(
        f"  - {{id: {v}, name: {v}}}\n" for v in ("NO", "on", "010", "1e3", "2024-01-01", ".inf")))
    code, report, _ = audit_json(capsys, path, "--fail-on", "never")
    assert code == 0
    assert list(report["metrics"]["customer_layers"]) == ["NO", "on", "010", "1e3",
                                                          "2024-01-01", ".inf"]


def test_hostile_names_survive_text_and_json(capsys, tmp_path: Path) -> None:
    evil = ['quote " and \\ backslash\\', "<script>alert(1)</script> & [bold]x[/bold]",
            "line\nbreak", "\u202eevil\u202c", "zero\u200bwidth", "x" * 10_000]
    path = tmp_path / "names.yaml"
    path.write_text("units:\n" + "".join(
        f"  - id: u{i}\n    name: {json.dumps(n, ensure_ascii=False)}\n"
        for i, n in enumerate(evil)), encoding="utf-8")
    code, report, _ = audit_json(capsys, path, "--fail-on", "never", "--select", "M003")
    assert code == 0
    assert [f["entity"]["id"] for f in report["findings"]] == ["u3", "u4"]
    assert main(["audit", str(path), "--fail-on", "never"]) == 0
    out = capsys.readouterr().out
    assert "M003" in out


def test_bidi_in_id_is_warned(capsys, tmp_path: Path) -> None:
    path = tmp_path / "ids.yaml"
    path.write_text("units:\n  - id: \"adm\u202enim\"\n", encoding="utf-8")
    code, report, _ = audit_json(capsys, path, "--select", "M003")
    assert code == 0 and report["findings"][0]["code"] == "M003"
    assert "U+202E" in report["findings"][0]["message"]


def test_wide_and_deep_orgs_do_not_recurse(capsys, tmp_path: Path) -> None:
    wide = tmp_path / "wide.yaml"
    wide.write_text("units:\n  - {id: boss}\n" + "".join(
        f"  - {{id: u{i}, parent: boss}}\n" for i in range(100_000)))
    code, report, _ = audit_json(capsys, wide, "--fail-on", "never")
    assert code == 0 and report["metrics"]["max_span"] == 100_000
    deep = tmp_path / "deep.yaml"
    deep.write_text("units:\n  - {id: u0}\n" + "".join(
        f"  - {{id: u{i}, parent: u{i - 1}}}\n" for i in range(1, 10_000)))
    code, report, _ = audit_json(capsys, deep, "--fail-on", "never")
    assert code == 0 and report["metrics"]["layers"] == 10_000


def test_many_broken_references_are_all_reported_with_bounded_hints(capsys,
                                                                    tmp_path: Path) -> None:
    """Each "did you mean" compares the target with every id: thousands of broken
    references in a big org took hours until the hints got a budget."""
    path = tmp_path / "broken.yaml"
    path.write_text("units:\n" + "".join(
        f"  - {{id: unit-{i}, parent: {f'unit-{i - 1}x' if i % 4 == 1 else f'unit-{i - 1}'}}}\n"
        if i else "  - {id: unit-0}\n" for i in range(20_000)))
    code, report, _ = audit_json(capsys, path)
    broken = [f for f in report["findings"] if f["code"] == "S002"]
    assert code == 1 and len(broken) == 5_000
    assert "did you mean 'unit-0'?" in broken[0]["message"]
    hinted = sum("did you mean" in f["message"] for f in broken)
    assert 0 < hinted < 100


def test_file_over_the_size_limit(capsys, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                  ) -> None:
    path = tmp_path / "huge.yaml"
    with path.open("wb") as handle:  # sparse: 100 MB without writing them
        handle.truncate(100 * 1024 * 1024)
    read: list[Path] = []
    real_read = Path.read_bytes

    def recording_read(self: Path) -> bytes:
        read.append(self)
        return real_read(self)

    monkeypatch.setattr(Path, "read_bytes", recording_read)
    code, report, _ = audit_json(capsys, path)
    assert code == 1 and "over the limit" in report["findings"][0]["message"]
    assert read == []  # the size is checked before the file is read


def test_folder_with_broken_symlinks_loops_and_other_files(capsys, tmp_path: Path) -> None:
    org = tmp_path / "org"
    (org / "sub").mkdir(parents=True)
    (org / "units.yaml").write_text("units: [{id: a}]\n")
    (org / "readme.md").write_text("# not yaml: [")
    (org / "picture.png").write_bytes(b"\x89PNG\x00\x00")
    os.symlink(org, org / "sub" / "loop")  # a folder loop: not followed
    os.symlink(org / "missing.yaml", org / "dangling.yaml")
    os.symlink(org / "self.yaml", org / "self.yaml")
    os.mkfifo(org / "pipe.yaml")
    code, report, _ = audit_json(capsys, org)
    assert code == 1
    found = {(Path(f["file"]).name, f["code"]) for f in report["findings"]}
    assert found == {("dangling.yaml", "F001"), ("self.yaml", "F001"), ("pipe.yaml", "F001")}


def test_output_equal_to_input_through_a_symlink(capsys, tmp_path: Path) -> None:
    path = tmp_path / "org.yaml"
    path.write_text("units: [{id: a}]\n")
    link = tmp_path / "report.json"
    os.symlink(path, link)
    assert main(["audit", str(path), "-o", str(link)]) == 2
    assert "input" in capsys.readouterr().err
    assert path.read_text() == "units: [{id: a}]\n"


def test_output_into_a_folder_that_is_an_input(capsys, tmp_path: Path) -> None:
    (tmp_path / "org").mkdir()
    (tmp_path / "org" / "a.yaml").write_text("units: [{id: a}]\n")
    assert main(["audit", str(tmp_path / "org"), "-o", str(tmp_path / "org" / "a.yaml")]) == 2
    capsys.readouterr()


def test_write_to_a_device_is_not_replaced(capsys) -> None:
    code = main(["audit", str(ROOT / "examples/bakery"), "-o", "/dev/full"])
    assert code == 2 and "No space left" in capsys.readouterr().err
    assert Path("/dev/full").is_char_device()


def _custorg(*args: str, **kwargs) -> subprocess.CompletedProcess:  # type: ignore[no-untyped-def]
    return subprocess.run([sys.executable, "-m", "custorg", *args], capture_output=True,
                          text=True, env={**os.environ, "NO_COLOR": "1"}, **kwargs)


def test_closed_pipe_ends_quietly() -> None:
    script = (f"{sys.executable} -m custorg audit {ROOT / 'examples/telecom'} --fail-on never"
              " | head -c 10 >/dev/null")
    done = subprocess.run(["bash", "-o", "pipefail", "-c", script], capture_output=True,
                          text=True)
    assert "Traceback" not in done.stderr and "Error" not in done.stderr
    assert done.returncode == 0


def test_the_command_says_everything_before_it_ends(tmp_path: Path) -> None:
    """`custorg` ends with os._exit (no object-by-object teardown): its buffered standard
    output and error must still arrive whole, with the exit code."""
    done = _custorg("audit", str(ROOT / "examples/telecom"), "-f", "json")
    report = json.loads(done.stdout)
    assert done.returncode == 1 and report["summary"]["error"] == 2
    assert len(done.stdout) > 20_000  # more than one buffer's worth
    with (tmp_path / "out.txt").open("w") as out:  # a file: block-buffered
        code = subprocess.run([sys.executable, "-m", "custorg", "metrics",
                               str(ROOT / "examples/bakery")], stdout=out).returncode
    assert code == 0 and "Maturity" in (tmp_path / "out.txt").read_text().splitlines()[-1]
    done = _custorg("diagram", str(ROOT / "examples/bakery"), "--view", "hierarchy",
                    "-f", "dot", "--depth", "0")
    assert done.returncode == 0 and done.stdout.rstrip().endswith("}")


def test_in_process_runs_keep_nothing_alive(capsys) -> None:
    from custorg.cli import common as cli

    assert main(["audit", str(ROOT / "examples/bakery"), "-f", "json"]) == 0
    assert cli._KEPT == [] and not cli.STATE["hard_exit"]


def test_two_runs_writing_the_same_output(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    args = [sys.executable, "-m", "custorg", "audit", str(ROOT / "examples/telecom"),
            "-f", "json", "--fail-on", "never", "-o", str(target)]
    procs = [subprocess.Popen(args) for _ in range(2)]
    assert [p.wait() for p in procs] == [0, 0]
    assert json.loads(target.read_text())["summary"]["error"] == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.json"]


def test_failed_run_keeps_the_old_output(capsys, tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "out.json"
    target.write_text("previous report")

    def fail(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("os.fsync", fail)
    assert main(["audit", str(ROOT / "examples/bakery"), "-o", str(target)]) == 2
    assert target.read_text() == "previous report"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.json"]
    capsys.readouterr()


def test_a_csv_export_is_named_as_such(capsys, tmp_path: Path) -> None:
    path = tmp_path / "senior.csv"
    path.write_text("Post Unique Reference,Name,Grade\n1,N/D,SCS1\n2,N/D,SCS2\n")
    code, report, _ = audit_json(capsys, path)
    assert code == 1
    assert "custorg reads org files written in YAML" in report["findings"][0]["message"]
    assert "a .csv file" in report["findings"][0]["message"]
    good = tmp_path / "org.yaml"
    good.write_text("units: [\n")
    _, report, _ = audit_json(capsys, good)
    assert "custorg reads" not in report["findings"][0]["message"]
