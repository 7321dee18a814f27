"""A fast yes/no check of a document against schemas/org.schema.json.

jsonschema's `iter_errors` is thorough but slow (about 1 ms per entity), and on a valid
org it finds nothing. This module compiles the same schema file (still the single source
of truth) into plain Python predicates that only answer "valid or not". schema.py asks
it first and runs jsonschema, for its error objects and messages, only on what failed.

The compiler knows the keywords the org schema uses, with jsonschema's semantics (Draft
2020-12): type, enum, const, properties, patternProperties, additionalProperties,
required, propertyNames, items, pattern, min/max length, items and properties,
(exclusive) minimum and maximum, if/then/else and local `$ref`s into `$defs`. A schema
with any other keyword is not compiled (`compile_schema` raises `Unsupported`), and callers
then use jsonschema alone. Where the semantics are subtle (equality in enum/const, unusual
Python types) the predicates answer "not valid", which only sends the value to jsonschema:
they may be stricter, never more lenient.
"""

from __future__ import annotations

import re
from collections.abc import Set as AbstractSet
from typing import Any

from .schemaleaf import (
    BOUNDS,
    NUMBER_KEYWORDS,
    SIZES,
    TEXT_KEYWORDS,
    Check as Check,
    Unsupported as Unsupported,
    all_of,
    always,
    each,
    ecma_pattern,
    enum_check,
    never,
    number_bound,
    number_check,
    pattern_keyword,
    scalar_check,
    size_bound,
    type_check,
)

_PLAN_CACHE = 4096  # distinct keys remembered per object schema
# keywords that carry no assertion
_ANNOTATIONS = frozenset({"$schema", "$id", "$defs", "$comment", "title", "description",
                          "default", "examples", "deprecated", "readOnly", "writeOnly"})
_OBJECT_KEYWORDS = frozenset({"properties", "patternProperties", "additionalProperties",
                              "required", "propertyNames"})



class _Compiler:
    def __init__(self, root: dict[str, Any]) -> None:
        self.root = root
        self.refs: dict[str, Check] = {}
        self.memos: dict[Check, set[Any]] = {}  # texts (numbers) that passed a check
        self.shared: dict[tuple[Any, ...], set[str]] = {}  # the same, by pattern
        self.fixed: dict[Check, frozenset[str]] = {}  # the texts an enum/const allows
        self.any_text: set[Check] = {always}  # checks that every text passes

    def ref(self, pointer: Any) -> Check:
        if not isinstance(pointer, str) or not pointer.startswith("#/$defs/"):
            raise Unsupported(f"$ref {pointer!r}")
        name = pointer[len("#/$defs/"):]
        defs = self.root.get("$defs", {})
        if "/" in name or "~" in name or "%" in name or name not in defs:
            raise Unsupported(f"$ref {pointer!r}")
        if name not in self.refs:
            slot: list[Check] = []
            self.refs[name] = lambda v: slot[0](v)  # recursion-safe placeholder
            slot.append(self.build(defs[name]))
            self.refs[name] = slot[0]
        return self.refs[name]

    def build(self, schema: Any) -> Check:
        if schema is True or schema == {}:
            return always
        if schema is False:
            return never
        if not isinstance(schema, dict):
            raise Unsupported(f"schema {schema!r}")
        fused = self.fused(schema)
        if fused is not None:
            return fused
        checks: list[Check] = []
        only_objects = schema.get("type") == "object"  # the object check tests the type
        if _OBJECT_KEYWORDS & schema.keys():
            checks.append(self.object_check(schema, only_objects))
        for key, value in schema.items():
            if key in _ANNOTATIONS or key in _OBJECT_KEYWORDS or key in ("then", "else") \
                    or (key == "type" and only_objects and checks):
                continue
            checks.append(self.keyword(key, value, schema))
        if not checks:
            return always
        if len(checks) == 1:
            return checks[0]
        if len(checks) == 2:
            first, second = checks
            return lambda v: first(v) and second(v)
        return all_of(checks)

    def fused(self, schema: dict[str, Any]) -> Check | None:
        """A scalar schema's keywords as one predicate (None: not a scalar schema)."""
        keys = schema.keys() - _ANNOTATIONS
        if "type" in schema and keys <= TEXT_KEYWORDS:
            check = scalar_check(schema, self.memos, self.shared)
            if keys == {"type"} and check(""):
                self.any_text.add(check)  # a text type alone
            return check
        if "type" in schema and keys <= NUMBER_KEYWORDS:
            return number_check(schema, self.memos)
        return None

    def equal_check(self, options: list[Any]) -> Check:
        """`enum_check`, with the texts it allows remembered for the object check."""
        check = enum_check(options)
        self.fixed[check] = frozenset(o for o in options if type(o) is str)
        return check

    def keyword(self, key: str, value: Any, schema: dict[str, Any]) -> Check:  # noqa: C901 - one branch per supported keyword: a flat table
        if key == "$ref":
            return self.ref(value)
        if key == "type":
            return type_check(value)
        if key == "enum":
            if not isinstance(value, list):
                raise Unsupported("enum")
            return self.equal_check(value)
        if key == "const":
            return self.equal_check([value])
        if key == "pattern":
            search = ecma_pattern(value).search
            return lambda v: not isinstance(v, str) or search(v) is not None
        if key in BOUNDS:
            if type(value) not in (int, float):
                raise Unsupported(key)
            holds = BOUNDS[key]
            return lambda v: number_bound(v, value, holds)
        if key in SIZES:
            if type(value) is not int:
                raise Unsupported(key)
            kind, at_most = SIZES[key]
            return lambda v: size_bound(v, kind, value, at_most)
        if key == "items":
            if "prefixItems" in schema:
                raise Unsupported("prefixItems")
            item = self.build(value)
            return each(item, self.memos.get(item, set()))
        if key == "if":
            if value == {"type": "object"}:
                then = self.build(schema.get("then", True))
                other = self.build(schema.get("else", True))
                check: Check = lambda v: then(v) if type(v) is dict else other(v)  # noqa: E731
                if other in self.memos:  # no text is an object: a text `other` passed
                    self.memos[check] = self.memos[other]  # passes (a bare step's unit)
                return check
            cond = self.build(value)
            then = self.build(schema.get("then", True))
            other = self.build(schema.get("else", True))
            return lambda v: then(v) if cond(v) else other(v)
        raise Unsupported(f"keyword {key!r}")

    def object_check(self, schema: dict[str, Any], only_objects: bool = False) -> Check:  # noqa: C901 - the object keywords fused into one predicate for speed
        """The object keywords of a schema as one predicate; with `only_objects` (the
        schema's type is "object") it also rejects what is not a dict."""
        props = {k: self.build(s) for k, s in schema.get("properties", {}).items()}
        patterns = [(re.compile(p).search, self.build(s))
                    for p, s in schema.get("patternProperties", {}).items()]
        joined = "|".join(schema.get("patternProperties", {}))
        any_pattern = re.compile(joined).search if joined else None
        extra = schema.get("additionalProperties", True)
        extra_check = None if extra is True or extra == {} else self.build(extra)
        required = schema.get("required", [])
        if not isinstance(required, list):
            raise Unsupported("required")
        names = self.build(schema["propertyNames"]) if "propertyNames" in schema else None

        plans: dict[str, Check] = {}  # the valid keys seen, each with its one check
        texts: set[str] = set()  # the keys among them whose check every text passes
        passed: dict[str, AbstractSet[Any]] = {}  # key -> values known to pass its check
        any_text, memos, fixed = self.any_text, self.memos, self.fixed

        def plan(key: str) -> Check | None:
            """The check a value under this key must pass (None: the key is invalid);
            a pure function of the key, so cached: documents repeat a few keys."""
            if names is not None and not names(key):
                return None
            own = props.get(key)
            checks = ([own] if own is not None else []) + \
                [sub for search, sub in patterns if search(key) is not None]
            if own is None and extra_check is not None and \
                    (any_pattern is None or any_pattern(key) is None):
                checks.append(extra_check)
            return always if not checks else checks[0] if len(checks) == 1 else \
                all_of(checks)

        def check(v: Any) -> bool:  # noqa: C901 - the hot loop of a big org, kept flat
            if type(v) is not dict:  # a dict subclass: let jsonschema decide
                return not only_objects and not isinstance(v, dict)
            for name in required:
                if name not in v:
                    return False
            for key, item in v.items():
                t = type(item)  # a text or whole number already proved: no call
                if t is str:
                    if key in texts or item in passed.get(key, ()):
                        continue
                elif t is int and item in passed.get(key, ()):
                    continue
                c = plans.get(key)
                if c is None:
                    if type(key) is not str:
                        return False  # keys are text in our documents; else: unsure
                    c = plan(key)
                    if c is None:
                        return False
                    if len(plans) < _PLAN_CACHE:
                        plans[key] = c
                        if c in any_text:
                            texts.add(key)
                        elif c in memos:
                            passed[key] = memos[c]
                        elif c in fixed:
                            passed[key] = fixed[c]
                if not c(item):
                    return False
            return True

        return check


