"""T: Team Topologies (Skelton and Pais 2019): team types, interaction modes and
cognitive load (docs/teams.md). An org that declares no team type and no mode gets none
of these findings. T006 compares an interface with the traffic an event log shows:
`custorg mine --org` reports it with the evidence findings (custorg.evidence.findings),
so here it is declared with its documentation only (its examples are a CSV `log` and an
`org`, as the E rules' are)."""

from __future__ import annotations

from collections.abc import Iterator
from operator import attrgetter

from ..analysis.teams import until_date
from ..findings import Finding, Severity
from .base import Context, declare, rule

_UNIT = attrgetter("unit")


@rule("T001", "stream-aligned-without-customer", Severity.WARNING)
def stream_aligned_without_customer(ctx: Context) -> Iterator[Finding]:
    """A stream-aligned team owns no flow of value to a customer.

    What it checks: in an org where at least one process has a customer step, every unit
    with `team_type: stream-aligned` (or one of its sub-units) has a step in a process that
    has a customer step.

    Why it matters: Team Topologies aligns a stream-aligned team to one flow of work that
    ends at a customer; a stream-aligned team with no such flow is a component team by
    another name.

    Example (fails):
        units: [{id: checkout, team_type: stream-aligned}, {id: search}]
        processes: [{id: buy, steps: [customer, search]}]

    Example (passes):
        processes: [{id: buy, steps: [customer, checkout, search]}]

    How to fix: give the team the steps of a customer-facing process it owns end to end,
    or declare its real type (platform, enabling, complicated-subsystem).
    """
    org = ctx.org
    streams = [unit for unit in org.units if unit.team_type == "stream-aligned"]
    if not streams:  # most orgs declare no team type
        return
    customer = org.customer_steps  # Org.is_customer_step, for a process's steps at once
    reaching = {p.id for p in org.processes if not customer.isdisjoint(map(_UNIT, p.steps))}
    if not reaching:
        return
    processes_of = ctx.analysis.teams.processes_of
    for unit in streams:
        if not processes_of[unit.id] & reaching:
            yield ctx.about("unit", unit, f"stream-aligned unit {unit.id!r} takes part in "
                            "no process that reaches the customer: give it a flow of value "
                            "to a customer, or declare its real team type", "team_type")


@rule("T002", "collaboration-without-end", Severity.WARNING)
def collaboration_without_end(ctx: Context) -> Iterator[Finding]:
    """A collaboration has no end date, or its end date has passed.

    What it checks: every interface with `mode: collaboration` has an `until` date that is
    today or later. Today is `--today YYYY-MM-DD`, else the UTC date of
    `SOURCE_DATE_EPOCH`, else the current UTC date.

    Why it matters: collaboration is the most expensive interaction mode; Team Topologies
    keeps it short and deliberate (to discover something together), then moves to
    x-as-a-service or ends it.

    Example (fails):
        interfaces: [{from: checkout, to: payments, mode: collaboration}]

    Example (passes):
        interfaces: [{from: checkout, to: payments, mode: collaboration,
                      until: 2999-12-31}]

    How to fix: set `until` to when the collaboration is meant to end; when it has ended,
    change the mode (x-as-a-service, facilitating) or remove the interface.
    """
    for itf in ctx.org.interfaces:
        if itf.mode != "collaboration":
            continue
        end = until_date(itf)
        if end is None:
            yield ctx.about("interface", itf, f"collaboration {itf.source!r} -> "
                            f"{itf.target!r} has no `until`: say when it is meant to end",
                            "mode", units=(itf.source, itf.target))
        elif end < ctx.analysis.today:
            yield ctx.about("interface", itf, f"collaboration {itf.source!r} -> "
                            f"{itf.target!r} was meant to end on {itf.until} (today is "
                            f"{ctx.analysis.today.isoformat()}): end it, change its mode "
                            "or set a new `until`", "until", units=(itf.source, itf.target))


@rule("T003", "too-many-collaborations", Severity.WARNING)
def too_many_collaborations(ctx: Context) -> Iterator[Finding]:
    """A unit is in more active collaborations than `max-collaborations` (default 1).

    What it checks: the interfaces with `mode: collaboration` that a unit is `from` or `to`
    of and that are active (no `until`, or `until` today or later), at most
    `max-collaborations` per unit.

    Why it matters: a team can collaborate closely with one other team at a time; more
    collaborations eat its capacity to deliver (Team Topologies).

    Example (fails):
        interfaces:
          - {from: checkout, to: payments, mode: collaboration, until: 2999-12-31}
          - {from: checkout, to: search, mode: collaboration, until: 2999-12-31}

    Example (passes, with max-collaborations 2):
        interfaces:
          - {from: checkout, to: payments, mode: collaboration, until: 2999-12-31}
          - {from: checkout, to: search, mode: collaboration, until: 2999-12-31}

    How to fix: end or sequence the collaborations, or turn some into x-as-a-service.
    """
    limit = ctx.t.max_collaborations
    collaborations = ctx.analysis.teams.collaborations
    if not collaborations and limit >= 0:  # most orgs: no active collaboration
        return
    for unit in ctx.org.units:
        active = collaborations.get(unit.id, ())
        if len(active) > limit:
            others = [i.target if i.source == unit.id else i.source for i in active]
            yield ctx.about("unit", unit, f"unit {unit.id!r} is in {len(active)} active "
                            f"collaborations (with {', '.join(map(repr, others))}; at most "
                            f"{limit}): end or sequence them", units=others)


