"""G: shared goals."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding, Severity
from .base import Context, rule


@rule("G001", "no-shared-goal", Severity.WARNING)
def no_shared_goal(ctx: Context) -> Iterator[Finding]:
    """The units of a customer process share no KPI.

    What it checks: when some unit has a non-empty `kpis`, every process with a customer
    contact whose steps involve 2 or more units has at least one KPI in the `kpis` of all
    of those units.

    Why it matters: functional silos grow when each department optimises its own goal;
    units that serve the customer together should be measured on a shared result.

    Example (fails):
        units:
          - {id: sales, kpis: [revenue]}
          - {id: logistics, kpis: [cost-per-delivery]}
        processes: [{id: order, steps: [customer, sales, logistics]}]

    Example (passes):
        units:
          - {id: sales, kpis: [revenue, nps]}
          - {id: logistics, kpis: [cost-per-delivery, nps]}
        processes: [{id: order, steps: [customer, sales, logistics]}]

    How to fix: add a shared customer KPI to each unit of the process.
    """
    units = ctx.org.unit_by_id
    if not any(u.kpis for u in ctx.org.units):
        return
    for process in ctx.org.processes:
        h = ctx.analysis.handoffs[process.id]
        if not h.customer_contacts or h.units < 2:
            continue
        ids = h.unit_ids
        if not set(units[ids[0]].kpis).intersection(*[units[u].kpis for u in ids[1:]]):
            yield ctx.about("process", process, f"the {len(ids)} units of customer process "
                            f"{process.id!r} share no KPI: measure them on a common "
                            "customer result")


@rule("G002", "goal-without-delivery", Severity.INFO)
def goal_without_delivery(ctx: Context) -> Iterator[Finding]:
    """A goal names no process and no project that delivers it.

    What it checks: every goal has a non-empty `processes` or `projects`.

    Why it matters: a goal that no process or project works towards stays a slogan.

    Example (fails):
        goals: [{id: loyal-customers, stakeholder: clients}]

    Example (passes):
        goals: [{id: loyal-customers, stakeholder: clients, processes: [complaint]}]

    How to fix: name the processes or projects that deliver it.
    """
    for goal in ctx.org.goals:
        if not goal.processes and not goal.projects:
            yield ctx.about("goal", goal, f"goal {goal.id!r} names no process and no project "
                            "that delivers it")
