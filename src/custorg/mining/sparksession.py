"""The Spark session of the spark engine (issue 24): where it runs (`--spark-master`,
`--spark-remote` / SPARK_REMOTE), its settings (`--spark-conf`), quiet and in UTC; and
what goes wrong before any log is read (pyspark or Java missing, a cluster that does
not answer), each as one line with the fix (UsageError, exit 2). The Spark error itself
is the exception's cause (`custorg --debug` shows it).

    with spark_session(SparkOptions(master="local[2]")) as spark:
        ...   # stopped on every exit path"""

from __future__ import annotations

import os
import socket
import tempfile
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ..errors import UsageError

INSTALL = "pip install 'custorg[spark]'"
CONNECT_TIMEOUT = 10.0  # seconds a cluster has to answer before custorg gives up
# custorg's own settings: quiet, UTC (a timestamp without offset is UTC), nothing kept
SETTINGS = {"spark.sql.session.timeZone": "UTC", "spark.ui.showConsoleProgress": "false",
            "spark.ui.enabled": "false", "spark.sql.ansi.enabled": "true"}
# adaptive query execution (coalescing small shuffles) on unless --spark-conf says otherwise
ADAPTIVE = {"spark.sql.adaptive.enabled": "true",
            "spark.sql.adaptive.coalescePartitions.enabled": "true"}
SHUFFLE_PARTITIONS = "spark.sql.shuffle.partitions"
ROWS_PER_PARTITION = 1_000_000  # events a partition of the ordered events holds at most
# a local driver's JVM logs errors only, from its start (setLogLevel comes after)
QUIET_JVM = "-Dlog4j2.level=ERROR -Dlog4j.configurationFile={}"


@dataclass(frozen=True)
class SparkOptions:
    """Where the spark engine runs: `master` (default local[*]) or Spark Connect `remote`
    (sc://HOST:PORT; default the SPARK_REMOTE environment variable), and settings."""

    master: str | None = None
    remote: str | None = None
    conf: tuple[tuple[str, str], ...] = field(default_factory=tuple)
    table: str | None = None  # --table: a catalog table instead of a log
    order: str | None = None  # --order: the column breaking timestamp ties of a table

    def target(self) -> tuple[str, str]:
        """("remote", URL) or ("master", URL); UsageError for both given."""
        remote = self.remote or os.environ.get("SPARK_REMOTE") or None
        if remote and self.master:
            raise UsageError("--spark-master and --spark-remote (or SPARK_REMOTE): give one "
                             "of them (a master runs the driver here, a remote is Spark "
                             "Connect)")
        return ("remote", remote) if remote else ("master", self.master or "local[*]")


def parse_conf(given: list[str]) -> tuple[tuple[str, str], ...]:
    """`--spark-conf KEY=VALUE` options; UsageError for one without `=` or a key."""
    out = []
    for item in given:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise UsageError(f"--spark-conf {item!r}: give KEY=VALUE, e.g. --spark-conf "
                             "spark.driver.memory=4g")
        out.append((key.strip(), value))
    return tuple(out)


def _answers(url: str, default_port: int) -> None:
    """A cluster URL whose host does not accept a connection within CONNECT_TIMEOUT:
    UsageError (the driver would otherwise wait and retry for minutes)."""
    parts = urlsplit(url)
    host, port = parts.hostname, parts.port or default_port
    if not host:
        raise UsageError(f"{url}: not a cluster URL; give spark://HOST:PORT or "
                         "sc://HOST:PORT")
    try:
        socket.create_connection((host, port), timeout=CONNECT_TIMEOUT).close()
    except OSError as exc:
        raise UsageError(f"{url}: the Spark cluster does not answer ({exc.strerror or exc}); "
                         "start it, or check the host and port") from exc


def _builder(options: SparkOptions) -> Any:
    warnings.filterwarnings("ignore", module="pyspark")  # its pandas version notice
    try:
        from pyspark.sql import SparkSession
    except ImportError as exc:
        raise UsageError(f"the spark engine needs pyspark: {INSTALL}") from exc
    kind, url = options.target()
    builder = SparkSession.builder.appName("custorg")
    if kind == "remote":
        _answers(url.replace("sc://", "http://", 1), 15002)
        builder = builder.remote(url)
    else:
        log4j = resources.files("custorg.mining").joinpath("spark-log4j2.properties")
        builder = builder.config("spark.driver.extraJavaOptions", QUIET_JVM.format(log4j))
        if url.startswith("spark://"):
            for one in url[len("spark://"):].split(","):
                _answers(f"http://{one}", 7077)
        if options.master or not os.environ.get("PYSPARK_GATEWAY_PORT"):
            # under spark-submit (its JVM is already up) the master is spark-submit's
            builder = builder.master(url)
    for key, value in (*SETTINGS.items(), *options.conf):
        if kind == "remote" and key.startswith("spark.ui."):
            continue  # the server's: not a session setting
        builder = builder.config(key, value)
    return builder


