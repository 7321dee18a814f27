"""ODS bombs: calamine expands repeated rows and columns and loads every sheet when it
opens the file, so content.xml is scanned (its repeats counted) before it does."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from test_import_bombs import table


@pytest.fixture(autouse=True)
def _no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")

_ODS = ('<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body>'
        "<office:spreadsheet>{}</office:spreadsheet></office:body></office:document-content>")


_MANIFEST = ('<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:'
             'manifest:1.0"><manifest:file-entry manifest:full-path="/" manifest:media-type='
             '"application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry '
             'manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
             "</manifest:manifest>")


def ods(path: Path, *tables: str) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as book:
        book.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        book.writestr("META-INF/manifest.xml", _MANIFEST)
        book.writestr("content.xml", _ODS.format("".join(
            f'<table:table table:name="S{n}">{rows}</table:table>'
            for n, rows in enumerate(tables, start=1))))
    return path


def ods_cell(value: str, repeat: int = 1) -> str:
    times = f' table:number-columns-repeated="{repeat}"' if repeat > 1 else ""
    return (f'<table:table-cell office:value-type="string"{times}><text:p>{value}</text:p>'
            "</table:table-cell>")


def ods_row(cells: str, repeat: int = 1) -> str:
    times = f' table:number-rows-repeated="{repeat}"' if repeat > 1 else ""
    return f"<table:table-row{times}>{cells}</table:table-row>"


_ODS_HEAD = ods_row(ods_cell("id") + ods_cell("parent"))


def test_ods_with_libreoffice_trailing_rows_is_read(tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]
                                                    ) -> None:
    path = ods(tmp_path / "staff.ods", _ODS_HEAD + ods_row(ods_cell("u1") + ods_cell(""))
               + ods_row(ods_cell("u2") + ods_cell("u1"))
               + ods_row('<table:table-cell table:number-columns-repeated="1024"/>', 1_048_573))
    code, err = table(capsys, path)
    assert code == 0 and "2 units, 0 people" in err


@pytest.mark.parametrize("tables", [
    (_ODS_HEAD + ods_row(ods_cell("x", 5000), 2000),),  # 2,001 x 5,000: one sheet
    (_ODS_HEAD, ods_row(ods_cell("x", 5000), 2000)),  # the second sheet, never asked for
    (_ODS_HEAD + ods_row(ods_cell("x", 2), 6_000_000),),  # rows repeated
], ids=["columns", "second-sheet", "rows"])
def test_ods_repeated_cells_over_the_limit(tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str],
                                           tables: tuple[str, ...]) -> None:
    path = ods(tmp_path / "rep.ods", *tables)
    assert path.stat().st_size < 2000
    code, err = table(capsys, path)
    assert code == 2
    assert ("rep.ods: too large: the used range of the sheets (calamine loads every sheet "
            "of an ODS file) (content.xml, byte ") in err
    assert "is over the limit of 10,000,000 (xlsx-cells)" in err


def test_ods_malformed_repeat(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = ods(tmp_path / "bad.ods", _ODS_HEAD + ods_row(ods_cell("x"), 1).replace(
        "<table:table-row>", '<table:table-row table:number-rows-repeated="-3">'))
    code, err = table(capsys, path)
    assert code == 2 and "number-rows-repeated '-3' is not a whole number" in err
