"""The parser's share of an audit (issue 26): PyYAML's C loader against rapidyaml.

    python bench/parser_bench.py                          # 10k, 50k and 100k units
    python bench/parser_bench.py --sizes 10000 --rounds 3 --out /tmp/parser.md

For each size it takes the benchmark's own org (bench/generate.py through bench/run.py's
cache) and times, in this one process, round after round alternating (the best round of
each is kept):

- (a) `yaml.load(text, Loader=yaml.CSafeLoader)`: the bare load into Python objects;
- (b) `ryml.parse_in_arena(data)`: rapidyaml's bare parse into its C++ tree;
- (c) (b) plus a walk of the tree that visits every node and, for each key and value,
  reads its text (as `str`) and its style (quoted or plain, and null for a plain `~`);
- (c+loc) the same on `ryml.parse_in_place` of a bytearray, plus each scalar's
  line/column. rapidyaml's Python API has no per-node location (`Location` only appears
  in parse errors), so it is derived from the scalar's address in the caller's buffer
  (a numpy view gives the address) and a table of line starts; skipped without numpy;
- (d) `custorg audit FILE --format json -o /dev/null` end to end, in a fresh process
  (wall time, interpreter start-up included), for scale;
- (e) custorg's line scanner (orgfile/scan.py, the path issue 26 chose over (c)): the
  `Document` load.py returns, data and source map, as `parse_text` builds it;
- (e+loc) (e) plus the location of every entity and of its first key, as the rules ask
  them (`SourceMap.at`);
- (f) the same `Document` by loadfast's walk of libyaml's events (the path before (e)).

Ratios are against (a). Without rapidyaml (or numpy) its cases are left out.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import tempfile
import time
from bisect import bisect_right
from collections.abc import Callable
from importlib import metadata
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import run  # noqa: E402  (bench/run.py: the org cache, the custorg command, measure())
import yaml  # noqa: E402

from custorg.orgfile.load import PARSER_ENV, Document, parse_text  # noqa: E402

try:
    import ryml  # type: ignore[import-not-found, import-untyped]
except ImportError:  # pragma: no cover - depends on the environment
    ryml = None

try:
    import numpy as np
except ImportError:  # pragma: no cover
    np = None

DEFAULT_SIZES = (10_000, 50_000, 100_000)


# ---------------------------------------------------------------------------- the walks


def walk_tree(tree: Any) -> int:
    """Visit every node; read each key's and value's text and style. Returns a count of
    what was read (so nothing is optimised away, and the runs can be compared)."""
    stack = [tree.root_id()]
    seen = 0
    none = ryml.NONE
    while stack:
        node = stack.pop()
        seen += 1
        if tree.has_key(node):
            key = str(tree.key(node), "utf8")
            quoted = tree.is_key_quoted(node)
            seen += len(key) + quoted
        if tree.has_val(node):
            val = str(tree.val(node), "utf8")
            quoted = tree.is_val_quoted(node)
            null = tree.val_is_null(node)  # a plain ~ / null / empty value
            seen += len(val) + quoted + null
        child = tree.first_child(node)
        while child != none:
            stack.append(child)
            child = tree.next_sibling(child)
    return seen


def walk_tree_located(tree: Any, base: int, line_starts: list[int]) -> int:
    """walk_tree, plus each non-empty scalar's line and column (1-based), from its
    address in the parsed buffer (parse_in_place: the scalars point into it)."""
    stack = [tree.root_id()]
    seen = 0
    none = ryml.NONE
    frombuffer, uint8 = np.frombuffer, np.uint8

    def where(view: memoryview) -> tuple[int, int]:
        offset = frombuffer(view, dtype=uint8).__array_interface__["data"][0] - base
        line = bisect_right(line_starts, offset)
        return line, offset - line_starts[line - 1] + 1

    while stack:
        node = stack.pop()
        seen += 1
        if tree.has_key(node):
            view = tree.key(node)
            key = str(view, "utf8")
            seen += len(key) + tree.is_key_quoted(node)
            if len(view):
                seen += sum(where(view))
        if tree.has_val(node):
            view = tree.val(node)
            val = str(view, "utf8")
            seen += len(val) + tree.is_val_quoted(node) + tree.val_is_null(node)
            if len(view):
                seen += sum(where(view))
        child = tree.first_child(node)
        while child != none:
            stack.append(child)
            child = tree.next_sibling(child)
    return seen


def custorg_document(text: str, parser: str) -> Document:
    """What load.py returns for `text` when `parser` is its first path (and took it)."""
    os.environ[PARSER_ENV] = parser
    try:
        doc, findings = parse_text(text, "org.yaml")
    finally:
        del os.environ[PARSER_ENV]
    if doc is None or findings or doc.path_kind != parser:
        raise SystemExit(f"the {parser} path did not read the benchmark's org")
    return doc


def locate_entities(doc: Document) -> int:
    """The location of every entity of every section and of its first key, as the rules
    ask them. Returns a sum of the lines (so nothing is optimised away)."""
    seen = 0
    at = doc.source.at
    for section, items in doc.data.items():
        if not isinstance(items, list):
            continue
        for n, item in enumerate(items):
            seen += at((section, n)).line
            if isinstance(item, dict) and item:
                seen += at((section, n, next(iter(item))), key=True).line
    return seen


# ---------------------------------------------------------------------------- one size


def contestants(data: bytes) -> dict[str, Callable[[], None]]:
    """The in-process cases for one file's bytes, by name."""
    text = data.decode("utf-8")
    line_starts = [0] + [i + 1 for i, b in enumerate(data) if b == 10]

    def parse_walk_located() -> None:
        buf = bytearray(data)
        base = np.frombuffer(buf, dtype=np.uint8).__array_interface__["data"][0]
        walk_tree_located(ryml.parse_in_place(buf), base, line_starts)

    cases: dict[str, Callable[[], None]] = {
        "a": lambda: yaml.load(text, Loader=yaml.CSafeLoader)}
    if ryml is not None:
        cases["b"] = lambda: ryml.parse_in_arena(data)
        cases["c"] = lambda: walk_tree(ryml.parse_in_arena(data))
        if np is not None:
            cases["c+loc"] = parse_walk_located
    cases["e"] = lambda: custorg_document(text, "scan")
    cases["e+loc"] = lambda: locate_entities(custorg_document(text, "scan"))
    cases["f"] = lambda: custorg_document(text, "events")
    return cases


