"""A rule's docstring (What it checks / Why it matters / Example / How to fix) as
paragraphs, Markdown and a short description: shared by `custorg explain` and SARIF; and
docs/rules.md (its table and every rule's section), made from the registry
(`python tools/rule_table.py`)."""

from __future__ import annotations

import re
import textwrap
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..rules.base import Rule

LABEL = re.compile(r"^(What it checks|Why it matters|Example(?: \([^)]*\))?|How to fix):\s*")


@dataclass(frozen=True)
class Block:
    """A paragraph of a rule's documentation: its label (or ''), its text (lines joined
    by spaces) and an example in YAML (or '')."""

    label: str
    text: str
    code: str = ""


def blocks(doc: str) -> list[Block]:
    """The paragraphs after the summary line. Lines indented by four or more spaces after
    a label are a YAML example."""
    out = []
    for para in re.split(r"\n\s*\n", doc.strip())[1:]:
        lines = para.split("\n")
        match = LABEL.match(lines[0])
        label = match.group(1) if match else ""
        first = lines[0][match.end():] if match else lines[0]
        prose = [first] if first.strip() else []
        code: list[str] = []
        for line in lines[1:]:
            if code or (line.startswith("    ") and label.startswith("Example")):
                code.append(line)
            else:
                prose.append(line.strip())
        out.append(Block(label, " ".join(p.strip() for p in prose if p.strip()),
                         textwrap.dedent("\n".join(code)).strip("\n")))
    return out


def summary(doc: str) -> str:
    return doc.strip().split("\n", 1)[0].strip()


def description(doc: str) -> str:
    """The summary, what the rule checks and why it matters, as plain text."""
    parts = [summary(doc)]
    parts += [f"{b.label}: {b.text}" for b in blocks(doc)
              if b.label in ("What it checks", "Why it matters")]
    return "\n\n".join(parts)


def markdown(doc: str) -> str:
    """The whole documentation as Markdown, examples in ```yaml fences."""
    parts = [summary(doc)]
    for block in blocks(doc):
        head = f"**{block.label}:** " if block.label else ""
        if block.text or head:
            parts.append((head + block.text).rstrip())
        if block.code:
            parts.append(f"```yaml\n{block.code}\n```")
    return "\n\n".join(parts) + "\n"


def table(rules: Iterable[Rule]) -> str:
    """The rule table of README.md ("What it reports") as Markdown, one row per rule in
    the order given: code, name, default severity, summary."""
    rows = ["| code | rule | severity | what |", "|---|---|---|---|"]
    rows += [f"| {r.code} | {r.name} | {r.severity} | {r.summary} |" for r in rules]
    return "\n".join(rows) + "\n"
