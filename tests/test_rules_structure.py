"""S004-S006: spans and layers. Each case asserts its complete list of findings."""

from __future__ import annotations

from conftest import NO_CUSTOMER_SIDE as ORG, check, one


def chain(n: int) -> str:
    """u0 <- u1 <- ... : unit i on line i + 2, each the only child of the one before."""
    return "units:\n" + "\n".join(
        f"  - {{id: u{i}{', parent: u' + str(i - 1) if i else ''}}}" for i in range(n)) + "\n"


def star(n: int) -> str:
    """top (line 2) with n children."""
    return "units:\n  - {id: top}\n" + "".join(f"  - {{id: c{i}, parent: top}}\n" for i in range(n))


def test_wide_span(run_audit) -> None:
    report = run_audit(star(11))
    check(report, *ORG, ("S004", "top", 2))
    assert "11 child units" in one(report, "S004").message


def test_span_at_the_limit_passes(run_audit) -> None:
    check(run_audit(star(10)), *ORG)


def test_wide_span_threshold_is_configurable(run_audit) -> None:
    check(run_audit(star(3), max_span=2), *ORG, ("S004", "top", 2))


def test_too_many_layers_once_at_the_deepest_unit(run_audit) -> None:
    report = run_audit(chain(8))  # 8 layers > 6; every unit but the last has one child
    check(report, *ORG, ("S005", "u7", 9), *(("S006", f"u{i}", i + 2) for i in range(7)))
    assert "8 layers" in one(report, "S005").message


def test_layers_at_the_limit_pass(run_audit) -> None:
    check(run_audit(chain(6)), *ORG, *(("S006", f"u{i}", i + 2) for i in range(5)))


def test_narrow_span(run_audit) -> None:
    check(run_audit(chain(3)), *ORG, ("S006", "u0", 2), ("S006", "u1", 3))


def test_two_children_is_not_narrow(run_audit) -> None:
    check(run_audit(star(2)), *ORG)


def test_ten_thousand_level_chain_does_not_recurse(run_audit) -> None:
    report = run_audit(chain(10_000))
    assert report.metrics["layers"] == 10_000
    check(report, *ORG, ("S005", "u9999", 10_001),
          *(("S006", f"u{i}", i + 2) for i in range(9_999)))
