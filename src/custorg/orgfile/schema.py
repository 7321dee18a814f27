"""Validation of each document against schemas/org.schema.json, as findings with locations."""

from __future__ import annotations

import difflib
import json
import math
import unicodedata
from collections.abc import Iterator
from functools import lru_cache
from importlib import resources
from typing import Any

from ..findings import Finding, Location
from .load import Document, PathT, format_error
from .schemacheck import Checker, Unsupported
from .schemaleaf import pattern_keyword
from .sections import SECTIONS

INVALID = ("F004", "invalid-structure")

_TYPE_WORDS = {
    "string": "text", "integer": "a whole number", "number": "a number",
    "boolean": "true or false", "array": "a list", "object": "a mapping (key: value)",
    "null": "empty",
}


def schema_text() -> str:
    return resources.files("custorg").joinpath("schemas/org.schema.json").read_text("utf-8")


@lru_cache(maxsize=1)
def validator() -> Any:
    import jsonschema

    schema = json.loads(schema_text())
    cls = jsonschema.validators.extend(jsonschema.Draft202012Validator,
                                       validators={"pattern": pattern_keyword})
    return cls(schema)


@lru_cache(maxsize=1)
def checker() -> Checker | None:
    """The schema compiled to a fast yes/no check (None if it uses a keyword the compiler
    does not know: then jsonschema does all the work)."""
    try:
        return Checker(json.loads(schema_text()))
    except Unsupported:
        return None


def schema_errors(data: Any) -> Iterator[Any]:
    """jsonschema's errors for a document, the same as `validator().iter_errors(data)`
    (same errors, same order), found fast: a valid document never reaches jsonschema, and
    in an invalid one jsonschema looks only into the list items the fast check rejects."""
    fast = checker()
    if fast is None:
        errors: Iterator[Any] = validator().iter_errors(data)
        return errors
    if fast.document(data):
        return iter(())
    errors = fast.validator().iter_errors(data)
    return errors


def _type_name(value: Any) -> str:
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "text"
    return "a list" if isinstance(value, list) else "a mapping"


def describe(data: Any, path: PathT) -> tuple[str, str, str]:
    """(entity kind, entity id, words for the place) of a document path."""
    if len(path) >= 2 and path[0] in SECTIONS and isinstance(path[1], int):
        kind = SECTIONS[str(path[0])]
        item = data[path[0]][path[1]] if isinstance(data, dict) else None
        ident = item.get("id") if isinstance(item, dict) else None
        if isinstance(ident, (str, int, float)) and not isinstance(ident, bool):
            name = f"{kind} {str(ident)!r}"
        else:
            name = f"{kind} #{path[1] + 1} of {path[0]}"
            ident = f"{path[0]} #{path[1] + 1}"
        rest = path_words(path[2:])
        return kind, str(ident), f"{name}{': ' + rest if rest else ''}"
    return "org", "", path_words(path) or "top level"


def path_words(path: PathT) -> str:
    """A place in a document as users count: list items from 1, no brackets.

    ('steps', 2) -> 'step 3'; ('kpis', 0) -> 'kpis #1'; ('steps', 0, 'unit') ->
    'step 1.unit'; ('organization', 'suppress') -> 'organization.suppress'. Every message
    that names a place inside an entity goes through here."""
    parts: list[str] = []
    for p in path:
        if isinstance(p, int):
            if parts and parts[-1] == "steps":
                parts[-1] = f"step {p + 1}"
            elif parts:
                parts[-1] += f" #{p + 1}"
            else:
                parts.append(f"#{p + 1}")
        else:
            parts.append(str(p))
    return ".".join(parts)


def _case_only(value: Any, options: list[Any]) -> bool:
    """An enumerated value written in another case or with outer spaces (one rule for
    every category value: case never changes its meaning; see model._label)."""
    if not isinstance(value, str):
        return False
    folded = unicodedata.normalize("NFC", value).strip().lower()
    return folded in options


def _too_large(value: Any) -> bool:
    """A number written in digits that no float can hold (`1e400`): the loader keeps it
    as text, and "must be a number, not text" would mislead."""
    if not isinstance(value, str) or not any(c.isdigit() for c in value):
        return False
    try:
        return math.isinf(float(value))
    except ValueError:
        return False


def _type_message(error: Any, where: str, path: PathT) -> str:
    """The message of a wrong type: what was wanted, what was given, and a hint."""
    want = error.validator_value if isinstance(error.validator_value, list) \
        else [error.validator_value]
    words = " or ".join(dict.fromkeys(_TYPE_WORDS[w] for w in want if w != "null"))
    got = error.instance
    shown = f" ({got!r})" if isinstance(got, (str, int, float)) and len(repr(got)) < 60 else ""
    hint = ""
    if "boolean" in want and isinstance(got, str) \
            and got.lower() in YAML11_BOOLEANS:
        hint = "; in YAML 1.2 only true and false are booleans"
    if _too_large(got) and ("number" in want or "integer" in want):
        limit = error.schema.get("maximum")
        bound = f" (at most {limit:,})" if isinstance(limit, (int, float)) else ""
        text = str(got) if len(str(got)) <= 24 else \
            f"{str(got)[:12]}… ({len(str(got))} characters)"  # a 5,000-digit literal
        return f"{where}: {text} is too large for a number{bound}"
    if not path:
        return ("the top level must be a mapping of sections (custorg:, units:, "
                f"people:, ...), not {_type_name(got)}")
    return f"{where} must be {words}, not {_type_name(got)}{shown}{hint}"


