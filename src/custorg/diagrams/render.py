"""Turning DOT source into SVG, PNG or PDF, bounded in time.

Two renderers:
- `pygraphviz` (the default): its wheel bundles Graphviz, so it works on a machine with
  no Graphviz installed. It lays out in-process, and a layout cannot be interrupted from
  Python, so it runs in a child process that is stopped (terminate, then kill) when the
  time limit passes: never a hang, never a zombie.
- `system`: an installed `dot` executable, run with the same time limit.

`auto` takes pygraphviz when it can be imported, else the system `dot`. Nothing here
prints; problems are exceptions carrying a message for the user.
"""

from __future__ import annotations

import importlib.util
import multiprocessing
import os
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

RENDERERS = ("auto", "pygraphviz", "system")
IMAGE_FORMATS = ("svg", "png", "pdf")
PNG_DPI = 144  # sharp on a projector and a retina screen, without huge files
_NOISE = ("Fontconfig warning", "Fontconfig error")


class RenderError(Exception):
    """The diagram could not be rendered; the message says why and what to do."""


class RenderUnavailable(RenderError):
    """Neither pygraphviz nor a system `dot` is available."""


class RenderTimeout(RenderError):
    """The layout did not finish within the time limit."""


@dataclass(frozen=True)
class Rendered:
    data: bytes
    renderer: str  # "pygraphviz" or "system"
    warnings: tuple[str, ...] = ()


def available(renderer: str) -> str:
    """The renderer `auto` resolves to ("pygraphviz" or "system"), or RenderUnavailable."""
    if renderer in ("auto", "pygraphviz") and importlib.util.find_spec("pygraphviz"):
        return "pygraphviz"
    if renderer in ("auto", "system") and shutil.which("dot"):
        return "system"
    if renderer == "pygraphviz":
        raise RenderUnavailable("pygraphviz is not installed (pip install pygraphviz: its "
                                "wheel bundles Graphviz)")
    if renderer == "system":
        raise RenderUnavailable("no Graphviz `dot` executable on PATH (install Graphviz, "
                                "e.g. apt-get install graphviz)")
    raise RenderUnavailable("neither pygraphviz nor a Graphviz `dot` executable is "
                            "available (pip install pygraphviz, or install Graphviz)")


def render(source: str, engine: str, fmt: str, renderer: str = "auto",
           timeout: float = 60.0) -> Rendered:
    """Lay out and draw `source` with `engine` (dot, neato) into `fmt` bytes."""
    if fmt not in IMAGE_FORMATS:
        raise ValueError(fmt)
    chosen = available(renderer)
    if fmt == "png":
        source = with_graph_attr(source, "dpi", str(PNG_DPI))
    if chosen == "pygraphviz":
        result = _render_in_child(source, engine, fmt, timeout)
        if result is None and renderer == "auto" and shutil.which("dot"):
            chosen = "system"  # the wheel failed to load: try the system Graphviz
        elif result is None:
            raise RenderUnavailable("pygraphviz is installed but could not be loaded")
        else:
            return _checked(Rendered(result[0], "pygraphviz", result[1]), fmt)
    data, warnings = _render_system(source, engine, fmt, timeout)
    return _checked(Rendered(data, "system", warnings), fmt)


def with_graph_attr(source: str, name: str, value: str) -> str:
    """Add a graph attribute right after the opening brace (our graphs are named
    `custorg`, so the first brace is the graph's)."""
    at = source.index("{") + 1
    return f"{source[:at]}\n\tgraph [{name}={value}]{source[at:]}"


# ----------------------------------------------------------------------------- pygraphviz


def _child(conn: Connection, source: str, engine: str, fmt: str) -> None:
    """In the child: draw, and send back ("ok", bytes, stderr) or ("error", message)."""
    with tempfile.TemporaryFile() as err:
        os.dup2(err.fileno(), 2)  # Graphviz writes warnings straight to fd 2
        try:
            try:
                import pygraphviz
            except Exception as exc:  # the wheel's libraries could not load
                conn.send(("unavailable", f"{exc.__class__.__name__}: {exc}", ""))
                return
            try:
                data = pygraphviz.AGraph(string=source).draw(format=fmt, prog=engine)
            except Exception as exc:
                err.seek(0)
                conn.send(("error", f"{exc}", err.read().decode("utf-8", "replace")))
                return
            err.seek(0)
            conn.send(("ok", data, err.read().decode("utf-8", "replace")))
        finally:
            conn.close()


