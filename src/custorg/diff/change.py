"""`Change`: one thing whose value differs between the as-is and the to-be org."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Change:
    """A unit whose parent, name, function, customer layer or team type differs, an
    interface whose mode changed, a step whose accountable changed (None: not there)."""

    id: str
    before: Any
    after: Any

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "from": self.before, "to": self.after}
