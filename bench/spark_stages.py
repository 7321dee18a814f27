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


METRICS = {"input": "internal.metrics.input.bytesRead",
           "input_rows": "internal.metrics.input.recordsRead",
           "shuffle_write": "internal.metrics.shuffle.write.bytesWritten",
           "shuffle_rows": "internal.metrics.shuffle.write.recordsWritten",
           "shuffle_read_local": "internal.metrics.shuffle.read.localBytesRead",
           "shuffle_read_remote": "internal.metrics.shuffle.read.remoteBytesRead",
           "result": "internal.metrics.resultSize",
           "run_ms": "internal.metrics.executorRunTime"}


def _exchanges(plan: str) -> list[str]:
    """The plan's Exchange lines, without expression ids and plan ids."""
    out = []
    for line in plan.splitlines():
        if "Exchange " in line and "ReusedExchange" not in line:
            text = re.sub(r"#\d+L?|, \[plan_id=\d+\]|\[id=#?\d+\]", "", line)
            out.append(re.sub(r"^[\s:+\-*()\d]*", "", text).strip())
    return out


def parse_event_log(path: Path) -> dict[str, Any]:
    """Per SQL execution its exchanges; per stage its execution, tasks and METRICS."""
    executions: dict[str, list[str]] = {}
    stage_exec: dict[int, str] = {}
    stages = []
    for line in path.read_text(encoding="utf-8").splitlines():
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
             "| SQL execution | stage | tasks | input MB | input rows | shuffle write MB "
             "| shuffle rows | shuffle read MB | to the driver MB | task time s |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    for s in stages:
        lines.append(f"| {s['execution']} | {s['stage']} | {s['tasks']} | {mb(s['input'])} | "
                     f"{s['input_rows']:,} | {mb(s['shuffle_write'])} | {s['shuffle_rows']:,} "
                     f"| {mb(s['shuffle_read_local'] + s['shuffle_read_remote'])} | "
                     f"{mb(s['result'])} | {s['run_ms'] / 1000:.1f} |")
    lines += ["", "Exchanges (shuffles) in each SQL execution's physical plan:", ""]
    for execution, exchanges in found["executions"].items():
        for exchange in exchanges or ["(none)"]:
            lines.append(f"- {execution}: `{exchange}`")
    reading = [s for s in stages if s["input"]]
    first = sum(s["shuffle_write"] for s in reading)
    total = sum(s["shuffle_write"] for s in stages) or 1
    result = sum(s["result"] for s in stages)
    task_s = sum(s["run_ms"] for s in stages) / 1000
    read_s = sum(s["run_ms"] for s in reading) / 1000
    lines += ["", f"The stages that read the log ({len(reading)} of {len(stages)}) take "
              f"{read_s:.0f} s of {task_s:.0f} s of task time and write {mb(first)} MB of "
              f"the {mb(total)} MB shuffled ({100 * first / total:.0f}%): the events "
              "travel once, partitioned by case, to the window that orders each case "
              "(the pairs, paths, waits). Every later shuffle moves partial aggregates "
              "(per unit pair, per path, per unit x activity x resource), whose size grows "
              "with the distinct values, not with the events; the driver receives "
              f"{mb(result)} MB in all (task results). On a cluster the reading stages and "
              "the window are what more executors divide: their tasks are per file split "
              "and per case partition, independent of each other.", ""]
    return lines
