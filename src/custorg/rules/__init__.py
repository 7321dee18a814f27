"""The rules: one module per family; importing this package registers them all."""

from __future__ import annotations

from . import customer, format, goals, interfaces, process, silos, structure  # noqa: F401
from .base import REGISTRY, Context, Rule, listing, run

__all__ = ["REGISTRY", "Context", "Rule", "listing", "run", "by_name"]


def by_name() -> dict[str, Rule]:
    return {r.name: r for r in REGISTRY.values()}
