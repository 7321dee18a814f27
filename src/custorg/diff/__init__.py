"""`custorg diff`: an as-is org against a to-be org.

`compare(as_is_report, to_be_report) -> Comparison` (pure data, compare.py); formatters
`text`, `json` and `markdown` turn a Comparison into a string.
"""

from __future__ import annotations

from .compare import Change, Comparison, UnitChanges, compare, match_findings

__all__ = ["Change", "Comparison", "UnitChanges", "compare", "match_findings"]
