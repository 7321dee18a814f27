"""Waits between two events (docs/evidence.md, figure 1): plain elapsed time, or only the
time inside business hours (`--business-hours HH:MM-HH:MM`, Monday to Friday, no
holidays, in `--tz ZONE`). Defined once here; the duckdb engine's SQL is held equal to
`wait_us` by a property test.

Timestamps are integer microseconds since 1970-01-01 UTC. A business-hours wait counts the
real elapsed microseconds inside each local window [start, end) of a weekday: the window's
bounds are local wall-clock times turned into instants in the zone, so a day on which the
clocks change has a window one hour shorter or longer when the change falls inside it. A
bound that does not exist that day (in the gap of a spring change) or exists twice (in
the fall) is read with `fold=0` (Python's rule: the offset before the change)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ..errors import UsageError

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
ONE_US = timedelta(microseconds=1)
_HOURS = re.compile(r"([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-3]|24):([0-5]\d)")


@dataclass(frozen=True)
class BusinessHours:
    """The working window of a weekday, in a zone."""

    start: time
    end: time  # time.max stands for 24:00
    zone: ZoneInfo

    @property
    def text(self) -> str:
        end = "24:00" if self.end == time.max else self.end.strftime("%H:%M")
        return f"{self.start.strftime('%H:%M')}-{end} {self.zone.key}"


def parse_hours(value: str, tz: str = "UTC") -> BusinessHours:
    """`--business-hours HH:MM-HH:MM` and `--tz ZONE` (an IANA name); UsageError (exit 2)
    for a malformed window, start >= end or an unknown zone."""
    match = _HOURS.fullmatch(value.strip())
    if match is None:
        raise UsageError(f"--business-hours {value!r}: use HH:MM-HH:MM, such as 09:00-17:00")
    h1, m1, h2, m2 = (int(g) for g in match.groups())
    if h2 == 24 and m2 != 0:
        raise UsageError(f"--business-hours {value!r}: the day ends at 24:00")
    start = time(h1, m1)
    end = time.max if h2 == 24 else time(h2, m2)
    if start >= end:
        raise UsageError(f"--business-hours {value!r}: the start must come before the end "
                         "(a window over midnight is not supported)")
    try:
        zone = ZoneInfo(tz.strip())
    except (ZoneInfoNotFoundError, ValueError):
        raise UsageError(f"--tz {tz!r}: not an IANA time zone name, such as Europe/Paris "
                         "or UTC") from None
    return BusinessHours(start, end, zone)


def to_us(moment: datetime) -> int:
    """An aware datetime as integer microseconds since the epoch (exact)."""
    return (moment - EPOCH) // ONE_US


def _bound(day: date, at: time, zone: ZoneInfo) -> int:
    if at == time.max:  # 24:00: midnight of the next day
        return to_us(datetime.combine(day + timedelta(days=1), time(0), tzinfo=zone))
    return to_us(datetime.combine(day, at, tzinfo=zone))


def windows(start_us: int, end_us: int, hours: BusinessHours) -> Iterator[tuple[int, int]]:
    """The business-hours windows [low, high) (instants, µs) that can meet the span from
    `start_us` to `end_us`: those of the weekdays from the day before the start's local
    date to the end's, empty ones left out; in time order, disjoint."""
    zone = hours.zone
    first = (EPOCH + start_us * ONE_US).astimezone(zone).date()
    last = (EPOCH + end_us * ONE_US).astimezone(zone).date()
    day = first - timedelta(days=1)  # a window of the day before cannot reach past 24:00,
    while day <= last:               # but the local date of an instant may lag its window
        if day.weekday() < 5:
            low, high = _bound(day, hours.start, zone), _bound(day, hours.end, zone)
            if high > low:
                yield low, high
        day += timedelta(days=1)


def wait_us(start_us: int, end_us: int, hours: BusinessHours | None = None) -> int:
    """The wait from `start_us` to `end_us`: all of it without `hours`, else the
    microseconds inside the business-hours windows of the weekdays in between. Never
    negative (an end before the start waits 0)."""
    if end_us <= start_us:
        return 0
    if hours is None:
        return end_us - start_us
    return sum(max(min(end_us, high) - max(start_us, low), 0)
               for low, high in windows(start_us, end_us, hours))
