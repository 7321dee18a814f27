"""The shapes a hostile pull request can commit to force work (issue 10), at growing
sizes: custorg's time and memory must grow near-linearly with the file.

    python bench/adversarial.py                       # the sizes below, ~5 minutes here
    python bench/adversarial.py --scale 0.25 --out /tmp/a.md   # a quicker look

Shapes (each a small valid or broken org, generated here):

- `long-process`: one process of N steps over 50 units (`audit --format json`), and the
  same drawn as swim lanes in Mermaid (`diagram --view process -f mermaid`);
- `broken-steps`: one process of N steps naming no unit (`validate --format json`: N
  findings located in one entity);
- `big-project`: one project listing N units of 5 functions (`audit --format json`; its
  pairs were N^2/2 ties);
- `process-lanes`: one process through N top-level units (`diagram --view process -f
  dot`: lanes fold by function);
- `broken-refs`: N units whose parent names no unit (`validate --format json`).

Each command runs in a fresh process (bench/run.py's `measure`: wall time, peak RSS),
best of `--repeat` runs. The growth column is the time ratio from one size to the next
against the size ratio (2x): near 2 is linear.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import custorg_command, run_best  # noqa: E402  (bench/run.py, next to this file)

SIZES = (5_000, 10_000, 20_000, 40_000)


def long_process(n: int) -> str:
    units = "".join(f"  - {{id: u{i}, function: f{i % 5}}}\n" for i in range(50))
    steps = "".join(f"      - u{(i * 7) % 50}\n" for i in range(n))
    return (f"units:\n{units}processes:\n  - id: p\n    volume: 3\n    steps:\n"
            f"      - customer\n{steps}      - customer\n")


def broken_steps(n: int) -> str:
    steps = "".join(f"      - missing{i}\n" for i in range(n))
    return f"units: [{{id: a}}]\nprocesses:\n  - id: p\n    steps:\n{steps}"


def big_project(n: int) -> str:
    units = "".join(f"  - {{id: u{i}, function: f{i % 5}}}\n" for i in range(n))
    members = "".join(f"      - u{i}\n" for i in range(n))
    return (f"units:\n{units}contact_points: [{{need: buy, unit: u0}}]\n"
            f"projects:\n  - id: all\n    units:\n{members}")


def process_lanes(n: int) -> str:
    units = "".join(f"  - {{id: u{i}, function: f{i % 40}}}\n" for i in range(n))
    steps = "".join(f"      - u{i}\n" for i in range(n))
    return f"units:\n{units}processes:\n  - id: p\n    steps:\n      - customer\n{steps}"


def many_processes(n: int) -> str:
    """n processes handing work over between the same two units with no interface: one
    I001 finding that lists every process (a list scan per process was quadratic)."""
    procs = "".join(f"  - {{id: p{i}, steps: [customer, a, b, customer]}}\n"
                    for i in range(n))
    return ("units:\n  - {id: a, function: sales}\n  - {id: b, function: service}\n"
            f"processes:\n{procs}")


def broken_refs(n: int) -> str:
    return "units:\n" + "".join(f"  - {{id: u{i}, parent: nobody{i}}}\n" for i in range(n))


SHAPES: dict[str, tuple[Callable[[int], str], list[str]]] = {
    "long-process": (long_process, ["audit", "{file}", "--format", "json"]),
    "long-process mermaid": (long_process, ["diagram", "{file}", "--view", "process",
                                            "--process", "p", "-f", "mermaid"]),
    "broken-steps": (broken_steps, ["validate", "{file}", "--format", "json"]),
    "big-project": (big_project, ["audit", "{file}", "--format", "json"]),
    "process-lanes": (process_lanes, ["diagram", "{file}", "--view", "process",
                                      "--process", "p", "-f", "dot"]),
    "broken-refs": (broken_refs, ["validate", "{file}", "--format", "json"]),
    "many-processes": (many_processes, ["audit", "{file}", "--format", "json"]),
}


def measure_shapes(sizes: list[int], repeat: int) -> list[tuple[str, int, int, float, float]]:
    """(shape, size, bytes, seconds, peak MB) for every shape and size."""
    custorg = custorg_command()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for shape, (make, args) in SHAPES.items():
            for size in sizes:
                path = work / f"{shape.split()[0]}-{size}.yaml"
                if not path.exists():
                    path.write_text(make(size), encoding="utf-8")
                argv = custorg + [a.replace("{file}", str(path)) for a in args]
                result = run_best(shape, argv, repeat, work)
                if not result.ok:
                    raise SystemExit(f"{shape} at {size}: exit codes {result.exit_codes}")
                rows.append((shape, size, path.stat().st_size, result.wall, result.peak_mb))
                print(f"{shape:22} {size:>7,} {result.wall:7.2f} s {result.peak_mb:6.0f} MB",
                      flush=True)
    return rows


def markdown(rows: list[tuple[str, int, int, float, float]]) -> str:
    lines = ["| shape | size | file | time | growth (x2 size) | peak memory |",
             "|---|---:|---:|---:|---:|---:|"]
    previous: dict[str, float] = {}
    for shape, size, nbytes, wall, peak in rows:
        growth = f"x{wall / previous[shape]:.2f}" if shape in previous else ""
        previous[shape] = wall
        lines.append(f"| {shape} | {size:,} | {nbytes / 1e6:.2f} MB | {wall:.2f} s | "
                     f"{growth} | {peak:.0f} MB |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0, help="multiply every size")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--out", type=Path, default=Path(__file__).with_name(
        "adversarial.md"))
    args = parser.parse_args(argv)
    sizes = [max(10, int(s * args.scale)) for s in SIZES]
    rows = measure_shapes(sizes, args.repeat)
    args.out.write_text("# Adversarial shapes\n\n`python bench/adversarial.py` "
                        f"(sizes {', '.join(f'{s:,}' for s in sizes)}; best of "
                        f"{args.repeat})\n\n" + markdown(rows), encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
