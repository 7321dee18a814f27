"""P: processes, their owners, handoffs and teams."""

from __future__ import annotations

from collections.abc import Iterator

from ..analysis import owner_problems
from ..findings import Finding, Severity
from .base import Context, listing, rule


@rule("P001", "strategic-process-without-owner", Severity.ERROR)
def strategic_without_owner(ctx: Context) -> Iterator[Finding]:
    """A strategic process has no owner.

    What it checks: every process with `strategic: true` has an `owner` (a person, or a unit
    meaning that unit's head).

    Why it matters: a strategically significant performance process crosses functions; only
    a senior process owner who controls it end to end keeps it oriented to the customer.
    Without one, every department optimises its own part.

    Example (fails):
        processes:
          - {id: order, strategic: true, steps: [customer, sales, logistics]}

    Example (passes):
        processes:
          - {id: order, strategic: true, owner: ceo, steps: [customer, sales, logistics]}

    How to fix: name a senior owner (board or division level) with the authority to change
    the process across functions.
    """
    for process, problem in owner_problems(ctx.org, ctx.analysis.structure, ctx.t):
        if problem == "missing":
            yield ctx.about("process", process, f"strategic process {process.id!r} has no "
                            "owner: name a senior process owner who controls it across "
                            "functions")


@rule("P002", "process-owner-too-junior", Severity.WARNING)
def owner_too_junior(ctx: Context) -> Iterator[Finding]:
    """A strategic process's owner sits deeper than `owner-max-depth` (default 1).

    What it checks: the depth of the owner's unit (the owner unit itself, or the owner
    person's unit: their `unit`, else the shallowest unit they head) is at most
    `owner-max-depth`. Top units have depth 0.

    Why it matters: a team lead cannot resolve conflicts between the functions a
    strategic process crosses; the owner must be senior enough to control it.

    Example (fails):
        units: [{id: board}, {id: sales, parent: board}, {id: desk, parent: sales}]
        people: [{id: tom, unit: desk}]
        processes: [{id: order, strategic: true, owner: tom}]

    Example (passes):
        units: [{id: board}, {id: sales, parent: board}, {id: desk, parent: sales}]
        processes: [{id: order, strategic: true, owner: sales}]      # depth 1

    How to fix: move ownership to a board member or division head.
    """
    for process, problem in owner_problems(ctx.org, ctx.analysis.structure, ctx.t):
        if problem == "junior":
            depth = ctx.analysis.owner_depth(process)
            yield ctx.about("process", process, f"strategic process {process.id!r} is owned "
                            f"by {process.owner!r} at depth {depth}, deeper than "
                            f"owner-max-depth {ctx.t.owner_max_depth}: give it a senior "
                            "owner", "owner", units=(process.owner or "",))


@rule("P003", "too-many-handoffs", Severity.WARNING)
def too_many_handoffs(ctx: Context) -> Iterator[Finding]:
    """A process hands work between units more times than `max-handoffs` (default 4).

    What it checks: handoffs = transitions between two consecutive steps of different
    units (the customer excluded). The message says how many cross functions (both units
    have a function, and they differ) and, when some do, how many have a unit of unknown
    function (a unit whose function is none: declare it to know).

    Why it matters: every handoff is an interface where time is lost, information drops
    and nobody owns the result; the customer waits.

    Example (fails, with max-handoffs 1):
        processes: [{id: order, steps: [customer, sales, billing, sales]}]

    Example (passes):
        processes: [{id: order, steps: [customer, sales, customer]}]

    How to fix: give one unit (or a cross-functional team) more of the process end to end.
    """
    for process in ctx.org.processes:
        h = ctx.analysis.handoffs[process.id]
        if h.handoffs > ctx.t.max_handoffs:
            # the unknown count only when there is one: the message of a process whose
            # units all have a function (and so its fingerprint) is the one 0.2.0 wrote
            unknown = (f", {h.unknown_function} with a unit of unknown function"
                       if h.unknown_function else "")
            yield ctx.about("process", process, f"process {process.id!r} has {h.handoffs} "
                            f"handoffs ({h.cross_function} across functions{unknown}), more "
                            f"than max-handoffs {ctx.t.max_handoffs}: let fewer units carry "
                            "it end to end")


