"""Waits in business hours (docs/evidence.md, figure 1): weekends, zones, clock changes."""

from __future__ import annotations

import random
from datetime import UTC, datetime, time, timedelta

import pytest

from custorg.errors import UsageError
from custorg.evidence import as_dict, parse_hours, wait_us
from custorg.evidence.hours import to_us
from evidence_helpers import evidence_of, us

HOUR = 3600 * 1_000_000


def test_plain_wait_is_the_difference() -> None:
    assert wait_us(us("2024-03-08T16:00"), us("2024-03-11T10:00")) == 66 * HOUR
    assert wait_us(5, 5) == 0 and wait_us(7, 5) == 0


def test_a_weekend_does_not_count() -> None:
    hours = parse_hours("09:00-17:00")
    # Friday 16:00 to Monday 10:00: an hour on Friday, an hour on Monday
    assert wait_us(us("2024-03-08T16:00"), us("2024-03-11T10:00"), hours) == 2 * HOUR
    assert wait_us(us("2024-03-09T10:00"), us("2024-03-10T12:00"), hours) == 0
    assert wait_us(us("2024-03-11T07:00"), us("2024-03-11T08:00"), hours) == 0
    assert wait_us(us("2024-03-11T00:00"), us("2024-03-12T00:00"),
                   parse_hours("00:00-24:00")) == 24 * HOUR


def test_the_windows_are_in_the_zone() -> None:
    paris = parse_hours("09:00-17:00", "Europe/Paris")
    # 09:00 in Paris is 08:00 UTC in winter: 08:00-09:00 UTC is an hour of work
    assert wait_us(us("2024-03-04T08:00"), us("2024-03-04T09:00"), paris) == HOUR
    # Friday 09:00 (+01:00) to Monday 17:00 (+02:00) over the spring change (Sunday 31 March)
    start, end = us("2024-03-29T09:00+01:00"), us("2024-04-01T17:00+02:00")
    assert wait_us(start, end, paris) == 16 * HOUR


def test_a_clock_change_inside_a_window_counts_real_time() -> None:
    # Tehran changed its clocks on a Monday (2021-03-22 00:00 -> 01:00) and on a Tuesday
    # night (2021-09-21 24:00 -> 23:00): the window is an hour shorter, then longer
    spring = parse_hours("00:00-04:00", "Asia/Tehran")
    assert wait_us(us("2021-03-21T12:00"), us("2021-03-22T12:00"), spring) == 3 * HOUR
    fall = parse_hours("20:00-24:00", "Asia/Tehran")
    assert wait_us(us("2021-09-21T12:00"), us("2021-09-21T22:00"), fall) == 5 * HOUR


def _minutes(start: datetime, end: datetime, hours_: str, zone: str) -> int:
    """The reference: every minute from start to end, counted when its local time is in
    the window of a weekday."""
    window = parse_hours(hours_, zone)
    count, at = 0, start
    while at < end:
        local = at.astimezone(window.zone)
        inside = window.start <= local.time() and (window.end == time.max
                                                   or local.time() < window.end)
        count += local.weekday() < 5 and inside
        at += timedelta(minutes=1)
    return count


@pytest.mark.parametrize("zone", ["Europe/Paris", "America/New_York", "UTC"])
def test_equals_minute_by_minute_counting_around_clock_changes(zone: str) -> None:
    rng = random.Random(zone)
    base = datetime(2024, 3, 7, tzinfo=UTC)  # the US change is 10 March, the EU's 31 March
    for _ in range(12):
        start = base + timedelta(minutes=rng.randrange(0, 60 * 24 * 28))
        end = start + timedelta(minutes=rng.randrange(0, 60 * 24 * 4))
        window = rng.choice(["09:00-17:00", "01:30-03:30", "22:00-24:00"])
        got = wait_us(to_us(start), to_us(end), parse_hours(window, zone))
        assert got == _minutes(start, end, window, zone) * 60_000_000, (start, end, window)


@pytest.mark.parametrize("value, tz, says", [
    ("17:00-09:00", "UTC", "start must come before the end"),
    ("09:00-09:00", "UTC", "start must come before the end"),
    ("9-5", "UTC", "use HH:MM-HH:MM"),
    ("09:00-24:30", "UTC", "the day ends at 24:00"),
    ("09:00-17:00", "Mars/Olympus", "not an IANA time zone"),
    ("09:00-17:00", "../etc/passwd", "not an IANA time zone"),
])
def test_bad_options_are_usage_errors(value: str, tz: str, says: str) -> None:
    with pytest.raises(UsageError, match=says):
        parse_hours(value, tz)


def test_the_tally_applies_business_hours_to_every_wait() -> None:
    log = ("case,time,unit,activity,resource\n1,2024-03-08T16:00,a,x,p\n"
           "1,2024-03-11T10:00,b,y,q\n")
    (row,) = as_dict(evidence_of(log, hours=parse_hours("09:00-17:00")))["handover_time"]
    assert row == {"from": "a", "to": "b", "count": 1, "median": 7200.0, "p90": 7200.0,
                   "mean": 7200.0, "total": 7200.0}
