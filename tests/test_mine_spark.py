"""`custorg mine --engine spark` (issue 24): the same JSON and org folder as the duckdb
engine on the test logs (CSV and Parquet, with and without --org, --resource, -o), ties
of timestamps across files, a catalog table, every bad input with its exit code, and the
property test over generated logs (python, duckdb, spark). One local Spark session for
the module: the in-process runs use it (and leave it running); skipped only when pyspark
or Java is missing."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from custorg.mining import Columns, as_dict, mine, to_json
from custorg.mining.writer import org_files
from mining_helpers import csv_log, mine_json, run, ts
from test_mine_engines import _to_parquet, _write_csv, row

pytest.importorskip("pyspark", reason="pyspark is not installed (pip install 'custorg[spark]')")
duckdb = pytest.importorskip("duckdb")
if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
    pytest.skip("Java is not installed (pyspark needs it)", allow_module_level=True)

HEADER = "case:concept:name,org:group,time:timestamp,concept:name,org:resource"
ROWS = [("c1", "A", ts(1), "open", "ann"), ("c1", "B", ts(2), "fix", "bob"),
        ("c1", "A", ts(2), "check", ""), ("c1", "B", ts(5), "close", "ann"),
        ("c2", "B", ts(1), "open", "cy"), ("c2", " C ", ts(0), "triage", "bob"),
        ("c3", "", ts(1), "open", "x"), ("c3", "A", "soon", "open", "x"),
        ("c4", "A", "2024-03-01 10:00:00.123+01:00", "open", "dee"),
        ("c4", "Dział", "2024-03-01T10:00:00+0100", "fix", "dee"),
        ("c5", "客服", ts(3), "open", "ann"), ("c5", "A", ts(3), "fix", "bob"),
        ("c5", "客服", ts(3), "fix", "bob"), ("c5", "B", ts(9, 11), "close", "")]
ORG = """\
custorg: 1
units:
  - {id: board, kind: board}
  - {id: a, name: A, parent: board, function: ops}
  - {id: b, name: B, parent: board, function: sales}
"""


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    from pyspark.sql import SparkSession

    from custorg.mining.sparksession import SETTINGS

    builder = SparkSession.builder.master("local[2]").appName("custorg-tests")
    for key, value in SETTINGS.items():
        builder = builder.config(key, value)
    session = builder.getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def _leftovers(spark: Any) -> list[str]:
    return [t.name for t in spark.catalog.listTables() if t.name.startswith("custorg_")]


def _run(capsys: pytest.CaptureFixture[str], log: Path, engine: str, out: Path,
         *args: str) -> tuple[dict[str, Any], dict[str, str]]:
    """The JSON document and the -o folder's files of one run."""
    document = mine_json(capsys, str(log), "--engine", engine, "-o", str(out), *args)
    return document, {p.name: p.read_text(encoding="utf-8") for p in sorted(out.iterdir())}


def _logs(tmp_path: Path) -> list[Path]:
    log = csv_log(tmp_path / "log.csv", ROWS, HEADER)
    parquet = tmp_path / "log.parquet"
    con = duckdb.connect()
    con.execute(f"COPY (SELECT * FROM read_csv('{log}', all_varchar = true)) TO "
                f"'{parquet}' (FORMAT parquet)")
    con.close()
    return [log, parquet]


