"""S004-S006: spans and layers."""

from __future__ import annotations

from conftest import codes, ids, one


def chain(n: int) -> str:
    return "units:\n" + "\n".join(
        f"  - {{id: u{i}{', parent: u' + str(i - 1) if i else ''}}}" for i in range(n)) + "\n"


def star(n: int) -> str:
    return "units:\n  - {id: top}\n" + "".join(f"  - {{id: c{i}, parent: top}}\n" for i in range(n))


def test_wide_span(run_audit) -> None:
    report = run_audit(star(11))
    assert one(report, "S004").entity.id == "top"
    assert "11 child units" in one(report, "S004").message


def test_span_at_the_limit_passes(run_audit) -> None:
    assert "S004" not in codes(run_audit(star(10)))


def test_wide_span_threshold_is_configurable(run_audit) -> None:
    assert ids(run_audit(star(3), max_span=2), "S004") == ["top"]


def test_too_many_layers_once_at_the_deepest_unit(run_audit) -> None:
    report = run_audit(chain(8))  # 8 layers > 6
    [f] = [f for f in report.findings if f.code == "S005"]
    assert f.entity.id == "u7" and "8 layers" in f.message and f.location.line == 9


def test_layers_at_the_limit_pass(run_audit) -> None:
    assert "S005" not in codes(run_audit(chain(6)))


def test_narrow_span(run_audit) -> None:
    report = run_audit(chain(3))
    assert ids(report, "S006") == ["u0", "u1"]


def test_two_children_is_not_narrow(run_audit) -> None:
    assert "S006" not in codes(run_audit(star(2)))


def test_ten_thousand_level_chain_does_not_recurse(run_audit) -> None:
    report = run_audit(chain(10_000))
    assert report.metrics["layers"] == 10_000
    assert ids(report, "S005") == ["u9999"]
