"""What every reader and engine of `custorg mine` shares: the columns, the reasons an event
is skipped, the one timestamp grammar, and the error a malformed log raises.

The timestamp grammar is written once here as a regular expression that Python's `re` and
DuckDB's RE2 read the same way, and both engines turn the matched parts into an instant
with the same integer arithmetic, so they agree on every input (docs/mining.md, "From
events to cases").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol

from ..errors import CustorgError
from ..limits import too_large
from .timeformat import Reader, TimestampFormat, offset_minutes

Progress = Callable[[int, "int | None"], None]
# what a reader hands the engine: an event as written (unit, timestamp, activity), and a
# case's consecutive events (an XES trace, a CSV's run of rows) with the case as written
# (unit, timestamp, activity, lifecycle:transition, resource: None unless asked for)
RawEvent = tuple["str | None", "str | None", "str | None", "str | None", "str | None"]
RawCase = tuple["str | None", list[RawEvent]]

SKIP_REASONS = ("missing-unit", "missing-case", "bad-timestamp")
EMPTY_TRACE = "empty-trace"  # an XES trace without events: counted, no events to skip
PROGRESS_EVERY = 1 << 16  # events between two progress callbacks

# ISO 8601: date, optional time (T or space), optional fraction, optional offset
_FRACTION = r"(?:[.,]([0-9]{1,9}))?"
_OFFSET = r"(Z|z|[+-][0-9]{2}(?::?[0-9]{2})?| ?UTC)? *"  # a trailing ` UTC` is UTC
TIMESTAMP_PATTERN = (r" *([0-9]{4})-([0-9]{2})-([0-9]{2})"
                     r"(?:[T ]([0-9]{2}):([0-9]{2})(?::([0-9]{2})" + _FRACTION + r")?)?"
                     + _OFFSET)
# the common shape, a subset of the grammar whose every field is in range (a date may
# still not exist): DuckDB casts these natively, the rest goes through the pattern above
FAST_TIMESTAMP_PATTERN = (
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}[T ](?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]"
    r"(?:\.[0-9]{1,6})?(?:Z|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9])?"
)
_TIMESTAMP = re.compile(TIMESTAMP_PATTERN)
_DAYS: dict[str, int | None] = {}  # "YYYY-MM-DD" -> days since 1970-01-01 (None: no day)
_OFFSETS: dict[str | None, int | None] = {}  # offset text -> minutes east (None: invalid)
_EPOCH = date(1970, 1, 1).toordinal()
_US_PER_DAY = 86_400_000_000


class EvidenceSink(Protocol):
    """What an engine feeds the evidence tables (docs/evidence.md) to: the evidence
    package's `Tables`. Mining knows no more of it than these calls."""

    def add_case(self, events: Sequence[tuple[int, str, str | None, str | None]],
                 seq: int | None = None) -> None:
        """The python engine: one case's usable events in docs/mining.md order, units
        mapped: (timestamp µs, unit, activity or None, resource or None); `seq`: the
        case's first input position."""

    def restart(self) -> None:
        """The python engine reads the log again (not grouped by case): forget the cases."""

    def from_sql(self, con: Any, mapping: Mapping[str, str]) -> None:
        """The duckdb engine, once mined: the tables from its table `raw` (case_id, unit,
        ts, seq, activity, resource, reason; usable events have reason 0); `mapping`:
        each raw unit value -> its unit (itself without --org)."""

    def from_spark(self, runner: Any, events: str, cases: str, top_paths: str) -> None:
        """The spark engine, once mined: the tables from its relations `events` (mapped
        units), `cases` (case paths) and `top_paths`, through its `runner`."""


class LogError(CustorgError):
    """The log cannot be read: the message names the file and the line, row or byte."""


@dataclass(frozen=True)
class Columns:
    """Column (CSV, Parquet) or attribute (XES) names; `explicit` holds the options the
    user gave, so a missing default activity column is not an error."""

    case: str = "case:concept:name"
    unit: str = "org:group"
    timestamp: str = "time:timestamp"
    activity: str = "concept:name"
    activity_explicit: bool = False
    # how values are read (not column names, but every reader and engine needs them)
    timestamp_format: TimestampFormat | None = None  # --timestamp-format / --dayfirst
    lifecycle: str | None = None  # --lifecycle: keep events of this transition only
    sheet: str | None = None  # --sheet of a spreadsheet log
    # --resource (docs/evidence.md): None reads no resource (--no-evidence); a name the
    # log lacks is an error only when given (`resource_explicit`), else no resource
    resource: str | None = None
    resource_explicit: bool = False


LIFECYCLE = "lifecycle:transition"  # the column (XES: attribute) --lifecycle reads
RESOURCE = "org:resource"  # the default --resource column (XES: attribute)
# what str.strip() removes: values are trimmed of it (docs/mining.md), by DuckDB's trim too
WHITESPACE = "".join(chr(c) for c in range(0x110000) if chr(c).isspace())


