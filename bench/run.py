"""The custorg benchmark: one command, results in a Markdown file (and the raw numbers in JSON).

    python bench/run.py                                   # 1k, 10k, 50k and 100k units
    python bench/run.py --sizes 1000,10000 --out /tmp/results.md

For each size it generates a synthetic org (bench/generate.py, seeded, cached), then runs
each command in a fresh process and takes its wall time and peak memory (the child's
maximum resident set size, from wait4):

- `custorg audit FILE --format json`, `custorg metrics FILE`,
  `custorg diagram FILE --view customer-on-top` (skipped with a note when the installed
  custorg has no `diagram` command);
- the baseline: PyYAML's C loader (`yaml.load(f, Loader=yaml.CSafeLoader)`) loading the
  same file, timed inside its own process around the load call only (so the baseline
  leaves out interpreter start-up; custorg's times include it);
- start-up: `custorg --help` and `custorg --version` against `python -c "import typer"`.

Then it checks the targets of issue 5 and writes a table with the machine described.
Times are the best of --repeat runs (default 3; the CSafeLoader baseline, the slowest
command and far from its targets, runs once above 10k units). The benchmark
is not a test: its exit code is 0 unless a command crashed (or --check is given and a
target was missed).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import platform
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from importlib import metadata
from itertools import pairwise
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402  (bench/generate.py, next to this file)

DEFAULT_SIZES = (1000, 10_000, 50_000, 100_000)
CSAFE = ("import sys, time, yaml\n"
         "t = time.perf_counter()\n"
         "with open(sys.argv[1], 'rb') as f:\n"
         "    yaml.load(f, Loader=yaml.CSafeLoader)\n"
         "print(time.perf_counter() - t)\n")


@dataclass
class Run:
    """One measured command: best wall time of its runs, and the largest peak memory."""

    name: str
    argv: list[str]
    wall: float = math.inf
    peak_mb: float = 0.0
    exit_codes: list[int] = field(default_factory=list)
    inner: float | None = None  # a time the child measured itself (the baseline's load)
    note: str = ""

    @property
    def ok(self) -> bool:
        return bool(self.exit_codes) and all(c in (0, 1) for c in self.exit_codes)


def measure(argv: list[str], workdir: Path) -> tuple[float, float, int, str]:
    """(wall seconds, peak RSS in MB, exit code, stdout) of one run. Output goes to files
    (written, as a user's would be, but never through a pipe that could fill up)."""
    out_path, err_path = workdir / "stdout", workdir / "stderr"
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, stdout=out, stderr=err, stdin=subprocess.DEVNULL)
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        except BaseException:
            proc.kill()
            raise
        wall = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    proc.returncode = code
    if code not in (0, 1):
        tail = err_path.read_text("utf-8", "replace")[-2000:]
        sys.stderr.write(f"  ! {' '.join(argv)} exited {code}: {tail}\n")
    text = out_path.read_text("utf-8", "replace") if out_path.stat().st_size < 1 << 20 else ""
    return wall, usage.ru_maxrss / 1024, code, text


def run_best(name: str, argv: list[str], repeat: int, workdir: Path, inner: bool = False) -> Run:
    result = Run(name, argv)
    for _ in range(repeat):
        wall, peak, code, text = measure(argv, workdir)
        result.exit_codes.append(code)
        result.peak_mb = max(result.peak_mb, peak)
        if inner and code == 0:
            value = float(text.strip().splitlines()[-1])
            result.inner = value if result.inner is None else min(result.inner, value)
        result.wall = min(result.wall, wall)
    return result


def custorg_command() -> list[str]:
    """The installed console script next to this Python, else the module through -c."""
    script = Path(sys.executable).with_name("custorg")
    if script.exists():
        return [str(script)]
    found = shutil.which("custorg")
    if found:
        return [found]
    return [sys.executable, "-c", "from custorg.cli import run; run()"]


def has_diagram(custorg: list[str]) -> bool:
    proc = subprocess.run(custorg + ["diagram", "--help"], capture_output=True, timeout=120)
    return proc.returncode == 0 and b"--view" in proc.stdout


