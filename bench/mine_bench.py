"""The `custorg mine` benchmark (issue 12): one command, results in Markdown and JSON.

    python bench/mine_bench.py --bpic PATH/bpic2013_incidents.xes.gz --cache /tmp/logs
    python bench/mine_bench.py --sizes 1000000 --skip pm4py       # a quicker look

Run it from a regular install (`pip install . pm4py`; an editable install adds an import
hook to every start), on a machine left alone. Every command runs in a fresh process;
wall time from start to exit, CPU time (user + system of the child and its threads) and
peak memory (maximum resident set size) come from wait4. The contestants take turns,
round after round, and each one's best round counts: on a shared machine the speed of
the processor drifts by tens of percent within a minute, and taking turns exposes both
to the same drift. Measured:

- BPIC 2013 end to end: `custorg mine LOG --format json` against PM4Py doing the same job
  in one process (import, `read_xes`, `discover_handover_of_work_network`, beta 0, the
  group as resource); the target is 10x;
- synthetic logs (bench/mine_logs.py, written once by a child process and cached): the
  python engine on the CSV of each size (linear: time per event constant), the duckdb
  engine on the same events as Parquet, once with the timestamps as text (as in the CSV)
  and once as a timestamp column (as exports write Parquet); the target is 5x faster
  than the python engine at 10M events, peak memory under 2 GB.
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
    return {"wall": round(wall, 3), "cpu": round(usage.ru_utime + usage.ru_stime, 3),
            "peak_mb": round(usage.ru_maxrss / 1024, 1)}


def turns(contestants: dict[str, tuple[list[str], Path]], rounds: int) -> dict[str, Any]:
    """Each contestant once per round, in turn; per contestant its best wall, best CPU,
    highest peak memory, and every round's wall time."""
    runs: dict[str, list[dict[str, float]]] = {name: [] for name in contestants}
    for _ in range(rounds):
        for name, (argv, out) in contestants.items():
            runs[name].append(measure(argv, out))
    return {name: {"wall": min(r["wall"] for r in rs), "cpu": min(r["cpu"] for r in rs),
                   "peak_mb": max(r["peak_mb"] for r in rs),
                   "rounds": [r["wall"] for r in rs]} for name, rs in runs.items()}


def _logs(size: int, cache: Path) -> dict[str, Path]:
    """The logs of `size` events, written once by a child process: a child's peak memory
    starts from its parent's at the fork, so the benchmark itself stays small."""
    paths = {"csv": cache / f"log-{size}.csv", "parquet": cache / f"log-{size}.parquet",
             "typed": cache / f"log-{size}-typed.parquet"}
    if not all(p.exists() for p in paths.values()):
        subprocess.run([sys.executable, "-c", f"""if True:
            import sys; sys.path.insert(0, {str(HERE)!r}); import mine_logs
            from pathlib import Path
            csv, text, typed = (Path(p) for p in {[str(p) for p in paths.values()]!r})
            if not csv.exists(): mine_logs.write_csv({size}, csv)
            if not text.exists(): mine_logs.write_parquet(csv, text)
            if not typed.exists(): mine_logs.write_parquet(text, typed, typed=True)"""],
                       check=True)
    return paths


def run(args: argparse.Namespace) -> dict[str, Any]:
    custorg = [sys.executable, "-m", "custorg"]
    scratch = args.cache / "out"
    scratch.mkdir(parents=True, exist_ok=True)
    results: dict[str, Any] = {"machine": f"{platform.machine()}, {os.cpu_count()} CPUs, "
                               f"Python {platform.python_version()}",
                               "load": os.getloadavg(), "synthetic": {}}
    if args.bpic and "bpic" not in args.skip:
        contestants = {"custorg": ([*custorg, "mine", str(args.bpic), "--format", "json"],
                                   scratch / "bpic.json")}
        if "pm4py" not in args.skip:
            contestants["pm4py"] = ([sys.executable, "-c", PM4PY, str(args.bpic)],
                                    scratch / "pm4py.txt")
        results["bpic"] = turns(contestants, args.rounds)
    for size in args.sizes:
        logs = _logs(size, args.cache)
        contestants = {}
        if "python" not in args.skip:
            contestants["python_csv"] = ([*custorg, "mine", str(logs["csv"]), "--format",
                                          "json"], scratch / f"py-{size}.json")
        if "duckdb" not in args.skip:
            for name, log in (("duckdb_parquet", logs["parquet"]),
                              ("duckdb_parquet_typed", logs["typed"])):
                contestants[name] = ([*custorg, "mine", str(log), "--engine", "duckdb",
                                      "--format", "json"], scratch / f"{name}-{size}.json")
        row: dict[str, Any] = turns(contestants, args.repeat)
        if len(contestants) == 3:
            row["identical_json"] = all(
                _same(scratch / f"py-{size}.json", scratch / f"{name}-{size}.json")
                for name in ("duckdb_parquet", "duckdb_parquet_typed"))
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
             f"{', '.join(f'{x:.1f}' for x in results['load'])}. Best of the rounds, the "
             "contestants taking turns (bench/mine_bench.py).", ""]
    bpic = results.get("bpic")
    if bpic:
        lines += ["| BPIC 2013 (65,533 events) | wall s | CPU s | peak MB | every round, wall s |",
                  "|---|---|---|---|---|"]
        for name, r in bpic.items():
            lines.append(f"| {name} | {r['wall']} | {r['cpu']} | {r['peak_mb']} | "
                         f"{', '.join(str(w) for w in r['rounds'])} |")
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
            p = row["python_csv"]
            for name in ("duckdb_parquet", "duckdb_parquet_typed"):
                d = row[name]
                lines.append(f"| {int(size):,} | {name} vs python | "
                             f"{_ratio(p['wall'], d['wall'])} | {_ratio(p['cpu'], d['cpu'])} "
                             f"| | identical JSON: {row['identical_json']} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bpic", type=Path)
    parser.add_argument("--sizes", default="1000000,10000000",
                        type=lambda t: [int(x) for x in t.split(",") if x])
    parser.add_argument("--cache", type=Path, default=Path("/tmp/custorg-mine-bench"))
    parser.add_argument("--rounds", type=int, default=7, help="BPIC rounds")
    parser.add_argument("--repeat", type=int, default=3, help="synthetic rounds")
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
