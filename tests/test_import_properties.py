"""Whatever the export holds, the written org validates: no error that stops analysis
(F*, S001-S003), every row accounted for (written or reported), names kept exactly."""

from __future__ import annotations

import csv
import io
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings, strategies as st

from custorg.audit.engine import validate
from custorg.importer import Spec, import_table, write_folder

IDS = st.sampled_from(["1", "01", "a", "A", "a b", " a", "customer", "x-1", "yes", "null",
                       "1e3", "Ł", "王", "é", "e\u0301", "\u200bz", "post-1", "person-1", ""])
TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=12)  # no binary
ROWS = st.lists(st.tuples(IDS, IDS, TEXT, TEXT, st.sampled_from(["1", "0,5", "x", "", "-1",
                                                                  "2.5", "1e9"])),
                min_size=1, max_size=25)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ROWS)
def test_any_table_gives_a_valid_org(rows: list[tuple[str, str, str, str, str]]) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["id", "parent", "name", "who", "fte"])
    writer.writerows(rows)
    if not any(r[0].strip() for r in rows):
        return  # no id at all: a usage error, tested elsewhere
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "t.csv"
        path.write_text(buffer.getvalue(), encoding="utf-8")
        result = import_table(str(path), Spec("id", "parent", name="name", person="who",
                                              fte="fte", allow_unresolved=True))
        a = result.anomalies.items
        skipped = sum(a[k].count for k in ("empty-id", "duplicate-id") if k in a)
        made = a["placeholder-parent"].count if "placeholder-parent" in a else 0
        assert len(result.units) + skipped == len(rows) + made
        write_folder(result, str(Path(tmp) / "org"), [str(path)])
        report = validate([str(Path(tmp) / "org")])
        assert [f.message for f in report.findings] == []
        assert report.org is not None
        names = {p.name for p in report.org.people}
        assert names == {r[3].strip() for r in rows if r[3].strip()} & names


REFS = st.sampled_from(["1", "2", "3", "01", "XX", "xx", "", "a b", "9"])
POSTS = st.lists(st.tuples(st.sampled_from(["DVLA", "DSA"]), REFS, REFS, TEXT,
                           st.sampled_from(["N/D", "Vacant", "", "Ann"]),
                           st.sampled_from(["1", "0.5", "", "n/a"])), min_size=1, max_size=12)
JUNIOR = st.lists(st.tuples(st.sampled_from(["DVLA", "DSA"]), REFS, TEXT,
                            st.sampled_from(["1", "2.5", "", "x"])), max_size=12)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(POSTS, JUNIOR, st.sampled_from(["post", "unit"]))
def test_any_organogram_gives_a_valid_org(posts: list[tuple[str, ...]],
                                          junior: list[tuple[str, ...]], by: str) -> None:
    from custorg.importer import import_organogram

    senior_rows = [["Organisation", "Post Unique Reference", "Reports to Senior Post", "Unit",
                    "Name", "FTE", "Job Title", "Professional/Occupational Group"]]
    senior_rows += [[org, ref, up, unit, name, fte, f"Title {unit}", unit]
                    for org, ref, up, unit, name, fte in posts]
    junior_rows = [["Organisation", "Reporting Senior Post", "Unit", "Number of Posts in FTE"]]
    junior_rows += [list(r) for r in junior]
    if not any(p[1].strip() for p in posts):
        return  # no reference at all: a usage error, tested elsewhere
    with tempfile.TemporaryDirectory() as tmp:
        files = []
        for name, rows in (("s.csv", senior_rows), ("j.csv", junior_rows)):
            buffer = io.StringIO()
            csv.writer(buffer, lineterminator="\n").writerows(rows)
            files.append(Path(tmp) / name)
            files[-1].write_text(buffer.getvalue(), encoding="utf-8")
        result = import_organogram(str(files[0]), str(files[1]), by=by)
        write_folder(result, str(Path(tmp) / "org"), [str(f) for f in files])
        report = validate([str(Path(tmp) / "org")])
        assert [f.message for f in report.findings] == []
        assert report.org is not None and len(report.org.people) == len(
            {(p[0], p[1].strip()) for p in posts if p[1].strip()})
