"""The Spark fixtures of tests/spark_cluster.py work: plain pyspark counts a job on the
standalone cluster with both workers' executors, a Spark Connect session counts
spark.range(10), a stopped server leaves nothing behind, and a daemon that dies or hangs
fails with its log. (custorg's own Spark tests: tests/test_spark_cluster.py.)"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

import pytest

from spark_cluster import (
    Cluster,
    ConnectServer,
    Daemon,
    SparkStartError,
    answers,
    connect_server,
    run_python,
    spark_cluster,  # noqa: F401 - a fixture
    spark_connect,  # noqa: F401 - a fixture
    spark_env,
)

JOB = """if True:
    import json, os, sys, time
    from pathlib import Path
    from pyspark.sql import SparkSession
    builder = SparkSession.builder.master(sys.argv[1]).appName("custorg fixture check")
    for pair in sys.argv[2:]:
        builder = builder.config(*pair.split("=", 1))
    spark = builder.config("spark.ui.enabled", "false").getOrCreate()
    try:
        sc = spark.sparkContext
        total = sc.parallelize(range(1000), 8).map(lambda x: 2 * x).sum()
        def where(part):  # an executor's folder: WORK-DIR/APP-ID/EXECUTOR-ID
            time.sleep(0.5)
            yield Path(os.getcwd()).parents[1].name
        workers = sorted(set(sc.parallelize(range(8), 8).mapPartitions(where).collect()))
        print(json.dumps({"total": total, "workers": workers, "app": sc.applicationId}))
    finally:
        spark.stop()
"""

REMOTE = """if True:
    import sys
    from pyspark.sql import SparkSession
    spark = SparkSession.builder.remote(sys.argv[1]).getOrCreate()
    try:
        print(spark.range(10).count())
    finally:
        spark.stop()
"""


def test_cluster_runs_a_job_on_two_workers(spark_cluster: Cluster, tmp_path: Path) -> None:  # noqa: F811
    assert spark_cluster.status()["aliveworkers"] == 2
    conf = [f"{key}={value}" for key, value in spark_cluster.conf]
    done = run_python(JOB, spark_env(tmp_path), spark_cluster.master_url, *conf)
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout.splitlines()[-1])
    assert result["total"] == 999000
    assert result["workers"] == ["work-1", "work-2"]  # tasks ran on both workers
    finished = {app["id"]: app for app in spark_cluster.status()["completedapps"]}
    assert finished[result["app"]]["cores"] == 2
    assert spark_cluster.status()["aliveworkers"] == 2  # the workers outlive the job


def test_connect_session_counts(spark_connect: ConnectServer, tmp_path: Path) -> None:  # noqa: F811
    done = run_python(REMOTE, spark_env(tmp_path), spark_connect.url)
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.split() == ["10"]


def test_stopped_server_leaves_nothing(tmp_path: Path) -> None:
    root = tmp_path / "spark"
    with connect_server(root) as server:
        assert answers(server.port)
        pid = int((root / "pids" / "connect.pid").read_text(encoding="utf-8"))
        assert (root / "scratch").is_dir()
    assert not answers(server.port)
    assert _gone(pid)
    assert [p.name for p in root.iterdir()] == ["logs"]
    assert "Spark Connect server started" in (root / "logs" / "connect.log").read_text()


def test_a_daemon_that_exits_fails_with_its_log(tmp_path: Path) -> None:
    script = "import sys; print('bind failed: port in use'); sys.exit(7)"
    daemon = Daemon("fake", [sys.executable, "-c", script], dict(os.environ),
                    tmp_path / "fake.log")
    with pytest.raises(SparkStartError, match=r"(?s)exited with code 7.*port in use"):
        daemon.wait_until(lambda: False, "the fake ready", timeout=60)


def test_a_daemon_that_hangs_is_stopped_with_its_children(tmp_path: Path) -> None:
    script = ("import subprocess, sys, time; child = subprocess.Popen([sys.executable, '-c', "
              "'import time; time.sleep(600)']); print(child.pid, flush=True); "
              "time.sleep(600)")
    daemon = Daemon("hang", [sys.executable, "-c", script], dict(os.environ),
                    tmp_path / "hang.log")
    log = tmp_path / "hang.log"
    daemon.wait_until(lambda: log.read_text(encoding="utf-8").strip() != "", "a child",
                      timeout=60)
    with pytest.raises(SparkStartError, match=r"no readiness after 1 s"):
        daemon.wait_until(lambda: False, "readiness", timeout=1)
    child = int(log.read_text(encoding="utf-8").split()[0])
    daemon.stop()
    assert not daemon.running()
    assert _gone(child)


def _gone(pid: int, within: float = 10) -> bool:
    """The process has exited (a zombie waiting for its reaper counts as exited)."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        try:
            state = Path(f"/proc/{pid}/stat").read_text(encoding="utf-8")
        except OSError:
            return True
        if state.rsplit(")", 1)[1].split()[0] in ("Z", "X"):
            return True
        time.sleep(0.2)
    return False


def test_missing_java_skips_or_fails_in_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    import spark_cluster as support

    monkeypatch.setattr(support, "java", lambda: None)
    monkeypatch.delenv(support.REQUIRE, raising=False)
    with pytest.raises(pytest.skip.Exception, match="not installed"):
        support.spark_home()
    monkeypatch.setenv(support.REQUIRE, "1")  # as .ci/run does: not skipped in CI
    with pytest.raises(pytest.fail.Exception, match="CUSTORG_REQUIRE_SPARK is set"):
        support.spark_home()
