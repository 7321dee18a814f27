"""E: evidence from an event log (docs/evidence.md). `custorg mine` reports these, not
`custorg audit`: their checks read the figures the evidence package computes from a log
(custorg.evidence.findings), so here they are declared with their documentation only.

An example is a CSV log (`log`: columns case, time, unit, activity, resource) and, when
the rule needs functions, the org the log is compared with (`org`)."""

from __future__ import annotations

from ..findings import Severity
from .base import declare

KEY_PERSON = declare("E001", "key-person", Severity.WARNING, """\
    One person does nearly all of an activity in a unit: a single point of failure.

    What it checks: for unit g and activity q with at least `min-events` (default 50)
    events, a unit with at least two members (people with an event in it), the person
    who does the largest share of g's events of q (its top contributor) against
    `key-person-share` (default 0.8). Events without a resource do not count in that share.

    Why it matters: when one person carries an activity, the unit's capacity and
    knowledge of it leave with that person (holiday, illness, resignation); customers
    wait in the meantime (Yang et al. 2021 measure who does the work of a group the
    same way).

    Example (fails, with min-events 3):
        log: |
          case,time,unit,activity,resource
          1,2024-03-04T09:00,claims,Register,bob
          1,2024-03-04T10:00,claims,Approve,ann
          2,2024-03-04T09:00,claims,Approve,ann
          3,2024-03-04T09:00,claims,Approve,ann

    Example (passes, with min-events 3):
        log: |
          case,time,unit,activity,resource
          1,2024-03-04T09:00,claims,Register,bob
          1,2024-03-04T10:00,claims,Approve,ann
          2,2024-03-04T09:00,claims,Approve,bob
          3,2024-03-04T09:00,claims,Approve,ann

    How to fix: train a second person on the activity and share it out, or document
    why one person does it (raise `key-person-share`, or suppress for the unit).
    """)

NO_OWNER = declare("E002", "activity-without-owner", Severity.WARNING, """\
    An activity is spread over many units and no unit does most of it.

    What it checks: an activity q with at least `min-events` (default 50) events, done
    by at least `owner-min-units` (default 3) units, where the largest share of q that
    one unit does (its stake) is below `owner-share` (default 0.5).

    Why it matters: work that belongs to everyone belongs to no one: nobody improves it,
    and the customer meets a different way of doing it each time.

    Example (fails, with min-events 3):
        log: |
          case,time,unit,activity,resource
          1,2024-03-04T09:00,sales,Check address,ann
          2,2024-03-04T09:00,billing,Check address,bob
          3,2024-03-04T09:00,service,Check address,eve

    Example (passes, with min-events 3):
        log: |
          case,time,unit,activity,resource
          1,2024-03-04T09:00,sales,Check address,ann
          2,2024-03-04T09:00,billing,Check address,bob
          3,2024-03-04T09:00,service,Check address,eve
          4,2024-03-04T09:00,sales,Check address,ann

    How to fix: give the activity an owner (one unit that does it, or that sets how
    everybody does it), or lower the units doing it.
    """)

BROKER = declare("E003", "broker-between-functions", Severity.WARNING, """\
    One unit brokers a large share of the work that crosses functions.

    What it checks: on the directed graph of observed handoffs between org units, the
    two-paths a -> b -> c with no handoff a -> c, and b's role in each (Gould and
    Fernandez 1989: coordinator, itinerant, representative, gatekeeper, liaison, groups
    being functions). A unit whose cross-function two-paths (representative, gatekeeper,
    liaison) are at least `broker-share` (default 0.25) of all of them, and at least
    `broker-min` (default 10). Needs `--org` with at least two functions.

    Why it matters: a broker between functions is a bottleneck and a single point of
    failure for every customer case that crosses them; it is often a unit the org chart
    does not show as central.

    Example (fails, with broker-min 1):
        log: |
          case,time,unit,activity,resource
          1,2024-03-04T09:00,shop,Order,ann
          1,2024-03-04T10:00,desk,Plan,bob
          1,2024-03-04T11:00,van,Deliver,eve
        org:
          units:
            - {id: shop, function: sales}
            - {id: desk, function: logistics}
            - {id: van, function: logistics}

    Example (passes, with broker-min 1):
        log: |
          case,time,unit,activity,resource
          1,2024-03-04T09:00,shop,Order,ann
          1,2024-03-04T10:00,desk,Plan,bob
          1,2024-03-04T11:00,van,Deliver,eve
          2,2024-03-04T09:00,shop,Order,ann
          2,2024-03-04T10:00,van,Deliver,eve

    How to fix: declare the interface the broker stands for (the units it connects then
    talk directly), or make the brokering an explicit role with enough capacity.
    """)

SLOW_HANDOFF = declare("E004", "slow-handoff", Severity.INFO, """\
    A frequent handoff keeps cases waiting a long time.

    What it checks: among the unit pairs with at least `min-handoffs` (default 50)
    handoffs, ranked by their total wait (longest first), the first three whose median
    wait is at least `slow-handoff-hours` (default 24) hours. A wait is the time from
    the last event of one unit to the first of the next in a case (with
    `--business-hours`, the working time only).

    Why it matters: the customer waits while work sits between two units; the pairs with
    the largest total wait are where shortening the wait helps most customers.

    Example (fails, with min-handoffs 1):
        log: |
          case,time,unit,activity,resource
          1,2024-03-04T09:00,shop,Order,ann
          1,2024-03-06T09:00,warehouse,Pick,bob

    Example (passes, with min-handoffs 1):
        log: |
          case,time,unit,activity,resource
          1,2024-03-04T09:00,shop,Order,ann
          1,2024-03-04T12:00,warehouse,Pick,bob

    How to fix: agree a service level on the interface between the two units, or move
    the step so the same unit finishes the work.
    """)

STRUCTURE_GAP = declare("E005", "work-crosses-functions", Severity.INFO, """\
    The work clusters across the functions rather than within them.

    What it checks: the modularity (Newman 2006) of the undirected graph of observed
    handoffs between org units, weighted by handoffs, for the partition by function and
    for the communities the Louvain method finds (Blondel et al. 2008); reported when
    the second exceeds the first by at least `structure-gap` (default 0.1). Needs `--org`
    with at least two functions.

    Why it matters: when the units that work together most sit in different functions,
    every case crosses a function boundary; the org is drawn around expertise while
    the customer's work runs across it.

    Example (fails):
        log: |
          case,time,unit,activity,resource
          1,2024-03-04T09:00,shop,Sell,ann
          1,2024-03-04T10:00,depot,Ship,bob
          2,2024-03-04T09:00,web,Sell,eve
          2,2024-03-04T10:00,hub,Ship,joe
        org:
          units:
            - {id: shop, function: sales}
            - {id: web, function: sales}
            - {id: depot, function: logistics}
            - {id: hub, function: logistics}

    Example (passes):
        log: |
          case,time,unit,activity,resource
          1,2024-03-04T09:00,shop,Sell,ann
          1,2024-03-04T10:00,web,Sell,bob
          2,2024-03-04T09:00,depot,Ship,eve
          2,2024-03-04T10:00,hub,Ship,joe

    How to fix: look at the communities the finding names: each is a candidate for a
    cross-functional team, or for an interface declared between its units.
    """)

EVIDENCE_RULES = (KEY_PERSON, NO_OWNER, BROKER, SLOW_HANDOFF, STRUCTURE_GAP)