def _context() -> Any:
    """fork where the platform has it (fast: no re-import), else spawn."""
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods and
                                       sys.platform != "darwin" else "spawn")


def _render_in_child(source: str, engine: str, fmt: str, timeout: float
                     ) -> tuple[bytes, tuple[str, ...]] | None:
    """(data, warnings), None when pygraphviz cannot be loaded; RenderTimeout/RenderError."""
    ctx = _context()
    receiver, sender = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(sender, source, engine, fmt), daemon=True)
    proc.start()
    sender.close()
    try:
        if not receiver.poll(timeout):
            raise RenderTimeout(f"the layout did not finish within {timeout:g} s")
        try:
            status, payload, stderr = receiver.recv()
        except EOFError:
            raise RenderError("the Graphviz child process ended without a result "
                              f"(exit code {proc.exitcode})") from None
    finally:
        receiver.close()
        _stop(proc)
    if status == "unavailable":
        return None
    if status == "error":
        raise RenderError(f"Graphviz failed: {_first_problem(stderr) or payload}")
    return payload, _warnings(stderr)


def _stop(proc: Any) -> None:
    """Wait briefly for a finished child; terminate, then kill, a running one. Always
    joined, so no zombie is left behind."""
    proc.join(2)
    if proc.is_alive():
        proc.terminate()
        proc.join(2)
    if proc.is_alive():
        proc.kill()
        proc.join()


# ----------------------------------------------------------------------------- system dot


def _render_system(source: str, engine: str, fmt: str, timeout: float
                   ) -> tuple[bytes, tuple[str, ...]]:
    exe = shutil.which("dot")
    if exe is None:
        raise RenderUnavailable("no Graphviz `dot` executable on PATH")
    try:
        done = subprocess.run([exe, f"-K{engine}", f"-T{fmt}"], input=source.encode("utf-8"),
                              capture_output=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:  # subprocess.run kills and reaps the child
        raise RenderTimeout(f"the layout did not finish within {timeout:g} s") from None
    except OSError as exc:
        raise RenderUnavailable(f"cannot run {exe}: {exc.strerror or exc}") from None
    stderr = done.stderr.decode("utf-8", "replace")
    if done.returncode != 0 or not done.stdout:
        raise RenderError(f"Graphviz failed: {_first_problem(stderr) or done.returncode}")
    return done.stdout, _warnings(stderr)


# ----------------------------------------------------------------------------- checks


def _warnings(stderr: str) -> tuple[str, ...]:
    return tuple(line.strip() for line in stderr.splitlines()
                 if line.strip() and not line.startswith(_NOISE))


def _first_problem(stderr: str) -> str:
    lines = _warnings(stderr)
    errors = [line for line in lines if line.lower().startswith("error")]
    return (errors or list(lines) or [""])[0]


def _checked(result: Rendered, fmt: str) -> Rendered:
    """Refuse output that is not what it claims to be; an SVG must parse as XML and
    carry no script or link (nothing from the input may become active content)."""
    data = result.data
    if fmt == "png" and not data.startswith(b"\x89PNG\r\n\x1a\n"):
        raise RenderError("Graphviz returned no PNG image")
    if fmt == "pdf" and not data.startswith(b"%PDF"):
        raise RenderError("Graphviz returned no PDF document")
    if fmt == "svg":
        check_svg(data)
    return result


def check_svg(data: bytes) -> None:
    """Raise RenderError unless `data` is well-formed SVG without scripts, event handlers,
    foreign objects or links."""
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise RenderError(f"the SVG is not well-formed XML ({exc})") from None
    for element in root.iter():
        tag = element.tag.rsplit("}", 1)[-1].lower()
        if tag in ("script", "foreignobject", "iframe", "object", "embed", "image"):
            raise RenderError(f"the SVG contains a <{tag}> element")
        for key, value in element.attrib.items():
            name = key.rsplit("}", 1)[-1].lower()
            if name.startswith("on") or name == "href" or "javascript:" in value.lower():
                raise RenderError(f"the SVG contains an active attribute ({name})")
