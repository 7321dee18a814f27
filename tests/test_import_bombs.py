"""Hostile exports that used to cost a crash (exit 3) or gigabytes: spreadsheets whose
used range or unpacked XML is huge (refused before calamine loads a cell, exit 2 "too
large", the limit named), ids of thousands of digits, file names that are not UTF-8."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from custorg.cli import main


@pytest.fixture(autouse=True)
def _no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")


def table(capsys: pytest.CaptureFixture[str], path: Path | bytes, *extra: str
          ) -> tuple[int, str]:
    name = os.fsdecode(path)
    out = os.path.join(os.path.dirname(name), "out")
    code = main(["import", "table", name, "-o", out, "--id", "id", "--parent", "parent",
                 *extra])
    err = capsys.readouterr().err
    assert "Traceback" not in err and "internal error" not in err
    return code, err


# --------------------------------------------------------------------- item 7: exit 3

def test_an_id_of_5000_digits_is_imported(tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    big = "7" * 5000  # int() refuses over 4,300 digits: the sort of ids must not use it
    path = tmp_path / "ids.csv"
    path.write_text(f"id,parent\n{big},\n{big}1,{big}\n9,{big}\n", encoding="utf-8")
    code, _ = table(capsys, path)
    assert code == 0
    units = (tmp_path / "out" / "units.yaml").read_text(encoding="utf-8")
    assert units.index("id: '9'") < units.index(f"id: '{big}'") < units.index(f"{big}1'")


def test_a_file_name_with_a_0xff_byte(tmp_path: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    path = os.fsencode(tmp_path) + b"/hr\xffexport.csv"
    with open(path, "wb") as f:
        f.write(b"id,parent\n1,\n2,1\n")
    code, err = table(capsys, path)
    assert code == 0 and "2 units, 0 people" in err
    units = (tmp_path / "out" / "units.yaml").read_text(encoding="utf-8")
    assert "name: hr\\xffexport\n" in units
    assert main(["audit", str(tmp_path / "out"), "--select", "S"]) == 0
