"""I: interfaces between units (internal supplier-customer relations)."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding, Severity
from .base import Context, rule


@rule("I001", "undeclared-interface", Severity.WARNING)
def undeclared_interface(ctx: Context) -> Iterator[Finding]:
    """Work is handed between two units that no interface connects.

    What it checks: for every handoff between units A and B in a process, an interface
    joins A and B (in either direction: an interface covers both). One finding per unit
    pair, at the first step where the handoff happens, naming every process that has it.

    Why it matters: every unavoidable interface needs a described coordination procedure
    and a responsible person; an undeclared one is coordinated by chance.

    Example (fails):
        processes: [{id: order, steps: [sales, logistics]}]
        interfaces: []

    Example (passes):
        interfaces:
          - {from: sales, to: logistics, provides: orders, coordination: "daily call",
             responsible: anna, feedback: true}

    How to fix: declare the interface with its coordination and responsible person, or
    remove the handoff.
    """
    for found in ctx.analysis.undeclared.values():
        process, index, a, b = found.process, found.step, found.a, found.b
        vol = found.volume
        vol_text = int(vol) if float(vol).is_integer() else vol
        yield ctx.finding("process", process.id, process.src.at("steps", index + 1),
                          f"handoff {a!r} -> {b!r} (in {', '.join(map(repr, found.processes))}; "
                          f"volume {vol_text}) has no interface: declare it with a "
                          "coordination procedure and a responsible person", units=(a, b))


@rule("I002", "interface-without-coordination", Severity.WARNING)
def without_coordination(ctx: Context) -> Iterator[Finding]:
    """An interface has no described coordination procedure.

    What it checks: every interface has a `coordination` with text (spaces alone are no
    procedure).

    Why it matters: an unavoidable interface needs an agreed way of working together
    (a meeting, a hand-over checklist, a shared queue), written down.

    Example (fails):
        interfaces: [{from: sales, to: logistics, responsible: anna}]

    Example (passes):
        interfaces: [{from: sales, to: logistics, responsible: anna,
                      coordination: "order form v3, daily 9:00 stand-up"}]

    How to fix: describe the coordination procedure in `coordination`.
    """
    for itf in ctx.org.interfaces:
        if not itf.coordinated:
            yield ctx.about("interface", itf, f"interface {itf.source!r} -> {itf.target!r} "
                            "has no coordination procedure: describe how the two units "
                            "coordinate", units=(itf.source, itf.target))


@rule("I003", "interface-without-responsible", Severity.WARNING)
def without_responsible(ctx: Context) -> Iterator[Finding]:
    """An interface has no responsible person.

    What it checks: every interface names a `responsible` person.

    Why it matters: when the hand-over fails, someone must be answerable for fixing it.

    Example (fails):
        interfaces: [{from: sales, to: logistics, coordination: "order form"}]

    Example (passes):
        interfaces: [{from: sales, to: logistics, coordination: "order form",
                      responsible: anna}]

    How to fix: name the person in `responsible`.
    """
    for itf in ctx.org.interfaces:
        if not itf.responsible:
            yield ctx.about("interface", itf, f"interface {itf.source!r} -> {itf.target!r} "
                            "has no responsible person: name who answers for it",
                            units=(itf.source, itf.target))


@rule("I004", "interface-without-feedback", Severity.INFO)
def without_feedback(ctx: Context) -> Iterator[Finding]:
    """An interface has no feedback loop from the internal customer.

    What it checks: every interface has `feedback: true`.

    Why it matters: departments act as internal supplier and customer of each other; the
    receiving unit's regular feedback closes the loop, as the external customer's does.

    Example (fails):
        interfaces: [{from: bakery, to: shops}]

    Example (passes):
        interfaces: [{from: bakery, to: shops, feedback: true}]

    How to fix: agree on regular feedback from `to` to `from` and set `feedback: true`.
    """
    for itf in ctx.org.interfaces:
        if not itf.feedback:
            yield ctx.about("interface", itf, f"interface {itf.source!r} -> {itf.target!r} "
                            f"has no feedback loop: let {itf.target!r} give regular feedback "
                            "to its internal supplier", units=(itf.source, itf.target))
