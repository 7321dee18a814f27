"""Five maturity levels of customer orientation (docs/metrics.md, "Maturity")."""

from __future__ import annotations

from dataclasses import dataclass

from ..orgfile.model import Org

# (level, criterion) in the order they are checked
CRITERIA = (
    (2, "someone is responsible: a customer stakeholder has an owner, or a "
        "customer-experience unit exists"),
    (3, "every strategic process has a senior owner (no P001/P002)"),
    (3, "a goal exists for a customer stakeholder"),
    (4, "at least one customer KPI"),
    (4, "every customer KPI has an owner and a target"),
    (5, "every interface has coordination, a responsible person and feedback"),
    (5, "every customer need has one point of contact (no C002)"),
)
LEVEL_NAMES = {1: "low", 2: "someone responsible", 3: "customer strategy leads",
               4: "measured", 5: "closed loops"}


@dataclass(frozen=True)
class Maturity:
    level: int
    met: tuple[str, ...]
    next: str | None

    def as_dict(self) -> dict[str, object]:
        return {"level": self.level, "name": LEVEL_NAMES[self.level], "met": list(self.met),
                "next": self.next}


def maturity(org: Org, functions: dict[str, str | None], owner_problems: int,
             ambiguous_needs: int) -> Maturity:
    customers = org.customer_stakeholders()
    customer_ids = {s.id for s in customers}
    customer_kpis = [k for k in org.kpis if k.is_customer]
    checks = (
        any(s.owner for s in customers) or "customer-experience" in functions.values(),
        owner_problems == 0,
        any(g.stakeholder in customer_ids for g in org.goals),
        bool(customer_kpis),
        all(k.owner and k.target is not None and k.target != "" for k in customer_kpis),
        all(i.agreed and i.feedback for i in org.interfaces),
        ambiguous_needs == 0,
    )
    level, failed_at = 5, None
    for (crit_level, _), ok in zip(CRITERIA, checks, strict=True):
        if not ok and failed_at is None:
            failed_at = crit_level
    if failed_at is not None:
        level = failed_at - 1
    # the criteria of the levels reached (all met by definition), then the first unmet one
    met = tuple(text for (crit_level, text) in CRITERIA if crit_level <= level)
    unmet = [text for (_, text), ok in zip(CRITERIA, checks, strict=True) if not ok]
    return Maturity(level, met, unmet[0] if unmet else None)
