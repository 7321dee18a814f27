"""The one "today" of a run (docs/teams.md): `--today YYYY-MM-DD`, else the UTC date of
`SOURCE_DATE_EPOCH` when it is set (reproducible builds and CI runs), else the current UTC
date. T002 and T003 compare collaboration `until` dates with it; `custorg diff` uses one
today for both sides."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping

from .errors import UsageError


def resolve_today(option: str | None = None,
                  environ: Mapping[str, str] | None = None) -> dt.date:
    """The date of a run; a malformed `--today` is a usage error."""
    if option is not None:
        try:
            if len(option) == 10:
                return dt.date.fromisoformat(option)
        except ValueError:
            pass
        raise UsageError(f"--today {option!r} is not a date: write YYYY-MM-DD, "
                         "e.g. --today 2025-06-30")
    epoch = (os.environ if environ is None else environ).get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():  # anything else is ignored, as the HTML report's date does
        try:
            return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date()
        except (ValueError, OverflowError, OSError):
            pass
    return dt.datetime.now(dt.timezone.utc).date()
