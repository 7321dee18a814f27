"""`custorg mine --engine spark` on real Spark (issue 24): against a standalone cluster
(a master and two workers on 127.0.0.1, `--spark-master spark://`) and a Spark Connect
server (`--spark-remote sc://` and SPARK_REMOTE), the JSON equals `--engine duckdb`'s on
the same log (CSV, Parquet, a folder of Parquet parts; with --org, --resource and -o once);
what travels to the driver does not grow with the cases; a cluster that does not answer
is one line and exit 2 within a minute. The command runs as a subprocess, as users run it
(the fixtures: tests/spark_cluster.py)."""

from __future__ import annotations

import json
import os
import random
import re
import subprocess
import sys
import time
from collections.abc import Sequence
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

import custorg
from mining_helpers import ORG, csv_to_parquet
from spark_cluster import (
    Cluster,
    ConnectServer,
    free_port,
    spark_cluster,  # noqa: F401 - a fixture
    spark_connect,  # noqa: F401 - a fixture
    spark_home,
)

duckdb = pytest.importorskip("duckdb")

HEADER = ["case:concept:name", "org:group", "time:timestamp", "concept:name", "org:resource"]
UNITS = ["Dział Sprzedaży", "IT-отдел", "shop", "Lager", "客服", "D,E"]
STATISTICS = re.compile(r"custorg: collected to the driver: ([\d,]+) rows, ([\d,]+) bytes")
JAVA_TRACE = re.compile(r"^\s+at [\w$.]+\(|Exception in thread|Traceback|py4j|^\s*Caused by",
                        re.MULTILINE)


def rows(cases: int, seed: int = 5) -> list[list[str]]:
    """A small messy log: per case 1 to 7 events over UNITS, ties of timestamps (kept in
    input order), an event out of order, offsets and Z, and a few empty units, empty
    cases and broken timestamps (skipped by every engine)."""
    rng = random.Random(seed)
    out = []
    for case in range(1, cases + 1):
        when = datetime(2024, 3, 1, 8, tzinfo=timezone.utc) + timedelta(hours=case)
        for step in range(rng.randint(1, 7)):
            if rng.random() > 0.2:  # else: the same instant as the event before
                when += timedelta(minutes=rng.randint(1, 600))
            stamp = when - timedelta(hours=2) if rng.random() < 0.05 else when
            text = (stamp.astimezone(timezone(timedelta(hours=2))).isoformat()
                    if rng.random() < 0.3 else stamp.strftime("%Y-%m-%dT%H:%M:%SZ"))
            unit = rng.choice(UNITS)
            noise = rng.random()
            if noise < 0.03:
                unit = ""
            elif noise < 0.05:
                text = "n/a"
            out.append([f"c{case}" if noise > 0.01 else "", unit, text, f"step {step}",
                        f"person {rng.randint(1, 6)}"])
    return out


def write_csv(path: Path, table: Sequence[Sequence[str]]) -> Path:
    import csv

    with path.open("w", encoding="utf-8", newline="") as out:
        csv.writer(out, lineterminator="\n").writerows([HEADER, *table])
    return path


def write_parts(folder: Path, table: list[list[str]]) -> Path:
    """The log as three Parquet files whose sorted order is the log's order; the middle one
    the largest (Spark plans splits by size) and a case split across files."""
    folder.mkdir()
    cut = [0, len(table) // 5, len(table) * 4 // 5, len(table)]
    for n, name in enumerate(["part-a", "part-b", "part-c"]):
        part = write_csv(folder / f"{name}.csv", table[cut[n]:cut[n + 1]])
        csv_to_parquet(part, folder / f"{name}.parquet")
        part.unlink()
    return folder


def custorg_cmd(*args: str, env: dict[str, str] | None = None,
                timeout: float = 600) -> subprocess.CompletedProcess[str]:
    """`python -m custorg ARGS` with this checkout first on the path and Spark's addresses
    and scratch folders on 127.0.0.1 and under tmp (SPARK_LOCAL_DIRS, set by `env`)."""
    return subprocess.run([sys.executable, "-m", "custorg", *args], capture_output=True,
                          text=True, encoding="utf-8", timeout=timeout, check=False,
                          env=_env(env or {}))


def _env(more: dict[str, str]) -> dict[str, str]:
    src = str(Path(custorg.__file__).parents[1])
    full = {**os.environ, "NO_COLOR": "1", "SPARK_LOCAL_IP": "127.0.0.1",
            "PYTHONPATH": os.pathsep.join([src, os.environ.get("PYTHONPATH", "")])}
    full.pop("SPARK_REMOTE", None)
    return {**full, **more}


def mined(log: Path, engine: list[str], *more: str, env: dict[str, str] | None = None
          ) -> tuple[dict[str, Any], str]:
    """The JSON document of `custorg mine LOG ENGINE... MORE --format json`, and stderr."""
    done = custorg_cmd("mine", str(log), *engine, *more, "--format", "json", env=env)
    assert done.returncode == 0, done.stderr[-4000:]
    document: dict[str, Any] = json.loads(done.stdout)
    return document, done.stderr


def duckdb_json(log: Path, *more: str) -> dict[str, Any]:
    return mined(log, ["--engine", "duckdb"], *more)[0]


def files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file()}


@pytest.fixture
def scratch(tmp_path: Path) -> Path:
    """The driver's SPARK_LOCAL_DIRS: empty again when custorg has exited."""
    folder = tmp_path / "spark-local"
    folder.mkdir()
    return folder


def _on_cluster(cluster: Cluster) -> list[str]:
    return ["--engine", "spark", "--spark-master", cluster.master_url, *cluster.conf_args()]


