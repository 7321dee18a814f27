"""The import benchmark: `custorg import` on an organogram of the MoD's size and on
generated tables up to 100,000 positions.

    python bench/import_bench.py                          # MoD + 10k, 50k, 100k positions
    python bench/import_bench.py --sizes 1000 --repeat 1  # a quick look

- **MoD**: the Ministry of Defence organogram of 2016-03-31 (704 kept senior posts, 6,350
  junior rows) from shared/data/organograms when it is there, else a generated organogram
  of the same shape (`organogram()` below). Both `--by post` and `--by unit`.
- **Tables**: `custorg import table` on a seeded CSV of N positions (`table()` below: a
  tree with spans of 1 to 12, names in several scripts, decimal-comma FTE, `;`-separated).

For each, two numbers, best of --repeat runs: the wall time of the `custorg import ...`
command in a fresh process (with interpreter start-up and the CLI's imports), and
custorg's own time: the same import run inside one process (cycle collector off, as
the `custorg` command runs), the CPU time of `import_organogram`/`import_table` +
`write_folder` only (CPU time, so that other work on the machine counts less). Growth
between table sizes is compared with linear growth. Output: a Markdown table.
"""

from __future__ import annotations

import argparse
import itertools
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
SHARED = next((p / "shared" / "data" / "organograms" for p in (HERE.parent.parent,
                                                                 HERE.parent.parent.parent)
               if (p / "shared" / "data" / "organograms").is_dir()), None)
MOD = "ministry_of_defence-2016-03-31"
NAMES = ["Zofia Kowalska", "Žydrūnė Šimkienė", "Иван Петров", "王小明", "Ann O'Neil"]
GROUPS = ["Finance", "Human Resources", "Operational Delivery", "Policy", "Military", ""]
INNER = ("import gc, sys, time\n"
         "gc.disable()  # as the custorg command runs (cli.run)\n"
         "from custorg.importer import {fn}, write_folder{extra}\n"
         "t = time.process_time()\n"
         "result = {call}\n"
         "write_folder(result, sys.argv[1], [])\n"
         "print(time.process_time() - t)\n")


def organogram(folder: Path, posts: int = 704, junior: int = 6350, seed: int = 1
               ) -> tuple[Path, Path]:
    """A generated organogram of the 2011+ layout: 11 top posts, spans of 1 to 17."""
    rng = random.Random(seed)
    senior_path, junior_path = folder / "gen-senior.csv", folder / "gen-junior.csv"
    import csv

    with senior_path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, quoting=csv.QUOTE_ALL)
        w.writerow(["Post Unique Reference", "Name", "Grade (or equivalent)", "Job Title",
                    "Organisation", "Unit", "Reports to Senior Post", "FTE",
                    "Professional/Occupational Group"])
        for i in range(posts):
            boss = "XX" if i < 11 else f"{rng.randrange(max(0, i - 60), i):08d}"
            w.writerow([f"{i:08d}", rng.choice(NAMES + ["N/D"]), "SCS1", f"Director {i}",
                        "Ministry", f"Unit {i % 10}", boss, "1", rng.choice(GROUPS)])
    with junior_path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, quoting=csv.QUOTE_ALL)
        w.writerow(["Organisation", "Unit", "Reporting Senior Post", "Grade",
                    "Number of Posts in FTE"])
        for _ in range(junior):
            w.writerow(["Ministry", f"Unit {rng.randrange(10)}",
                        f"{rng.randrange(posts):08d}", "EO", f"{rng.randrange(1, 400) / 4}"])
    return senior_path, junior_path


def table(path: Path, rows: int, seed: int = 1) -> Path:
    """A `;`-separated export of `rows` positions, FTE with decimal commas."""
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as f:
        f.write("Stanowisko;Przełożony;Nazwa;Pion;Etat;Osoba\n")
        for i in range(rows):
            boss = "" if i == 0 else f"S{rng.randrange(max(0, i - 12 * 12), i):06d}"
            fte = f"{rng.choice([1, 1, 1, 0.5, 0.75, 2.5])}".replace(".", ",")
            f.write(f"S{i:06d};{boss};Team {i};{rng.choice(GROUPS)};{fte};"
                    f"{rng.choice(NAMES)}\n")
    return path


def best(argv: list[str], out: Path, repeat: int, inner: bool) -> float:
    times = []
    for _ in range(repeat):
        shutil.rmtree(out, ignore_errors=True)
        start = time.perf_counter()
        done = subprocess.run(argv + [str(out)], capture_output=True, text=True)
        wall = time.perf_counter() - start
        if done.returncode != 0:
            raise SystemExit(f"{argv} failed: {done.stderr}")
        times.append(float(done.stdout.split()[-1]) if inner else wall)
    return min(times)


def measure(label: str, cli: list[str], inner: str, work: Path, repeat: int
            ) -> tuple[str, float, float]:
    out = work / "out"
    wall = best(cli + ["--force", "-o"], out, repeat, inner=False)
    own = best([sys.executable, "-c", inner], out, repeat, inner=True)
    return label, wall, own


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,50000,100000")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    custorg = [sys.executable, "-m", "custorg"]
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        if SHARED is not None:
            senior, junior = SHARED / f"{MOD}-senior.csv", SHARED / f"{MOD}-junior.csv"
            what = "MoD organogram 2016-03-31 (704 posts, 6,350 junior rows)"
        else:
            senior, junior = organogram(work)
            what = "generated organogram (704 posts, 6,350 junior rows)"
        for by in ("post", "unit"):
            call = f"import_organogram({str(senior)!r}, {str(junior)!r}, by={by!r})"
            rows.append(measure(f"{what}, --by {by}", custorg + [
                "import", "organogram", str(senior), str(junior), "--by", by],
                INNER.format(fn="import_organogram", extra="", call=call), work, args.repeat))
        for size in (int(s) for s in args.sizes.split(",")):
            path = table(work / f"positions-{size}.csv", size)
            mb = path.stat().st_size / 1e6
            spec = ("Spec('Stanowisko', 'Przełożony', name='Nazwa', function='Pion', "
                    "fte='Etat', person='Osoba')")
            call = f"import_table({str(path)!r}, {spec})"
            rows.append(measure(f"table, {size:,} positions ({mb:.1f} MB CSV)", custorg + [
                "import", "table", str(path), "--id", "Stanowisko", "--parent", "Przełożony",
                "--name", "Nazwa", "--function", "Pion", "--fte", "Etat", "--person",
                "Osoba"], INNER.format(fn="import_table", extra=", Spec", call=call),
                work, args.repeat))
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"best of {args.repeat}; Python {sys.version.split()[0]}; {os.cpu_count()} CPUs, "
          f"load average {load:.1f} at the end\n")
    print("| input | `custorg import` (wall, fresh process) | custorg's own time (CPU) |")
    print("|---|---:|---:|")
    for label, wall, own in rows:
        print(f"| {label} | {wall:.2f} s | {own:.2f} s |")
    tables = [(label, own) for label, _, own in rows if label.startswith("table")]
    for (a, ta), (b, tb) in itertools.pairwise(tables):
        na, nb = (int(x.split()[1].replace(",", "")) for x in (a, b))
        print(f"\n{nb:,} / {na:,} positions: x{tb / ta:.2f} time for x{nb / na:.2f} size")


if __name__ == "__main__":
    main()
