"""A: RACI, one accountable per step (docs/teams.md). The step's `unit` is the
responsible; `accountable` names the one person who answers for the step. An org that
names no accountable gets none of these findings."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding, Severity
from ..graph import person_unit
from .base import Context, listing, rule


def _line_up(ctx: Context, unit: str) -> set[str]:
    """The unit and its ancestors (the units whose heads have authority over it)."""
    by_id = ctx.org.unit_by_id
    out: set[str] = set()
    node: str | None = unit
    while node is not None and node in by_id and node not in out:
        out.add(node)
        node = by_id[node].parent
    return out


@rule("A001", "accountable-without-authority", Severity.WARNING)
def accountable_without_authority(ctx: Context) -> Iterator[Finding]:
    """A step's accountable person belongs to a unit with no authority over the step.

    What it checks: the unit of a step's `accountable` person (their `unit`, else the
    shallowest unit they head) is the step's unit or one of its ancestors in the reporting
    line. A person with no unit is not checked.

    Why it matters: RACI's accountable answers for the result and signs it off; someone
    outside the reporting line of the team doing the work has accountability without
    authority.

    Example (fails):
        units: [{id: sales}, {id: billing}]
        people: [{id: anna, unit: billing}]
        processes: [{id: order, steps: [{unit: sales, accountable: anna}]}]

    Example (passes):
        people: [{id: anna, unit: sales}]

    How to fix: make the head of the step's unit (or of a unit above it) accountable, or
    move the step to the unit the accountable person leads.
    """
    st = ctx.analysis.structure
    for pr in ctx.org.processes:
        for step in pr.steps:
            if not step.accountable or step.unit not in ctx.org.unit_by_id:
                continue
            home = person_unit(ctx.org, step.accountable, st.heads, st.depth)
            if home is not None and home not in _line_up(ctx, step.unit):
                yield ctx.finding("process", pr.id, pr.src.at("steps", step.index,
                                                              "accountable"),
                                  f"process {pr.id!r}: step {step.index + 1} in "
                                  f"{step.unit!r} has accountable {step.accountable!r} of "
                                  f"{home!r}, which is neither that unit nor above it: "
                                  "accountability without authority",
                                  units=(step.unit, home))


@rule("A002", "accountable-missing-in-process", Severity.INFO)
def accountable_missing(ctx: Context) -> Iterator[Finding]:
    """Some unit steps of a process name an accountable, others do not.

    What it checks: in each process, either every step in a unit names an `accountable` or
    none does (customer steps take none). One finding per process, naming the steps
    without.

    Why it matters: once a process assigns accountability, a step without it is where
    nobody answers for the result.

    Example (fails):
        people: [{id: anna, unit: sales}]
        processes: [{id: order, steps: [{unit: sales, accountable: anna}, logistics]}]

    Example (passes):
        people: [{id: anna, unit: sales}, {id: lars, unit: logistics}]
        processes: [{id: order, steps: [{unit: sales, accountable: anna},
                                        {unit: logistics, accountable: lars}]}]

    How to fix: name one accountable person for each of the steps listed.
    """
    org = ctx.org
    for pr in org.processes:
        if not any([s.accountable for s in pr.steps]):  # most processes: none named
            continue
        steps = [s for s in pr.steps if not org.is_customer_step(s.unit)]
        without = [s for s in steps if not s.accountable]
        if without and len(without) < len(steps):
            named = ", ".join(f"step {s.index + 1} ({s.unit!r})" for s in without[:6])
            more = f" and {len(without) - 6} more" if len(without) > 6 else ""
            yield ctx.about("process", pr, f"process {pr.id!r} names accountables for some "
                            f"steps but not for {named}{more}: name one for each", "steps",
                            units=[s.unit for s in without])


@rule("A003", "accountable-overloaded", Severity.WARNING)
def accountable_overloaded(ctx: Context) -> Iterator[Finding]:
    """One person is accountable in too many processes.

    What it checks: for each person, the distinct processes in which they are the
    `accountable` of a step, at most `max-accountable-processes` (default 5).

    Why it matters: accountability spread too thin is accountability in name only; the
    person cannot answer for so many results.

    Example (fails, with max-accountable-processes 1):
        people: [{id: anna, unit: sales}]
        processes: [{id: order, steps: [{unit: sales, accountable: anna}]},
                    {id: quote, steps: [{unit: sales, accountable: anna}]}]

    Example (passes, with max-accountable-processes 2):
        people: [{id: anna, unit: sales}]
        processes: [{id: order, steps: [{unit: sales, accountable: anna}]},
                    {id: quote, steps: [{unit: sales, accountable: anna}]}]

    How to fix: share the accountability with other people who lead the units doing the
    work.
    """
    limit = ctx.t.max_accountable_processes
    of: dict[str, list[str]] = {}
    for pr in ctx.org.processes:
        for named in dict.fromkeys(s.accountable for s in pr.steps if s.accountable):
            of.setdefault(named, []).append(pr.id)
    for person in ctx.org.people:
        processes = of.get(person.id, [])
        if len(processes) > limit:
            yield ctx.about("person", person, f"person {person.id!r} is accountable in "
                            f"{len(processes)} processes ({listing(processes)}; at most "
                            f"{limit}): share the accountability")