def org_file(size: int, seed: int, cache: Path) -> Path:
    """The generated org, cached by size, seed and the generator's own text."""
    digest = hashlib.sha256((HERE / "generate.py").read_bytes()).hexdigest()[:10]
    path = cache / f"org-{size}-seed{seed}-{digest}.yaml"
    if not path.exists():
        generate.write(size, seed, path)
    return path


# ---------------------------------------------------------------------------- machine


def machine() -> dict[str, str]:
    info: dict[str, str] = {}
    try:
        cpuinfo = Path("/proc/cpuinfo").read_text()
        models = [line.split(":", 1)[1].strip() for line in cpuinfo.splitlines()
                  if line.startswith("model name")]
        info["cpu"] = models[0] if models else platform.processor() or "unknown"
    except OSError:
        info["cpu"] = platform.processor() or "unknown"
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None
    info["cores"] = f"{os.cpu_count()}" + (f" ({usable} usable)" if usable and
                                           usable != os.cpu_count() else "")
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                info["memory"] = f"{int(line.split()[1]) / 2**20:.1f} GiB"
    except OSError:
        pass
    info["os"] = platform.platform()
    if hasattr(os, "getloadavg"):  # other work on the machine makes the times noisier
        info["load average at start"] = " ".join(f"{x:.2f}" for x in os.getloadavg())
    info["python"] = f"{platform.python_implementation()} {platform.python_version()}"
    versions = []
    for name in ("custorg", "PyYAML", "jsonschema", "networkx", "typer", "rich"):
        try:
            versions.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{name} (not installed)")
    try:
        import yaml._yaml as cyaml  # type: ignore[import-not-found]

        versions.append(f"libyaml {cyaml.get_version_string()}")
    except ImportError:
        versions.append("libyaml (missing: PyYAML has no C loader here)")
    info["packages"] = ", ".join(versions)
    try:
        head = subprocess.run(["git", "-C", str(HERE.parent), "rev-parse", "--short", "HEAD"],
                              capture_output=True, text=True, timeout=30).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(HERE.parent), "status", "--porcelain",
                                "--untracked-files=no"], capture_output=True, text=True,
                               timeout=30).stdout.strip()
        if head:
            info["commit"] = head + (" (with uncommitted changes)" if dirty else "")
    except (OSError, subprocess.SubprocessError):
        pass
    return info


# ---------------------------------------------------------------------------- targets


def nlogn_ratio(n1: int, n2: int) -> float:
    return (n2 * math.log(n2)) / (n1 * math.log(n1))


def evaluate(results: dict, diagram_note: str) -> list[tuple[str, str, str]]:
    """(target, measured, verdict) rows; verdict PASS, MISS or n/a (size not run)."""
    sizes = sorted(int(s) for s in results["sizes"])
    per = {int(s): v for s, v in results["sizes"].items()}
    rows: list[tuple[str, str, str]] = []

    def verdict(ok: bool) -> str:
        return "PASS" if ok else "MISS"

    for size in (10_000, 50_000):
        if size in per and per[size]["audit"]["ok"] and per[size]["baseline_load"]:
            ratio = per[size]["audit"]["wall"] / per[size]["baseline_load"]
            rows.append((f"audit at {size:,} units <= 1.5x CSafeLoader load",
                         f"{ratio:.2f}x", verdict(ratio <= 1.5)))
        else:
            rows.append((f"audit at {size:,} units <= 1.5x CSafeLoader load", "not run", "n/a"))
    pairs = [(a, b) for a, b in pairwise(sizes) if per[a]["audit"]["ok"]
             and per[b]["audit"]["ok"]]
    if pairs:
        worst_ok = True
        parts = []
        for a, b in pairs:
            growth = per[b]["audit"]["wall"] / per[a]["audit"]["wall"]
            bound = nlogn_ratio(a, b)
            worst_ok &= growth <= bound
            parts.append(f"{a:,}->{b:,}: x{growth:.2f} (n log n: x{bound:.2f})")
        rows.append(("audit time grows no worse than n log n", "; ".join(parts),
                     verdict(worst_ok)))
    else:
        rows.append(("audit time grows no worse than n log n", "needs 2 sizes", "n/a"))
    if 100_000 in per:
        peak = max(per[100_000][c]["peak_mb"] for c in ("audit", "metrics", "diagram")
                   if per[100_000].get(c) and per[100_000][c]["ok"])
        rows.append(("peak memory at 100,000 units < 2 GB", f"{peak:,.0f} MB",
                     verdict(peak < 2048)))
    else:
        rows.append(("peak memory at 100,000 units < 2 GB", "not run", "n/a"))
    start = results["startup"]
    for flag in ("--help", "--version"):
        ratio = start[flag]["wall"] / start["import typer"]["wall"]
        rows.append((f"custorg {flag} <= 1.3x python -c 'import typer'", f"{ratio:.2f}x",
                     verdict(ratio <= 1.3)))
    d1, d50 = per.get(1000, {}).get("diagram"), per.get(50_000, {}).get("diagram")
    if d1 and d50 and d1["ok"] and d50["ok"]:
        ratio = d50["wall"] / d1["wall"]
        rows.append(("diagram at 50,000 units < 10x its time at 1,000", f"{ratio:.2f}x",
                     verdict(ratio < 10)))
    else:
        rows.append(("diagram at 50,000 units < 10x its time at 1,000",
                     diagram_note or "not run", "n/a"))
    return rows