def _log(tmp_path: Path, kind: str, cases: int = 40) -> Path:
    table = rows(cases)
    csv_log = write_csv(tmp_path / "log.csv", table)
    if kind == "csv":
        return csv_log
    if kind == "parquet":
        return csv_to_parquet(csv_log, tmp_path / "log.parquet")
    return write_parts(tmp_path / "parts", table)


@pytest.mark.parametrize("kind", ["csv", "parquet", "parts"])
def test_cluster_equals_duckdb(spark_cluster: Cluster, tmp_path: Path,  # noqa: F811
                               scratch: Path, kind: str) -> None:
    log = _log(tmp_path, kind)
    apps = len(spark_cluster.status()["completedapps"])
    spark, err = mined(log, _on_cluster(spark_cluster), "--statistics",
                       env={"SPARK_LOCAL_DIRS": str(scratch)})
    assert spark == duckdb_json(log)
    assert spark["events"] > 100 and spark["handoffs"] > 20  # a log worth comparing
    assert STATISTICS.search(err), err
    strays = [line for line in err.splitlines() if not line.startswith("custorg: ")]
    assert strays == [], "lines on stderr that are not custorg's (the JVM's?)"
    assert len(spark_cluster.status()["completedapps"]) == apps + 1  # it ran on the cluster
    assert list(scratch.iterdir()) == []  # the session stopped, its files removed


def test_cluster_with_org_resource_and_output(spark_cluster: Cluster,  # noqa: F811
                                              tmp_path: Path) -> None:
    log = _log(tmp_path, "parquet")
    org = tmp_path / "org.yaml"
    org.write_text(ORG, encoding="utf-8")
    mapping = tmp_path / "map.csv"
    mapping.write_text("value,unit\nLager,shop\n", encoding="utf-8")
    common = ["--org", str(org), "--map", str(mapping), "--resource", "org:resource",
              "--top", "5"]
    spark, _ = mined(log, _on_cluster(spark_cluster), *common, "-o", str(tmp_path / "s"))
    reference = duckdb_json(log, *common, "-o", str(tmp_path / "d"))
    assert spark == reference
    assert reference["comparison"]["undeclared"]  # the comparison has something to compare
    assert files(tmp_path / "s") == files(tmp_path / "d")
    assert "processes.yaml" in files(tmp_path / "s")


DRIVER = """import sys
from custorg.cli import main
sys.exit(main(sys.argv[1:]))
"""


def test_spark_submit_driver(spark_cluster: Cluster, tmp_path: Path) -> None:  # noqa: F811
    """docs/scale.md's driver script, run by spark-submit in client mode: custorg uses the
    master spark-submit was given (no --spark-master)."""
    log = _log(tmp_path, "parquet")
    driver = tmp_path / "custorg_driver.py"
    driver.write_text(DRIVER, encoding="utf-8")
    conf = [arg for key, value in spark_cluster.conf for arg in ("--conf", f"{key}={value}")]
    apps = len(spark_cluster.status()["completedapps"])
    done = subprocess.run(
        [str(spark_home() / "bin" / "spark-submit"), "--master", spark_cluster.master_url,
         *conf, str(driver), "mine", str(log), "--engine", "spark", "--format", "json"],
        capture_output=True, text=True, encoding="utf-8", timeout=600, check=False,
        env=_env({"PYSPARK_PYTHON": sys.executable, "PYSPARK_DRIVER_PYTHON": sys.executable}))
    assert done.returncode == 0, done.stderr[-4000:]
    assert json.loads(done.stdout) == duckdb_json(log)
    assert len(spark_cluster.status()["completedapps"]) == apps + 1  # not local[*]


def test_driver_gets_aggregates_not_cases(spark_cluster: Cluster,  # noqa: F811
                                          tmp_path: Path) -> None:
    """The same variants in five times the cases: as many rows collected to the driver."""
    few = _log(tmp_path, "csv")
    table = rows(40)
    many = write_csv(tmp_path / "many.csv", [[f"{r[0]}-{n}" if r[0] else "", *r[1:]]
                                             for n in range(5) for r in table])
    collected = []
    for log in (few, many):
        _, err = mined(log, _on_cluster(spark_cluster), "--statistics")
        found = STATISTICS.search(err)
        assert found, err
        collected.append(int(found[1].replace(",", "")))
    assert collected[0] == collected[1] > 0


def test_remote_equals_duckdb(spark_connect: ConnectServer, tmp_path: Path) -> None:  # noqa: F811
    log = _log(tmp_path, "parquet")
    spark, _ = mined(log, ["--engine", "spark", "--spark-remote", spark_connect.url])
    assert spark == duckdb_json(log)


def test_spark_remote_variable(spark_connect: ConnectServer, tmp_path: Path) -> None:  # noqa: F811
    log = _log(tmp_path, "csv")
    spark, _ = mined(log, ["--engine", "spark"], env={"SPARK_REMOTE": spark_connect.url})
    assert spark == duckdb_json(log)


@pytest.mark.parametrize("option, scheme", [("--spark-master", "spark"),
                                            ("--spark-remote", "sc")])
def test_cluster_that_does_not_answer(tmp_path: Path, option: str, scheme: str) -> None:
    spark_home()  # skips without pyspark or Java (custorg's message is then another)
    log = _log(tmp_path, "csv", cases=3)
    port = free_port()  # nothing listens there
    start = time.monotonic()
    done = custorg_cmd("mine", str(log), "--engine", "spark", option,
                       f"{scheme}://127.0.0.1:{port}", timeout=120)
    elapsed = time.monotonic() - start
    lines = done.stderr.strip().splitlines()
    assert done.returncode == 2, done.stderr[-4000:]
    assert len(lines) == 1 and str(port) in lines[0], done.stderr[-4000:]
    assert not JAVA_TRACE.search(done.stderr)
    assert done.stdout == ""
    assert elapsed < 60
