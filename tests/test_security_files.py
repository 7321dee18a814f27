"""Issue 10, writing and reading files: what a pull request can plant in the workspace
(symlinks, special files) must never make custorg write outside it, overwrite what it
read, leave temporary files, or hang."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from custorg.cli import main

ORG = "units: [{id: a, function: sales}]\n"


def test_planted_symlink_output_is_refused_and_its_target_kept(capsys, tmp_path: Path
                                                               ) -> None:
    """1. `custorg.sarif -> ../outside/tool.sh` must not replace tool.sh."""
    outside = tmp_path / "outside"
    outside.mkdir()
    tool = outside / "tool.sh"
    tool.write_text("#!/bin/sh\necho trusted\n")
    tool.chmod(0o755)
    work = tmp_path / "work"
    (work / "org").mkdir(parents=True)
    (work / "org" / "org.yaml").write_text(ORG)
    link = work / "custorg.sarif"
    os.symlink("../outside/tool.sh", link)
    code = main(["audit", str(work / "org"), "--format", "sarif", "-o", str(link)])
    err = capsys.readouterr().err
    assert code == 2
    assert "output path is a symbolic link" in err
    assert tool.read_text() == "#!/bin/sh\necho trusted\n"
    assert link.is_symlink() and os.readlink(link) == "../outside/tool.sh"
    assert sorted(p.name for p in work.iterdir()) == ["custorg.sarif", "org"]


def test_dangling_output_link_names_the_real_problem(capsys, tmp_path: Path) -> None:
    """16. `-o dangling-link.json` said "folder . does not exist"."""
    link = tmp_path / "report.json"
    os.symlink(tmp_path / "nowhere" / "x.json", link)
    (tmp_path / "org.yaml").write_text(ORG)
    assert main(["audit", str(tmp_path / "org.yaml"), "-o", str(link)]) == 2
    err = capsys.readouterr().err
    assert "output path is a symbolic link" in err and "does not exist" not in err
    assert not (tmp_path / "nowhere").exists()


def test_org_file_reached_through_a_symlink_in_the_folder_is_not_overwritten(
        capsys, tmp_path: Path) -> None:
    """2. `org/units.yaml -> ../shared/units.yaml` with `-o shared/units.yaml`."""
    (tmp_path / "shared").mkdir()
    (tmp_path / "org").mkdir()
    shared = tmp_path / "shared" / "units.yaml"
    shared.write_text(ORG)
    os.symlink("../shared/units.yaml", tmp_path / "org" / "units.yaml")
    assert main(["audit", str(tmp_path / "org"), "-o", str(shared)]) == 2
    assert "would overwrite an input file (a file this run read" in capsys.readouterr().err
    assert shared.read_text() == ORG


def test_config_file_the_run_read_is_not_overwritten(capsys, tmp_path: Path) -> None:
    """2. the custorg.toml found upward from the org."""
    (tmp_path / "org.yaml").write_text(ORG)
    config = tmp_path / "custorg.toml"
    config.write_text("max-span = 8\n")
    for command in (["audit"], ["metrics"]):
        assert main([*command, str(tmp_path / "org.yaml"), "-o", str(config)]) == 2
        assert "would overwrite an input file (a file this run read" in capsys.readouterr().err
        assert config.read_text() == "max-span = 8\n"


def test_standard_input_file_is_not_overwritten(tmp_path: Path) -> None:
    """2. `custorg audit - -o org.yaml < org.yaml`."""
    org = tmp_path / "org.yaml"
    org.write_text(ORG)
    with org.open("rb") as stdin:
        done = subprocess.run([sys.executable, "-m", "custorg", "audit", "-", "-o",
                               str(org)], stdin=stdin, capture_output=True, text=True)
    assert done.returncode == 2, done.stderr
    assert "would overwrite an input file (a file this run read" in done.stderr
    assert org.read_text() == ORG


def test_unrelated_output_is_still_written(capsys, tmp_path: Path) -> None:
    (tmp_path / "org.yaml").write_text(ORG)
    target = tmp_path / "report.json"
    target.write_text("old")
    assert main(["audit", str(tmp_path / "org.yaml"), "-f", "json", "--fail-on", "never",
                 "-o", str(target)]) == 0
    assert '"findings"' in target.read_text()
    capsys.readouterr()


def test_sigterm_while_writing_leaves_no_temporary_file(tmp_path: Path) -> None:
    """3. SIGTERM during the write must remove `.report.json.XXXX.tmp`."""
    (tmp_path / "org.yaml").write_text(ORG)
    target = tmp_path / "report.json"
    script = (
        "import os, sys, time\n"
        "real = os.fsync\n"
        "def slow(fd):\n"
        "    open(sys.argv[2], 'w').close()\n"
        "    time.sleep(30)\n"
        "    real(fd)\n"
        "os.fsync = slow\n"
        "from custorg.cli import main\n"
        "sys.exit(main(['audit', sys.argv[1], '-f', 'json', '-o', sys.argv[3]]))\n")
    flag = tmp_path / "writing"
    proc = subprocess.Popen([sys.executable, "-c", script, str(tmp_path / "org.yaml"),
                             str(flag), str(target)], stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while not flag.exists() and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)
    assert flag.exists(), "the run never reached the write"
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 143, err
    assert "terminated" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["org.yaml", "writing"]


@pytest.mark.skipif(not os.path.exists("/proc/kmsg"), reason="no /proc/kmsg here")
def test_symlink_to_a_blocking_kernel_file_does_not_hang(tmp_path: Path) -> None:
    """4. `org/x.yaml -> /proc/kmsg` hung the run (and, as root, consumed the kernel log)."""
    org = tmp_path / "org"
    org.mkdir()
    (org / "a.yaml").write_text(ORG)
    os.symlink("/proc/kmsg", org / "kmsg.yaml")
    try:
        done = subprocess.run([sys.executable, "-m", "custorg", "audit", str(org), "-f",
                               "json"], capture_output=True, text=True, timeout=60)
    except subprocess.TimeoutExpired:
        pytest.fail("custorg hung reading a symlink to /proc/kmsg")
    assert done.returncode == 1
    assert "not a regular file" in done.stdout and "kmsg.yaml" in done.stdout


def test_fifo_swapped_in_is_refused_without_blocking(tmp_path: Path) -> None:
    """4. a file opened for reading is checked after opening, without blocking."""
    from custorg.orgfile.sources import read_file

    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    text, problem = read_file("pipe.yaml", fifo)
    assert text is None and problem is not None
    assert "not a regular file" in problem.message


def test_output_to_dev_stdout_still_works(tmp_path: Path) -> None:
    (tmp_path / "org.yaml").write_text(ORG)
    done = subprocess.run([sys.executable, "-m", "custorg", "audit", str(tmp_path / "org.yaml"),
                           "-f", "json", "--fail-on", "never", "-o", "/dev/stdout"],
                          capture_output=True, text=True)
    assert done.returncode == 0 and '"findings"' in done.stdout


def test_symlink_to_a_file_outside_the_workspace_is_not_read(capsys, tmp_path: Path,
                                                             monkeypatch) -> None:
    """A link committed in a pull request (`org/a.yaml -> ~/.credentials`) must not bring
    a secret of the CI machine into a public log through a finding's message."""
    secret = tmp_path / "home" / "credentials"
    secret.parent.mkdir()
    secret.write_text("ghp_secret_token_123: yes\n")
    work = tmp_path / "work"
    (work / "org").mkdir(parents=True)
    (work / "shared.yaml").write_text("units: [{id: b}]\n")
    os.symlink(secret, work / "org" / "a.yaml")
    os.symlink("../shared.yaml", work / "org" / "b.yaml")  # inside the workspace: read
    monkeypatch.chdir(work)
    assert main(["audit", "org", "-f", "json"]) == 1
    out = capsys.readouterr().out
    assert "ghp_secret" not in out
    report = json.loads(out)
    assert [(f["file"], f["code"]) for f in report["findings"]] == [("org/a.yaml", "F001")]
    assert "outside the working directory" in report["findings"][0]["message"]


def test_output_folder_planted_as_a_symlink_is_refused(capsys, tmp_path: Path,
                                                       monkeypatch) -> None:
    """1. `reports -> ../outside` committed in a pull request, `-o reports/out.sarif`."""
    outside = tmp_path / "outside"
    outside.mkdir()
    work = tmp_path / "work"
    work.mkdir()
    (work / "org.yaml").write_text(ORG)
    os.symlink("../outside", work / "reports")
    monkeypatch.chdir(work)
    assert main(["audit", "org.yaml", "-f", "sarif", "-o", "reports/out.sarif"]) == 2
    assert "goes through a symbolic link" in capsys.readouterr().err
    assert list(outside.iterdir()) == []
