"""Shared helpers: write small inline YAML orgs to a temporary folder and audit them."""

from __future__ import annotations

import signal
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from custorg.audit.config import Config
from custorg.audit.engine import Report, audit
from custorg.thresholds import Thresholds

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
SHARED = ROOT.parent / "shared"


HANG_GUARD_SECONDS = 180


@pytest.fixture
def hang_guard() -> Iterator[None]:
    """Fails a test that runs for minutes: a guard against hangs (a layout never stopped, an
    alias bomb expanded), not a speed target. Speed lives in bench/."""

    def stop(signum: int, frame: object) -> None:
        raise TimeoutError(f"hang guard: the test ran over {HANG_GUARD_SECONDS} s")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(HANG_GUARD_SECONDS)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@pytest.fixture
def write(tmp_path: Path) -> Callable[..., Path]:
    """write(text, name="org.yaml") -> path of the file (text is dedented)."""

    def _write(text: str, name: str = "org.yaml") -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    return _write


@pytest.fixture
def run_audit(write: Callable[..., Path]) -> Callable[..., Report]:
    """run_audit(yaml_text, **thresholds) -> Report of that org."""

    def _run(text: str, **thresholds: float) -> Report:
        path = write(text)
        return audit([str(path)], Config(thresholds=Thresholds(**thresholds)))

    return _run


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """The custorg command in-process: (exit code, standard output, standard error)."""
    from custorg.cli import main

    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def codes(report: Report, prefix: str = "") -> list[str]:
    return [f.code for f in report.findings if f.code.startswith(prefix)]


def ids(report: Report, code: str) -> list[str]:
    return [f.entity.id for f in report.findings if f.code == code]


def one(report: Report, code: str):  # type: ignore[no-untyped-def]
    """The single finding of a code (fails if there are none or several)."""
    found = [f for f in report.findings if f.code == code]
    assert len(found) == 1, [f.message for f in found]
    return found[0]


# what an org without a customer side gets, at line 1 when it has no `organization:`:
# no customer stakeholder owned at the board, no customer-experience unit, no customer KPI
NO_CUSTOMER_SIDE = (("C001", "org", 1), ("C004", "org", 1), ("C007", "org", 1))


def check(report: Report, *expected: tuple[str, str, int]) -> None:
    """The complete list of findings of a case as (code, entity id, line), in any order:
    a finding of another rule, or a second one of the same rule, fails the test (as
    yamllint's RuleTestCase.check does)."""
    found = sorted((f.code, f.entity.id, f.location.line) for f in report.findings)
    assert found == sorted(expected)
