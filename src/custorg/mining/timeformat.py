"""`--timestamp-format` and `--dayfirst`: timestamps written another way than ISO 8601.

A format (strftime directives, docs/mining.md) is compiled once into a regular expression
that Python's `re` and DuckDB's RE2 read the same way, and a list of the parts its groups
hold; the python engine turns a match into an instant here (`instant`), the duckdb
engine with the same arithmetic in SQL (`duckengine`). So both engines accept exactly
the same strings for a format. A text that the format does not read is then tried as
ISO 8601 (`events.parse_timestamp`): a spreadsheet's date cells, or a log that mixes
both, are read too; an ISO text has one meaning whatever the format.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from ..errors import UsageError

MONTHS = "janfebmaraprmayjunjulaugsepoctnovdec"  # %b: English abbreviations only
_ONE_OR_TWO = "([0-9]{1,2})"
# directive -> (part name, the group that reads it)
DIRECTIVES = {
    "Y": ("y", "([0-9]{4})"),
    "y": ("yy", "([0-9]{2})"),
    "m": ("mo", _ONE_OR_TWO),
    "b": ("b", "((?i:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec))"),
    "d": ("d", _ONE_OR_TWO),
    "H": ("h", _ONE_OR_TWO),
    "I": ("i", _ONE_OR_TWO),
    "p": ("p", "((?i:am|pm))"),
    "M": ("mi", _ONE_OR_TWO),
    "S": ("s", _ONE_OR_TWO),
    "f": ("f", "([0-9]{1,9})"),
    "z": ("o", "(Z|z|[+-][0-9]{2}(?::?[0-9]{2})?| ?UTC)"),
}
DIRECTIVE_LIST = " ".join(f"%{d}" for d in DIRECTIVES)
# --dayfirst: day, month, year with / or . (a time optional: the date alone is midnight)
DAYFIRST = ("%d/%m/%Y[ %H:%M[:%S]]", "%d.%m.%Y[ %H:%M[:%S]]")
_UTC_TAIL = "(?: ?UTC|Z)?"  # a trailing ` UTC` or `Z` is read as UTC (formats without %z)
_EPOCH = date(1970, 1, 1).toordinal()
_US_PER_DAY = 86_400_000_000


@dataclass(frozen=True)
class Alternative:
    """One format: the full-match pattern and the part each of its groups holds."""

    pattern: str
    parts: tuple[str, ...]


@dataclass(frozen=True)
class TimestampFormat:
    """What `--timestamp-format` or `--dayfirst` gave: one or more formats, tried in order."""

    label: str  # as the user wrote it (for messages)
    alternatives: tuple[Alternative, ...]


def compile_format(text: str, option: str = "--timestamp-format") -> Alternative:
    """The pattern of one format; a UsageError (exit 2) for a directive not in
    DIRECTIVES, one used twice, an unbalanced `[`, or a format without a date."""
    out: list[str] = []
    parts: list[str] = []
    depth, i = 0, 0
    while i < len(text):
        ch = text[i]
        if ch == "%":
            directive = text[i + 1: i + 2]
            if directive == "%":
                out.append("%")
            elif directive in DIRECTIVES:
                part, group = DIRECTIVES[directive]
                if part in parts:
                    raise UsageError(f"{option} {text!r}: %{directive} is given twice")
                parts.append(part)
                out.append(group)
            else:
                raise UsageError(f"{option} {text!r}: %{directive} is not a directive "
                                 f"custorg reads; use {DIRECTIVE_LIST} ([...] marks an "
                                 "optional part)")
            i += 2
            continue
        if ch == "[":
            depth += 1
            out.append("(?:")
        elif ch == "]":
            depth -= 1
            if depth < 0:
                raise UsageError(f"{option} {text!r}: a ']' without its '['")
            out.append(")?")
        else:
            out.append(re.escape(ch))
        i += 1
    if depth:
        raise UsageError(f"{option} {text!r}: a '[' without its ']'")
    if not ({"y", "yy"} & set(parts) and {"mo", "b"} & set(parts) and "d" in parts):
        raise UsageError(f"{option} {text!r}: a format needs a date: %Y or %y, %m or %b, "
                         "and %d")
    tail = " *" if "o" in parts else _UTC_TAIL + " *"
    return Alternative(" *" + "".join(out) + tail, tuple(parts))


def timestamp_format(given: str | None, dayfirst: bool) -> TimestampFormat | None:
    """The format of the options (None: ISO 8601 only)."""
    if given is not None and dayfirst:
        raise UsageError("--timestamp-format and --dayfirst: give one of them (--dayfirst "
                         f"is {' or '.join(repr(f) for f in DAYFIRST)})")
    if dayfirst:
        return TimestampFormat("--dayfirst", tuple(compile_format(f, "--dayfirst")
                                                   for f in DAYFIRST))
    if given is None:
        return None
    return TimestampFormat(given, (compile_format(given),))


class Reader:
    """parse(text) -> the instant in microseconds since 1970 UTC, or None: the format's
    alternatives in order, then ISO 8601 (`fallback`)."""

    def __init__(self, fmt: TimestampFormat, fallback: object) -> None:
        self.alternatives = [(re.compile(a.pattern), a.parts) for a in fmt.alternatives]
        self.fallback = fallback

    def __call__(self, text: str) -> int | None:
        for regex, parts in self.alternatives:
            m = regex.fullmatch(text)
            if m is not None:
                value = instant(dict(zip(parts, m.groups(), strict=True)))
                if value is not None:
                    return value
        return self.fallback(text)  # type: ignore[operator, no-any-return]


def year_of(found: dict[str, str | None]) -> int | None:
    """%Y, or %y as POSIX reads it: 69-99 are 1969-1999, 00-68 are 2000-2068."""
    if found.get("y"):
        return int(found["y"])  # type: ignore[arg-type]
    if found.get("yy"):
        yy = int(found["yy"])  # type: ignore[arg-type]
        return 1900 + yy if yy >= 69 else 2000 + yy
    return None


def hour_of(found: dict[str, str | None]) -> int | None:
    """%H (0-23), or %I (1-12) with %p (AM when absent); None when out of range."""
    if found.get("i"):
        twelve = int(found["i"])  # type: ignore[arg-type]
        if not 1 <= twelve <= 12:
            return None
        return twelve % 12 + (12 if (found.get("p") or "").lower() == "pm" else 0)
    hour = int(found.get("h") or 0)
    return hour if hour <= 23 else None


def instant(found: dict[str, str | None]) -> int | None:
    """The instant of a format's match (its parts by name); None for a date that does
    not exist or a field out of range. Absent time fields are 0, no offset is UTC."""

    year = year_of(found)
    month = (MONTHS.index(found["b"].lower()) // 3 + 1 if found.get("b")  # type: ignore[union-attr]
             else int(found.get("mo") or 0))
    hour = hour_of(found)
    minute, second = int(found.get("mi") or 0), int(found.get("s") or 0)
    offset = offset_minutes(found.get("o"))
    if year is None or hour is None or offset is None or minute > 59 or second > 59:
        return None
    try:
        day = date(year, month, int(found.get("d") or 0)).toordinal() - _EPOCH
    except ValueError:
        return None
    frac = found.get("f")
    micro = int(frac[:6].ljust(6, "0")) if frac else 0
    return day * _US_PER_DAY + ((hour * 60 + minute - offset) * 60 + second) * 1_000_000 + micro


def offset_minutes(offset: str | None) -> int | None:
    """Minutes east of UTC: none, `Z` and ` UTC` are 0; ±HH, ±HHMM, ±HH:MM (HH <= 23,
    MM <= 59, else None)."""
    if not offset or offset in "Zz" or offset.lstrip(" ") == "UTC":
        return 0
    digits = offset[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:] or 0)
    if hours > 23 or minutes > 59:
        return None
    sign = -1 if offset[0] == "-" else 1
    return sign * (hours * 60 + minutes)
