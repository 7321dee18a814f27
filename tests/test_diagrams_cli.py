"""`custorg diagram` end to end: every view in every format for both examples, exit
codes, messages, bounded rendering, fallbacks when nothing can render, the CJK note."""

from __future__ import annotations

import multiprocessing
import os
import shutil
import signal
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from typer.testing import CliRunner

from custorg.cli import app, main
from custorg.diagrams import build, render as R
from test_diagrams_support import EXAMPLES, analyse, big_org, svg_nodes, with_class

TELECOM = str(EXAMPLES / "telecom")
BAKERY = str(EXAMPLES / "bakery" / "org.yaml")
VIEWS = {"hierarchy": [], "customer-on-top": [], "radial": [],
         "process": ["--process", "complaint"], "interfaces": []}
BAKERY_PROCESS = ["--process", "order"]
MAGIC = {"png": b"\x89PNG\r\n\x1a\n", "pdf": b"%PDF-"}


def check_file(path: Path, fmt: str) -> None:
    data = path.read_bytes()
    assert data, path
    if fmt in MAGIC:
        assert data.startswith(MAGIC[fmt])
    elif fmt == "svg":
        root = ET.fromstring(data)
        assert root.tag.endswith("svg") and b"<script" not in data
    elif fmt == "dot":
        text = data.decode("utf-8")
        assert "graph custorg {" in text and text.rstrip().endswith("}")
    else:
        text = data.decode("utf-8")
        assert text.startswith("---\ntitle: ") and "flowchart" in text


@pytest.mark.parametrize("fmt", ["svg", "png", "pdf", "dot", "mermaid"])
@pytest.mark.parametrize("view", list(VIEWS))
@pytest.mark.parametrize("org", [TELECOM, BAKERY])
def test_every_view_in_every_format(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                    org: str, view: str, fmt: str) -> None:
    out = tmp_path / f"out.{fmt}"
    extra = (BAKERY_PROCESS if org == BAKERY else VIEWS[view]) if view == "process" else []
    code = main(["diagram", org, "--view", view, *extra, "--format", fmt, "-o", str(out)])
    err = capsys.readouterr().err
    if fmt == "mermaid" and view == "radial":
        assert code == 2 and "Mermaid" in err and not out.exists()
        return
    assert code == 0, err
    check_file(out, fmt)
    assert "Traceback" not in err


def test_format_follows_the_output_extension(tmp_path: Path) -> None:
    for suffix, fmt in ((".png", "png"), (".pdf", "pdf"), (".gv", "dot"), (".mmd", "mermaid")):
        out = tmp_path / f"chart{suffix}"
        assert main(["diagram", BAKERY, "--view", "hierarchy", "-o", str(out)]) == 0
        check_file(out, fmt)


def test_svg_goes_to_standard_output(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diagram", BAKERY, "--view", "customer-on-top"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("<?xml") and "</svg>" in out


def test_cli_runner_dot_output() -> None:
    result = CliRunner().invoke(app, ["diagram", TELECOM, "--view", "hierarchy", "-f", "dot"])
    assert result.exit_code == 0
    assert "digraph custorg {" in result.stdout


# ----------------------------------------------------------------------------- usage errors


@pytest.mark.parametrize(("args", "expected"), [
    (["--view", "pyramid"], "unknown --view 'pyramid' (use hierarchy, customer-on-top"),
    ([], "--view is required"),
    (["--view", "process"], "needs --process ID; processes: order-to-activation"),
    (["--view", "process", "--process", "nope"], "unknown process 'nope'; processes: "),
    (["--view", "radial", "-f", "mermaid"], "cannot be drawn in Mermaid"),
    (["--view", "radial", "--process", "repair"], "--process only applies to --view process"),
    (["--view", "radial", "-f", "gif"], "unknown --format 'gif'"),
    (["--view", "radial", "--renderer", "magic"], "unknown --renderer 'magic'"),
    (["--view", "radial", "--depth", "-1"], "--depth must be 0 or more"),
    (["--view", "radial", "--timeout", "0"], "--timeout must be more than 0"),
])
def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str], args: list[str],
                             expected: str) -> None:
    assert main(["diagram", TELECOM, *args]) == 2
    captured = capsys.readouterr()
    assert expected in captured.err and captured.out == ""