def test_equals_duckdb_with_and_without_org_resource_and_output(
        spark: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    org = tmp_path / "org.yaml"
    org.write_text(ORG, encoding="utf-8")
    for log in _logs(tmp_path):
        for n, args in enumerate([(), ("--org", str(org), "--resource", "org:resource",
                                       "--top", "2")]):
            got, want = (_run(capsys, log, engine, tmp_path / f"{log.suffix}-{n}-{engine}",
                              *args) for engine in ("spark", "duckdb"))
            assert got == want, args
            assert "processes.yaml" in got[1] and got[0]["handoffs"] > 0
    assert want[0]["comparison"]["unmapped"] and want[0]["evidence"]
    assert "evidence.json" in want[1]
    assert _leftovers(spark) == []


def test_ties_across_and_within_files(spark: Any, tmp_path: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    """Equal timestamps in two files: file in sorted order, then row; a CSV folder, a
    Parquet folder and the python engine on the one concatenated file agree."""
    first = [("c1", "A", ts(1), "a"), ("c1", "B", ts(1), "b"), ("c2", "C", ts(4), "c")]
    second = [("c1", "C", ts(1), "d"), ("c2", "A", ts(4), "e"), ("c1", "A", ts(1), "f"),
              ("c2", "B", ts(4), "g")]
    csvs, parquets = tmp_path / "csv", tmp_path / "parquet"
    csvs.mkdir()
    parquets.mkdir()
    for name, rows in (("part-10.csv", first), ("part-2.csv", second)):  # "10" < "2"
        csv_log(csvs / name, rows)
        _to_parquet(csvs / name, parquets / name.replace(".csv", ".parquet"), False)
    whole = csv_log(tmp_path / "whole.csv", first + second)
    want = mine_json(capsys, str(whole))
    for folder in (csvs, parquets):
        got = mine_json(capsys, str(folder), "--engine", "spark")
        assert {**got, "log": ""} == {**want, "log": ""}
    assert [v["path"] for v in want["variants"]] == [["A", "B", "C", "A"], ["C", "A", "B"]]


@pytest.fixture()
def viewfs(spark: Any, tmp_path: Path) -> Iterator[str]:
    """A URI Spark reads and custorg cannot open: Hadoop's view file system (shipped with
    Spark), its mount table linking `viewfs://custorg<n>/logs` to `tmp_path`. The same
    code path as s3a://, hdfs://, abfss://: listing and reading are Spark's."""
    conf = spark.sparkContext._jsc.hadoopConfiguration()
    table = f"custorg{abs(hash(str(tmp_path)))}"
    conf.set(f"fs.viewfs.mounttable.{table}.link./logs", tmp_path.as_uri())
    yield f"viewfs://{table}/logs"
    conf.unset(f"fs.viewfs.mounttable.{table}.link./logs")


def test_a_uri_csv_or_parquet_file_or_folder(spark: Any, tmp_path: Path, viewfs: str,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    """Through a URI the spark engine reads what it reads locally, with the same
    figures: a CSV and a Parquet file, a folder of CSV parts and of Parquet parts (files
    in sorted path order for ties), its header from Spark; a header that is not UTF-8 is
    refused, and so is a unit name that is not (U+FFFD), with exit 1 and one line."""
    log, parquet = _logs(tmp_path)
    for name in (log.name, parquet.name):
        want = mine_json(capsys, str(tmp_path / name), "--engine", "duckdb")
        got = mine_json(capsys, f"{viewfs}/{name}", "--engine", "spark")
        assert got == want and got["events"] > 0
    first = [("c1", "A", ts(1), "a"), ("c1", "Dział", ts(1), "b"), ("c2", "客服", ts(4), "c")]
    second = [("c1", "C", ts(1), "d"), ("c2", "A", ts(4), "e"), ("c1", "A", ts(1), "f")]
    for kind in ("csv", "parquet"):
        (tmp_path / kind).mkdir()
    for name, rows in (("part-10.csv", first), ("part-2.csv", second)):  # "10" < "2"
        csv_log(tmp_path / "csv" / name, rows)
        _to_parquet(tmp_path / "csv" / name,
                    tmp_path / "parquet" / name.replace(".csv", ".parquet"), False)
    want = mine_json(capsys, str(csv_log(tmp_path / "whole.csv", first + second)))
    for kind in ("csv", "parquet"):
        got = mine_json(capsys, f"{viewfs}/{kind}/", "--engine", "spark")
        assert {**got, "log": ""} == {**want, "log": ""}, kind
    assert [v["path"] for v in want["variants"]][0] == ["A", "Dział", "C", "A"]
    cp1252 = tmp_path / "cp1252.csv"
    cp1252.write_bytes(f"{HEADER}\nc1,Kundenbüro,{ts(1)},open,ann\n".encode("cp1252"))
    utf16 = tmp_path / "utf16.csv"
    utf16.write_bytes(f"{HEADER}\nc1,A,{ts(1)},open,ann\n".encode("utf-16"))
    for bad, where in ((cp1252, "a unit name reads 'Kundenb\ufffdro'"), (utf16, "line 1")):
        code, out, err = run(capsys, "mine", f"{viewfs}/{bad.name}", "--engine", "spark")
        assert code == 1 and out == "" and len(err.strip().splitlines()) == 1, err
        assert f"{bad.name}: " in err and where in err and "not UTF-8 text" in err
        assert mine_json(capsys, str(bad), "--engine", "spark")["events"] == 1  # local
    code, _, err = run(capsys, "mine", f"{viewfs}/csv/", "--engine", "spark", "--unit", "x")
    assert code == 2 and f"{viewfs}/csv/: no column 'x' (the --unit column)" in err
    csv_log(tmp_path / "late.csv", [("c1", "A", "soon", "a"), ("c1", "B", "later", "b"),
                                    ("c2", "A", ts(1), "c")])
    code, _, err = run(capsys, "mine", f"{viewfs}/late.csv", "--engine", "spark")
    assert code == 1 and err.startswith(  # the URI as given, never folded to viewfs:/
        f"custorg: {viewfs}/late.csv: 2 of 3 events skipped (more than half)"), err
    assert _leftovers(spark) == []


def test_catalog_table_with_order(spark: Any, tmp_path: Path,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    log = csv_log(tmp_path / "log.csv", ROWS, HEADER)
    rows = [(*r, n) for n, r in enumerate(ROWS)]
    frame = spark.createDataFrame(rows, "`case:concept:name` string, `org:group` string, "
                                  "`time:timestamp` string, `concept:name` string, "
                                  "`org:resource` string, n long")
    frame.createOrReplaceTempView("events_table")
    try:
        got = mine_json(capsys, "--table", "events_table", "--order", "n", "--engine",
                        "spark")
    finally:
        spark.catalog.dropTempView("events_table")
    want = mine_json(capsys, str(log), "--engine", "duckdb")
    assert {**got, "log": ""} == {**want, "log": ""} and got["log"] == "events_table"


def test_statistics_line(spark: Any, tmp_path: Path,
                         capsys: pytest.CaptureFixture[str]) -> None:
    log = csv_log(tmp_path / "log.csv", ROWS, HEADER)
    code, out, err = run(capsys, "mine", str(log), "--engine", "spark", "--statistics",
                         "--no-evidence")
    assert code == 0 and "variants" in out.lower()
    line = err.strip().splitlines()[-1]
    assert line.startswith("custorg: collected to the driver: ") and " rows, " in line
    rows = int(line.split(": ")[-1].split(" rows")[0])
    assert 5 < rows < 60  # the aggregates of a 14-event log, never its events


def test_events_are_partitioned_by_case_once(spark: Any, tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str],
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """Every query of a run (figures and evidence) reads the events as partitioned by
    case once (`sparkengine.ordered`): no final plan shuffles by case_id but for that one
    repartition, and the run leaves no cached frame and the session's settings as found."""
    from custorg.mining.sparksql import SparkRunner

    plans: list[str] = []

    def rows(self: SparkRunner, sql: str) -> list[tuple[Any, ...]]:
        frame = self.frame(sql)
        out = [tuple(row) for row in frame.collect()]
        plans.append(str(frame._jdf.queryExecution().executedPlan().toString()))
        return out

    monkeypatch.setattr(SparkRunner, "rows", rows)
    cached = spark.sparkContext._jsc.getPersistentRDDs().size()
    partitions = spark.conf.get("spark.sql.shuffle.partitions")
    log = csv_log(tmp_path / "log.csv", ROWS, HEADER)
    code, out, _ = run(capsys, "mine", str(log), "--engine", "spark", "--format", "json")
    assert code == 0 and '"evidence"' in out and len(plans) > 12
    by_case = [line for plan in plans for line in plan.split("== Initial Plan ==")[0]
               .splitlines() if "Exchange hashpartitioning(case_id" in line]
    # (the cached events' own plan, when shown, holds the one REPARTITION_BY_NUM)
    assert not [line for line in by_case if "REPARTITION_BY_NUM" not in line], by_case
    assert spark.sparkContext._jsc.getPersistentRDDs().size() == cached
    assert spark.conf.get("spark.sql.shuffle.partitions") == partitions


@pytest.mark.parametrize(("args", "message"), [
    (("--spark-master", "local[1]", "--spark-remote", "sc://127.0.0.1:1"), "give one"),
    (("--spark-conf", "spark.x"), "KEY=VALUE"),
    (("--table", "t"), "--order"),
    (("--spark-remote", "sc://127.0.0.1:1"), "does not answer"),
    (("--spark-master", "spark://127.0.0.1:1"), "does not answer"),
])
def test_usage_errors_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                             args: tuple[str, ...], message: str) -> None:
    log = csv_log(tmp_path / "log.csv", ROWS, HEADER)
    given = list(args) if "--table" in args else [str(log), *args]
    code, out, err = run(capsys, "mine", *given, "--engine", "spark")
    assert code == 2 and out == "" and message in err and "Traceback" not in err


def test_spark_options_need_the_spark_engine(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    log = csv_log(tmp_path / "log.csv", ROWS, HEADER)
    code, _, err = run(capsys, "mine", str(log), "--spark-master", "local[1]")
    assert code == 2 and "--engine spark" in err


def test_bad_logs(spark: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                  monkeypatch: pytest.MonkeyPatch) -> None:
    xes = tmp_path / "log.xes"
    xes.write_text("<log/>", encoding="utf-8")
    code, _, err = run(capsys, "mine", str(xes), "--engine", "spark")
    assert code == 2 and "not XES" in err and "docs/scale.md" in err
    code, _, err = run(capsys, "mine", str(tmp_path / "*.csv"), "--engine", "spark")
    assert code == 2 and "glob" in err
    csv_log(tmp_path / "log.csv", ROWS, HEADER)
    monkeypatch.chdir(tmp_path)  # the file named as given, as by the other engines
    code, _, err = run(capsys, "mine", "log.csv", "--engine", "spark", "--unit", "team")
    assert code == 2 and "custorg: error: log.csv: no column 'team' (the --unit" in err
    broken = tmp_path / "broken.parquet"
    broken.write_bytes(b"PAR1 not really parquet")
    code, out, err = run(capsys, "mine", str(broken), "--engine", "spark")
    assert code == 1 and out == "" and "cannot read the log with Spark" in err
    assert len(err.strip().splitlines()) == 1 and "at org.apache" not in err
    code, _, err = run(capsys, "--debug", "mine", str(broken), "--engine", "spark")
    assert code == 1 and len(err.strip().splitlines()) > 1  # Spark's own error too
    assert _leftovers(spark) == []


def test_pyspark_missing_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pyspark.sql", None)  # import fails
    log = csv_log(tmp_path / "log.csv", ROWS, HEADER)
    code, _, err = run(capsys, "mine", str(log), "--engine", "spark")
    assert code == 2 and "pip install 'custorg[spark]'" in err


def test_java_missing_exits_2(tmp_path: Path) -> None:
    """A new process whose Java cannot be found: one line with the fix, no JVM trace."""
    log = csv_log(tmp_path / "log.csv", ROWS, HEADER)
    env = {**os.environ, "JAVA_HOME": str(tmp_path / "no-java"), "PATH": str(tmp_path)}
    done = subprocess.run([sys.executable, "-m", "custorg", "mine", str(log), "--engine",
                           "spark"], capture_output=True, text=True, env=env, timeout=120,
                          check=False)
    assert done.returncode == 2, done.stderr
    assert "Java" in done.stderr and "Traceback" not in done.stderr


@settings(max_examples=6, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(row, max_size=30), with_activity=st.booleans())
def test_spark_equals_python_and_duckdb(spark: Any, tmp_path_factory: pytest.TempPathFactory,
                                        rows: list[tuple[str, str, str, str]],
                                        with_activity: bool) -> None:
    log = _write_csv(tmp_path_factory.mktemp("prop") / "log.csv", rows, ",", with_activity)

    def outputs(engine: str) -> tuple[str, dict[str, str]]:
        mined = mine(log, Columns(), engine, top=1000)
        return to_json(as_dict(mined, top=1000)), org_files(mined, 1000, None)

    assert outputs("spark") == outputs("duckdb") == outputs("python")


def test_t006_counts_every_case_not_only_the_top_variants(
        spark: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Rule T006 reads cases per unit pair; the spark engine keeps only the top variants,
    so it hands those counts over from Spark (`Mined.pair_cases`)."""
    from test_evidence_teams import ORG as TEAMS_ORG, RETURN, _log

    log = tmp_path / "log.csv"
    log.write_text(_log(*(RETURN + ["rides platform rides"])).replace(
        "case,time,unit,activity,resource",
        "case:concept:name,time:timestamp,org:group,concept:name,org:resource"),
        encoding="utf-8")
    org = tmp_path / "org.yaml"
    org.write_text(TEAMS_ORG, encoding="utf-8")
    (tmp_path / "custorg.toml").write_text("min-events = 10\n", encoding="utf-8")
    found = [mine_json(capsys, str(log), "--org", str(org), "--top", "1", "--engine",
                       engine)["findings"] for engine in ("spark", "duckdb")]
    assert found[0] == found[1] and "1 of the 14 cases" in found[0][0]["message"]


def test_messy_logs_equal_duckdbs(spark: Any, tmp_path: Path,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    """Day-first timestamps, --lifecycle, trailing white space, a Windows-1252 file and
    business hours: the shared SQL gives Spark the same instants, skips and waits."""
    from test_mine_messy import DAYFIRST_ROWS, LOG_TEXT

    header = HEADER + ",lifecycle:transition"
    rows = [(*r, "", life) for r, life in zip(
        DAYFIRST_ROWS + [("c2", " B ", "15/02/2024 08:00 UTC", "close"),
                         ("c3", "A", "16/02/2024 09:00", "open")],
        ["start", "complete", "COMPLETE", "", "complete", "schedule"], strict=True)]
    log = csv_log(tmp_path / "log.csv", rows, header)
    cp1252 = tmp_path / "cp1252.csv"
    cp1252.write_bytes(LOG_TEXT.encode("cp1252"))
    for args in ((str(log), "--dayfirst", "--lifecycle", "complete"),
                 (str(log), "--timestamp-format", "%d/%m/%Y %H:%M", "--allow-skipped"),
                 (str(log), "--dayfirst", "--business-hours", "09:00-17:00", "--tz",
                  "Europe/Paris"),
                 (str(cp1252),)):
        got, want = (mine_json(capsys, *args, "--engine", engine)
                     for engine in ("spark", "duckdb"))
        assert got == want, args
    assert want["events"] == 2 and want["handoffs"] == 1