@contextmanager
def spark_session(options: SparkOptions) -> Iterator[Any]:
    """A session as `options` say, stopped on every exit path. A local session that the
    calling program already runs (a notebook, a test) is used and left running."""
    builder = _builder(options)
    from pyspark.sql import SparkSession

    ours = options.target()[0] == "remote" or SparkSession.getActiveSession() is None
    # (the JVM keeps its log open: on Windows the folder stays until it exits)
    with tempfile.TemporaryDirectory(prefix="custorg-spark-",
                                     ignore_cleanup_errors=True) as scratch:
        log = Path(scratch) / "jvm.log"
        try:
            with _jvm_output_to(log, options):
                spark = builder.getOrCreate()
        except Exception as exc:  # noqa: BLE001 - Java missing, a master refusing ...
            raise UsageError(_start_failed(exc)) from _with_jvm_output(exc, log)
    try:
        if options.target()[0] == "master":
            spark.sparkContext.setLogLevel("ERROR")
        yield spark
    finally:
        if ours:
            spark.stop()


@contextmanager
def _jvm_output_to(log: Path, options: SparkOptions) -> Iterator[None]:
    """While a local driver's JVM starts, standard error (file descriptor 2, which the
    JVM inherits for its life) goes to `log`: the JVM's own lines (Spark 4 prints a
    warning about the incubator module it loads; a failed start its reasons) never reach
    the terminal or a CI log past custorg's output gate. `--debug` shows them when the
    start fails. Nothing is redirected for Spark Connect (no JVM here) or under
    spark-submit (its JVM is already running)."""
    if options.target()[0] == "remote" or os.environ.get("PYSPARK_GATEWAY_PORT"):
        yield
        return
    saved = os.dup(2)  # (Python's stderr is line-buffered: nothing of ours is pending)
    try:
        with open(log, "wb") as sink:
            os.dup2(sink.fileno(), 2)
            try:
                yield
            finally:
                os.dup2(saved, 2)
    finally:
        os.close(saved)


def _with_jvm_output(exc: Exception, log: Path) -> Exception:
    """Spark's error, with the last lines the JVM wrote (for `--debug`)."""
    try:
        tail = log.read_text(encoding="utf-8", errors="replace").splitlines()[-20:]
    except OSError:
        return exc
    if not tail:
        return exc
    shown = RuntimeError("the JVM wrote:\n" + "\n".join(tail))
    shown.__cause__ = exc
    return shown


def _start_failed(exc: Exception) -> str:
    text = str(exc)
    if "JAVA_GATEWAY_EXITED" in text or "JAVA_HOME" in text or "java" in text.lower():
        return ("Spark could not start: Java is missing or too old (Spark 4 needs Java 17 "
                "or later): install it (e.g. apt-get install openjdk-17-jre-headless) or set "
                "JAVA_HOME; custorg --debug shows Spark's error")
    first = text.strip().splitlines()[0] if text.strip() else exc.__class__.__name__
    return f"Spark could not start: {first[:300]}; custorg --debug shows Spark's error"


def partitions_for(spark: Any, options: SparkOptions, events: int) -> int:
    """The partitions of the events partitioned by case, and of every shuffle after them:
    `--spark-conf spark.sql.shuffle.partitions` when given (the user's always wins), else
    one per ROWS_PER_PARTITION events, at least one per core (Spark's default parallelism;
    on Spark Connect, where it cannot be asked, the session's shuffle partitions)."""
    given = dict(options.conf).get(SHUFFLE_PARTITIONS)
    if given is not None and given.strip().isdigit() and int(given) > 0:
        return int(given)
    try:
        cores = int(spark.sparkContext.defaultParallelism)
    except Exception:  # noqa: BLE001 - Spark Connect has no SparkContext
        return int(spark.conf.get(SHUFFLE_PARTITIONS))
    return max(cores, -(-events // ROWS_PER_PARTITION))


class Tuning:
    """Runtime settings of a session for one run, each unless `--spark-conf` set it, and
    the previous values put back by `restore` (a session the caller runs is left as it
    was): adaptive execution on (ADAPTIVE) from the start, the shuffle partitions once
    the events are counted (`partitions_for`)."""

    def __init__(self, spark: Any, options: SparkOptions) -> None:
        self.spark = spark
        self.given = {key for key, _ in options.conf}
        self.previous: dict[str, str] = {}
        for key, value in ADAPTIVE.items():
            self.set(key, value)

    def set(self, key: str, value: str) -> None:
        if key in self.given:
            return
        self.previous.setdefault(key, self.spark.conf.get(key))
        self.spark.conf.set(key, value)

    def restore(self) -> None:
        previous, self.previous = self.previous, {}
        for key, value in previous.items():
            try:
                self.spark.conf.set(key, value)
            except Exception:  # noqa: BLE001 - a session already gone keeps nothing
                return
