"""C: the customer in the organisation: ownership, contact points, KPIs, layers."""

from __future__ import annotations

from collections.abc import Iterator
from operator import attrgetter

from ..analysis import ambiguous_needs
from ..analysis.structure import on_board
from ..findings import Finding, Severity
from .base import Context, listing, rule

CUSTOMER_FUNCTIONS = ("sales", "marketing", "service")
_UNIT = attrgetter("unit")


@rule("C001", "customer-not-owned-at-board", Severity.ERROR)
def customer_not_owned(ctx: Context) -> Iterator[Finding]:
    """No board member owns the customer.

    What it checks: there is a stakeholder of kind customer, and at least one of them has
    an `owner` on the board (a person whose unit, or a unit they head, is of kind board;
    with no board unit declared, the top units are the board).

    Why it matters: the customer must appear in the organisation; a board member owns
    each stakeholder group, the customer first.

    Example (fails):
        stakeholders: [{id: clients, kind: customer}]

    Example (passes):
        units: [{id: board, kind: board, head: ceo}]
        stakeholders: [{id: clients, kind: customer, owner: ceo}]

    How to fix: add the customer stakeholder and make a board member its owner.
    """
    customers = ctx.org.customer_stakeholders()
    st = ctx.analysis.structure
    if not customers:
        yield ctx.at_org("the org has no stakeholder of kind customer: add one and give it "
                         "an owner on the board")
    elif not any(on_board(ctx.org, st, s.owner) for s in customers):
        first = customers[0]
        owner = f"its owner {first.owner!r} is not on the board" if first.owner \
            else "it has no owner"
        yield ctx.about("stakeholder", first, f"no board member owns the customer "
                        f"({first.id!r}: {owner}): make a board member its owner")


@rule("C002", "ambiguous-contact-point", Severity.WARNING)
def ambiguous_contact_point(ctx: Context) -> Iterator[Finding]:
    """One customer need is served by more than one unit.

    What it checks: contact points with the same `need` (compared without case and outer
    spaces) for the same customer stakeholder name a single unit.

    Why it matters: the customer needs one clear point of contact per need, not a chain
    of departments that send them on.

    Example (fails):
        contact_points:
          - {need: complaint, unit: call-center}
          - {need: complaint, unit: shop}

    Example (passes):
        contact_points:
          - {need: complaint, unit: call-center}
          - {need: delivery, unit: shop}

    How to fix: decide which unit owns the need; the other forwards internally.
    """
    for need, points in ambiguous_needs(ctx.org):
        units = list(dict.fromkeys(p.unit for p in points))
        yield ctx.about("contact_point", points[0], f"customer need {need!r} is served by "
                        f"{len(units)} units ({listing(units)}): give the customer one point "
                        "of contact", units=units)


@rule("C003", "customer-kpi-without-owner", Severity.WARNING)
def kpi_without_owner(ctx: Context) -> Iterator[Finding]:
    """A customer KPI has no owner.

    What it checks: every KPI of a customer kind (nps, csat, ces, churn, retention, ltv,
    repeat-purchase, complaints) has an `owner`.

    Why it matters: customer KPIs are owned by named leaders; a figure nobody owns is
    reported, not managed.

    Example (fails):
        kpis: [{id: nps, kind: nps}]

    Example (passes):
        kpis: [{id: nps, kind: nps, owner: head-of-cx, target: 40}]

    How to fix: name the leader in `owner`.
    """
    for kpi in ctx.org.kpis:
        if kpi.is_customer and not kpi.owner:
            yield ctx.about("kpi", kpi, f"customer KPI {kpi.id!r} ({kpi.kind}) has no owner: "
                            "name the leader who answers for it")


