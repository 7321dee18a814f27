"""Issue 18, item 1: one rule for every file custorg opens (inputs.open_input). A symbolic
link committed in a pull request must not bring a file of the CI machine into a log
(the environment through /proc/self/environ, /etc/passwd, a token), whichever command
and option reads it; a FIFO or a kernel file must not hang the run. Typed paths are
trusted: `../x.csv`, an absolute path and a link inside the working directory are read.
Also item 7 (part): 5,000-digit numbers in a config or a baseline are usage errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import run
from custorg.inputs import NAMES_SHOWN, Refused, names_list, open_input
from mining_helpers import HEADER, csv_log, ts

ENGINES = ("python", "duckdb")
SECRET = "ghp_secret_token_123"
ORG = "units: [{id: a, function: sales}]\n"
pytest.importorskip("duckdb")


@pytest.fixture()
def work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The workspace (the working directory), beside `outside` holding the secrets."""
    monkeypatch.setenv("NO_COLOR", "1")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.csv").write_text(f"{SECRET},x\n1,2\n", encoding="utf-8")
    (outside / "secret.yaml").write_text(f"{SECRET}: yes\n", encoding="utf-8")
    (outside / "secret.toml").write_text(f"{SECRET} = 1\n", encoding="utf-8")
    (outside / "org").mkdir()
    (outside / "org" / "a.yaml").write_text(f"units: [{{id: {SECRET}}}]\n", encoding="utf-8")
    workspace = tmp_path / "work"
    workspace.mkdir()
    monkeypatch.chdir(workspace)
    return workspace


def _log(path: Path) -> Path:
    return csv_log(path, [("c1", "sales", ts(1), "offer"), ("c1", "it", ts(2), "setup")])


def _refused(code: int, out: str, err: str) -> None:
    assert code == 2, err
    assert SECRET not in out + err
    assert "symbolic link on the way leads outside" in err or "not a regular file" in err


# ------------------------------------------------------------------ links leading out