# ---------------------------------------------------------------------------- report


def _fmt_time(seconds: float | None) -> str:
    if seconds is None or math.isinf(seconds):
        return "–"
    return f"{seconds:.2f} s" if seconds >= 0.1 else f"{seconds * 1000:.0f} ms"


def markdown(results: dict, rows: list[tuple[str, str, str]]) -> str:
    m = results["machine"]
    out = ["# custorg benchmark results", "",
           f"Run {results['started']} with `{results['command']}` "
           f"(seed {results['seed']}; best of {results['repeat_note']}).", "",
           "## Machine", ""]
    out += [f"- **{key}**: {value}" for key, value in m.items()]
    out += ["", "## Wall time and peak memory", "",
            "Ratios are against PyYAML's C loader loading the same file in the same run "
            "(the load call alone; custorg's times include interpreter start-up).", "",
            "| units | file | CSafeLoader load | audit --format json | audit / load | "
            "metrics | metrics / load | diagram customer-on-top | peak MB audit / metrics / "
            "diagram / CSafeLoader |",
            "|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for size, r in sorted(results["sizes"].items(), key=lambda kv: int(kv[0])):
        load = r["baseline_load"]

        def cell(cmd: str, r: dict = r) -> str:
            c = r.get(cmd)
            if not c:
                return "skipped"
            return _fmt_time(c["wall"]) if c["ok"] else f"failed (exit {c['exit_codes']})"

        def ratio(cmd: str, r: dict = r, load: float | None = load) -> str:
            c = r.get(cmd)
            return f"{c['wall'] / load:.2f}x" if c and c["ok"] and load else "–"

        peaks = " / ".join(f"{r[c]['peak_mb']:,.0f}" if r.get(c) else "–"
                           for c in ("audit", "metrics", "diagram", "baseline"))
        out.append(f"| {int(size):,} | {r['file_mb']:.1f} MB | {_fmt_time(load)} | "
                   f"{cell('audit')} | {ratio('audit')} | {cell('metrics')} | "
                   f"{ratio('metrics')} | {cell('diagram')} | {peaks} |")
    if results.get("diagram_note"):
        out += ["", f"Note: {results['diagram_note']}"]
    s = results["startup"]
    out += ["", "## Start-up", "",
            "| command | best wall time | vs `python -c \"import typer\"` |",
            "|---|---:|---:|"]
    base = s["import typer"]["wall"]
    for name in ("import typer", "--help", "--version"):
        label = "python -c \"import typer\"" if name == "import typer" else f"custorg {name}"
        out.append(f"| `{label}` | {_fmt_time(s[name]['wall'])} | "
                   f"{s[name]['wall'] / base:.2f}x |")
    out += ["", "## Targets (issue 5)", "", "| target | measured | result |", "|---|---|---|"]
    out += [f"| {t} | {m_} | {v} |" for t, m_, v in rows]
    out += ["", "Regenerate with `python bench/run.py` (see docs/benchmark.md).", ""]
    return "\n".join(out)


# ---------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--sizes", default=",".join(map(str, DEFAULT_SIZES)),
                        help="comma-separated org sizes in units (default: %(default)s)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=None,
                        help="runs per command, best taken (default: 3; 1 for the "
                             "CSafeLoader baseline above 10k units)")
    parser.add_argument("--out", default=str(HERE / "results.md"),
                        help="Markdown results file (the raw numbers go beside it as .json)")
    parser.add_argument("--cache", default=str(Path(tempfile.gettempdir()) / "custorg-bench"),
                        help="folder for the generated orgs (kept between runs)")
    parser.add_argument("--skip", default="", help="commands to skip: audit,metrics,diagram")
    parser.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    parser.add_argument("--custorg", default=None,
                        help="command that runs custorg (default: the installed `custorg`), "
                             "e.g. to compare with another checkout")
    args = parser.parse_args(argv)

    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    skip = {s.strip() for s in args.skip.split(",") if s.strip()}
    cache = Path(args.cache)
    cache.mkdir(parents=True, exist_ok=True)
    custorg = shlex.split(args.custorg) if args.custorg else custorg_command()
    diagram_note = ""
    if "diagram" not in skip and not has_diagram(custorg):
        skip.add("diagram")
        diagram_note = ("`custorg diagram` is not available in this build (`custorg diagram "
                        "--help` failed), so it was skipped; re-run when it is.")
    started = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    results: dict = {"started": started, "seed": args.seed, "machine": machine(),
                     "command": " ".join(["python bench/run.py"] + (argv if argv is not None
                                                                    else sys.argv[1:])),
                     "sizes": {}, "diagram_note": diagram_note,
                     "repeat_note": f"{args.repeat} runs" if args.repeat
                     else "3 runs; the CSafeLoader baseline 1 run above 10k units"}
    failed = False
    with tempfile.TemporaryDirectory(prefix="custorg-bench-") as tmp:
        work = Path(tmp)
        for size in sizes:
            # best of 3 at every size: the targets compare custorg's own times across
            # sizes, and one run at the big sizes varies by 5% here
            repeat = args.repeat or 3
            base_repeat = args.repeat or (3 if size <= 10_000 else 1)
            print(f"{size} units: generating ...", flush=True)
            org = org_file(size, args.seed, cache)
            entry: dict = {"file": str(org), "file_mb": org.stat().st_size / 1e6}
            base = run_best("CSafeLoader", [sys.executable, "-c", CSAFE, str(org)],
                            base_repeat, work, inner=True)
            entry["baseline"] = asdict(base) | {"ok": base.ok}
            entry["baseline_load"] = base.inner
            print(f"  CSafeLoader load {_fmt_time(base.inner)}", flush=True)
            commands = {
                "audit": custorg + ["audit", str(org), "--format", "json"],
                "metrics": custorg + ["metrics", str(org)],
                "diagram": custorg + ["diagram", str(org), "--view", "customer-on-top",
                                      "-o", str(work / "diagram.svg")],
            }
            for name, cmd in commands.items():
                if name in skip:
                    continue
                r = run_best(name, cmd, repeat, work)
                failed |= not r.ok
                entry[name] = asdict(r) | {"ok": r.ok}
                print(f"  {name} {_fmt_time(r.wall)}, peak {r.peak_mb:,.0f} MB"
                      + ("" if r.ok else f" FAILED {r.exit_codes}"), flush=True)
            results["sizes"][str(size)] = entry
        startup = {
            "import typer": run_best("import typer", [sys.executable, "-c", "import typer"],
                                     10, work),
            "--help": run_best("--help", custorg + ["--help"], 10, work),
            "--version": run_best("--version", custorg + ["--version"], 10, work),
        }
        results["startup"] = {k: asdict(v) | {"ok": v.ok} for k, v in startup.items()}
    rows = evaluate(results, diagram_note)
    results["targets"] = [{"target": t, "measured": m, "result": v} for t, m, v in rows]
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(markdown(results, rows), encoding="utf-8")
    out.with_suffix(".json").write_text(json.dumps(results, indent=2, default=str) + "\n",
                                        encoding="utf-8")
    print(f"\nwritten {out} and {out.with_suffix('.json')}")
    for t, m, v in rows:
        print(f"  {v:4}  {t}: {m}")
    if failed:
        return 1
    if args.check and any(v == "MISS" for _, _, v in rows):
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