@rule("C004", "no-customer-unit", Severity.INFO)
def no_customer_unit(ctx: Context) -> Iterator[Finding]:
    """No unit works on customer experience.

    What it checks: some unit has function(u) `customer-experience` (own or inherited).

    Why it matters: a unit that speaks for the customer inside the organisation is the
    first step from a functional to a customer-oriented organisation.

    Example (fails):
        units: [{id: board}, {id: sales, parent: board, function: sales}]

    Example (passes):
        units: [{id: board}, {id: cx, parent: board, function: customer-experience}]

    How to fix: create a customer-experience unit (it may be small), or suppress at the org
    level with your reason.
    """
    if "customer-experience" not in ctx.analysis.structure.function.values():
        yield ctx.at_org("no unit has the function customer-experience: give the customer "
                         "a voice inside the organisation")


@rule("C005", "customer-functions-split", Severity.INFO)
def customer_functions_split(ctx: Context) -> Iterator[Finding]:
    """Sales, marketing and service are led separately.

    What it checks: units whose function(u) is sales, marketing or service cover 2 or
    more of these functions, and the lowest common manager of all of them is a top unit
    (or they have none: different trees).

    Why it matters: the customer sees one company; sales, marketing and service should
    be led together, below one head, not meet only at the board.

    Example (fails):
        units:
          - {id: board}
          - {id: sales, parent: board, function: sales}
          - {id: service, parent: board, function: service}

    Example (passes):
        units:
          - {id: board}
          - {id: customer-division, parent: board, kind: executive}
          - {id: sales, parent: customer-division, function: sales}
          - {id: service, parent: customer-division, function: service}

    How to fix: put the customer-facing functions under one executive.
    """
    fn = ctx.analysis.structure.function  # every unit's (a unit without one: None)
    functions = sorted(f for f in set(fn.values()) if f in CUSTOMER_FUNCTIONS)
    if len(functions) < 2:
        return
    units = (unit for unit, f in fn.items() if f in CUSTOMER_FUNCTIONS)  # read until known
    if ctx.analysis.structure.set_lcm_is_top_or_none(units):
        yield ctx.at_org(f"{listing(functions)} are led separately (their lowest common "
                         "manager is the top of the organisation): lead them together "
                         "under one head")


@rule("C006", "unit-disconnected-from-customer", Severity.WARNING)
def disconnected(ctx: Context) -> Iterator[Finding]:
    """A unit has no path to the customer.

    What it checks: the unit's customer layer is `disconnected`: no process step,
    interface, project, contact point or declaration links it to the customer, it is not
    a manager unit and has no child units. Checked only when the org has processes or
    interfaces. An org that declares no work at all (a fresh import) puts such units in
    the layer `unknown` instead, and C006 stays silent.

    Why it matters: in a customer-oriented organisation every unit knows whom it serves,
    directly or as an internal supplier.

    Example (fails):
        units: [{id: board}, {id: archive, parent: board}]
        processes: [{id: order, steps: [customer, board]}]      # archive: in nothing

    Example (passes):
        interfaces: [{from: archive, to: board, provides: contracts}]

    How to fix: add the processes or interfaces the unit works in, or declare
    `customer_contact`.
    """
    if not ctx.org.processes and not ctx.org.interfaces:
        return
    layers = ctx.analysis.layers
    for unit in ctx.org.units:
        if layers[unit.id] == "disconnected":
            yield ctx.about("unit", unit, f"unit {unit.id!r} has no path to the customer: "
                            "show whom it serves (a process step or an interface)")


@rule("C007", "no-customer-kpi", Severity.WARNING)
def no_customer_kpi(ctx: Context) -> Iterator[Finding]:
    """The org declares no customer KPI.

    What it checks: at least one KPI has a customer kind (nps, csat, ces, churn, retention,
    ltv, repeat-purchase, complaints).

    Why it matters: what is not measured from the customer's side is managed from the
    inside out.

    Example (fails):
        kpis: [{id: revenue, kind: other}]

    Example (passes):
        kpis: [{id: nps, kind: nps, owner: ceo, target: 40}]

    How to fix: add the customer KPIs you steer by, with owners and targets.
    """
    if not any(k.is_customer for k in ctx.org.kpis):
        yield ctx.at_org("the org declares no customer KPI (nps, csat, churn, ltv, ...): "
                         "measure from the customer's side")