YAML11_BOOLEANS = frozenset({"yes", "no", "on", "off", "y", "n"})


def _message(error: Any, data: Any, path: PathT) -> list[tuple[str, PathT, bool]]:  # noqa: C901 - one branch per jsonschema keyword: a flat table
    """Human messages for one jsonschema error: (message, path, point at key?)."""
    _, _, where = describe(data, path)
    kind = error.validator
    if kind == "additionalProperties":
        allowed = sorted(error.schema.get("properties", {}))
        out = []
        for key in error.instance:
            if key in allowed or str(key).startswith("x-"):
                continue
            close = difflib.get_close_matches(str(key), allowed, n=1)
            hint = f"did you mean {close[0]!r}?" if close else \
                f"allowed: {', '.join(allowed)}; start own keys with 'x-'"
            out.append((f"{where}: unknown key {key!r} ({hint})", path + (key,), True))
        return out
    if kind == "required":
        missing = error.message.split("'")[1] if "'" in error.message else error.message
        return [(f"{where}: missing required key {missing!r}", path, False)]
    if kind == "type" and path[-1:] == ("accountable",) and isinstance(error.instance, list):
        return [(f"{where}: one accountable per step: name one person here and the others "
                 "in `consulted` or `informed`", path, False)]
    if kind == "type":
        return [(_type_message(error, where, path), path, False)]
    if kind == "enum":
        options = [o for o in error.validator_value if o is not None]
        close = difflib.get_close_matches(str(error.instance), [str(o) for o in options], n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        return [(f"{where}: {error.instance!r} is not one of {', '.join(map(str, options))}"
                 f"{hint}", path, False)]
    if kind == "const" and path == ("custorg",):
        return [(f"unsupported format version {error.instance!r}: this custorg reads "
                 "version 1 (write `custorg: 1` or leave it out)", path, False)]
    if kind == "pattern" and path[-1:] == ("until",):
        return [(f"{where}: {error.instance!r} is not a date: write YYYY-MM-DD, e.g. "
                 "2025-06-30", path, False)]
    if kind in ("pattern", "minLength"):
        return [(f"{where}: {error.instance!r} is not a valid id (ids are non-empty text "
                 "without spaces)", path, False)]
    if kind == "propertyNames":
        return [(f"{where}: {error.instance!r} is not a rule code or name", path, True)]
    if kind in ("minimum", "maximum"):
        bound = "at least" if kind == "minimum" else "at most"
        return [(f"{where} must be {bound} {error.validator_value:,}, not {error.instance!r}",
                 path, False)]
    return [(f"{where}: {error.message}", path, False)]


def validate_document(doc: Document) -> list[Finding]:
    """Schema findings of one document (every error, each at its own line)."""
    findings: list[Finding] = []
    said: set[tuple[str, PathT]] = set()  # '' breaks both minLength and the pattern
    for error in schema_errors(doc.data):
        if error.validator == "enum" and _case_only(error.instance, error.validator_value):
            continue  # `Direct` is `direct`: the model reads enumerated values folded
        epath: PathT = tuple(error.absolute_path)
        if error.validator == "propertyNames":  # the offending key itself
            epath = epath + (error.instance,)
        for message, path, at_key in _message(error, doc.data, epath):
            if (message, path) in said:
                continue
            said.add((message, path))
            kind, ident, _ = describe(doc.data, path)
            loc = doc.source.at(path, key=at_key or error.validator == "propertyNames")
            findings.append(format_error(INVALID, message, loc, kind, ident or doc.file))
    return findings


def org_level_checks(documents: list[Document], incomplete: bool = False) -> list[Finding]:
    """What only the merged org can tell: `units` somewhere, `organization` at most once.
    With `incomplete` (a file could not be read) `units` may be in the missing file."""
    findings: list[Finding] = []
    dicts = [d for d in documents if isinstance(d.data, dict)]
    if documents and not incomplete and len(dicts) == len(documents) \
            and not any("units" in d.data for d in dicts):
        first = documents[0]
        findings.append(format_error(INVALID, "no file of this org has a `units:` list: "
                                     "it is the one required section", Location(first.file, 1, 1)))
    with_org = [d for d in dicts if "organization" in d.data]
    for extra in with_org[1:]:
        findings.append(format_error(
            INVALID, f"`organization` is also given in {with_org[0].file}: it may appear in "
            "one file of a folder only (to audit several orgs each on its own: custorg audit "
            "--each PATH...)", extra.source.at(("organization",), key=True),
            related=(with_org[0].source.at(("organization",), key=True),)))
    return findings

