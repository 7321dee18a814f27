"""Spark on this machine for the tests: a standalone cluster (a master and two workers) and
a Spark Connect server, all on 127.0.0.1, run from the pyspark wheel (`pyspark/bin/
spark-class` and `spark-submit`; the wheel has no `start-master.sh`).

Each daemon runs in the foreground in its own process group (so stopping it also stops the
executors a worker started), on free ports, with its logs, pid, work and scratch folders in
one temporary folder. Starting is bounded by `START_TIMEOUT`; a daemon that exits or does not
come up fails with the tail of its log. Stopping (also after a failure) sends SIGTERM to the
group, then SIGKILL, and removes everything in the folder but the logs.

The fixtures `spark_cluster` and `spark_connect` start one of each per test session, shared
by every module that imports them (pytest would otherwise start one per module), and stop
them when the session ends. They skip, with the reason, only when pyspark or Java is missing.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import pytest

START_TIMEOUT = 180.0  # seconds for a JVM daemon to come up on a busy two-core machine
STOP_TIMEOUT = 30.0
WORKERS = 2
WORKER_MEMORY = "512m"  # the least an executor may have is 450 MB
HOST = "127.0.0.1"
SHUFFLE = "4"  # spark.sql.shuffle.partitions (Spark's 200 make a small log slow)
CONNECT_CLASS = "org.apache.spark.sql.connect.service.SparkConnectServer"

T = TypeVar("T")


class SparkStartError(RuntimeError):
    """A daemon exited or did not come up in time (the message has its log's tail)."""


@dataclass(frozen=True)
class Cluster:
    master_url: str  # spark://127.0.0.1:PORT, for --spark-master
    ui_url: str  # the master's web UI; its /json/ lists the workers and applications
    # what a driver must set for the workers to accept its executors; few shuffle
    # partitions for the tests' small logs (still more than one: the work is divided)
    conf: tuple[tuple[str, str], ...] = (("spark.executor.memory", WORKER_MEMORY),
                                         ("spark.sql.shuffle.partitions", SHUFFLE))

    def status(self) -> dict[str, Any]:
        """The master's state: workers, alive workers, active and completed applications."""
        with urllib.request.urlopen(f"{self.ui_url}/json/", timeout=10) as answer:
            state: dict[str, Any] = json.load(answer)
        return state

    def conf_args(self) -> list[str]:
        """`--spark-conf KEY=VALUE` for each setting of `conf`."""
        return [arg for key, value in self.conf for arg in ("--spark-conf", f"{key}={value}")]


@dataclass(frozen=True)
class ConnectServer:
    url: str  # sc://127.0.0.1:PORT, for --spark-remote or SPARK_REMOTE
    port: int


REQUIRE = "CUSTORG_REQUIRE_SPARK"  # set (CI: .ci/run): no pyspark or no Java fails the test


def spark_home() -> Path:
    """The pyspark wheel's folder (bin/, jars/); skips the test when pyspark or Java is
    missing (fails it when CUSTORG_REQUIRE_SPARK is set)."""
    try:
        import pyspark
    except ImportError:
        _unavailable("pyspark is not installed (pip install -e '.[test]')")
    if java() is None:
        _unavailable("Java is not installed (pyspark needs Java 17 or newer)")
    return Path(pyspark.__file__).parent


def _unavailable(reason: str) -> NoReturn:
    if os.environ.get(REQUIRE):
        pytest.fail(f"{reason}, and {REQUIRE} is set", pytrace=False)
    pytest.skip(reason)


def java() -> str | None:
    home = os.environ.get("JAVA_HOME")
    if home and (Path(home) / "bin" / "java").is_file():
        return str(Path(home) / "bin" / "java")
    return shutil.which("java")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        port: int = probe.getsockname()[1]
        return port


def answers(port: int) -> bool:
    """Whether something accepts connections on 127.0.0.1:port."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.settimeout(2)
        return probe.connect_ex((HOST, port)) == 0


def spark_env(root: Path) -> dict[str, str]:
    """The environment of the daemons and of the drivers the tests start: everything of
    Spark's in `root`, every address on 127.0.0.1."""
    home = spark_home()
    env = {**os.environ, "SPARK_HOME": str(home), "SPARK_LOCAL_IP": HOST,
           "SPARK_LOG_DIR": str(root / "logs"), "SPARK_PID_DIR": str(root / "pids"),
           "SPARK_LOCAL_DIRS": str(root / "scratch"), "SPARK_CONF_DIR": str(root / "conf"),
           "SPARK_NO_DAEMONIZE": "1", "PYSPARK_PYTHON": sys.executable}
    env.pop("SPARK_REMOTE", None)
    for name in ("logs", "pids", "scratch", "conf"):
        (root / name).mkdir(parents=True, exist_ok=True)
    return env


def log_tail(path: Path, lines: int = 40) -> str:
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return f"(no log at {path})"
    return "\n".join(text.splitlines()[-lines:])


class Daemon:
    """One foreground JVM (spark-class or spark-submit) in its own process group, its
    output in `log`."""

    def __init__(self, name: str, argv: list[str], env: dict[str, str], log: Path) -> None:
        self.name, self.log = name, log
        with open(log, "wb") as sink:
            self.proc = subprocess.Popen(argv, stdout=sink, stderr=subprocess.STDOUT,
                                         stdin=subprocess.DEVNULL, env=env,
                                         start_new_session=True)
        pid_dir = Path(env.get("SPARK_PID_DIR", log.parent))
        (pid_dir / f"{name}.pid").write_text(f"{self.proc.pid}\n", encoding="utf-8")

    def running(self) -> bool:
        return self.proc.poll() is None

    def failure(self, what: str) -> SparkStartError:
        return SparkStartError(f"{self.name}: {what}; the tail of {self.log}:\n"
                               f"{log_tail(self.log)}")

    def wait_until(self, ready: Callable[[], bool], what: str,
                   timeout: float = START_TIMEOUT) -> None:
        """Polls `ready` until it holds; fails (with the log's tail) when the daemon exits
        or `timeout` seconds pass."""
        deadline = time.monotonic() + timeout
        while True:
            if not self.running():
                raise self.failure(f"exited with code {self.proc.returncode} before {what}")
            try:
                if ready():
                    return
            except (OSError, ValueError):
                pass  # not listening yet, or its web UI not serving /json/ yet (a page)
            if time.monotonic() > deadline:
                raise self.failure(f"no {what} after {timeout:.0f} s")
            time.sleep(0.5)

    def stop(self) -> None:
        """SIGTERM to the whole group (the JVM and what it started), SIGKILL after
        STOP_TIMEOUT seconds."""
        for sig, wait in ((signal.SIGTERM, STOP_TIMEOUT), (signal.SIGKILL, STOP_TIMEOUT)):
            try:
                os.killpg(self.proc.pid, sig)
            except ProcessLookupError:
                pass  # the group is gone
            try:
                self.proc.wait(timeout=wait)
                return
            except subprocess.TimeoutExpired:
                continue


def _clean(root: Path) -> None:
    """Everything but the logs: work folders (executors' files), scratch, pids, conf."""
    for child in root.iterdir():
        if child.is_dir() and child.name != "logs":
            shutil.rmtree(child, ignore_errors=True)
        elif child.is_file():
            child.unlink()


def _start(stack: ExitStack, name: str, argv: list[str], env: dict[str, str],
           root: Path) -> Daemon:
    daemon = Daemon(name, argv, env, root / "logs" / f"{name}.log")
    stack.callback(daemon.stop)
    return daemon


@contextmanager
def standalone_cluster(root: Path, workers: int = WORKERS) -> Iterator[Cluster]:
    """A master and `workers` workers (1 core, WORKER_MEMORY each) on 127.0.0.1, until
    every worker is registered and alive; stopped and cleaned on leaving."""
    env = spark_env(root)
    spark_class = str(Path(env["SPARK_HOME"]) / "bin" / "spark-class")
    props = root / "conf" / "spark-defaults.conf"  # no REST server on its fixed port 6066
    props.write_text("spark.master.rest.enabled false\n", encoding="utf-8")
    port, ui = free_port(), free_port()
    cluster = Cluster(f"spark://{HOST}:{port}", f"http://{HOST}:{ui}")
    with ExitStack() as stack:
        stack.callback(_clean, root)
        master = _start(stack, "master", [
            spark_class, "org.apache.spark.deploy.master.Master", "--host", HOST,
            "--port", str(port), "--webui-port", str(ui), "--properties-file", str(props)],
            env, root)
        master.wait_until(lambda: cluster.status().get("status") == "ALIVE",
                          f"master alive at {cluster.ui_url}/json/")
        for n in range(1, workers + 1):
            work = root / f"work-{n}"
            work.mkdir()
            _start(stack, f"worker-{n}", [
                spark_class, "org.apache.spark.deploy.worker.Worker", "--host", HOST,
                "--webui-port", str(free_port()), "--cores", "1", "--memory", WORKER_MEMORY,
                "--work-dir", str(work), "--properties-file", str(props),
                cluster.master_url], env, root)
        master.wait_until(lambda: cluster.status().get("aliveworkers") == workers,
                          f"{workers} workers registered with the master")
        yield cluster


@contextmanager
def connect_server(root: Path, master: str = "local[2]") -> Iterator[ConnectServer]:
    """A Spark Connect server (spark-submit of SparkConnectServer, as the wheel's
    sbin/start-connect-server.sh --wait does) on a free port of 127.0.0.1, until it accepts
    connections; stopped and cleaned on leaving."""
    env = spark_env(root)
    port = free_port()
    settings = {"spark.connect.grpc.binding.address": HOST,
                "spark.connect.grpc.binding.port": str(port), "spark.ui.enabled": "false",
                "spark.driver.memory": "1g", "spark.sql.session.timeZone": "UTC",
                "spark.local.dir": str(root / "scratch"),
                "spark.sql.shuffle.partitions": SHUFFLE}
    argv = [str(Path(env["SPARK_HOME"]) / "bin" / "spark-submit"), "--class", CONNECT_CLASS,
            "--name", "custorg tests: Spark Connect", "--master", master]
    for key, value in settings.items():
        argv += ["--conf", f"{key}={value}"]
    with ExitStack() as stack:
        stack.callback(_clean, root)
        server = _start(stack, "connect", argv, env, root)
        server.wait_until(lambda: answers(port), f"Spark Connect answering on port {port}")
        yield ConnectServer(f"sc://{HOST}:{port}", port)


_SHARED = pytest.StashKey[dict[str, Any]]()


def _shared(request: pytest.FixtureRequest, name: str, start: Callable[[ExitStack], T]) -> T:
    """One `name` per test session, started by its first user and stopped when the session
    ends (config cleanup: also after failures and interruptions)."""
    config = request.config
    if _SHARED not in config.stash:
        stack = ExitStack()
        config.stash[_SHARED] = {}
        config.add_cleanup(stack.close)
        config.stash[_SHARED]["stack"] = stack
    shared = config.stash[_SHARED]
    if name not in shared:
        try:
            shared[name] = start(shared["stack"])
        except SparkStartError as exc:
            shared[name] = exc  # the next users fail at once, not after another timeout
    if isinstance(shared[name], SparkStartError):
        pytest.fail(str(shared[name]), pytrace=False)
    value: T = shared[name]
    return value


@pytest.fixture(scope="session")
def spark_cluster(request: pytest.FixtureRequest,
                  tmp_path_factory: pytest.TempPathFactory) -> Cluster:
    """The session's standalone cluster: a master and two workers on 127.0.0.1."""
    spark_home()
    return _shared(request, "cluster", lambda stack: stack.enter_context(
        standalone_cluster(tmp_path_factory.mktemp("spark-cluster"))))


@pytest.fixture(scope="session")
def spark_connect(request: pytest.FixtureRequest,
                  tmp_path_factory: pytest.TempPathFactory) -> ConnectServer:
    """The session's Spark Connect server on 127.0.0.1 (local[2] behind it)."""
    spark_home()
    return _shared(request, "connect", lambda stack: stack.enter_context(
        connect_server(tmp_path_factory.mktemp("spark-connect"))))


def run_python(code: str, env: dict[str, str], *args: str,
               timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """`python -c code args...` in a fresh process (a pyspark driver of its own: a session
    in the test process would be shared with, and changed by, other tests)."""
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True,
                          env=env, timeout=timeout, check=False)
