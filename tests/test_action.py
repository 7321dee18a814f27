"""The GitHub Action (issue 21 item 21): action.yml and the workflow that tests it cannot
run here, so their YAML is checked (inputs declared, no `${{ inputs.* }}` in a script, the
install from the action's own path, `uses: ./`) and the scripts the action's steps call are
run with bash as GitHub would (inputs as environment variables), with this checkout's
custorg. Also: every version a user copies (pre-commit `rev`, action ref, pip pin) is the
current one."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

import custorg

ROOT = Path(__file__).resolve().parent.parent
ACTION = ROOT / "action.yml"
WORKFLOW = ROOT / ".github" / "workflows" / "action.yml"
BASH = shutil.which("bash")
EXPRESSION = re.compile(r"\$\{\{(.*?)\}\}", re.DOTALL)
INPUT_USE = re.compile(r"\binputs\.([A-Za-z0-9_-]+)")

needs_bash = pytest.mark.skipif(BASH is None, reason="bash is not installed")


def load(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def steps(document: dict[str, Any]) -> list[dict[str, Any]]:
    if "runs" in document:
        return list(document["runs"]["steps"])
    return [step for job in document["jobs"].values() for step in job["steps"]]


# ----------------------------------------------------------------------------- the YAML


def test_every_input_used_is_declared_and_every_declared_one_used() -> None:
    action = load(ACTION)
    declared = set(action["inputs"])
    text = ACTION.read_text(encoding="utf-8")
    used = {name for expression in EXPRESSION.findall(text)
            for name in INPUT_USE.findall(expression)}
    assert used == declared
    assert action["inputs"]["path"]["required"] is True
    defaults = {name: spec.get("default") for name, spec in action["inputs"].items()}
    assert defaults["format"] == "github" and defaults["fail-on"] == "error"
    assert defaults["python-version"] == "3.12" and defaults["sarif"] == "false"
    assert defaults["version"] == ""  # the action's own ref


@pytest.mark.parametrize("path", [ACTION, WORKFLOW], ids=["action", "workflow"])
def test_no_expression_inside_a_run_script(path: Path) -> None:
    """Script injection: an expression in `run:` is pasted into the script before bash
    reads it; inputs and outputs go through `env:` instead."""
    scripts = [step["run"] for step in steps(load(path)) if "run" in step]
    assert scripts
    for script in scripts:
        assert "${{" not in script, script


def test_the_scripts_read_only_what_the_steps_give_them() -> None:
    """Each INPUT_* variable a script reads is set by its step's `env:` from an input."""
    for step in steps(load(ACTION)):
        if "run" not in step:
            continue
        [script] = re.findall(r'"\$GITHUB_ACTION_PATH/(action/[a-z]+\.sh)"', step["run"])
        wanted = set(re.findall(r"\bINPUT_[A-Z_]+", (ROOT / script).read_text()))
        env = step.get("env", {})
        assert wanted == set(env), (script, wanted, set(env))
        for name, value in env.items():
            assert value == "${{ inputs.%s }}" % name[6:].lower().replace("_", "-")
        assert step["shell"] == "bash"


def test_the_action_installs_custorg_from_its_own_path() -> None:
    action = load(ACTION)
    assert action["runs"]["using"] == "composite"
    names = [step.get("uses", step.get("run", "")) for step in steps(action)]
    assert names[0].startswith("actions/setup-python@")
    assert 'bash "$GITHUB_ACTION_PATH/action/install.sh"' in names
    assert 'bash "$GITHUB_ACTION_PATH/action/run.sh"' in names
    assert names[-1].startswith("github/codeql-action/upload-sarif@")
    install = (ROOT / "action" / "install.sh").read_text(encoding="utf-8")
    assert '-- "$source_dir"' in install and "GITHUB_ACTION_PATH" in install


def test_the_workflow_runs_this_action_on_both_examples() -> None:
    workflow = load(WORKFLOW)
    uses = [step for step in steps(workflow) if step.get("uses") == "./"]
    paths = {(step["with"]["path"], step["with"].get("fail-on", "error")) for step in uses}
    assert paths == {("examples/bakery", "error"), ("examples/telecom", "never"),
                     ("examples/telecom", "error")}
    check = steps(workflow)[-1]
    assert "exit-code" in str(check["env"]) and "outcome" in str(check["env"])


# ----------------------------------------------------------------------------- the scripts


def run(script: str, tmp_path: Path, **inputs: str) -> subprocess.CompletedProcess[str]:
    """One of the action's scripts as its step runs it: bash, inputs as INPUT_*
    variables, GITHUB_OUTPUT a file, this checkout's custorg as `python -m custorg`."""
    bin_dir = tmp_path / "python-bin"  # `python` is this interpreter, whatever its name
    if not bin_dir.exists():
        bin_dir.mkdir()
        wrapper = bin_dir / "python"  # a script, not a link: a venv's python stays one
        wrapper.write_text(f'#!/bin/sh\nexec "{sys.executable}" "$@"\n', encoding="utf-8")
        wrapper.chmod(0o755)
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}",
           "PYTHONPATH": str(ROOT / "src"), "NO_COLOR": "1",
           "GITHUB_OUTPUT": str(tmp_path / "output"), "GITHUB_ACTION_PATH": str(ROOT),
           **{f"INPUT_{k.upper()}": v for k, v in inputs.items()}}
    return subprocess.run([str(BASH), str(ROOT / "action" / script)], cwd=tmp_path,
                          env=env, capture_output=True, text=True, timeout=120)


