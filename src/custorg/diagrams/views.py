"""The table of diagram views: the one place that says which views exist, which module
draws each one in Graphviz DOT, which function of `mermaid.py` writes it in Mermaid (if
Mermaid can), and which need `--process`.

Light on purpose (no graphviz, no networkx): the CLI reads it to check its options
without importing the views, so `custorg --help` stays fast. The builders are imported
when a view is drawn."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .common import Diagram

FORMATS = ("svg", "png", "pdf", "dot", "mermaid")
DEFAULT_MAX_NODES = 60
MAX_LANES = 14  # a process view with more lanes does not fit a slide: lanes fold


@dataclass(frozen=True)
class View:
    """One view. A whole-org view's builders take (analysis, folding); a process view's
    DOT builder takes (analysis, process, depth, max_nodes) and its Mermaid builder
    (analysis, process id, depth, max_nodes)."""

    name: str
    module: str  # the module of custorg.diagrams whose `build` draws it in DOT
    mermaid: str | None  # the function of mermaid.py that writes it; None: not in Mermaid
    needs_process: bool = False  # drawn for one process, named by --process ID

    def builder(self) -> Callable[..., Diagram]:
        found: Callable[..., Diagram] = import_module(f"{__package__}.{self.module}").build
        return found

    def mermaid_builder(self) -> Callable[..., Any]:
        """Returns str for a whole-org view, (str, notes) for a process view."""
        if self.mermaid is None:
            raise ValueError(f"Mermaid does not support the {self.name} view")
        found: Callable[..., Any] = getattr(import_module(f"{__package__}.mermaid"),
                                            self.mermaid)
        return found


TABLE = (
    View("hierarchy", "hierarchy", "hierarchy"),
    View("customer-on-top", "customer_on_top", "customer_on_top"),
    View("radial", "radial", None),  # Mermaid cannot place nodes on rings
    View("process", "process", "process", needs_process=True),
    View("interfaces", "interfaces", "interfaces"),
)
BY_NAME = {v.name: v for v in TABLE}
VIEWS = tuple(v.name for v in TABLE)
MERMAID_VIEWS = tuple(v.name for v in TABLE if v.mermaid is not None)
PROCESS_VIEWS = tuple(v.name for v in TABLE if v.needs_process)
