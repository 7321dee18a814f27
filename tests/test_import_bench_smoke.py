"""The import benchmark's generators still make files that import cleanly (no timings:
`python bench/import_bench.py` is run by hand, results in docs/benchmark.md)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from custorg.importer import Spec, import_organogram, import_table

BENCH = Path(__file__).resolve().parent.parent / "bench"
pytestmark = pytest.mark.skipif(not BENCH.is_dir(), reason="no bench/ folder")


@pytest.fixture(scope="module")
def bench():  # type: ignore[no-untyped-def]
    sys.path.insert(0, str(BENCH))
    try:
        import import_bench
    finally:
        sys.path.remove(str(BENCH))
    return import_bench


def test_generated_table_imports_every_row(bench, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = bench.table(tmp_path / "t.csv", 500)
    assert path.read_bytes() == bench.table(tmp_path / "u.csv", 500).read_bytes()
    result = import_table(str(path), Spec("Stanowisko", "Przełożony", name="Nazwa",
                                          function="Pion", fte="Etat", person="Osoba"))
    assert len(result.units) == len(result.people) == 500
    assert not result.anomalies
    assert sum(1 for u in result.units if "parent" not in u) == 1
    assert any(isinstance(u["fte"], float) for u in result.units)  # decimal commas read


def test_generated_organogram_imports(bench, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    senior, junior = bench.organogram(tmp_path, posts=60, junior=300)
    result = import_organogram(str(senior), str(junior))
    assert len(result.units) == 60
    assert sum(1 for u in result.units if "parent" not in u) == 11
    assert set(result.anomalies.items) <= {"no-name", "junior-unit"}
