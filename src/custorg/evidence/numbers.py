"""How evidence numbers are written (docs/evidence.md): seconds with 3 decimals, shares,
betweenness and modularity with 4, rounded half to even. Durations and shares are rounded
from their exact values (integers and fractions), so every engine writes the same digits."""

from __future__ import annotations

from fractions import Fraction

US_PER_SECOND = 1_000_000


def seconds(us: int | Fraction) -> float:
    """Microseconds (or an exact mean of them) as seconds, 3 decimals, half to even."""
    return round(Fraction(us) / 1000) / 1000


def share(part: int, whole: int) -> float | None:
    """part / whole with 4 decimals, half to even; None when whole is 0."""
    if whole == 0:
        return None
    return float(round(Fraction(part, whole), 4))


def four(value: float | None) -> float | None:
    """A float figure (betweenness, modularity) with 4 decimals, as Python's `round`."""
    return None if value is None else round(value, 4) + 0.0  # + 0.0: no -0.0


def hours(us: int) -> float:
    """Microseconds as hours, for messages (1 decimal)."""
    return round(us / (3600 * US_PER_SECOND), 1)
