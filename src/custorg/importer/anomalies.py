"""What an import found wrong in its input, and what it did about each thing.

Every row that is skipped, changed or attached somewhere else is recorded here, with its
count and up to MAX_EXAMPLES examples (file and line). Nothing is dropped silently: the
report and the standard-error summary are written from this one record."""

from __future__ import annotations

from dataclasses import dataclass, field

MAX_EXAMPLES = 20


@dataclass(frozen=True)
class Example:
    file: str
    line: int  # 1-based line of the row in a CSV file, or row number in a sheet
    detail: str


@dataclass
class Anomaly:
    what: str  # "duplicate post reference"
    action: str  # "kept the first row, skipped this one"
    count: int = 0
    fte: float | None = None  # FTE involved, when that is what matters
    examples: list[Example] = field(default_factory=list)
    examples_wanted: bool = True


@dataclass
class Anomalies:
    """Anomalies by kind, in the order they were first seen."""

    items: dict[str, Anomaly] = field(default_factory=dict)

    def add(self, kind: str, what: str, action: str, file: str, line: int, detail: str,
            fte: float | None = None) -> None:
        item = self.items.get(kind)
        if item is None:
            item = self.items[kind] = Anomaly(what, action)
        item.count += 1
        if fte is not None:
            item.fte = (item.fte or 0.0) + fte
        if item.examples_wanted and len(item.examples) < MAX_EXAMPLES:
            item.examples.append(Example(file, line, detail))

    def count_only(self, kind: str, what: str, action: str, n: int = 1) -> None:
        """An anomaly reported by its count alone (no examples)."""
        item = self.items.get(kind)
        if item is None:
            item = self.items[kind] = Anomaly(what, action, examples_wanted=False)
        item.count += n

    def __bool__(self) -> bool:
        return bool(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def total(self) -> int:
        return sum(a.count for a in self.items.values())
