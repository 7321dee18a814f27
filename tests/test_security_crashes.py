"""Issue 10, crashes from input: each of these exited 3 (a bug) before; now a clear
result or a usage error."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from custorg.cli import main

ROOT = Path(__file__).resolve().parent.parent
ORG = "units: [{id: a, function: sales}]\n"


def _custorg(*args: str, encoding: str = "utf-8") -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "NO_COLOR": "1", "PYTHONIOENCODING": encoding}
    return subprocess.run([sys.executable, "-m", "custorg", *args], capture_output=True,
                          env=env)


@pytest.mark.parametrize("fmt", ["sarif", "json", "text", "github", "gitlab"])
def test_file_name_with_a_byte_that_is_not_utf8(capsys, tmp_path: Path, fmt: str) -> None:
    """12. a 0xff byte in a file name: SARIF and -o exited 3, JSON wrote a raw 0xff."""
    folder = tmp_path / "org"
    folder.mkdir()
    name = os.fsdecode(b"a\xffb.yaml")
    (folder / name).write_text(ORG)
    target = tmp_path / f"out.{fmt}"
    code = main(["audit", str(folder), "-f", fmt, "--fail-on", "never", "-o", str(target)])
    assert code == 0, capsys.readouterr().err
    data = target.read_bytes().decode("utf-8")  # valid UTF-8
    if fmt in ("json", "sarif", "gitlab"):
        document = json.loads(data)
        shown = json.dumps(document)
        assert "a\\\\xffb.yaml" in shown or "a%5Cxffb.yaml" in shown
    done = _custorg("audit", str(folder), "-f", fmt, "--fail-on", "never")
    assert done.returncode == 0, done.stderr
    done.stdout.decode("utf-8")
    if fmt == "json":
        assert json.loads(done.stdout)["files"][0].endswith("a\\xffb.yaml")


@pytest.mark.parametrize("field", ["headcount: 0x{digits}", "headcount: {decimal}",
                                   "volume: {decimal}"])
def test_huge_integer_literals(capsys, tmp_path: Path, field: str) -> None:
    """13. `headcount: 0x` + 5,000 digits exceeded Python's int-to-text limit (exit 3)."""
    value = field.format(digits="f" * 5000, decimal="9" * 5000)
    if field.startswith("volume"):
        text = ("units: [{id: a}]\nprocesses:\n  - {id: p, " + value +
                ", steps: [customer, a]}\n")
    else:
        text = "units: [{id: a, " + value + "}]\n"
    path = tmp_path / "org.yaml"
    path.write_text(text)
    assert main(["audit", str(path), "-f", "json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert [f["code"] for f in report["findings"]] == ["F004"]
    message = report["findings"][0]["message"]
    assert "must be" in message or "is too large for a number" in message
    assert len(message) < 200


def test_huge_version_literal(capsys, tmp_path: Path) -> None:
    path = tmp_path / "org.yaml"
    path.write_text("custorg: 0x" + "f" * 5000 + "\nunits: [{id: a}]\n")
    assert main(["audit", str(path)]) == 1
    out = capsys.readouterr().out
    assert "F004" in out and "Traceback" not in out


def test_deeply_nested_toml_array(capsys, tmp_path: Path) -> None:
    """13. a 5,000-deep array in a custorg.toml found upward: RecursionError, exit 3."""
    (tmp_path / "custorg.toml").write_text("x = " + "[" * 5000 + "]" * 5000 + "\n")
    (tmp_path / "org.yaml").write_text(ORG)
    assert main(["audit", str(tmp_path / "org.yaml")]) == 2
    err = capsys.readouterr().err
    assert "custorg.toml" in err and "nested too deeply" in err


def test_folder_tree_a_thousand_levels_deep(capsys, tmp_path: Path) -> None:
    """13. a folder tree 980+ levels deep: RecursionError, exit 3."""
    folders = [tmp_path / "tree"]
    for _ in range(1000):
        folders.append(folders[-1] / "d")
    try:
        for folder in folders:
            folder.mkdir()
        (folders[-1] / "org.yaml").write_text(ORG)
        assert main(["audit", str(folders[0]), "-f", "json", "--fail-on", "never"]) == 0
        files = json.loads(capsys.readouterr().out)["files"]
        assert len(files) == 1 and files[0].endswith("/d/d/org.yaml")
        from custorg.output import read_identities

        assert len(read_identities([folders[0]])) == 1
    finally:  # bottom up, without recursion (pytest's own clean-up would recurse)
        (folders[-1] / "org.yaml").unlink(missing_ok=True)
        for folder in reversed(folders):
            if folder.exists():
                folder.rmdir()


@pytest.mark.parametrize("value", ["inf", "1e10", "nan", "-1"])
def test_diagram_timeout_out_of_range(capsys, tmp_path: Path, value: str) -> None:
    """14. `--timeout inf` or `1e10` exited 3."""
    (tmp_path / "org.yaml").write_text(ORG)
    code = main(["diagram", str(tmp_path / "org.yaml"), "--view", "hierarchy", "-f", "svg",
                 "--timeout", value, "-o", str(tmp_path / "o.svg")])
    assert code == 2
    assert "--timeout must be more than 0 and at most 86400 seconds" in capsys.readouterr().err
    assert not (tmp_path / "o.svg").exists()


@pytest.mark.parametrize("encoding", ["latin-1", "ascii", "cp1252"])
def test_standard_output_that_cannot_encode_box_characters(encoding: str) -> None:
    """14. stdout in latin-1/ascii/cp1252: text and Mermaid output exited 3."""
    telecom = str(ROOT / "examples" / "telecom")
    done = _custorg("audit", telecom, "--fail-on", "never", encoding=encoding)
    assert done.returncode == 0, done.stderr
    text = done.stdout.decode(encoding)
    assert "Silos (E-I index per function)" in text
    assert "-+-" in text or "|" in text  # tables drawn in ASCII
    done = _custorg("metrics", telecom, encoding=encoding)
    assert done.returncode == 0 and b"Maturity" in done.stdout
    done = _custorg("diagram", telecom, "--view", "hierarchy", "-f", "mermaid",
                    encoding=encoding)
    assert done.returncode == 0, done.stderr
    assert done.stdout.decode(encoding).startswith("---\ntitle:")


@pytest.mark.parametrize("value", ["nan", "inf", "-inf"])
def test_nan_threshold_is_refused(capsys, tmp_path: Path, value: str) -> None:
    """15. `silo-ei-threshold = nan` was accepted and turned X001 off."""
    (tmp_path / "custorg.toml").write_text(f"silo-ei-threshold = {value}\n")
    (tmp_path / "org.yaml").write_text(ORG)
    assert main(["audit", str(tmp_path / "org.yaml")]) == 2
    err = capsys.readouterr().err
    assert "custorg.toml" in err and "silo-ei-threshold" in err