def timestamp_parser(columns: Columns) -> Callable[[str], int | None]:
    """The parse of every engine: ISO 8601, or the options' format then ISO 8601."""
    if columns.timestamp_format is None:
        return parse_timestamp
    return Reader(columns.timestamp_format, parse_timestamp)


def keeps(lifecycle: str | None, wanted: str | None) -> bool:
    """--lifecycle: an event is kept when no VALUE is wanted, when it has no transition,
    or when its transition equals VALUE (trimmed, case-insensitive)."""
    if wanted is None or lifecycle is None:
        return True
    value = lifecycle.strip()
    return not value or value.lower() == wanted.lower()


def parse_timestamp(text: str) -> int | None:
    """The instant as microseconds since 1970-01-01 UTC; None when `text` is not a
    timestamp. Without an offset the time is UTC; fractions beyond microseconds are cut.

    The common shape, `YYYY-MM-DD?HH:MM:SS` then a tail (fraction, offset), is read in
    parts: the date and the tail from tables of those seen (a log repeats them), hour,
    minute and second from tables of the valid two-digit numbers. A text of that shape
    matches the grammar exactly when each part does, and the instant is the arithmetic
    of `_parse` (tested on generated texts)."""
    if len(text) > 18 and text[4] == "-" and text[13] == ":" and text[16] == ":" and (
            text[10] == "T" or text[10] == " "):
        day = _DATES.get(text[:10], -1)
        if day == -1:
            day = _remember(_DATES, text[:10], _parse(text[:10]))
        tail = text[19:]
        after = _TAILS.get(tail, -1)
        if after == -1:
            after = _remember(_TAILS, tail, _tail(tail))
        hour, minute, second = (_HOURS.get(text[11:13]), _SIXTY.get(text[14:16]),
                                _SIXTY.get(text[17:19]))
        if day is None or after is None or hour is None or minute is None or second is None:
            return None
        return day + ((hour * 60 + minute) * 60 + second) * 1_000_000 + after
    return _parse(text)


_DATES: dict[str, int | None] = {}  # "YYYY-MM-DD" -> its instant (None: no such day)
_TAILS: dict[str, int | None] = {}  # text after the seconds -> microseconds to add
_REMEMBERED = 1 << 17  # entries per table: a bounded memory whatever the log
_HOURS = {f"{n:02d}": n for n in range(24)}
_SIXTY = {f"{n:02d}": n for n in range(60)}


def _remember(table: dict[str, int | None], key: str, value: int | None) -> int | None:
    if len(table) < _REMEMBERED:
        table[key] = value
    return value


_TAIL = re.compile(_FRACTION + _OFFSET)


def _tail(tail: str) -> int | None:
    """Fraction and offset after the seconds, as microseconds to add (None: invalid)."""
    m = _TAIL.fullmatch(tail)
    if m is None:
        return None
    frac, offset = m.groups()
    off = _offset(offset)
    return None if off is None else _micro(frac) - off * 60_000_000


def _parse(text: str) -> int | None:
    """parse_timestamp by the grammar, field by field."""
    m = _TIMESTAMP.fullmatch(text)
    if m is None:
        return None
    year, month, day, hour, minute, second, frac, offset = m.groups()
    key = f"{year}-{month}-{day}"
    days = _DAYS.get(key, -1)
    if days == -1:
        days = _DAYS[key] = _days(year, month, day)
    off = _offset(offset)
    if days is None or off is None:
        return None
    h, mi, s = int(hour or 0), int(minute or 0), int(second or 0)
    if h > 23 or mi > 59 or s > 59:
        return None
    return (days * _US_PER_DAY + ((h * 60 + mi - off) * 60 + s) * 1_000_000 + _micro(frac))


def _offset(offset: str | None) -> int | None:
    """Minutes east of UTC for an offset the grammar matched (remembered: a log has few)."""
    off = _OFFSETS.get(offset, -1)
    if off == -1:
        off = _OFFSETS[offset] = offset_minutes(offset)
    return off


def _micro(frac: str | None) -> int:
    """A fraction of a second as microseconds: digits beyond the sixth are cut."""
    return int(frac[:6].ljust(6, "0")) if frac else 0


def _days(year: str, month: str, day: str) -> int | None:
    try:
        return date(int(year), int(month), int(day)).toordinal() - _EPOCH
    except ValueError:
        return None


def is_missing(value: str | None) -> bool:
    """A case or unit value is missing when absent or empty after trimming."""
    return value is None or not value.strip()


def case_too_large(path: object, case: str, limit: int) -> str:
    """The message for a case with more events than `[limits] case-events`."""
    return f"{path}: " + too_large(f"case {case!r}", "case-events", limit)
