"""The org folder's YAML, written by PyYAML's emitter (libyaml's when present), never by
formatting strings: any text from an export comes back from `custorg audit` as it was.

Strings that a YAML 1.2 reader would take for a number, boolean or null (custorg reads
YAML 1.2; PyYAML's resolver knows 1.1) are quoted; strings with line breaks, tabs or
other non-printable characters are double-quoted, so they are written as escapes. Lists
are emitted in chunks (for the progress callback); the result is byte for byte what one
`yaml.dump` of the whole document gives (a test checks it)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

import yaml

from .text import plain

Progress = Callable[[int, "int | None"], None]
CHUNK = 2000
_BASE: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
# YAML 1.2 core schema: null, bool, int (decimal, octal, hex), float (with .inf / .nan)
_CORE_12 = re.compile(
    r"~|null|Null|NULL|true|True|TRUE|false|False|FALSE"
    r"|[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+"
    r"|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)")


class Dumper(_BASE):  # type: ignore[misc]
    """Safe dumper with quoting for YAML 1.2 readers."""


def _represent_str(dumper: Any, value: str) -> Any:
    style = None
    if not value.isprintable():
        style = '"'
    elif _CORE_12.fullmatch(value):
        style = "'"
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


Dumper.add_representer(str, _represent_str)


def dump(data: Any) -> str:
    text: str = yaml.dump(data, Dumper=Dumper, sort_keys=False, allow_unicode=True,
                          default_flow_style=False, width=1_000_000, indent=2)
    return text


def comment(lines: list[str]) -> str:
    """`# ` lines; each line is made printable first (no line break can end the comment)."""
    return "".join(f"# {plain(line)}".rstrip() + "\n" for line in lines)


def document(head: dict[str, Any], key: str, items: list[dict[str, Any]],
             on_progress: Progress | None = None, done: int = 0,
             total: int | None = None) -> Iterator[str]:
    """`dump({**head, key: items})`, in pieces of CHUNK items."""
    first = items[:CHUNK]
    yield dump({**head, key: first})
    for start in range(CHUNK, len(items), CHUNK):
        if on_progress is not None:
            on_progress(done + start, total)
        yield dump(items[start:start + CHUNK])
