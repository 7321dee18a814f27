"""The org folder's YAML, written by PyYAML's emitter (libyaml's when present), never by
formatting strings: any text from an export comes back from `custorg audit` as it was.

Strings that a YAML reader would take for something else are quoted: PyYAML's resolver
(YAML 1.1) decides as it does in `yaml.dump`, and on top of it the YAML 1.2 core schema
(custorg reads YAML 1.2: `0o17`, `1e3` are numbers there). Strings holding line breaks,
tabs or other non-printable characters are double-quoted, so they are written as escapes.

The entities are turned into emitter events here rather than through PyYAML's
representer and serializer, which cost ten times the emitting itself (100,000 units took
20 s); `dump` is the reference: a test checks that both give the same bytes."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

import yaml
from yaml.events import (
    DocumentEndEvent,
    DocumentStartEvent,
    Event,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
    StreamStartEvent,
)

from .names import plain

Progress = Callable[[int, "int | None"], None]
_BASE: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
OPTIONS: dict[str, Any] = {"allow_unicode": True, "width": 1_000_000, "indent": 2}
TAG = "tag:yaml.org,2002:"
# YAML 1.2 core schema: null, bool, int (decimal, octal, hex), float (with .inf / .nan)
_CORE_12 = re.compile(
    r"~|null|Null|NULL|true|True|TRUE|false|False|FALSE"
    r"|[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+"
    r"|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)")
_CORE_FIRST = frozenset("~nNtTfF-+.0123456789")
_IMPLICIT_11: dict[str, list[tuple[str, Any]]] = yaml.resolver.Resolver.yaml_implicit_resolvers


def plain_is_text(value: str) -> bool:
    """Whether `value` written without quotes reads back as this string, in YAML 1.1
    (PyYAML's implicit resolvers, as `Resolver.resolve` applies them) and 1.2 (custorg)."""
    if not value:
        return False  # an empty plain scalar is null
    first = value[0]
    for _tag, regexp in _IMPLICIT_11.get(first, ()):
        if regexp.match(value):
            return False
    return not (first in _CORE_FIRST and _CORE_12.fullmatch(value))


class Dumper(_BASE):  # type: ignore[misc]
    """Safe dumper with the quoting above (the reference for `events`)."""


def _represent_str(dumper: Any, value: str) -> Any:
    style = '"' if not value.isprintable() else None if plain_is_text(value) else "'"
    return dumper.represent_scalar(TAG + "str", value, style=style)


Dumper.add_representer(str, _represent_str)


def dump(data: Any) -> str:
    """`yaml.dump` with the options and quoting of the org files."""
    text: str = yaml.dump(data, Dumper=Dumper, sort_keys=False, default_flow_style=False,
                          **OPTIONS)
    return text


def _float_text(value: float) -> str:
    """As PyYAML's representer writes a finite float (1e-07 -> 1.0e-07)."""
    text = repr(value).lower()
    if "." not in text and "e" in text:
        text = text.replace("e", ".0e", 1)
    return text


def _scalar(value: Any) -> ScalarEvent:
    if isinstance(value, str):
        printable = value.isprintable()
        return ScalarEvent(None, TAG + "str", (printable and plain_is_text(value), True),
                           value, style=None if printable else '"')
    if isinstance(value, bool):
        return ScalarEvent(None, TAG + "bool", (True, False), "true" if value else "false")
    if isinstance(value, int):
        return ScalarEvent(None, TAG + "int", (True, False), str(value))
    if isinstance(value, float):
        return ScalarEvent(None, TAG + "float", (True, False), _float_text(value))
    raise TypeError(f"no YAML scalar for {type(value).__name__}")


_MAP_START = MappingStartEvent(None, TAG + "map", True, flow_style=False)
_SEQ_START = SequenceStartEvent(None, TAG + "seq", True, flow_style=False)
_MAP_END, _SEQ_END = MappingEndEvent(), SequenceEndEvent()
_REPEATED = frozenset({"function", "title", "kind", "unit", "parent"})


def _key(key: str, keys: dict[str, ScalarEvent]) -> ScalarEvent:
    """The event of a mapping key, made once per document and reused."""
    event = keys.get(key)
    if event is None:
        event = keys[key] = _scalar(key)
    return event


def _node(value: Any, keys: dict[str, ScalarEvent]) -> Iterator[Event]:
    """Events of a value; the events of mapping keys are made once (`keys`) and reused,
    which the emitters allow (they never change an event)."""
    if isinstance(value, dict):
        yield _MAP_START
        for key, item in value.items():
            yield _key(key, keys)
            if isinstance(item, (dict, list)):
                yield from _node(item, keys)
            else:
                yield _scalar(item)
        yield _MAP_END
    elif isinstance(value, list):
        yield _SEQ_START
        for item in value:
            yield from _node(item, keys)
        yield _SEQ_END
    else:
        yield _scalar(value)


def _entity(item: dict[str, Any], keys: dict[str, ScalarEvent],
            same: dict[tuple[type, Any], ScalarEvent]) -> Iterator[Event]:
    """An entity's mapping; events of keys and of values that repeat (numbers, functions,
    parents) are made once and reused, which the emitters allow (they never change one)."""
    yield _MAP_START
    for field, value in item.items():
        yield _key(field, keys)
        if isinstance(value, (dict, list)):
            yield from _node(value, keys)
        elif field in _REPEATED or not isinstance(value, str):
            # 1, 1.0 and True differ here, and so do 0.0 and -0.0 (equal, not the same text)
            cache_key = (value.__class__, repr(value) if isinstance(value, float) else value)
            event = same.get(cache_key)
            if event is None:
                event = same[cache_key] = _scalar(value)
            yield event
        else:
            yield _scalar(value)
    yield _MAP_END


def events(data: dict[str, Any], on_progress: Progress | None = None, done: int = 0,
           total: int | None = None) -> Iterator[Event]:
    """The events of one document; the items of its lists are counted for progress."""
    keys: dict[str, ScalarEvent] = {}
    same: dict[tuple[type, Any], ScalarEvent] = {}
    yield StreamStartEvent()
    yield DocumentStartEvent(explicit=False)
    yield _MAP_START
    for key, value in data.items():
        yield _scalar(key)
        if not isinstance(value, list):
            yield from _node(value, keys)
            continue
        yield _SEQ_START
        for i, item in enumerate(value, start=1):
            if isinstance(item, dict):
                yield from _entity(item, keys, same)
            else:
                yield from _node(item, keys)
            if on_progress is not None and i % 2000 == 0:
                on_progress(done + i, total)
        yield _SEQ_END
        done += len(value)
    yield _MAP_END
    yield DocumentEndEvent(explicit=False)
    yield StreamEndEvent()


def document(data: dict[str, Any], on_progress: Progress | None = None, done: int = 0,
             total: int | None = None) -> str:
    """The YAML text of `data` (a mapping), as `dump(data)` writes it."""
    text: str = yaml.emit(events(data, on_progress, done, total), Dumper=Dumper, **OPTIONS)
    return text


def comment(lines: list[str]) -> str:
    """`# ` lines; each line is made printable first (no line break can end the comment)."""
    return "".join(f"# {plain(line)}".rstrip() + "\n" for line in lines)
