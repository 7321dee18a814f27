"""The rules: one module per family; importing this package registers them all."""

from __future__ import annotations

from ..audit.config import Codes
from . import (  # noqa: F401
    accountability,
    characters,
    customer,
    evidence,
    format,
    goals,
    interfaces,
    process,
    silos,
    structure,
    teams,
)
from .base import FAMILIES, REGISTRY, Context, Rule, documented, listing, run

__all__ = ["FAMILIES", "REGISTRY", "Context", "Rule", "by_name", "documented", "known_codes",
           "listing", "lookup", "run"]


def known_codes() -> Codes:
    """What a config may name: every registered code with its rule name."""
    return Codes({code: rule.name for code, rule in REGISTRY.items()})


def by_name() -> dict[str, Rule]:
    return {r.name: r for r in REGISTRY.values()}


def lookup(text: str) -> Rule | None:
    """The rule of a code (any case) or of a rule name (as written); None if neither."""
    rule = REGISTRY.get(text.upper())
    if rule is not None:
        return rule
    return next((r for r in REGISTRY.values() if r.name == text), None)