def measure_size(path: Path, rounds: int, custorg: list[str], workdir: Path,
                 with_audit: bool) -> dict[str, float]:
    data = path.read_bytes()
    cases = contestants(data)
    best = {name: float("inf") for name in cases}
    if with_audit:
        best["d"] = float("inf")
    for _ in range(rounds):
        for name, case in cases.items():
            gc.collect()
            start = time.perf_counter()
            case()
            best[name] = min(best[name], time.perf_counter() - start)
        if with_audit:
            wall, _, code, _ = run.measure(
                custorg + ["audit", str(path), "--format", "json", "-o", os.devnull], workdir)
            if code not in (0, 1):
                raise SystemExit(f"custorg audit exited {code} on {path}")
            best["d"] = min(best["d"], wall)
    best["bytes"] = float(len(data))
    return best


# ---------------------------------------------------------------------------- output

LABELS = {
    "a": "(a) `yaml.load(text, Loader=yaml.CSafeLoader)`",
    "b": "(b) `ryml.parse_in_arena` (bare parse into the tree)",
    "c": "(c) (b) + walk: every node, text and style of each scalar",
    "c+loc": "(c+loc) (c) on `parse_in_place`, + line/column of each scalar",
    "d": "(d) `custorg audit FILE --format json -o /dev/null` (subprocess)",
    "e": "(e) custorg's line scanner: load.py's `Document` (data + source map)",
    "e+loc": "(e+loc) (e) + the location of every entity and of its first key",
    "f": "(f) loadfast's walk of libyaml's events: the same `Document`",
}


def markdown(results: dict[int, dict[str, float]], rounds: int) -> str:
    sizes = sorted(results)
    names = [n for n in LABELS if all(n in results[s] for s in sizes)]
    info = run.machine()
    try:
        ryml_version = metadata.version("rapidyaml")
    except metadata.PackageNotFoundError:
        ryml_version = "?"
    lines = [
        "# Parser benchmark (issue 26)",
        "",
        f"Written by `python bench/parser_bench.py --sizes {','.join(map(str, sizes))} "
        f"--rounds {rounds}`: best of {rounds} rounds, the cases alternating within each "
        "round; (a) to (c+loc) timed in one process around the call only, (d) the wall "
        "time of a fresh process (interpreter start-up included). `x` = time / time of (a).",
        "",
        "| case | " + " | ".join(
            f"{s:,} units ({results[s]['bytes'] / 2**20:.1f} MB)" for s in sizes) + " |",
        "|---|" + "---:|" * len(sizes),
    ]
    for name in names:
        cells = []
        for s in sizes:
            t, base = results[s][name], results[s]["a"]
            cells.append(f"{t:.3f} s ({t / base:.2f}x)")
        lines.append(f"| {LABELS[name]} | " + " | ".join(cells) + " |")
    if all("b" in results[s] for s in sizes):
        lines += ["", "CSafeLoader / rapidyaml factors: " + "; ".join(
            f"{s:,} units: bare parse {results[s]['a'] / results[s]['b']:.1f}x, "
            f"parse + walk {results[s]['a'] / results[s]['c']:.1f}x" for s in sizes)]
    lines += ["", "## Machine", ""]
    lines += [f"- {k}: {v}" for k, v in info.items()]
    lines.append(f"- rapidyaml {ryml_version}, PyYAML {yaml.__version__}"
                 + (f", numpy {np.__version__}" if np is not None else ""))
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=",".join(map(str, DEFAULT_SIZES)))
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--cache", default=str(Path(tempfile.gettempdir()) / "custorg-bench"))
    parser.add_argument("--out", help="write the Markdown table here (else stdout only)")
    parser.add_argument("--no-audit", action="store_true", help="skip (d)")
    args = parser.parse_args(argv)
    if ryml is None:
        print("rapidyaml is not installed (pip install rapidyaml): its cases are left out.")
    if not hasattr(yaml, "CSafeLoader"):
        print("PyYAML has no C loader (libyaml) here: the baseline is missing, skipped.")
        return 0
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    cache = Path(args.cache)
    cache.mkdir(parents=True, exist_ok=True)
    custorg = run.custorg_command()
    results: dict[int, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for size in sizes:
            path = run.org_file(size, args.seed, cache)
            print(f"{size} units: {path}", flush=True)
            results[size] = measure_size(path, args.rounds, custorg, Path(tmp),
                                         not args.no_audit)
            print("  " + ", ".join(f"{k} {v:.3f}s" for k, v in results[size].items()
                                   if k != "bytes"), flush=True)
    text = markdown(results, args.rounds)
    print(text)
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