@rule("T004", "team-without-its-interaction", Severity.INFO)
def team_without_interaction(ctx: Context) -> Iterator[Finding]:
    """A platform serves no stream-aligned team, or an enabling team facilitates no one.

    What it checks: every unit with `team_type: platform` is the `from` of an
    `x-as-a-service` interface whose `to` is a stream-aligned unit; every unit with
    `team_type: enabling` is the `from` of a `facilitating` interface.

    Why it matters: a platform exists to reduce the load of stream-aligned teams through a
    service they consume; an enabling team exists to help other teams learn.

    Example (fails):
        units: [{id: cloud, team_type: platform}, {id: checkout, team_type: stream-aligned}]

    Example (passes):
        interfaces: [{from: cloud, to: checkout, mode: x-as-a-service}]

    How to fix: declare the interface the team serves through (with its mode), or its real
    team type.
    """
    org = ctx.org
    stream = {u.id for u in org.units if u.team_type == "stream-aligned"}
    serves = {i.source for i in org.interfaces
              if i.mode == "x-as-a-service" and i.target in stream}
    facilitates = {i.source for i in org.interfaces if i.mode == "facilitating"}
    for unit in org.units:
        if unit.team_type == "platform" and unit.id not in serves:
            yield ctx.about("unit", unit, f"platform unit {unit.id!r} provides no "
                            "x-as-a-service interface to a stream-aligned unit: declare "
                            "whom it serves", "team_type")
        elif unit.team_type == "enabling" and unit.id not in facilitates:
            yield ctx.about("unit", unit, f"enabling unit {unit.id!r} is the `from` of no "
                            "facilitating interface: declare which teams it helps",
                            "team_type")


@rule("T005", "team-cognitive-load", Severity.WARNING)
def team_cognitive_load(ctx: Context) -> Iterator[Finding]:
    """A team's cognitive load is above `max-team-load` (default 9).

    What it checks: for every unit with a `team_type`: the distinct processes with a step
    in the unit or its sub-units, plus the interfaces the unit is `from` or `to`, at most
    `max-team-load`.

    Why it matters: Team Topologies sizes a team's responsibilities to the cognitive load
    it can carry; a team spread over many processes and interfaces delivers none well.

    Example (fails, with max-team-load 1):
        units: [{id: checkout, team_type: stream-aligned}]
        processes: [{id: buy, steps: [customer, checkout]},
                    {id: refund, steps: [customer, checkout]}]

    Example (passes, with max-team-load 2):
        units: [{id: checkout, team_type: stream-aligned}]
        processes: [{id: buy, steps: [customer, checkout]},
                    {id: refund, steps: [customer, checkout]}]

    How to fix: split the team's responsibilities, hand some to a platform, or move
    processes to other teams.
    """
    teams = ctx.analysis.teams
    limit = ctx.t.max_team_load
    for unit in ctx.org.units:
        if not unit.team_type:
            continue
        processes = len(teams.processes_of[unit.id])
        interfaces = teams.interfaces_of[unit.id]
        if processes + interfaces > limit:
            yield ctx.about("unit", unit, f"unit {unit.id!r} carries a load of "
                            f"{processes + interfaces} ({processes} processes, {interfaces} "
                            f"interfaces; at most {limit}): split its responsibilities",
                            "team_type")


NOT_SELF_SERVICE = declare("T006", "x-as-a-service-not-self-service", Severity.WARNING, """\
    An x-as-a-service interface is not self-service: the mined work flows back.

    What it checks: in `custorg mine --org`, every interface with `mode: x-as-a-service`
    (its `from` p provides, its `to` c consumes) with at least `min-events` (default 50)
    observed handoffs p -> c in the event log, on org units. It fails when the handoffs
    c -> p are at least `xaas-return-share` (default 0.3) of the handoffs p -> c, or when
    the work ping-pongs between them (a case's path goes p, c, p or c, p, c) in at least
    `xaas-pingpong-share` (default 0.05) of the cases whose path has both units.

    Why it matters: Team Topologies means x-as-a-service to be consumed with little
    collaboration; when the consumer keeps sending work back to the provider, the
    service is not self-service and both teams pay the cost of a collaboration they did
    not declare.

    Example (fails, with min-events 2):
        log: |
          case,time,unit,activity,resource
          1,2024-03-04T09:00,platform,Provision,ann
          1,2024-03-04T10:00,rides,Deploy,bob
          1,2024-03-04T11:00,platform,Fix setup,ann
          2,2024-03-04T09:00,platform,Provision,ann
          2,2024-03-04T10:00,rides,Deploy,bob
        org:
          units:
            - {id: platform, team_type: platform}
            - {id: rides, team_type: stream-aligned}
          interfaces:
            - {from: platform, to: rides, mode: x-as-a-service}

    Example (passes, with min-events 2):
        log: |
          case,time,unit,activity,resource
          1,2024-03-04T09:00,platform,Provision,ann
          1,2024-03-04T10:00,rides,Deploy,bob
          2,2024-03-04T09:00,platform,Provision,ann
          2,2024-03-04T10:00,rides,Deploy,bob

    How to fix: make the service consumable on its own (documentation, self-service
    tooling, a clear API), or declare what the interface really is (`mode:
    collaboration` with an `until`) while the two teams work it out.
    """)
