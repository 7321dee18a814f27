"""Writes the rule table of README.md ("What it reports") from the rule registry. Run
after adding a rule or changing a rule's name, severity or summary line (a test checks
that the README's table is current)."""

from __future__ import annotations

import sys
from pathlib import Path

from custorg.formatters.ruledoc import table
from custorg.rules import documented

README = Path(__file__).resolve().parent.parent / "README.md"
HEADER = "| code | rule | severity | what |"


def replace_table(text: str, new: str) -> str:
    """`text` with the Markdown table that starts at HEADER replaced by `new`."""
    lines = text.splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line.rstrip("\n") == HEADER)
    end = start
    while end < len(lines) and lines[end].startswith("|"):
        end += 1
    return "".join(lines[:start]) + new + "".join(lines[end:])


def main() -> int:
    text = README.read_text(encoding="utf-8")
    updated = replace_table(text, table(documented()))
    if updated != text:
        README.write_text(updated, encoding="utf-8")
        print(f"updated {README}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