@rule("C008", "contact-declaration-mismatch", Severity.WARNING)
def declaration_mismatch(ctx: Context) -> Iterator[Finding]:
    """A unit's declared customer contact contradicts its processes.

    What it checks: when the org has a customer step, a unit declared
    `customer_contact: none` whose evidence distance is 1 (it, or one of its teams, works
    right next to the customer), or one declared `direct` whose evidence distance is 2 or
    more. Units with no evidence at all are not flagged.

    Why it matters: the declaration is what people believe; the processes are what the
    customer experiences.

    Example (fails):
        units: [{id: billing, customer_contact: none}]
        processes: [{id: claim, steps: [customer, billing]}]

    Example (passes):
        units: [{id: billing, customer_contact: direct}]
        processes: [{id: claim, steps: [customer, billing]}]

    How to fix: correct the declaration, or the process.
    """
    customer = ctx.org.customer_steps  # Org.is_customer_step, for a process's steps at once
    has_customer_step = any(not customer.isdisjoint(map(_UNIT, p.steps))
                            for p in ctx.org.processes)
    if not has_customer_step:
        return
    evidence = ctx.analysis.evidence
    for unit in ctx.org.units:
        d = evidence.get(unit.id)
        if d is None:
            continue
        if unit.customer_contact == "none" and d == 1:
            yield ctx.about("unit", unit, f"unit {unit.id!r} is declared without customer "
                            "contact, but it works directly with the customer in its "
                            "processes: correct the declaration or the process",
                            "customer_contact")
        elif unit.customer_contact == "direct" and d >= 2:
            yield ctx.about("unit", unit, f"unit {unit.id!r} is declared in direct customer "
                            f"contact, but its processes put it {d} steps from the customer: "
                            "correct the declaration or the process", "customer_contact")


@rule("C009", "many-faces-to-customer", Severity.WARNING)
def many_faces(ctx: Context) -> Iterator[Finding]:
    """The customer deals with several units in one process.

    What it checks: contact_units (distinct units right before or after a customer step)
    of a process is at most `max-contact-units` (default 1).

    Why it matters: one face to the customer per process; the rest of the organisation
    works behind it.

    Example (fails):
        processes: [{id: order, steps: [customer, sales, customer, billing, customer]}]

    Example (passes):
        processes: [{id: order, steps: [customer, sales, billing, sales, customer]}]

    How to fix: let one unit keep the contact and coordinate the others.
    """
    for process in ctx.org.processes:
        h = ctx.analysis.handoffs[process.id]
        if h.contact_units > ctx.t.max_contact_units:
            yield ctx.about("process", process, f"in process {process.id!r} the customer "
                            f"deals with {h.contact_units} units, more than max-contact-units "
                            f"{ctx.t.max_contact_units}: give the customer one face")


@rule("C010", "stakeholder-not-owned-at-board", Severity.INFO)
def stakeholder_not_owned(ctx: Context) -> Iterator[Finding]:
    """A stakeholder group other than the customer has no owner on the board.

    What it checks: every stakeholder not of kind customer (employees, media, regulator,
    ...) has an `owner` who is on the board.

    Why it matters: a board member owns each stakeholder group, so that every group has
    one answerable voice at the top.

    Example (fails):
        stakeholders: [{id: press, kind: media}]

    Example (passes):
        units: [{id: board, kind: board, head: ceo}]
        stakeholders: [{id: press, kind: media, owner: ceo}]

    How to fix: name a board member as owner.
    """
    st = ctx.analysis.structure
    for holder in ctx.org.stakeholders:
        if holder.kind != "customer" and not on_board(ctx.org, st, holder.owner):
            why = f"its owner {holder.owner!r} is not on the board" if holder.owner \
                else "it has no owner"
            yield ctx.about("stakeholder", holder, f"stakeholder {holder.id!r} "
                            f"({holder.kind}): {why}; a board member should own it")
