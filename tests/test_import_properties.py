"""Whatever the export holds, the written org validates: no error that stops analysis
(F*, S001-S003), every row accounted for (written or reported), names kept exactly."""

from __future__ import annotations

import csv
import io
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings, strategies as st

from custorg.engine import validate
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
                                              fte="fte"))
        a = result.anomalies.items
        skipped = sum(a[k].count for k in ("empty-id", "duplicate-id") if k in a)
        assert len(result.units) + skipped == len(rows)
        write_folder(result, str(Path(tmp) / "org"), [str(path)])
        report = validate([str(Path(tmp) / "org")])
        assert [f.message for f in report.findings] == []
        assert report.org is not None
        names = {p.name for p in report.org.people}
        assert names == {r[3].strip() for r in rows if r[3].strip()} & names