@rule("P004", "ping-pong", Severity.WARNING)
def ping_pong(ctx: Context) -> Iterator[Finding]:
    """Work goes back and forth between two units (A -> B -> A).

    What it checks: steps s(i) and s(i+2) are the same unit and s(i+1) another unit, the
    customer not among them.

    Why it matters: ping-pong means the first unit could not finish the job and needed
    the second one's input: a sign of a badly cut interface.

    Example (fails):
        processes: [{id: claim, steps: [customer, service, billing, service, customer]}]

    Example (passes):
        processes: [{id: claim, steps: [customer, service, billing, customer]}]

    How to fix: give the first unit the information or authority it is missing, or move
    the task.
    """
    for process in ctx.org.processes:
        h = ctx.analysis.handoffs[process.id]
        if h.ping_pong:
            returns = [t for t in h.transitions if t.ping_pong_return]
            pairs = sorted({f"{t.b} -> {t.a} -> {t.b}" for t in returns})
            yield ctx.about("process", process, f"process {process.id!r} has ping-pong "
                            f"{h.ping_pong} time{'s' * (h.ping_pong > 1)} ({', '.join(pairs)}): "
                            "let the first unit finish the task",
                            units=[u for t in returns for u in (t.b, t.a)])


@rule("P005", "subprocess-without-team", Severity.WARNING)
def subprocess_without_team(ctx: Context) -> Iterator[Finding]:
    """A sub-process spanning functions is not run by a cross-functional team.

    What it checks: a process with a `parent` whose steps' units cover 2 or more functions
    has a `team` (a project) whose units cover every one of those functions (one member
    per function). A project's units are its `units` plus its manager's and members'.

    Why it matters: sub-processes that cross functions should be run by a project team
    with one member per function, so the interface is worked out inside the team.

    Example (fails):
        units: [{id: service, function: service}, {id: logistics, function: logistics}]
        processes:
          - {id: repair-visit, parent: repair, steps: [service, logistics]}

    Example (passes):
        units: [{id: service, function: service}, {id: logistics, function: logistics}]
        projects: [{id: repair-team, units: [service, logistics]}]
        processes:
          - {id: repair-visit, parent: repair, team: repair-team, steps: [service, logistics]}

    How to fix: set up the team and name it in `team`.
    """
    fn = ctx.analysis.structure.function
    for process in ctx.org.processes:
        if not process.parent:
            continue
        needed = [f for f in ctx.analysis.handoffs[process.id].function_names if f]
        if len(needed) < 2:
            continue
        if not process.team:
            yield ctx.about("process", process, f"sub-process {process.id!r} spans "
                            f"{listing(needed)} but has no `team`: let a project team with "
                            "one member per function run it")
            continue
        covered = {fn.get(u) for u in ctx.analysis.project_units.get(process.team, [])}
        missing = [f for f in needed if f not in covered]
        if missing:
            yield ctx.about("process", process, f"the team {process.team!r} of sub-process "
                            f"{process.id!r} has nobody from {listing(missing)}: add one "
                            "member per function", "team")


@rule("P006", "process-without-owner", Severity.INFO)
def process_without_owner(ctx: Context) -> Iterator[Finding]:
    """A (non-strategic) process has no owner.

    What it checks: processes without `strategic: true` have an `owner`.

    Why it matters: even a supporting process needs someone who answers for it end to end.

    Example (fails):
        processes: [{id: invoice-run, steps: [billing, it]}]

    Example (passes):
        processes: [{id: invoice-run, owner: head-of-billing, steps: [billing, it]}]

    How to fix: name an owner.
    """
    for process in ctx.org.processes:
        if not process.strategic and process.owner is None:
            yield ctx.about("process", process, f"process {process.id!r} has no owner: name "
                            "who answers for it end to end")
