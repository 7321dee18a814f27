"""How the spark engine's work divides, from Spark's event log of one run
(`spark.eventLog.enabled`): each SQL execution's exchanges (shuffles) from its physical
plan, and per stage its tasks, the bytes and rows it read, shuffled out and in, sent to the
driver, and its task time. Used by bench/spark_bench.py."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

MB = 1024 * 1024


def mb(n: int | None) -> str:
    return "-" if n is None else f"{n / MB:,.1f}"


# (the Parquet reader's input.bytesRead counts footers, not the columns: rows are kept)
METRICS = {"input_rows": "internal.metrics.input.recordsRead",
           "shuffle_write": "internal.metrics.shuffle.write.bytesWritten",
           "shuffle_rows": "internal.metrics.shuffle.write.recordsWritten",
           "shuffle_read_local": "internal.metrics.shuffle.read.localBytesRead",
           "shuffle_read_remote": "internal.metrics.shuffle.read.remoteBytesRead",
           "result": "internal.metrics.resultSize",
           "run_ms": "internal.metrics.executorRunTime"}


FORMATTED = re.compile(r"^\(\d+\) \w*Exchange\b.*?^Arguments: (.*?)$", re.M | re.S)


def _exchanges(plan: str) -> list[str]:
    """What each Exchange of a plan partitions by (`hashpartitioning(case_id, 200)`,
    `SinglePartition`, ...), without expression ids and plan ids; from the formatted plan
    Spark writes in its event log, or from a plan in the one-line form."""
    found = FORMATTED.findall(plan) or [
        line.split("Exchange ", 1)[1] for line in plan.splitlines()
        if "Exchange " in line and "ReusedExchange" not in line]
    return [re.sub(r"#\d+L?|, ENSURE_REQUIREMENTS|, \[plan_id=\d+\]", "", text).strip()
            for text in found]


def event_files(folder: Path) -> list[Path]:
    """The event log files of `folder` in order: one file, or Spark 4's rolling
    `eventlog_v2_APP/events_N_APP` files by N."""
    found = [p for p in folder.rglob("*") if p.is_file()
             and not p.name.startswith((".", "appstatus"))]

    def index(path: Path) -> int:
        number = re.match(r"events_(\d+)_", path.name)
        return int(number[1]) if number else 0

    return sorted(found, key=index)


def parse_event_log(paths: list[Path]) -> dict[str, Any]:
    """Per SQL execution its exchanges; per stage its execution, tasks and METRICS."""
    executions: dict[str, list[str]] = {}
    stage_exec: dict[int, str] = {}
    stages = []
    # one JSON object a line; split at "\n" only (a plan may hold U+2028 and the like)
    lines = [line for path in paths for line in path.read_text(encoding="utf-8").split("\n")
             if line.strip()]
    for line in lines:
        event = json.loads(line)
        kind = event.get("Event", "")
        if kind.endswith("SparkListenerSQLExecutionStart"):
            executions[str(event["executionId"])] = _exchanges(
                event.get("physicalPlanDescription", ""))
        elif kind == "SparkListenerJobStart":
            execution = (event.get("Properties") or {}).get("spark.sql.execution.id", "-")
            for stage in event["Stage IDs"]:
                stage_exec[stage] = execution
        elif kind == "SparkListenerStageCompleted":
            info = event["Stage Info"]
            values = {a["Name"]: a.get("Value", 0) for a in info.get("Accumulables", [])}
            stages.append({"stage": info["Stage ID"], "tasks": info["Number of Tasks"],
                           **{k: int(values.get(name, 0)) for k, name in METRICS.items()}})
    for stage in stages:
        stage["execution"] = stage_exec.get(stage["stage"], "-")
    return {"executions": executions, "stages": stages}


def division(found: dict[str, Any]) -> list[str]:
    """The stages of the event-log run, and a paragraph of what they shuffle."""
    stages = found["stages"]
    lines = ["", f"## How the work divides ({found['size']:,} events, local[2], one run with "
             "Spark's event log)", "",
             "| SQL execution | stage | tasks | input rows | shuffle write MB "
             "| shuffle rows | shuffle read MB | to the driver MB | task time s |",
             "|---|---|---|---|---|---|---|---|---|"]
    for s in stages:
        lines.append(f"| {s['execution']} | {s['stage']} | {s['tasks']} | "
                     f"{s['input_rows']:,} | {mb(s['shuffle_write'])} | {s['shuffle_rows']:,} "
                     f"| {mb(s['shuffle_read_local'] + s['shuffle_read_remote'])} | "
                     f"{mb(s['result'])} | {s['run_ms'] / 1000:.1f} |")
    lines += ["", "Exchanges (shuffles) in each SQL execution's physical plan:", ""]
    for execution, exchanges in found["executions"].items():
        for exchange in exchanges or ["(none)"]:
            lines.append(f"- {execution}: `{exchange}`")
    return lines + ["", _paragraph(found)]


def _paragraph(found: dict[str, Any]) -> str:
    """What the numbers say: the shuffles that move about as many rows as the log has
    events (they grow with the events) against those of aggregates, and the driver's part."""
    stages, size = found["stages"], found["size"]
    big = [s for s in stages if s["shuffle_rows"] >= size // 10]
    small = [s for s in stages if 0 < s["shuffle_rows"] < size // 10]
    total = sum(s["shuffle_write"] for s in stages) or 1
    moved = sum(s["shuffle_write"] for s in big)
    exchanges = [e for ex in found["executions"].values() for e in ex]
    by_case = [e for e in exchanges if re.match(r"hashpartitioning\(case_id\W", e)]
    task_s = sum(s["run_ms"] for s in stages) / 1000
    rows = sorted(s["shuffle_rows"] for s in big)
    return (f"Of the {mb(total)} MB shuffled, {mb(moved)} MB ({100 * moved / total:.0f}%) "
            f"leave {len(big)} stages that each send "
            f"{f'{rows[0]:,} to {rows[-1]:,}' if rows else 'no'} rows, on the order of the "
            f"log's {size:,} events: these shuffles grow with the events (the events, or "
            "those of one kind, partitioned by case for the window that orders each case; "
            f"{len(by_case)} of the plans' {len(exchanges)} exchanges partition by case_id). "
            f"The other {len(small)} shuffles move {mb(total - moved)} MB of partial "
            "aggregates (per unit pair, path, unit x activity x resource), which grow with "
            "the distinct values, not with the events. The driver receives "
            f"{mb(sum(s['result'] for s in stages))} MB of task results (task statuses "
            f"included) in {len(stages)} stages and {task_s:.0f} s of task time. On a "
            "cluster, more executors divide the stages that read the log (one task per "
            "file split) and those of the window (one task per case partition): neither "
            "needs another task's data.\n")
