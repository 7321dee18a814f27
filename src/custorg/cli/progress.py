"""Progress on standard error for long runs: only on a terminal, only after a second.

Library code never prints: it takes an optional callback `(done: int, total: int | None)`
and calls it every so often. The CLI makes that callback here, so piped output and CI logs
never see a progress bar (stderr is not a terminal there), and short runs never flash one.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

Callback = Callable[[int, "int | None"], None]
DELAY = 1.0  # seconds before a bar appears


def wanted() -> bool:
    """A bar only on an interactive terminal, never in CI or with TERM=dumb."""
    return (sys.stderr.isatty() and "CI" not in os.environ
            and os.environ.get("TERM") != "dumb")


@contextmanager
def progress(label: str, unit: str = "") -> Iterator[Callback]:
    """`with progress("Reading events", "events") as tick: work(on_progress=tick)`.

    The callback is cheap when no bar is shown (one clock read every call at most)."""
    if not wanted():
        yield _nothing
        return
    state: dict[str, Any] = {"bar": None, "task": None}
    start = time.monotonic()

    def tick(done: int, total: int | None) -> None:
        bar = state["bar"]
        if bar is None:
            if time.monotonic() - start < DELAY:
                return
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TextColumn,
                TimeElapsedColumn,
            )

            columns: list[Any] = [TextColumn("{task.description}")]
            if total:
                columns += [BarColumn(), MofNCompleteColumn()]
            else:
                columns += [TextColumn("{task.completed:,} " + unit)]
            columns.append(TimeElapsedColumn())
            bar = Progress(*columns, console=Console(stderr=True), transient=True)
            bar.start()
            state["bar"] = bar
            state["task"] = bar.add_task(label, total=total)
        bar.update(state["task"], completed=done, total=total)

    try:
        yield tick
    finally:
        if state["bar"] is not None:
            state["bar"].stop()


def _nothing(done: int, total: int | None) -> None:
    """No bar: the callback does nothing."""
