"""The loader's fast path: one tight loop over libyaml's events for plain documents.

Almost every org file is plain YAML: mappings, lists and untagged scalars, no anchors,
aliases, tags, merge keys or duplicate keys. For those, `plain_document` builds exactly
what load.py's careful `_Builder` builds (the same data, the same source map, in the same
order) with a fraction of the Python calls. At the first thing it does not handle it
raises `Unusual`, and load.py parses the file again with the careful builder, which
reports every problem with its line and column as before.
"""

from __future__ import annotations

from collections.abc import Callable
from sys import intern
from typing import Any

from yaml import events as ev

Loc = tuple[int, int]


class Unusual(Exception):
    """The document needs the careful builder (anchors, tags, duplicate keys, ...)."""


_SCALAR = ev.ScalarEvent
_MAPPING_START = ev.MappingStartEvent
_SEQUENCE_START = ev.SequenceStartEvent
_ENDS = (ev.MappingEndEvent, ev.SequenceEndEvent)
_DOCUMENT_END = ev.DocumentEndEvent
_NOKEY = object()


def plain_document(parser: Any, resolve_plain: Callable[[str], Any], max_depth: int,
                   special: frozenset[str], maybe_special: frozenset[str]
                   ) -> tuple[Any, dict[tuple, Loc], dict[tuple, Loc], dict[tuple, str]]:
    """(root, values, keys, raw) of the document whose DocumentStart was just read; reads
    up to and including its DocumentEnd. Raises Unusual for anything but plain YAML.

    `resolve_plain` is called only for plain scalars that are empty, start with one of
    `maybe_special` or are one of `special` (the only ones it may not return as text)."""
    values: dict[tuple, Loc] = {}
    keys: dict[tuple, Loc] = {}
    raw: dict[tuple, str] = {}
    get = parser.get_event
    stack: list[tuple[Any, tuple, bool]] = []  # the open containers above the current one
    obj: Any = None  # the current container (None: before the root)
    path: tuple = ()
    is_map = False
    key: Any = _NOKEY  # the pending key of the current mapping
    key_path: tuple = ()  # path + (key,)
    root: Any = None
    while True:
        event = get()
        cls = event.__class__
        if cls is _SCALAR:
            if event.anchor is not None or event.tag is not None or obj is None:
                raise Unusual
            mark = event.start_mark
            loc = (mark.line + 1, mark.column + 1)
            text = event.value
            if is_map:
                if key is _NOKEY:
                    if text in obj or text == "<<":
                        raise Unusual
                    key = intern(text)  # a few field names, repeated in every entity
                    key_path = path + (key,)
                    keys[key_path] = loc
                    continue
                at = key_path
            else:
                at = path + (len(obj),)
            values[at] = loc
            if not event.style and event.implicit[0] and \
                    (not text or text[0] in maybe_special or text in special):
                value = resolve_plain(text)  # plain text that may be null, bool or number
                if value.__class__ is not str and text:  # keep the text of 010, NO, ~
                    raw[at] = text
            else:
                value = text
            if is_map:
                obj[key] = value
                key = _NOKEY
            else:
                obj.append(value)
        elif cls is _MAPPING_START or cls is _SEQUENCE_START:
            if event.anchor is not None or event.tag is not None:
                raise Unusual
            new: Any = {} if cls is _MAPPING_START else []
            if obj is None:
                at = ()
                root = new
            elif is_map:
                if key is _NOKEY:
                    raise Unusual  # a mapping or list as a key
                at = key_path
                obj[key] = new
            else:
                at = path + (len(obj),)
                obj.append(new)
            if len(stack) + (obj is not None) >= max_depth:
                raise Unusual
            mark = event.start_mark
            values[at] = (mark.line + 1, mark.column + 1)
            if obj is not None:
                stack.append((obj, path, is_map))
            obj, path, is_map, key = new, at, cls is _MAPPING_START, _NOKEY
        elif cls in _ENDS:
            if stack:
                obj, path, is_map = stack.pop()
            else:
                obj = _NOKEY  # the root is complete: only DocumentEnd may follow
            key = _NOKEY
        elif cls is _DOCUMENT_END:
            if obj is not _NOKEY:
                raise Unusual
            return root, values, keys, raw
        else:  # aliases, or anything unexpected
            raise Unusual
