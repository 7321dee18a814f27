"""The deck's glyph check (diagrams/fonts.py, as the diagrams warn for CJK): the letters
of every script in the deck (Polish, Lithuanian, Russian, Chinese...) are asked of
fontconfig; a script no installed font draws is a warning on stderr, the deck is still
written. A fake `fc-list` stands in for the machine's fonts."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

pytest.importorskip("pptx")

from custorg.cli import main  # noqa: E402
from custorg.diagrams import fonts  # noqa: E402

ORG = """\
organization: {name: "Sklep Łódź 上海"}
units:
  - {id: board, kind: board, name: Zarząd}
  - {id: ops, parent: board, function: operations, name: "Операции"}
  - {id: it, parent: board, function: it, name: "Informacinės technologijos"}
"""


def _fake_fc_list(tmp_path: Path, missing: str) -> Path:
    """An fc-list that knows no font for a charset holding `missing` (hex), else one."""
    exe = tmp_path / "fc-list"
    exe.write_text(f'#!/bin/sh\ncase "$1" in *{missing}*) exit 0;; esac\necho Font\n',
                   encoding="utf-8")
    exe.chmod(exe.stat().st_mode | stat.S_IEXEC)
    return exe


def test_scripts_of_groups_letters_by_script() -> None:
    found = fonts.scripts_of(["Łódź 上海", "Операции", "ėį 12 – ok"])
    assert found["LATIN"] == ["Ł", "ó", "ź", "ė", "į"]
    assert found["CJK"] == ["上", "海"]
    assert found["CYRILLIC"][:3] == ["О", "п", "е"]


def test_deck_warns_for_a_script_without_a_font(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    exe = _fake_fc_list(tmp_path, f"{ord('О'):x}")
    monkeypatch.setattr(fonts.shutil, "which", lambda name: str(exe))
    org = tmp_path / "org.yaml"
    org.write_text(ORG, encoding="utf-8")
    out = tmp_path / "d.pptx"
    assert main(["deck", str(org), "-o", str(out)]) == 0
    err = capsys.readouterr().err
    assert "custorg: warning: no installed font has every letter of Cyrillic (Операци)" in err
    assert "Latin" not in err and "Cjk" not in err
    assert out.exists()


def test_no_warning_when_every_script_has_a_font(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str],
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    exe = _fake_fc_list(tmp_path, "zzzz")
    monkeypatch.setattr(fonts.shutil, "which", lambda name: str(exe))
    org = tmp_path / "org.yaml"
    org.write_text(ORG, encoding="utf-8")
    assert main(["deck", str(org), "-o", str(tmp_path / "d.pptx")]) == 0
    assert "warning" not in capsys.readouterr().err
