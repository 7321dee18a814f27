"""S: the reporting structure (spans and layers)."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding, Severity
from .base import Context, rule


@rule("S004", "wide-span", Severity.WARNING)
def wide_span(ctx: Context) -> Iterator[Finding]:
    """A unit has more child units than `max-span` (default 10).

    What it checks: span(u), the number of units whose parent is u, against `max-span`.

    Why it matters: a manager with too many direct units cannot coordinate them; work
    between them escalates or falls between the cracks.

    Example (fails, with max-span 2):
        units:
          - {id: board}
          - {id: a, parent: board}
          - {id: b, parent: board}
          - {id: c, parent: board}

    Example (passes, with max-span 2):
        units:
          - {id: board}
          - {id: front, parent: board}
          - {id: a, parent: front}
          - {id: b, parent: front}
          - {id: c, parent: board}

    How to fix: introduce an intermediate level, or raise `max-span` in custorg.toml if the
    units really are autonomous.
    """
    limit, children = ctx.t.max_span, ctx.analysis.structure.children
    wide = any(len(kids) > limit for kids in children.values())
    for unit in ctx.org.units if wide or limit < 0 else ():  # most orgs: a few wide units
        span = len(children.get(unit.id, ()))  # Structure.span
        if span > limit:
            yield ctx.about("unit", unit, f"unit {unit.id!r} has {span} child units, more "
                            f"than max-span {ctx.t.max_span}: group them under intermediate "
                            "units or let them coordinate through processes")


@rule("S005", "too-many-layers", Severity.WARNING)
def too_many_layers(ctx: Context) -> Iterator[Finding]:
    """The hierarchy has more layers than `max-layers` (default 6).

    What it checks: layers = 1 + the largest depth; reported once per org, at the deepest
    unit (the first written, when several are as deep).

    Why it matters: every layer between the customer-facing staff and the decision maker
    slows answers to customers and filters what management hears.

    Example (fails, with max-layers 2):
        units:
          - {id: board}
          - {id: division, parent: board}
          - {id: team, parent: division}

    Example (passes, with max-layers 2):
        units:
          - {id: board}
          - {id: team, parent: board}

    How to fix: flatten the structure; merge thin intermediate levels.
    """
    st = ctx.analysis.structure
    if st.layers > ctx.t.max_layers:
        depth, lowest = st.depth, st.layers - 1
        # the first unit of the deepest level (max's choice, without a key call per unit)
        deepest = next((u for u in ctx.org.units if depth[u.id] == lowest), None) \
            or max(ctx.org.units, key=lambda u: depth[u.id])
        yield ctx.about("unit", deepest, f"the hierarchy has {st.layers} layers, more than "
                        f"max-layers {ctx.t.max_layers} (deepest: {deepest.id!r}): flatten "
                        "it so the front line is closer to decisions")


@rule("S006", "narrow-span", Severity.INFO)
def narrow_span(ctx: Context) -> Iterator[Finding]:
    """A unit has exactly one child unit.

    What it checks: span(u) == 1.

    Why it matters: a level that manages a single unit adds a layer and a handoff without
    coordinating anything.

    Example (fails):
        units:
          - {id: it}
          - {id: it-ops, parent: it}

    Example (passes):
        units:
          - {id: it}
          - {id: it-ops, parent: it}
          - {id: it-dev, parent: it}

    How to fix: merge the two units, or suppress with a reason if the second team is
    planned.
    """
    single = {unit: kids[0] for unit, kids in ctx.analysis.structure.children.items()
              if len(kids) == 1}  # Structure.span 1
    for unit in ctx.org.units if single else ():
        child = single.get(unit.id)
        if child is not None:
            yield ctx.about("unit", unit, f"unit {unit.id!r} has a single child unit "
                            f"({child!r}): merge them or suppress with the reason",
                            units=(child,))