@pytest.mark.skipif(not os.path.exists("/proc/self/environ"), reason="no /proc here")
@pytest.mark.parametrize("engine", ENGINES)
def test_mine_log_linked_to_the_environment_is_not_read(
        work: Path, engine: str, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """`log.csv -> /proc/self/environ` printed the whole environment in the missing-column
    error."""
    monkeypatch.setenv("CUSTORG_TEST_SECRET", SECRET)
    os.symlink("/proc/self/environ", "log.csv")
    _refused(*run(capsys, "mine", "log.csv", "--engine", engine))


@pytest.mark.parametrize("engine", ENGINES)
def test_mine_log_linked_outside_is_not_read(work: Path, engine: str,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    os.symlink("../outside/secret.csv", "log.csv")
    _refused(*run(capsys, "mine", "log.csv", "--engine", engine))


def test_mine_log_in_a_folder_linked_outside_is_not_read(
        work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    os.symlink("../outside", "logs")
    _refused(*run(capsys, "mine", "logs/secret.csv"))


def test_import_file_linked_outside_is_not_read(work: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    """`import table export.csv -> /etc/passwd` printed its first line."""
    os.symlink("../outside/secret.csv", "export.csv")
    _refused(*run(capsys, "import", "table", "export.csv", "-o", "org", "--id", "a",
                          "--parent", "b"))
    assert not Path("org").exists()


def test_audit_file_typed_and_linked_outside_exits_2(
        work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`audit org/org.yaml` where that file links outside read and showed it."""
    Path("org").mkdir()
    os.symlink("../../outside/secret.yaml", "org/org.yaml")
    _refused(*run(capsys, "audit", "org/org.yaml"))
    _refused(*run(capsys, "validate", "org/org.yaml"))


def test_audit_folder_typed_and_linked_outside_exits_2(
        work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    os.symlink("../outside/org", "org")
    _refused(*run(capsys, "audit", "org", "-f", "json"))


def test_map_org_and_baseline_linked_outside_are_not_read(
        work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _log(Path("log.csv"))
    Path("org.yaml").write_text("units: [{id: sales}, {id: it}]\n", encoding="utf-8")
    os.symlink("../outside/secret.csv", "map.csv")
    _refused(*run(capsys, "mine", "log.csv", "--org", "org.yaml", "--map", "map.csv"))
    os.symlink("../outside/org", "linked-org")
    _refused(*run(capsys, "mine", "log.csv", "--org", "linked-org"))
    os.symlink("../outside/secret.yaml", "linked.yaml")
    _refused(*run(capsys, "mine", "log.csv", "--org", "linked.yaml"))
    os.symlink("../outside/secret.yaml", "baseline.json")
    _refused(*run(capsys, "audit", "org.yaml", "--baseline", "baseline.json"))


@pytest.mark.parametrize(("name", "text"), [
    ("custorg.toml", f"{SECRET} = 1\n"),
    ("pyproject.toml", f"[tool.custorg]\n{SECRET} = 1\n"),
])
def test_discovered_config_linked_outside_is_not_read(
        work: Path, name: str, text: str, capsys: pytest.CaptureFixture[str]) -> None:
    """An auto-discovered custorg.toml linked outside was parsed, its keys echoed."""
    (work.parent / "outside" / name).write_text(text, encoding="utf-8")
    Path("org").mkdir()
    Path("org/org.yaml").write_text(ORG, encoding="utf-8")
    os.symlink(f"../../outside/{name}", f"org/{name}")
    _refused(*run(capsys, "audit", "org"))
    _refused(*run(capsys, "audit", "org", "--config", f"org/{name}"))


def test_file_in_a_folder_walk_linked_outside_stays_f001(
        work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    Path("org").mkdir()
    Path("org/a.yaml").write_text(ORG, encoding="utf-8")
    os.symlink("../../outside/secret.yaml", "org/b.yaml")
    code, out, _ = run(capsys, "audit", "org", "-f", "json")
    assert code == 1 and SECRET not in out
    found = [(f["file"], f["code"]) for f in json.loads(out)["findings"]]
    assert found == [("org/b.yaml", "F001")]


# ------------------------------------------------------------------ what would block


def _custorg(*args: str) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run([sys.executable, "-m", "custorg", *args], capture_output=True,
                              text=True, timeout=60, env={**os.environ, "NO_COLOR": "1"})
    except subprocess.TimeoutExpired:
        pytest.fail(f"custorg {' '.join(args)} hung")


@pytest.mark.skipif(not os.path.exists("/proc/kmsg"), reason="no /proc/kmsg here")
@pytest.mark.parametrize("engine", ENGINES)
def test_log_linked_to_a_blocking_kernel_file_does_not_hang(work: Path, engine: str) -> None:
    os.symlink("/proc/kmsg", "log.csv")
    done = _custorg("mine", "log.csv", "--engine", engine)
    assert done.returncode == 2 and "not a regular file" in done.stderr


@pytest.mark.parametrize("args", [("mine", "log.csv"), ("mine", "log.csv", "--engine", "duckdb"),
                                  ("import", "table", "log.csv", "-o", "out", "--id", "x",
                                   "--parent", "y"),
                                  ("audit", "log.csv"),
                                  ("audit", "org.yaml", "--config", "log.csv"),
                                  ("audit", "org.yaml", "--baseline", "log.csv")])
def test_fifo_given_directly_is_refused_without_blocking(work: Path,
                                                         args: tuple[str, ...]) -> None:
    Path("org.yaml").write_text(ORG, encoding="utf-8")
    os.mkfifo("log.csv")
    done = _custorg(*args)
    assert done.returncode in (1, 2), done.stderr
    assert "not a regular file" in done.stdout + done.stderr or \
        "not a file; give the event log's file" in done.stderr


def test_open_input_refuses_a_fifo_and_a_folder(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe")
    for path in (tmp_path / "pipe", tmp_path):
        with pytest.raises(Refused, match="not a regular file"):
            open_input(path)


# ------------------------------------------------------------------ what is fine


@pytest.mark.parametrize("engine", ENGINES)
def test_typed_paths_outside_and_links_inside_are_read(
        work: Path, engine: str, capsys: pytest.CaptureFixture[str]) -> None:
    outside = _log(work.parent / "outside" / "log.csv")
    Path("data").mkdir()
    _log(Path("data/log.csv"))
    os.symlink("data/log.csv", "linked.csv")
    for typed in ("../outside/log.csv", str(outside), "linked.csv"):
        code, out, err = run(capsys, "mine", typed, "--engine", engine)
        assert code == 0, err
        assert "2 events" in out or "1 case" in out


def test_link_inside_a_folder_given_outside_the_workspace_is_read(
        work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    org = work.parent / "outside" / "org2"
    org.mkdir()
    (org / "data").mkdir()
    (org / "data" / "shared.txt").write_text(ORG, encoding="utf-8")
    os.symlink("data/shared.txt", org / "a.yaml")  # inside the folder given: fine
    code, out, err = run(capsys, "validate", str(org))
    assert code == 0, out + err


# ------------------------------------------------------------------ capped column lists


def _wide(path: Path) -> Path:
    names = [f"column-{i}-" + "x" * 200 for i in range(1000)]
    path.write_text(",".join(names) + "\n" + ",".join("1" * 1000) + "\n", encoding="utf-8")
    return path


def test_names_list_caps_count_and_width() -> None:
    shown = names_list(["y" * 500] * 100)
    assert shown.count("'") == 2 * NAMES_SHOWN and shown.endswith(", ...")
    assert max(len(part) for part in shown.split(", ")) <= 42
    assert names_list([]) == "(none)" and names_list(["a", "b"]) == "'a', 'b'"


@pytest.mark.parametrize("command", [("mine", "wide.csv"),
                                     ("mine", "wide.csv", "--engine", "duckdb"),
                                     ("import", "table", "wide.csv", "-o", "o", "--id", "no",
                                      "--parent", "no")])
def test_missing_column_lists_at_most_40_short_names(
        work: Path, command: tuple[str, ...], capsys: pytest.CaptureFixture[str]) -> None:
    _wide(Path("wide.csv"))
    code, _, err = run(capsys, *command)
    assert code == 2 and "column-0-" in err and "column-39-" in err
    assert "column-40-" not in err and "x" * 50 not in err
    assert len(err) < 3000


def test_map_header_is_capped(work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _log(Path("log.csv"))
    Path("org.yaml").write_text("units: [{id: sales}, {id: it}]\n", encoding="utf-8")
    _wide(Path("map.csv"))
    code, _, err = run(capsys, "mine", "log.csv", "--org", "org.yaml", "--map", "map.csv")
    assert code == 2 and "column-39-" in err and "column-40-" not in err
    assert "x" * 50 not in err


def test_xes_attribute_list_is_capped(work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    keys = "".join(f'<string key="k{i}-{"x" * 100}" value="v"/>' for i in range(100))
    Path("log.xes").write_text(
        '<?xml version="1.0"?><log xmlns="http://www.xes-standard.org/"><trace>'
        f'<string key="concept:name" value="c"/><event>{keys}</event></trace></log>\n',
        encoding="utf-8")
    code, _, err = run(capsys, "mine", "log.xes")
    assert code == 2 and "x" * 50 not in err and err.count("'k") <= NAMES_SHOWN + 1


# ------------------------------------------------------------------ item 7: huge numbers


def test_config_number_with_5000_digits_is_a_usage_error(
        work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    Path("org.yaml").write_text(ORG, encoding="utf-8")
    Path("custorg.toml").write_text("max-span = " + "9" * 5000 + "\n", encoding="utf-8")
    code, _, err = run(capsys, "audit", "org.yaml")
    assert code == 2 and "custorg.toml: invalid config: a number with thousands" in err


def test_baseline_number_with_5000_digits_is_a_usage_error(
        work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    Path("org.yaml").write_text(ORG, encoding="utf-8")
    Path("b.json").write_text('{"n": ' + "9" * 5000 + "}", encoding="utf-8")
    code, _, err = run(capsys, "audit", "org.yaml", "--baseline", "b.json")
    assert code == 2 and "--baseline b.json: not a custorg baseline (a number" in err


def test_header_line_helper_is_the_one_of_csv_mining() -> None:
    """csvlog's message uses the shared helper (one truth for the cap)."""
    from custorg.mining.csvlog import missing_column

    message = missing_column(Path("x.csv"), "--case", "c", tuple(HEADER.split(",")))
    assert names_list(HEADER.split(",")) in message
