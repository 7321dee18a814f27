"""The leaf predicates of the compiled schema check (schemacheck.py): types, enums,
bounds, sizes and the fused scalar checks, each with jsonschema's answers (Draft
2020-12) or stricter (then jsonschema decides)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import lru_cache
from typing import Any

Check = Callable[[Any], bool]

@lru_cache(maxsize=64)
def ecma_pattern(pattern: str) -> re.Pattern[str]:
    """A JSON Schema `pattern` (ECMA-262) compiled for Python with ECMA-262's meaning of
    `$`: the end of the text. Python's `$` also matches before a final line break, so
    `^\\S+$` took `"x\\n"` (a block scalar `id: |`) as an id, which the model then
    refused as one, and the unit vanished without a finding. Every pattern check (the
    fast one and jsonschema's) compiles through here."""
    out, escaped, in_class = [], False, False
    for char in pattern:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == "[":
            in_class = True
        elif char == "]":
            in_class = False
        elif char == "$" and not in_class:
            out.append(r"\Z")
            continue
        out.append(char)
    return re.compile("".join(out))


def pattern_keyword(validator: Any, pattern: str, instance: Any, schema: Any
                    ) -> Iterator[Any]:
    """jsonschema's `pattern` keyword with `ecma_pattern`'s meaning (its own uses `re`'s)."""
    if validator.is_type(instance, "string") and ecma_pattern(pattern).search(instance) is None:
        from jsonschema import ValidationError

        yield ValidationError(f"{instance!r} does not match {pattern!r}")


class Unsupported(Exception):
    """The schema uses something this compiler does not reproduce exactly."""


TYPE_NAMES = {"string": str, "boolean": bool, "array": list, "object": dict,
               "null": type(None), "integer": int, "number": float}
SCALARS = (str, int, float, bool, type(None))
NOT_NUMBERS = frozenset({str, bool, type(None), list, dict})


def number_bound(v: Any, bound: float, holds: Callable[[Any, float], bool]) -> bool:
    t = type(v)
    if t is int or t is float:
        return bool(holds(v, bound))
    return t in NOT_NUMBERS  # other types: only what surely is no number passes


BOUNDS: dict[str, Callable[[Any, float], bool]] = {
    "minimum": lambda v, b: v >= b, "maximum": lambda v, b: v <= b,
    "exclusiveMinimum": lambda v, b: v > b, "exclusiveMaximum": lambda v, b: v < b,
}
# keyword -> (the type it applies to, whether it is an upper bound)
SIZES: dict[str, tuple[type, bool]] = {
    "minLength": (str, False), "maxLength": (str, True), "minItems": (list, False),
    "maxItems": (list, True), "minProperties": (dict, False), "maxProperties": (dict, True),
}


def size_bound(v: Any, kind: type[Any], bound: int, at_most: bool) -> bool:
    if type(v) is kind:
        return len(v) <= bound if at_most else len(v) >= bound
    return not isinstance(v, kind)  # a subclass: unsure


def each(item: Check, passed: set[str]) -> Check:
    """`items`: each item passes `item` (texts in `passed` are known to)."""
    def check(v: Any) -> bool:
        if type(v) is list:
            for x in v:
                if type(x) is str and x in passed:
                    continue
                if not item(x):
                    return False
            return True
        return not isinstance(v, list)
    return check


def all_of(checks: list[Check]) -> Check:
    def check(v: Any) -> bool:
        for c in checks:
            if not c(v):
                return False
        return True
    return check


def always(_: Any) -> bool:
    return True


def never(_: Any) -> bool:
    return False


def type_check(value: Any) -> Check:
    names = [value] if isinstance(value, str) else value
    if not isinstance(names, list) or any(n not in TYPE_NAMES for n in names):
        raise Unsupported(f"type {value!r}")
    exact = frozenset(TYPE_NAMES[n] for n in names if n not in ("integer", "number"))
    if "number" in names:
        exact |= {int, float}
    elif "integer" in names:  # jsonschema: 1.0 is an integer too
        exact |= {int}
        return lambda v: type(v) in exact or (type(v) is float and v.is_integer())
    return lambda v: type(v) in exact


def enum_check(options: list[Any]) -> Check:
    """Membership by exact type and value (stricter than jsonschema's `equal`)."""
    if not all(isinstance(o, SCALARS) for o in options):
        raise Unsupported("enum/const of non-scalars")
    allowed = frozenset((type(o), o) for o in options)
    return lambda v: type(v) in SCALAR_TYPES and (type(v), v) in allowed


SCALAR_TYPES = frozenset(SCALARS)
TEXT_KEYWORDS = frozenset({"type", "pattern", "minLength", "maxLength"})
NUMBER_KEYWORDS = frozenset({"type", *BOUNDS})


def scalar_check(schema: dict[str, Any], memos: dict[Check, set[Any]] | None = None,
                  shared: dict[tuple[Any, ...], set[str]] | None = None) -> Check:
    """`type` with the string keywords (the schema's ids and references) as one
    predicate: the same answers as checking each keyword, in a quarter of the calls
    (there are hundreds of thousands of ids in a big org). A pattern is searched once
    per distinct text: the texts that passed are remembered in a set of this check's
    own, kept in `memos` (ids recur as references; the Checker empties the sets after
    each document). Checks with the same pattern and lengths share one set (`shared`):
    an id that passed as an id passes as a reference.)"""
    type_ok = type_check(schema["type"])
    low, high = schema.get("minLength", 0), schema.get("maxLength")
    if type(low) is not int or (high is not None and type(high) is not int):
        raise Unsupported("minLength/maxLength")
    if not type_ok(""):
        return type_ok  # no text passes the type; the string keywords apply to text only
    if "pattern" not in schema:
        return lambda v: low <= len(v) and (high is None or len(v) <= high) \
            if type(v) is str else type_ok(v)
    search = ecma_pattern(schema["pattern"]).search
    passed = set() if shared is None else \
        shared.setdefault((schema["pattern"], low, high), set())

    def check(v: Any) -> bool:
        if type(v) is str:
            if v in passed:
                return True
            if low <= len(v) and (high is None or len(v) <= high) and \
                    search(v) is not None:
                passed.add(v)
                return True
            return False
        return type_ok(v)
    if memos is not None:
        memos[check] = passed
    return check


def number_check(schema: dict[str, Any],
                  memos: dict[Check, set[Any]] | None = None) -> Check:
    """`type` with number bounds as one predicate (the bounds hold for numbers; other
    types pass them only when they surely are no number, as in `number_bound`). The
    whole numbers (exact int) that passed are remembered in a set kept in `memos`, as
    `scalar_check` does for texts (headcounts repeat)."""
    type_ok = type_check(schema["type"])
    bounds = [(BOUNDS[key], schema[key]) for key in BOUNDS if key in schema]
    if any(type(bound) not in (int, float) for _, bound in bounds):
        raise Unsupported("bounds")

    passed: set[int] = set()

    def check(v: Any) -> bool:
        t = type(v)
        if t is int and v in passed:
            return True
        if not type_ok(v):
            return False
        if t is int or t is float:
            for holds, bound in bounds:
                if not holds(v, bound):
                    return False
            if t is int:
                passed.add(v)
            return True
        return t in NOT_NUMBERS
    if memos is not None:
        memos[check] = passed
    return check
