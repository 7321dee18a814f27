"""X: silos between functions."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding, Severity
from .base import Context, rule


@rule("X001", "functional-silo", Severity.WARNING)
def functional_silo(ctx: Context) -> Iterator[Finding]:
    """A function works mostly with itself (E-I index at or below `silo-ei-threshold`).

    What it checks: in the collaboration graph (handoffs weighted by volume, interfaces
    and project pairs weighted 1), for each declared function F: I = weight of ties inside
    F, E = weight of ties from F to any unit outside F (of another function or of none),
    E-I index = (E - I) / (E + I) (Krackhardt and Stern). F is a silo when the index is at
    or below `silo-ei-threshold` (default -0.5), or when F has no ties at all while others
    do. Units without a function get no row of their own.

    Why it matters: functional organisations grow silos; every department optimises its
    own goal, and the customer's process breaks at the borders.

    Example (fails):
        units:
          - {id: ap, function: finance}
          - {id: ar, function: finance}
          - {id: shop, function: sales}
        processes:
          - {id: close, volume: 10, steps: [ap, ar, ap]}    # finance: I = 20
          - {id: invoice, steps: [shop, ar]}                # E = 1: E-I = -0.90

    Example (passes):
        processes:
          - {id: invoice, volume: 10, steps: [shop, ar, shop]}   # E = 20, I = 0: +1.00

    How to fix: build ties across the border: shared processes, project teams with one
    member per function, declared interfaces with feedback.
    """
    first_unit = {}
    for unit in ctx.org.units:
        if unit.function and unit.function not in first_unit:
            first_unit[unit.function] = unit
    for fn, silo in ctx.analysis.silos.items():
        if not silo.silo:
            continue
        where = first_unit.get(fn)
        loc = where.src.at("function") if where else ctx.org.org_loc
        if silo.ei_index is None:
            detail = "has no ties to any other unit"
        else:
            detail = (f"has E-I index {silo.ei_index:+.2f} (internal {silo.internal:g}, "
                      f"external {silo.external:g}), at or below {ctx.t.silo_ei_threshold:+.2f}")
        yield ctx.finding("function", fn, loc, f"function {fn!r} ({silo.units} unit"
                          f"{'s' * (silo.units > 1)}) {detail}: it works as a silo; build "
                          "ties across its border")