def compile_schema(schema: dict[str, Any]) -> Check:
    """A predicate that is true only for documents jsonschema finds valid."""
    return _Compiler(schema).build(schema)


class Checker:
    """The compiled check of a schema, and a jsonschema validator that uses it to skip
    list items that are valid (their errors, messages and order are jsonschema's own:
    only subtrees that would yield no error are left out)."""

    def __init__(self, schema: dict[str, Any]) -> None:
        self.schema = schema
        self._compiler = _Compiler(schema)
        self._document = self._compiler.build(schema)  # raises Unsupported
        self._items: dict[int, tuple[Any, Check]] = {}
        self._validator: Any = None

    def document(self, data: Any) -> bool:
        """True only if jsonschema finds the document valid."""
        try:
            return self._document(data)
        finally:
            for memo in self._compiler.memos.values():  # no memory held between documents
                memo.clear()

    def items_check(self, items: Any) -> Check | None:
        """The predicate of an `items` subschema of this schema (None: not compilable)."""
        known = self._items.get(id(items))
        if known is not None and known[0] is items:
            return known[1]
        try:
            check = self._compiler.build(items)
        except Unsupported:
            return None
        self._items[id(items)] = (items, check)
        return check

    def validator(self) -> Any:
        """A Draft 2020-12 jsonschema validator whose `items` keyword descends only into
        the items the compiled check rejects."""
        if self._validator is None:
            import jsonschema

            checker = self
            base = jsonschema.Draft202012Validator
            plain_items = base.VALIDATORS["items"]

            def items(validator: Any, items: Any, instance: Any, schema: Any) -> Any:
                check = None if items is False or "prefixItems" in schema \
                    else checker.items_check(items)
                if check is None:
                    yield from plain_items(validator, items, instance, schema)
                    return
                if not validator.is_type(instance, "array"):
                    return
                for index, item in enumerate(instance):
                    if not check(item):
                        yield from validator.descend(instance=item, schema=items, path=index)

            cls = jsonschema.validators.extend(base, validators={
                "items": items, "pattern": pattern_keyword})
            self._validator = cls(self.schema)
        return self._validator
