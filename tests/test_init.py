"""`custorg init [DIR]` (issue 3 part 6): a small, valid, commented starter org with the
`yaml-language-server` schema comment, and a custorg.toml; never overwrites."""

from __future__ import annotations

import json
import re
import tomllib
from importlib.resources import files
from pathlib import Path

import pytest

from conftest import ROOT
from custorg.audit.config import from_mapping, load_config
from custorg.cli import main
from custorg.orgfile.sections import SECTIONS as ENTITY_SECTIONS
from custorg.rules import known_codes
from custorg.thresholds import Thresholds

CODES = known_codes()

SECTIONS = tuple(ENTITY_SECTIONS)


def init(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["init", *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def starter(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    folder = tmp_path / "our-org" / "design"
    code, out, _ = init(capsys, str(folder))
    assert code == 0
    assert "custorg audit" in out
    return folder


def test_writes_an_org_and_a_config_into_a_new_folder(starter: Path) -> None:
    assert sorted(p.name for p in starter.iterdir()) == ["custorg.toml", "org.yaml"]


def test_the_starter_audits_clean(starter: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["audit", str(starter), "--format", "json", "--fail-on", "info"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["findings"] == []
    assert report["summary"] == {"error": 0, "warning": 0, "info": 0, "suppressed": 0}
    assert report["metrics"]["maturity"]["level"] == 5


def test_the_starter_validates(starter: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(starter / "org.yaml")]) == 0


def test_the_starter_config_is_found_and_is_the_defaults(starter: Path) -> None:
    cfg = load_config(None, str(starter / "org.yaml"), CODES)
    assert cfg.source == str((starter / "custorg.toml").resolve())
    assert cfg.thresholds == Thresholds() and cfg.select == () and cfg.ignore == ()


def test_the_schema_comment_comes_first(starter: Path) -> None:
    first = (starter / "org.yaml").read_text(encoding="utf-8").splitlines()[0]
    match = re.fullmatch(r"# yaml-language-server: \$schema=(\S+)", first)
    assert match
    url = match.group(1)
    assert url.startswith("https://") and url.endswith("/schemas/org.schema.json")
    assert (ROOT / "schemas" / "org.schema.json").is_file()


def test_every_section_is_explained(starter: Path) -> None:
    text = (starter / "org.yaml").read_text(encoding="utf-8")
    for section in SECTIONS:
        assert re.search(rf"^# -+ {section}\n#", text, re.MULTILINE), section


def test_the_config_documents_every_threshold_with_its_default(starter: Path) -> None:
    text = (starter / "custorg.toml").read_text(encoding="utf-8")
    defaults = Thresholds()
    for key in Thresholds.option_names():
        match = re.search(rf"^# {key} = (\S+)", text, re.MULTILINE)
        assert match, key
        value = tomllib.loads(f"v = {match.group(1)}")["v"]
        assert value == getattr(defaults, key.replace("-", "_")), key
    assert re.search(r'^# fail-on = "error"', text, re.MULTILINE)


def test_every_commented_setting_is_valid_when_uncommented(starter: Path) -> None:
    text = (starter / "custorg.toml").read_text(encoding="utf-8")
    settings = re.findall(r"^# ((?:[a-z-]+|[A-Z]\d{3}) = .*|\[severity\])$", text, re.MULTILINE)
    assert len(settings) >= 12
    from_mapping(tomllib.loads("\n".join(settings)), "custorg.toml", CODES)


def test_default_folder_is_the_working_directory(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str],
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert init(capsys)[0] == 0
    assert (tmp_path / "org.yaml").is_file() and (tmp_path / "custorg.toml").is_file()


@pytest.mark.parametrize("existing", ["org.yaml", "custorg.toml"])
def test_refuses_to_overwrite_and_writes_nothing(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str],
                                                 existing: str) -> None:
    (tmp_path / existing).write_text("mine\n", encoding="utf-8")
    code, out, err = init(capsys, str(tmp_path))
    assert code == 2 and out == ""
    assert existing in err and "overwrite" in err
    assert (tmp_path / existing).read_text(encoding="utf-8") == "mine\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == [existing]


def test_a_second_init_refuses(starter: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = (starter / "org.yaml").read_text(encoding="utf-8")
    assert init(capsys, str(starter))[0] == 2
    assert (starter / "org.yaml").read_text(encoding="utf-8") == before


def test_dir_must_be_a_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "org.yaml"
    path.write_text("units: []\n", encoding="utf-8")
    code, _, err = init(capsys, str(path))
    assert code == 2 and "not a folder" in err


def test_templates_are_package_data() -> None:
    source = files("custorg") / "templates"
    for name in ("org.yaml", "custorg.toml"):
        assert (source / name).is_file()


def test_the_message_is_two_plain_lines(tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    """Issue 21 item 17: the line break is a line break, never a literal `\\n`."""
    code, out, _ = init(capsys, str(tmp_path / "org"))
    assert code == 0 and "\\n" not in out
    assert out.count("\n") == 2 and out.splitlines()[1].startswith("Next: edit them")
