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
            from .gate import live

            bar = Progress(*columns, console=Console(file=live()), transient=True)
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


@contextmanager
def steady(label: str, unit: str = "") -> Iterator[Callback]:
    """`progress`, plus a heartbeat: the last count is sent again every quarter second, so
    the bar appears after a second and its clock runs even while the work reports nothing
    (one big file being parsed, the analysis, a layout). No thread without a terminal."""
    with progress(label, unit) as tick:
        if not wanted():
            yield tick
            return
        import threading

        last: list[Any] = [0, None]
        stop, lock = threading.Event(), threading.Lock()

        def report(done: int, total: int | None) -> None:
            with lock:  # one bar, updated by one thread at a time
                last[0], last[1] = done, total
                tick(done, total)

        def beat() -> None:
            while not stop.wait(0.25):
                with lock:
                    tick(last[0], last[1])

        thread = threading.Thread(target=beat, name="custorg-progress", daemon=True)
        thread.start()
        try:
            yield report
        finally:
            stop.set()
            thread.join()
