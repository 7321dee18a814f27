"""The thresholds of docs/metrics.md, each a config option under the same name."""

from __future__ import annotations

from dataclasses import dataclass, fields


@dataclass(frozen=True)
class Thresholds:
    max_span: int = 10
    max_layers: int = 6
    owner_max_depth: int = 1
    max_handoffs: int = 4
    max_contact_units: int = 1
    silo_ei_threshold: float = -0.5

    @classmethod
    def option_names(cls) -> dict[str, type]:
        """Config key (`max-span`) -> type."""
        return {f.name.replace("_", "-"): (float if f.type == "float" else int)
                for f in fields(cls)}