def outputs(tmp_path: Path) -> dict[str, str]:
    lines = (tmp_path / "output").read_text(encoding="utf-8").splitlines()
    return dict(line.split("=", 1) for line in lines)


@needs_bash
def test_run_clean_org_passes(tmp_path: Path) -> None:
    done = run("run.sh", tmp_path, path=str(ROOT / "examples" / "bakery"))
    assert done.returncode == 0, done.stderr
    assert outputs(tmp_path) == {"exit-code": "0"}


@needs_bash
def test_run_findings_fail_on_error_and_write_sarif(tmp_path: Path) -> None:
    done = run("run.sh", tmp_path, path=str(ROOT / "examples" / "telecom"),
               fail_on="error", sarif="true", sarif_file="out.sarif")
    assert done.returncode == 1, done.stderr
    assert re.search(r"^::error file=.*title=P001 ", done.stdout, re.MULTILINE)
    assert outputs(tmp_path) == {"sarif-file": "out.sarif", "exit-code": "1"}
    assert '"partialFingerprints"' in (tmp_path / "out.sarif").read_text(encoding="utf-8")


@needs_bash
def test_run_fail_on_never_passes_with_any_format(tmp_path: Path) -> None:
    done = run("run.sh", tmp_path, path=str(ROOT / "examples" / "telecom"),
               fail_on="never", format="gitlab")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("[\n") and '"check_name": "P001"' in done.stdout


@needs_bash
@pytest.mark.parametrize("hostile", ["$(touch pwned)", "`touch pwned`", "x; touch pwned",
                                     "--help", "a\n::error::x"])
def test_run_inputs_are_never_code(tmp_path: Path, hostile: str) -> None:
    """An input is one argument: not a command, not an option; a path that does not exist
    is a usage error (2)."""
    done = run("run.sh", tmp_path, path=hostile, config=hostile)
    assert done.returncode == 2, done.stdout + done.stderr
    assert not (tmp_path / "pwned").exists()
    assert outputs(tmp_path) == {"exit-code": "2"}


@needs_bash
@pytest.mark.parametrize(("inputs", "message"), [
    ({"path": ""}, "'path' is required"),
    ({"path": "org", "sarif": "yes"}, "'sarif' must be true or false"),
    ({"path": "org", "sarif_file": "a\nexit-code=0"}, "'sarif-file' must be one file"),
])
def test_run_bad_inputs_are_usage_errors(tmp_path: Path, inputs: dict[str, str],
                                         message: str) -> None:
    done = run("run.sh", tmp_path, **inputs)
    assert done.returncode == 2 and message in done.stderr
    assert not (tmp_path / "output").exists()


def fake_python(tmp_path: Path) -> Path:
    """A `python` that records its arguments (the install step without a network)."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake = bin_dir / "python"
    fake.write_text('#!/usr/bin/env bash\nprintf "%s|" "$@" >> "$CALLS"; echo >> "$CALLS"\n',
                    encoding="utf-8")
    fake.chmod(0o755)
    return bin_dir


@needs_bash
@pytest.mark.parametrize(("version", "expected"), [
    ("", "-m|pip|install|--disable-pip-version-check|-q|--|{root}|"),
    ("0.2.0", "-m|pip|install|--disable-pip-version-check|-q|--|custorg==0.2.0|"),
    ("1.0.0rc1", "-m|pip|install|--disable-pip-version-check|-q|--|custorg==1.0.0rc1|"),
])
def test_install_from_the_action_path_or_a_release(tmp_path: Path, version: str,
                                                   expected: str) -> None:
    bin_dir = fake_python(tmp_path)
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}",
           "CALLS": str(tmp_path / "calls"), "GITHUB_ACTION_PATH": str(ROOT),
           "INPUT_VERSION": version}
    done = subprocess.run([str(BASH), str(ROOT / "action" / "install.sh")], env=env,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    calls = (tmp_path / "calls").read_text(encoding="utf-8").splitlines()
    assert calls == [expected.format(root=ROOT), "-m|custorg|--version|"]


@needs_bash
@pytest.mark.parametrize("version", ["0.2.0 --index-url http://x", "$(id)", "-e .", "1;2"])
def test_install_refuses_a_version_that_is_not_one(tmp_path: Path, version: str) -> None:
    bin_dir = fake_python(tmp_path)
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}",
           "CALLS": str(tmp_path / "calls"), "INPUT_VERSION": version}
    done = subprocess.run([str(BASH), str(ROOT / "action" / "install.sh")], env=env,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and "'version' must be a release" in done.stderr
    assert not (tmp_path / "calls").exists()


# ----------------------------------------------------------------------------- versions


def test_the_versions_users_copy_are_the_current_one() -> None:
    """pre-commit's example `rev`, the action's ref and pip pins in the docs."""
    version = custorg.__version__
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert f'\nversion = "{version}"\n' in pyproject
    hooks = (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    assert re.findall(r"rev: (\S+)", hooks) == [f"v{version}"]
    found = 0
    for doc in (ROOT / "README.md", ROOT / "docs" / "ci.md", ACTION):
        text = doc.read_text(encoding="utf-8")
        for pattern, expected in ((r"rev: (\S+)", f"v{version}"),
                                  (r"custorg/custorg@([^\s`]+)", f"v{version}"),
                                  (r"custorg==([0-9][^\s\"'`]*)", version)):
            for value in re.findall(pattern, text):
                found += 1
                assert value == expected, (doc.name, value)
    assert found >= 4
