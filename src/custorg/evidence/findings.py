"""Findings E001-E005 (docs/evidence.md) and T006 (docs/teams.md) from the computed
evidence, in the audit's Finding model: the rules' codes, names, severities and
documentation are the registry's (rules/evidence.py, rules/teams.py); config's
select/ignore, [severity] and thresholds apply as in audit.

Messages name units by name and id; fingerprints use ids only (`Finding.key`)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from fractions import Fraction

from ..audit.config import Config
from ..findings import Entity, Finding, Location
from ..rules import REGISTRY
from .figures import ActivityLoad
from .graphs import CROSS_ROLES, cross_count
from .model import Evidence
from .numbers import US_PER_SECOND, hours
from .service import shared_cases, unordered

TOP_SLOW = 3  # E004 reports the first three slow pairs


def _finding(code: str, kind: str, ident: str, loc: Location, message: str) -> Finding:
    rule = REGISTRY[code]
    return Finding(code, rule.name, rule.severity, message, loc, Entity(kind, ident),
                   key="")


def exact(threshold: float) -> Fraction:
    """A threshold as the decimal it was written as (0.8 is 4/5, not the binary float
    just above it), so that 4 of 5 reaches a share of 0.8."""
    return Fraction(repr(threshold))


def _percent(part: int, whole: int) -> str:
    return f"{round(Fraction(100 * part, whole))}%"


def key_person(ev: Evidence, config: Config) -> Iterator[Finding]:
    t = config.thresholds
    for load in ev.workload or []:
        if not ev.is_unit(load.unit) or load.members < 2:
            continue
        for a in load.activities:
            if a.events < t.min_events or a.top is None or a.resourced == 0:
                continue
            if Fraction(a.top_events, a.resourced) >= exact(t.key_person_share):
                yield replace(_finding(
                    "E001", "unit", a.unit, ev.location(a.unit),
                    f"In unit {ev.label(a.unit)}, {a.top!r} does "
                    f"{_percent(a.top_events, a.resourced)} of {a.activity!r} "
                    f"({a.top_events} of {a.resourced}; workload): a single point of "
                    "failure; train a second person and share the activity out"),
                    key=a.activity)


def no_owner(ev: Evidence, config: Config) -> Iterator[Finding]:
    t = config.thresholds
    doing: dict[str, list[ActivityLoad]] = {}
    for load in ev.workload or []:
        if ev.is_unit(load.unit):
            for a in load.activities:
                doing.setdefault(a.activity, []).append(a)
    for activity in sorted(doing):
        loads = doing[activity]
        done = loads[0].done
        if done < t.min_events or len(loads) < t.owner_min_units:
            continue
        best = min(loads, key=lambda a: (-a.events, a.unit))
        if Fraction(best.events, done) < exact(t.owner_share):
            yield _finding(
                "E002", "activity", activity, ev.location(),
                f"Activity {activity!r} is done by {len(loads)} units and none does "
                f"{_percent(round(t.owner_share * 100), 100)} of it (the most: "
                f"{ev.label(best.unit)}, {_percent(best.events, done)}, {best.events} of "
                f"{done} events; workload): give it an owner")


def broker(ev: Evidence, config: Config) -> Iterator[Finding]:
    if ev.brokerage is None:
        return
    t = config.thresholds
    total = sum(cross_count(roles) for roles in ev.brokerage.values())
    for unit, roles in ev.brokerage.items():
        n = cross_count(roles)
        if n and n >= t.broker_min and Fraction(n, total) >= exact(t.broker_share):
            detail = ", ".join(f"{r} {roles[r]}" for r in CROSS_ROLES if roles[r])
            yield _finding(
                "E003", "unit", unit, ev.location(unit),
                f"Unit {ev.label(unit)} brokers {n} of the {total} cross-function "
                f"two-paths ({_percent(n, total)}: {detail}; brokerage): declare the "
                "interfaces it stands for, or staff it as the broker it is")


def slow_handoff(ev: Evidence, config: Config) -> Iterator[Finding]:
    t = config.thresholds
    limit = exact(t.slow_handoff_hours) * 3600 * US_PER_SECOND
    ranked = sorted(((pair, w) for pair, w in ev.aggregates.waits.items()
                     if w.count >= t.min_handoffs and ev.is_unit(pair[0])
                     and ev.is_unit(pair[1])),
                    key=lambda item: (-item[1].total_us, item[0]))
    slow = [(pair, w) for pair, w in ranked if w.median_us >= limit][:TOP_SLOW]
    for (a, b), w in slow:
        yield _finding(
            "E004", "unit_pair", f"{a}->{b}", ev.location(a),
            f"Handoffs from {ev.label(a)} to {ev.label(b)} wait a median of "
            f"{hours(w.median_us)} hours (p90 {hours(w.p90_us)}, {w.count} handoffs, "
            f"{hours(w.total_us)} hours in all; handover time): agree a service level "
            "for this interface, or let one unit finish the work")


def work_crosses(ev: Evidence, config: Config) -> Iterator[Finding]:
    st = ev.structure
    if st is None or st.q_work is None or st.q_functions is None:
        return
    if round(st.q_work - st.q_functions, 12) < config.thresholds.structure_gap:
        return
    across = [c for c in st.communities
              if len({ev.function.get(u) for u in c} - {None}) > 1]
    named = "; ".join(", ".join(ev.label(u) for u in c) for c in across[:3])
    more = f" and {len(across) - 3} more" if len(across) > 3 else ""
    spans = f"; clusters across functions: {named}{more}" if across else ""
    yield _finding(
        "E005", "org", ev.declared.org.name if ev.declared else "", ev.org_location(),
        f"The work clusters across the functions: modularity of the observed "
        f"communities {st.q_work:.4f} against {st.q_functions:.4f} for the functions "
        f"(structure){spans}: consider cross-functional teams or declared interfaces "
        "for these clusters")


def not_self_service(ev: Evidence, config: Config) -> Iterator[Finding]:
    """T006: an x-as-a-service interface p -> c with at least `min-events` handoffs p -> c
    whose handoffs c -> p reach `xaas-return-share` of them, or whose shared cases
    ping-pong between p and c in at least `xaas-pingpong-share` of them."""
    if ev.declared is None:
        return
    t = config.thresholds
    pairs = ev.mined.pairs
    served = [i for i in ev.declared.org.interfaces
              if i.mode == "x-as-a-service" and i.source != i.target
              and pairs[i.source, i.target] >= max(t.min_events, 1)]
    both, bounced = shared_cases(ev.mined, [(i.source, i.target) for i in served])
    for itf in served:
        p, c = itf.source, itf.target
        forward, back = pairs[p, c], pairs[c, p]
        cases, pingpong = both[unordered(p, c)], bounced[unordered(p, c)]
        returns = back >= exact(t.xaas_return_share) * forward
        bouncing = cases > 0 and pingpong >= exact(t.xaas_pingpong_share) * cases
        if not (returns or bouncing):
            continue
        share = f" ({_percent(pingpong, cases)})" if cases else ""
        yield _finding(
            "T006", "interface", itf.id, itf.src.loc,
            f"The x-as-a-service interface from {ev.label(p)} to {ev.label(c)} is not "
            f"self-service: {back} handoffs back to the provider for {forward} to the "
            f"consumer ({_percent(back, forward)}), ping-pong between them in {pingpong} "
            f"of the {cases} cases with both{share} (mined handoffs): make the service "
            "consumable on its own, or declare the collaboration it is")


CHECKS = {"E001": key_person, "E002": no_owner, "E003": broker, "E004": slow_handoff,
          "E005": work_crosses, "T006": not_self_service}


def evidence_findings(ev: Evidence, config: Config) -> list[Finding]:
    """The enabled E rules' findings with the config's severities, in the audit's order
    (file, line, column, code)."""
    found: list[Finding] = []
    for code, check in CHECKS.items():
        if not config.enabled(code):
            continue
        for f in check(ev, config):
            severity = config.severity_of(code, f.severity)
            found.append(f if severity is f.severity else replace(f, severity=severity))
    return sorted(found, key=Finding.sort_key)
