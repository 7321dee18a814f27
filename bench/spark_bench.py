"""The spark engine's benchmark (issue 24): `custorg mine --engine spark` beside
`--engine duckdb` on 10M and 100M generated events as Parquet, in one run.

    python bench/spark_bench.py                                  # 10M and 100M, 2 rounds
    python bench/spark_bench.py --sizes 1000000 --repeat 1       # a quick look
    python bench/spark_bench.py --sizes 1000000 --skip spark     # without pyspark

Not run in CI. It checks the free disk first (the logs it has to write, and Spark's
shuffle files) and refuses with a message when there is not enough. The logs come from
bench/mine_logs.py and are cached: up to BASE events one Parquet file; above it, when
writing it with the generator would take longer than GENERATE_LIMIT (projected from the
base's rate), a folder of size/BASE Parquet files, each the base log with its case ids
shifted (the same variants, new cases), else one file from the generator.

Each size: the engines take turns, round after round (spark with `--spark-master
local[2]` and a fixed `spark.driver.memory`, then duckdb, `--format json`, stdout to a
file); per engine its best wall time, the peak memory of the custorg (Python) process
and of the JVM it starts (VmHWM from /proc, sampled every SAMPLE seconds; wait4's
ru_maxrss, which counts children only once reaped, is kept too), what was collected to
the driver (`--statistics`) and whether the JSON equals duckdb's. Then one more spark run
on the smallest size with Spark's event log on: its query plans' exchanges and per stage
the bytes read, shuffled out and in (how the work divides). Results: bench/
spark_results.md and .json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))  # bench/ is no package
from spark_stages import MB, division, event_files, parse_event_log  # noqa: E402

BASE = 10_000_000  # events of the largest log the generator writes as one file
GENERATE_LIMIT = 20 * 60  # seconds: beyond this projection, 100M is made of shifted parts
SAMPLE = 0.2  # seconds between two looks at /proc
# bytes per event on disk, measured on 1M events: the generator's CSV (deleted once it is
# Parquet), the Parquet file, and Spark's shuffle files for the largest log (about 19 per
# shuffle of the events by case, measured; room for four such shuffles); plus a margin
CSV_BYTES, PARQUET_BYTES, SHUFFLE_BYTES, MARGIN = 56, 13, 80, 2 * 1024 * MB
DRIVER_MEMORY = "2g"
STATISTICS = re.compile(r"collected to the driver: ([\d,]+) rows, ([\d,]+) bytes")


def disk_needed(sizes: list[int], cache: Path, base: int = BASE) -> int:
    """Bytes the run will write: the logs not cached yet, the shuffle of the largest."""
    need = MARGIN + SHUFFLE_BYTES * max(sizes)
    for size in sizes:
        if not log_path(size, cache).exists():
            need += PARQUET_BYTES * size + (CSV_BYTES * min(size, base))
    return need


def check_disk(sizes: list[int], cache: Path, base: int = BASE) -> None:
    free = shutil.disk_usage(cache).free
    need = disk_needed(sizes, cache, base)
    if free < need:
        raise SystemExit(f"spark_bench: {cache} has {free / 1024 ** 3:.1f} GB free; this run "
                         f"needs about {need / 1024 ** 3:.1f} GB (logs and Spark's shuffle "
                         "files): free some space, or give --cache on a larger disk, or "
                         "smaller --sizes")


def log_path(size: int, cache: Path) -> Path:
    """The cached log of `size` events: a file, or a folder of parts above BASE."""
    single = cache / f"log-{size}.parquet"
    parts = cache / f"log-{size}"
    return parts if parts.is_dir() else single


def _generate(size: int, cache: Path) -> Path:
    """One Parquet file of `size` events by bench/mine_logs.py, in a child process (its
    memory is not the benchmark's); the CSV is removed; the rate kept in rates.json."""
    target = cache / f"log-{size}.parquet"
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", f"""if True:
        import sys; sys.path.insert(0, {str(HERE)!r}); import mine_logs
        from pathlib import Path
        csv = mine_logs.write_csv({size}, Path({str(cache / f'log-{size}.csv')!r}))
        mine_logs.write_parquet(csv, Path({str(target)!r} + '.tmp'))
        csv.unlink()"""], check=True)
    os.replace(f"{target}.tmp", target)
    rates = cache / "rates.json"
    known = json.loads(rates.read_text(encoding="utf-8")) if rates.exists() else {}
    known[str(size)] = (time.perf_counter() - start) / size
    rates.write_text(json.dumps(known), encoding="utf-8")
    return target


def _shifted_parts(size: int, cache: Path, base: Path, events: int) -> Path:
    """size/events Parquet files in a folder: part k is the base log with `case-N` renamed
    `case-(N + k * CASES)` (CASES: the base's largest N), so every part's cases are new."""
    import duckdb

    folder = cache / f"log-{size}"
    scratch = cache / f"log-{size}.tmp"
    shutil.rmtree(scratch, ignore_errors=True)
    scratch.mkdir()
    con = duckdb.connect()
    number = """CAST(substr("case:concept:name", 6) AS BIGINT)"""
    cases = con.execute(f"SELECT max({number}) FROM read_parquet('{base}')").fetchone()
    assert cases is not None
    for k in range(size // events):
        con.execute(f"""COPY (SELECT 'case-' || ({number} + {k * cases[0]})
                                     AS "case:concept:name", "org:group", "time:timestamp",
                                     "concept:name" FROM read_parquet('{base}'))
                        TO '{scratch / f"part-{k:03d}.parquet"}'
                        (FORMAT parquet, ROW_GROUP_SIZE 1000000)""")
    con.close()
    os.replace(scratch, folder)
    return folder


def ensure_log(size: int, cache: Path, base: int = BASE) -> Path:
    """The log of `size` events, written unless cached (see the module's docstring)."""
    path = log_path(size, cache)
    if path.exists():
        return path
    if size <= base:
        return _generate(size, cache)
    if size % base:
        raise SystemExit(f"spark_bench: sizes above {base:,} must be multiples of it")
    first = ensure_log(base, cache, base)
    rates = json.loads((cache / "rates.json").read_text(encoding="utf-8"))
    if rates.get(str(base), 0) * size > GENERATE_LIMIT:
        return _shifted_parts(size, cache, first, base)
    return _generate(size, cache)


def _tree(root: int) -> list[int]:
    """The pids of `root`'s descendants (from /proc/*/stat's parent pids)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parent = int(stat.rsplit(")", 1)[1].split()[1])
            children.setdefault(parent, []).append(int(entry.name))
    out, todo = [], [root]
    while todo:
        for child in children.get(todo.pop(), []):
            out.append(child)
            todo.append(child)
    return out


def _hwm(pid: int) -> tuple[str, int]:
    """(command name, peak resident bytes) of a process; ("", 0) once it is gone."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return "", 0
    fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
    return fields["Name"].strip(), int(fields.get("VmHWM", "0 kB").split()[0]) * 1024


class Peaks:
    """Samples the peak memory of a process (Python) and of the JVMs below it."""

    def __init__(self, pid: int) -> None:
        self.pid, self.python, self.jvm = pid, 0, 0
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while not self.done.is_set():
            self.python = max(self.python, _hwm(self.pid)[1])
            for child in _tree(self.pid):
                name, peak = _hwm(child)
                if name == "java":
                    self.jvm = max(self.jvm, peak)
            self.done.wait(SAMPLE)

    def stop(self) -> None:
        self.done.set()
        self.thread.join()


def measure(argv: list[str], out: Path) -> dict[str, Any]:
    """Run once: wall seconds, peak MB (Python, JVM, wait4), collected rows and bytes."""
    start = time.perf_counter()
    with open(out, "wb") as sink, open(f"{out}.err", "wb") as err:
        proc = subprocess.Popen(argv, stdout=sink, stderr=err)
        peaks = Peaks(proc.pid)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        peaks.stop()
    stderr = Path(f"{out}.err").read_text(encoding="utf-8", errors="replace")
    if os.waitstatus_to_exitcode(status) != 0:  # kept, not raised: the other engine's run stays
        lines = [line for line in stderr.splitlines() if line.strip()] or ["(no message)"]
        print(f"spark_bench: failed: {' '.join(argv)}\n{stderr[-3000:]}", file=sys.stderr)
        return {"failed": lines[-1][:300], "wall": round(wall, 2)}
    found = STATISTICS.search(stderr)
    return {"wall": round(wall, 2), "python_mb": round(peaks.python / MB, 1),
            "jvm_mb": round(peaks.jvm / MB, 1), "wait4_mb": round(usage.ru_maxrss / 1024, 1),
            "rows": int(found[1].replace(",", "")) if found else None,
            "bytes": int(found[2].replace(",", "")) if found else None}


def commands(log: Path, scratch: Path, skip: set[str], duckdb_memory: int | None = None
             ) -> dict[str, list[str]]:
    mine = [sys.executable, "-m", "custorg", "mine", str(log), "--format", "json"]
    out = {}
    if "spark" not in skip:
        out["spark"] = [*mine, "--engine", "spark", "--spark-master", "local[2]",
                        "--spark-conf", f"spark.driver.memory={DRIVER_MEMORY}",
                        "--spark-conf", f"spark.local.dir={scratch}", "--statistics"]
    if "duckdb" not in skip:
        out["duckdb"] = [*mine, "--engine", "duckdb"]
        if duckdb_memory is not None:  # `[limits] duckdb-memory`, in a config of its own
            config = scratch / "duckdb-memory.toml"
            config.write_text(f"[limits]\nduckdb-memory = {duckdb_memory}\n", encoding="utf-8")
            out["duckdb"] += ["--config", str(config)]
    return out


def one_size(size: int, cache: Path, repeat: int, skip: set[str],
             base: int = BASE, duckdb_memory: int | None = None) -> dict[str, Any]:
    """The engines in turn, `repeat` rounds; per engine the best wall, the highest peaks."""
    log = ensure_log(size, cache, base)
    scratch = cache / "spark-scratch"
    scratch.mkdir(exist_ok=True)
    contestants = commands(log, scratch, skip, duckdb_memory)
    runs: dict[str, list[dict[str, Any]]] = {name: [] for name in contestants}
    for _ in range(repeat):
        for name, argv in contestants.items():
            runs[name].append(measure(argv, cache / f"out-{name}-{size}.json"))
    row: dict[str, Any] = {}
    for name, rs in runs.items():
        failed = [r for r in rs if "failed" in r]
        if failed:
            row[name] = {"failed": failed[0]["failed"], "wall": failed[0]["wall"]}
            continue
        row[name] = {"wall": min(r["wall"] for r in rs), "rounds": [r["wall"] for r in rs],
                     **{k: max(r[k] for r in rs) for k in ("python_mb", "jvm_mb", "wait4_mb")},
                     "rows": rs[-1]["rows"], "bytes": rs[-1]["bytes"]}
    if len(runs) == 2 and not any("failed" in r for r in row.values()):
        docs = [json.loads((cache / f"out-{n}-{size}.json").read_text(encoding="utf-8"))
                for n in runs]
        row["identical_json"] = docs[0] == docs[1]
    return row


# --- how the work divides: one run with Spark's event log ------------------------------

def plans(size: int, cache: Path, base: int = BASE) -> dict[str, Any]:
    """One spark run of `size` with Spark's event log on (not timed), parsed."""
    events = cache / f"eventlog-{size}"
    shutil.rmtree(events, ignore_errors=True)
    events.mkdir()
    scratch = cache / "spark-scratch"
    scratch.mkdir(exist_ok=True)
    argv = commands(ensure_log(size, cache, base), scratch, {"duckdb"})["spark"] + [
        "--spark-conf", "spark.eventLog.enabled=true", "--spark-conf",
        f"spark.eventLog.dir={events.as_uri()}", "--spark-conf", "spark.eventLog.compress=false"]
    measure(argv, cache / f"out-plans-{size}.json")
    logs = event_files(events)
    if not logs:
        raise SystemExit(f"spark_bench: Spark wrote no event log in {events}")
    return {"size": size, **parse_event_log(logs)}




# --- results ---------------------------------------------------------------------------------

def _machine() -> str:
    mem = next((line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines()
                if line.startswith("MemTotal")), "0")
    java = subprocess.run(["java", "-version"], capture_output=True, text=True, check=False)
    versions = []
    for module in ("pyspark", "duckdb"):
        try:
            versions.append(f"{module} {__import__(module).__version__}")
        except ImportError:
            versions.append(f"no {module}")
    return (f"{platform.machine()}, {os.cpu_count()} CPUs, {int(mem) / 1024 ** 2:.1f} GB RAM, "
            f"Python {platform.python_version()}, "
            f"{(java.stderr.splitlines() or ['no java'])[0]}, {', '.join(versions)}")


def _sizes_table(results: dict[str, Any]) -> list[str]:
    lines = ["| events | engine | wall s | Python peak MB | JVM peak MB | wait4 max RSS MB "
             "| collected rows | collected bytes | every round, wall s |",
             "|---|---|---|---|---|---|---|---|---|"]
    for size, row in results["sizes"].items():
        for name, r in row.items():
            if isinstance(r, dict) and "failed" in r:
                lines.append(f"| {int(size):,} | {name} | failed after {r['wall']} s: "
                             f"{r['failed']} | | | | | | |")
            elif isinstance(r, dict):
                lines.append(f"| {int(size):,} | {name} | {r['wall']} | {r['python_mb']} | "
                             f"{r['jvm_mb'] or '-'} | {r['wait4_mb']} | "
                             f"{'-' if r['rows'] is None else format(r['rows'], ',')} | "
                             f"{'-' if r['bytes'] is None else format(r['bytes'], ',')} | "
                             f"{', '.join(str(w) for w in r['rounds'])} |")
        if "identical_json" in row:
            lines.append(f"| {int(size):,} | spark vs duckdb | "
                         f"{row['spark']['wall'] / row['duckdb']['wall']:.1f}x | | | | | | "
                         f"identical JSON: {row['identical_json']} |")
    return lines


def _growth(results: dict[str, Any]) -> list[str]:
    sizes = sorted(results["sizes"], key=int)
    if len(sizes) < 2:
        return []
    small, large = results["sizes"][sizes[0]], results["sizes"][sizes[-1]]
    factor = int(sizes[-1]) / int(sizes[0])
    lines = ["", f"Growth from {int(sizes[0]):,} to {int(sizes[-1]):,} events "
             f"({factor:g}x the events; linear cost would be {factor:g}x):", ""]
    for name in ("spark", "duckdb"):
        if name in small and name in large and "failed" not in {**small[name], **large[name]}:
            a, b = small[name], large[name]
            ratio = "; ".join(f"{label} {b[k] / a[k]:.2f}x" for label, k in (
                ("wall time", "wall"), ("Python peak", "python_mb"), ("JVM peak", "jvm_mb"),
                ("bytes collected", "bytes")) if a.get(k) and b.get(k))
            lines.append(f"- {name}: {ratio}")
    return lines


def _duckdb_memory(limit: int | None) -> str:
    if limit is None:
        return "its defaults ([limits] duckdb-memory 1.5 GiB)"
    return f"`[limits] duckdb-memory = {limit}` ({limit / 1024 ** 3:g} GiB)"


def markdown(results: dict[str, Any]) -> str:
    lines = ["# custorg mine --engine spark: benchmark results", "",
             f"Machine: {results['machine']}; load average at start "
             f"{', '.join(f'{x:.1f}' for x in results['load'])}. spark: `--spark-master "
             f"local[2] --spark-conf spark.driver.memory={DRIVER_MEMORY}`; duckdb: "
             f"{_duckdb_memory(results.get('duckdb_memory'))}. Best wall time of the "
             "rounds, the engines taking turns; peaks are the highest of the rounds "
             "(bench/spark_bench.py). Python peak: the custorg process's VmHWM; JVM peak: "
             "the Java process it starts (driver and, in local mode, the executors); "
             "wait4: the custorg process's ru_maxrss.", ""]
    lines += _sizes_table(results) + _growth(results)
    if results.get("plans"):
        lines += division(results["plans"])
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000000,100000000",
                        type=lambda t: [int(x) for x in t.split(",") if x])
    parser.add_argument("--cache", type=Path, default=Path("/tmp/custorg-spark-bench"))
    parser.add_argument("--repeat", type=int, default=2, help="rounds per size")
    parser.add_argument("--skip", default="", type=lambda t: set(t.split(",")) - {""},
                        help="spark, duckdb or plans (comma-separated)")
    parser.add_argument("--base", type=int, default=BASE,
                        help="the largest log written as one file (to try the parts)")
    parser.add_argument("--duckdb-memory", type=int, default=None,
                        help="bytes: the duckdb engine's [limits] duckdb-memory "
                             "(default: custorg's, 1.5 GiB)")
    parser.add_argument("--out", type=Path, default=HERE / "spark_results.md")
    args = parser.parse_args(argv)
    args.cache.mkdir(parents=True, exist_ok=True)
    check_disk(args.sizes, args.cache, args.base)
    results: dict[str, Any] = {"machine": _machine(), "load": os.getloadavg(), "sizes": {},
                               "duckdb_memory": args.duckdb_memory}
    for size in args.sizes:
        results["sizes"][str(size)] = one_size(size, args.cache, args.repeat, args.skip,
                                               args.base, args.duckdb_memory)
        save(results, args.out)  # what is measured is kept, whatever comes next
    if not {"spark", "plans"} & args.skip:
        results["plans"] = plans(min(args.sizes), args.cache, args.base)
    shutil.rmtree(args.cache / "spark-scratch", ignore_errors=True)
    print(save(results, args.out))
    return 0


def save(results: dict[str, Any], out: Path) -> str:
    text = markdown(results)
    out.write_text(text, encoding="utf-8")
    out.with_suffix(".json").write_text(json.dumps(results, indent=2) + "\n",
                                        encoding="utf-8")
    return text


if __name__ == "__main__":
    sys.exit(main())
