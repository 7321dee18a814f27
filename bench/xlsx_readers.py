"""Which XLSX reader `custorg import table` uses: python-calamine or openpyxl, measured.

    python bench/xlsx_readers.py                 # 100,000 rows, best of 3
    python bench/xlsx_readers.py --rows 20000 --repeat 1

Writes a seeded sheet of ROWS positions (id, parent, name, function, fte; names in
several scripts) with openpyxl's write-only mode, then reads every cell of it back with
each reader in a fresh process (`python -c`), the way the importer does: calamine's
`load_workbook(...).get_sheet_by_index(0).to_python()` and openpyxl's
`load_workbook(read_only=True, data_only=True)` + `iter_rows(values_only=True)`.
Wall time of the read call alone (interpreter start-up left out) and the child's peak
memory (ru_maxrss) are printed as a Markdown table. Both packages must be installed.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
from importlib import metadata
from pathlib import Path

READERS = {
    "python-calamine": (
        "import sys, time, resource\n"
        "from python_calamine import load_workbook\n"
        "t = time.perf_counter()\n"
        "rows = load_workbook(sys.argv[1]).get_sheet_by_index(0).to_python()\n"
        "n = sum(len(r) for r in rows)\n"
        "print(time.perf_counter() - t, n,"
        " resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)\n"),
    "openpyxl": (
        "import sys, time, resource\n"
        "from openpyxl import load_workbook\n"
        "t = time.perf_counter()\n"
        "wb = load_workbook(sys.argv[1], read_only=True, data_only=True)\n"
        "rows = list(wb.worksheets[0].iter_rows(values_only=True))\n"
        "n = sum(len(r) for r in rows)\n"
        "print(time.perf_counter() - t, n,"
        " resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)\n"),
}
NAMES = ["Kowalska Zofia", "Žydrūnė Šimkienė", "Иван Петров", "王小明", "O'Neil: \"#1\""]
FUNCTIONS = ["Finance", "Human Resources", "Operational Delivery", "Policy", ""]


def write_sheet(path: Path, rows: int, seed: int) -> None:
    from openpyxl import Workbook

    rng = random.Random(seed)
    book = Workbook(write_only=True)
    sheet = book.create_sheet("positions")
    sheet.append(["Position ID", "Reports To", "Job Title", "Job Family", "FTE"])
    for i in range(rows):
        parent = "" if i == 0 else f"P{rng.randrange(max(1, i // 8), i) if i > 1 else 0:06d}"
        sheet.append([f"P{i:06d}", parent, f"{rng.choice(NAMES)} {i}",
                      rng.choice(FUNCTIONS), rng.choice([1, 0.5, 0.8, 2.5])])
    book.save(path)


def measure(code: str, path: Path, repeat: int) -> tuple[float, int, float]:
    best, cells, peak = float("inf"), 0, 0.0
    for _ in range(repeat):
        out = subprocess.run([sys.executable, "-c", code, str(path)], check=True,
                             capture_output=True, text=True).stdout.split()
        best = min(best, float(out[0]))
        cells, peak = int(out[1]), max(peak, int(out[2]) / 1024)
    return best, cells, peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "positions.xlsx"
        write_sheet(path, args.rows, args.seed)
        size = path.stat().st_size / 1e6
        results = {name: measure(code, path, args.repeat) for name, code in READERS.items()}
    print(f"{args.rows:,} rows x 5 columns, {size:.1f} MB xlsx, best of {args.repeat}\n")
    print("| reader | version | read all cells | peak memory |")
    print("|---|---|---:|---:|")
    for name, (secs, _cells, peak) in results.items():
        print(f"| {name} | {metadata.version(name)} | {secs:.2f} s | {peak:.0f} MB |")
    print("\n" + json.dumps({k: v[0] for k, v in results.items()}))


if __name__ == "__main__":
    main()