def test_binary_format_to_a_terminal_needs_an_output_file(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr("sys.stdout.isatty", lambda: True)
    assert main(["diagram", TELECOM, "--view", "radial", "-f", "png"]) == 2
    assert "give -o FILE" in capsys.readouterr().err


def test_never_overwrites_an_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    org = tmp_path / "org.yaml"
    org.write_bytes(Path(BAKERY).read_bytes())
    assert main(["diagram", str(org), "--view", "hierarchy", "-f", "svg", "-o", str(org)]) == 2
    assert "cannot write a .yaml file" in capsys.readouterr().err
    renamed = tmp_path / "org.svg"  # an input whose name looks like an output
    org.rename(renamed)
    assert main(["diagram", str(renamed), "--view", "hierarchy", "-o", str(renamed)]) == 2
    assert "overwrite an input" in capsys.readouterr().err
    assert renamed.read_bytes() == Path(BAKERY).read_bytes()


def test_format_errors_are_printed_and_exit_1(tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    org = tmp_path / "org.yaml"
    org.write_text("units:\n  - id: a\n    parent: nowhere\n  - {id: a}\n", encoding="utf-8")
    out = tmp_path / "x.svg"
    assert main(["diagram", str(org), "--view", "hierarchy", "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert "S002" in err and "S003" in err and "format errors" in err
    assert not out.exists()


# ----------------------------------------------------------------------------- rendering bounds


def test_timeout_writes_the_dot_file_and_exits_1(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "chart.svg"
    start = time.monotonic()
    code = main(["diagram", TELECOM, "--view", "customer-on-top", "-o", str(out),
                 "--timeout", "0.001"])
    assert code == 1 and time.monotonic() - start < 30
    err = capsys.readouterr().err
    assert "did not finish within 0.001 s" in err and "--timeout" in err
    dot = tmp_path / "chart.dot"
    assert dot.exists() and "graph custorg {" in dot.read_text(encoding="utf-8")
    assert not out.exists()
    # the advice is a custorg command (the README promises no Graphviz is needed)
    assert f"custorg diagram {TELECOM} --view customer-on-top --format svg -o {out} " \
        "--depth 1" in err
    if shutil.which("neato") is None:
        assert "neato -T" not in err
    else:
        assert f"neato -Tsvg {dot}" in err
    assert not multiprocessing.active_children()  # the child was stopped and reaped


def test_a_dense_dot_layout_is_stopped_not_waited_for(hang_guard: None) -> None:
    """A random 200-node, 1,000-edge graph keeps `dot` busy for minutes: the child that
    lays it out is killed at the time limit."""
    import random

    rnd = random.Random(3)
    edges = {(rnd.randrange(200), rnd.randrange(200)) for _ in range(1100)}
    body = "\n".join(f"n{a} -> n{b};" for a, b in list(edges)[:1000])
    source = f"digraph custorg {{\n{body}\n}}\n"
    with pytest.raises(R.RenderTimeout, match="1 s|1.0 s|second"):
        R.render(source, "dot", "svg", "pygraphviz", timeout=1.0)
    assert not multiprocessing.active_children()


def test_the_200_unit_1000_interface_org_is_drawn(tmp_path: Path) -> None:
    path = tmp_path / "dense.yaml"
    path.write_text(big_org(200, interfaces=1000), encoding="utf-8")
    analysis = analyse(path).analysis
    for view in ("interfaces", "customer-on-top", "radial", "hierarchy"):
        diagram = build(analysis, view, max_nodes=300)  # no folding: all 200 units
        assert diagram.nodes >= 200
        start = time.monotonic()
        try:
            data = R.render(diagram.source, diagram.engine, "svg", timeout=60).data
        except R.RenderTimeout:  # allowed by the contract, but never a hang
            assert time.monotonic() - start < 75
            continue
        assert len(with_class(svg_nodes(data), "unit")) == 200


def test_the_200_unit_org_through_the_cli(tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "dense.yaml"
    path.write_text(big_org(200, interfaces=1000), encoding="utf-8")
    out = tmp_path / "dense.svg"
    assert main(["diagram", str(path), "--view", "interfaces", "-o", str(out)]) == 0
    assert "200 units do not fit on one slide" in capsys.readouterr().err
    check_file(out, "svg")


def test_a_5000_unit_org_renders(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "big.yaml"
    path.write_text(big_org(5000), encoding="utf-8")
    out = tmp_path / "big.pdf"
    assert main(["diagram", str(path), "--view", "customer-on-top", "-o", str(out)]) == 0
    assert "5000 units do not fit" in capsys.readouterr().err
    check_file(out, "pdf")


def test_a_crashing_renderer_is_an_error_not_a_hang(monkeypatch: pytest.MonkeyPatch) -> None:
    def crash(*_: object) -> None:
        os.kill(os.getpid(), signal.SIGKILL)

    monkeypatch.setattr(R, "_child", crash)
    if R._context().get_start_method() != "fork":
        pytest.skip("the patched child only runs in a forked process")
    with pytest.raises(R.RenderError, match="ended without a result"):
        R.render("digraph custorg { a }", "dot", "svg", "pygraphviz", timeout=20)
    assert not multiprocessing.active_children()


def test_without_any_renderer_the_dot_file_is_written(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(R.importlib.util, "find_spec", lambda name: None)
    monkeypatch.setattr(R.shutil, "which", lambda name: None)
    out = tmp_path / "chart.png"
    assert main(["diagram", BAKERY, "--view", "radial", "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert "neither pygraphviz nor a Graphviz `dot`" in err and "pip install pygraphviz" in err
    assert (tmp_path / "chart.dot").exists() and not out.exists()
    assert "neato -T" not in err  # no Graphviz to advise


def test_system_renderer_without_dot(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(R.shutil, "which", lambda name: None)
    out = tmp_path / "chart.svg"
    code = main(["diagram", BAKERY, "--view", "hierarchy", "--renderer", "system",
                 "-o", str(out)])
    assert code == 2 and "no Graphviz `dot` executable" in capsys.readouterr().err
    assert (tmp_path / "chart.dot").exists()


def test_system_renderer_with_a_fake_dot(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                         ) -> None:
    """The system path runs `dot -K<engine> -T<format>` with the source on stdin."""
    fake = tmp_path / "dot"
    fake.write_text("#!/bin/sh\necho \"$1 $2\" >&2\ncat >/dev/null\n"
                    "printf '<svg xmlns=\"http://www.w3.org/2000/svg\"/>'\n", encoding="utf-8")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ['PATH']}")
    result = R.render("digraph custorg { a }", "neato", "svg", "system", timeout=20)
    assert result.renderer == "system" and result.data.startswith(b"<svg")
    assert result.warnings == ("-Kneato -Tsvg",)


def test_system_renderer_timeout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                 hang_guard: None) -> None:
    fake = tmp_path / "dot"
    fake.write_text("#!/bin/sh\nexec sleep 30\n", encoding="utf-8")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ['PATH']}")
    with pytest.raises(R.RenderTimeout):  # the fake dot sleeps 30 s; the guard is minutes
        R.render("digraph custorg { a }", "dot", "svg", "system", timeout=0.5)


# ----------------------------------------------------------------------------- CJK fonts


def test_missing_cjk_font_is_reported_for_png(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr("custorg.diagrams.fonts.cjk_font_available", lambda: False)
    assert main(["diagram", BAKERY, "--view", "hierarchy", "-o", str(tmp_path / "a.png")]) == 0
    err = capsys.readouterr().err
    assert "no CJK font is installed" in err and "fonts-noto-cjk" in err
    assert main(["diagram", BAKERY, "--view", "hierarchy", "-o", str(tmp_path / "a.svg")]) == 0
    assert "CJK" not in capsys.readouterr().err  # SVG text is drawn by the viewer's fonts
    assert main(["diagram", TELECOM, "--view", "hierarchy", "-o", str(tmp_path / "t.pdf")]) == 0
    assert "CJK" not in capsys.readouterr().err  # no Chinese in the telecom example


def test_installed_cjk_font_means_no_warning(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr("custorg.diagrams.fonts.cjk_font_available", lambda: True)
    assert main(["diagram", BAKERY, "--view", "radial", "-o", str(tmp_path / "a.pdf")]) == 0
    assert "CJK" not in capsys.readouterr().err


def test_cjk_check_without_fc_list(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from custorg.diagrams import fonts

    monkeypatch.setattr(fonts.shutil, "which", lambda name: None)
    monkeypatch.setattr(fonts, "_FONT_DIRS", ())
    assert fonts.cjk_font_available() is None  # nothing could be checked: unknown
    monkeypatch.setattr(fonts, "_FONT_DIRS", (str(tmp_path),))
    assert fonts.cjk_font_available() is False  # a font folder without a CJK font
    (tmp_path / "NotoSansCJK-Regular.ttc").write_bytes(b"")
    assert fonts.cjk_font_available() is True


def test_names_in_four_languages_survive(tmp_path: Path) -> None:
    """Polish, Lithuanian, Russian and Chinese names come out as written in the SVG."""
    out = tmp_path / "bakery.svg"
    assert main(["diagram", BAKERY, "--view", "hierarchy", "-o", str(out)]) == 0
    text = "".join("".join(n.texts) for n in svg_nodes(out.read_bytes()).values())
    for word in ("Klientų", "Kokybės", "上海合作伙伴", "特许经营咖啡馆"):
        assert word in text.replace(" ", "")
    out = tmp_path / "telecom.svg"
    assert main(["diagram", TELECOM, "--view", "process", "--process", "repair",
                 "-o", str(out)]) == 0
    text = "".join("".join(n.texts) for n in svg_nodes(out.read_bytes()).values())
    assert "Zgłasza" in text and "Weryfikacja" in text
    russian = tmp_path / "ru.yaml"
    russian.write_text("organization: {name: Пекарня}\nunits:\n  - {id: a, name: Отдел "
                       "продаж}\n  - {id: b, name: Служба доставки, parent: a}\n",
                       encoding="utf-8")
    out = tmp_path / "ru.svg"
    assert main(["diagram", str(russian), "--view", "hierarchy", "-o", str(out)]) == 0
    svg_text = out.read_text(encoding="utf-8")
    assert "Пекарня" in svg_text and "Отдел продаж" in svg_text


def test_reads_the_org_from_standard_input() -> None:
    text = Path(BAKERY).read_text(encoding="utf-8")
    result = CliRunner().invoke(app, ["diagram", "-", "--view", "interfaces", "-f", "dot"],
                                input=text)
    assert result.exit_code == 0 and "Kepykla Saul" in result.stdout


def test_the_view_table_drives_the_builders_and_the_command() -> None:
    from custorg.cli import diagram as cli_diagram
    from custorg.diagrams import build_mermaid, views

    assert cli_diagram.RENDERERS == R.RENDERERS
    assert views.VIEWS == tuple(VIEWS) and views.PROCESS_VIEWS == ("process",)
    assert views.MERMAID_VIEWS == ("hierarchy", "customer-on-top", "process", "interfaces")
    analysis = analyse(Path(BAKERY)).analysis
    for view in views.TABLE:
        process = "order" if view.needs_process else None
        diagram = build(analysis, view.name, process)
        assert diagram.view == view.name
        assert diagram.source.startswith(f"// custorg diagram --view {view.name};")
        if view.mermaid is None:
            with pytest.raises(ValueError, match="Mermaid does not support"):
                build_mermaid(analysis, view.name, process)
        else:
            text, _ = build_mermaid(analysis, view.name, process)
            assert text.startswith("---\ntitle: ") and "flowchart" in text


def test_the_command_imports_no_view_networkx_or_graphviz() -> None:
    import subprocess
    import sys

    code = ("import sys, custorg.cli; "
            "print(sorted(m for m in sys.modules if m in ('networkx', 'graphviz') "
            "or m.startswith('custorg.diagrams.') and m != 'custorg.diagrams.views'))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, timeout=120).stdout
    assert out.strip() == "[]"
