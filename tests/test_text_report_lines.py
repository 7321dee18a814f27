"""The text report's finding lines are written as plain strings
(formatters/finding_lines.py): the same bytes as rich's rendering of each line, for every
width, colour setting and name (Polish, Chinese, Russian, Lithuanian, combining marks,
long words, spaces, characters the escape policy hides)."""

from __future__ import annotations

import os
from collections.abc import Iterable
from unittest import mock

from hypothesis import given, settings, strategies as st
from rich.console import Console

from custorg.audit.engine import Report
from custorg.findings import Entity, Finding, Location, Severity
from custorg.formatters import finding_lines, text_report

WORDS = ["Łódź", "Zażółć gęślą jaźń", "Dział Obsługi Klienta", "客户服务部", "销售",
         "财务与会计", "Отдел продаж", "Бухгалтерия", "Klientų aptarnavimo skyrius",
         "Šiaulių filialas", "Ąžuolas", "Lo\u0301dz\u0301", "e\u0301\u0301",
         "Donaudampfschifffahrtsgesellschaftskapitän" * 3, "x" * 150, " ", "  ", "a  b ",
         "\t", "\x1b[31m", "\u202e", "\u200b", "\n", "\r", "\u2028", "\u3000", "'", "->"]
words = st.sampled_from(WORDS) | st.text(max_size=4)
names = st.lists(words, max_size=6).map(" ".join) | st.lists(words, max_size=4).map("".join)
codes = st.sampled_from(["I001", "S004", "M003", "", "X\t1", "C\u202e", "K\x00", "客1"]) | names
ids = st.sampled_from(["u1", "sales", "客户", "d-1"])
files = st.sampled_from(["org.yaml", "działy/客户.yaml", "a b.yaml", "x" * 130, "\x1b.yaml"])
ENVIRONMENTS = [{}, {"NO_COLOR": "1"}, {"FORCE_COLOR": "1"}, {"TERM": "dumb"},
                {"COLUMNS": "20"}]


@st.composite
def findings(draw: st.DrawFn) -> Finding:
    unit = draw(ids)
    message = f"unit '{unit}' {draw(names)}"
    location = Location(draw(files), draw(st.integers(0, 10**6)), draw(st.integers(0, 999)))
    return Finding(draw(codes), "rule", draw(st.sampled_from(list(Severity))), message,
                   location, Entity("unit", unit), names=((unit, draw(names)),))


def rich_findings(con: Console, found: Iterable[Finding]) -> None:
    """The rich rendering the fast path must equal: a print per line."""
    for f in found:
        con.print(finding_lines.finding_line(f), soft_wrap=True)


SETTINGS = settings(max_examples=300, deadline=None)


@given(st.lists(findings(), max_size=8), st.booleans(), st.integers(1, 250), st.booleans(),
       st.sampled_from(ENVIRONMENTS))
@SETTINGS
def test_plain_lines_are_richs(found: list[Finding], color: bool, width: int,
                               ascii_only: bool, env: dict[str, str]) -> None:
    with mock.patch.dict(os.environ, env):
        expected, buffer = text_report.console(color, width, ascii_only)
        rich_findings(expected, found)
        con, got = text_report.console(color, width, ascii_only)
        finding_lines.print_findings(con, found)
    assert got.getvalue() == buffer.getvalue()
    assert got.getvalue().count("\n") >= len(found)


@given(st.lists(findings(), max_size=6), st.lists(findings(), max_size=3), st.booleans(),
       st.integers(10, 200), st.booleans(), st.booleans())
@SETTINGS
def test_the_report_is_the_same_as_with_rich_lines(found: list[Finding],
                                                   suppressed: list[Finding], color: bool,
                                                   width: int, quiet: bool, show: bool) -> None:
    found.sort(key=lambda f: f.location.file)
    report = Report(sorted({f.location.file for f in found}), found, suppressed)
    got = text_report.render(report, color=color, quiet=quiet, show_suppressed=show,
                             width=width)
    with mock.patch.object(text_report, "print_findings", rich_findings):
        expected = text_report.render(report, color=color, quiet=quiet,
                                      show_suppressed=show, width=width)
    assert got == expected


def test_colour_codes_are_the_consoles() -> None:
    f = Finding("I001", "rule", Severity.ERROR, "unit 'u1' is 客户 Łódź",
                Location("org.yaml", 3, 5), Entity("unit", "u1"))
    con, buffer = text_report.console(True)
    finding_lines.print_findings(con, [f])
    assert buffer.getvalue() == ("\x1b[1morg.yaml:3:5\x1b[0m  \x1b[1;31mI001\x1b[0m  "
                                 "\x1b[1;31merror  \x1b[0m  unit 'u1' is 客户 Łódź\n")
    con, buffer = text_report.console(False, width=10)
    finding_lines.print_findings(con, [f])
    assert buffer.getvalue() == "org.yaml:3:5  I001  error    unit 'u1' is 客户 Łódź\n"


def test_a_code_rich_would_change_goes_to_rich() -> None:
    odd = Finding("X\tY\x07", "rule", Severity.INFO, "m", Location("a.yaml"),
                  Entity("org", ""))
    tabbed = Finding("I001", "rule", Severity.INFO, "客户\tm", Location("a.yaml"),
                     Entity("org", ""))
    plain = Finding("I001", "rule", Severity.INFO, "m", Location("a.yaml"), Entity("org", ""))
    con, _ = text_report.console(True)
    line = finding_lines.plain_lines(con)
    assert line(odd) is None
    assert line(tabbed) is None
    assert line(plain) is not None
    for color in (False, True):
        con, buffer = text_report.console(color)
        finding_lines.print_findings(con, [plain, odd, tabbed, plain])
        expected, reference = text_report.console(color)
        rich_findings(expected, [plain, odd, tabbed, plain])
        assert buffer.getvalue() == reference.getvalue()
        assert "\x07" not in buffer.getvalue()
        assert "  客户     m\n" in buffer.getvalue()  # 客户 is 4 cells: tab stop 32
