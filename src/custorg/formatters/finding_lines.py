"""The finding lines of the text report as plain strings: the bytes rich writes for
them, without building a rich Text per finding (rich's cost was most of a big report:
2.6 s of 4.7 for 10,000 findings).

A finding line is printed with `soft_wrap` (formatters.text_report): rich neither wraps
nor crops it, whatever the console width, so its text is its pieces end to end, and the
only thing rich adds is each styled piece's escape codes. Those are taken from the
console itself (`_codes`: it prints a probe), so colour on or off, NO_COLOR, FORCE_COLOR
and the colour system stay the console's decision. A line rich would change goes to rich
as before: a tab (`escape.text` keeps it; rich expands it to a tab stop, counted in
cells), or a rule code with a control or invisible character (the location and message
are escaped by `escape.text`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from rich.console import Console
from rich.text import Text

from ..escape import text as safe
from ..findings import Finding

STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
LOCATION_STYLE = "bold"
PROBE = "X"


def finding_line(f: Finding) -> Text:
    """`file:line:col  CODE  severity  message`, coloured by severity (the diff uses it
    too). The rich rendering that `plain_line` writes faster."""
    sev = str(f.severity)
    line = Text()
    line.append(safe(str(f.location)), style=LOCATION_STYLE)
    line.append("  ")
    line.append(f.code, style=STYLE[sev])
    line.append("  ")
    line.append(f"{sev:<7}", style=STYLE[sev])
    line.append("  ")
    line.append(safe(f.display))
    return line


def _codes(con: Console, style: str) -> tuple[str, str]:
    """What the console writes before and after a piece of text in `style`."""
    with con.capture() as capture:
        con.print(Text(PROBE, style=style), soft_wrap=True)
    before, _, after = capture.get().partition(PROBE)
    return before, after.removesuffix("\n")


def _styler(con: Console, style: str) -> Callable[[str], str]:
    before, after = _codes(con, style)
    if not before and not after:
        return str
    return lambda piece: f"{before}{piece}{after}" if piece else ""


def plain_lines(con: Console) -> Callable[[Finding], str | None]:
    """For this console: a finding -> its line as rich would write it (newline
    included), or None when rich must write it (`finding_line`)."""
    location = _styler(con, LOCATION_STYLE)
    by_severity = {sev: _styler(con, style) for sev, style in STYLE.items()}

    def line(f: Finding) -> str | None:
        if not f.code.isprintable():
            return None
        where, message = safe(str(f.location)), safe(f.display)
        if "\t" in where or "\t" in message:  # rich expands it to a tab stop
            return None
        sev = str(f.severity)
        styled = by_severity[sev]
        return f"{location(where)}  {styled(f.code)}  {styled(f'{sev:<7}')}  {message}\n"

    return line


def print_findings(con: Console, findings: Iterable[Finding]) -> None:
    """One line per finding, as `con.print(finding_line(f), soft_wrap=True)` writes it:
    plain strings to the console's file, rich for the lines it must write."""
    line = plain_lines(con)
    out: list[str] = []
    for f in findings:
        text = line(f)
        if text is None:
            con.file.write("".join(out))
            out.clear()
            con.print(finding_line(f), soft_wrap=True)
        else:
            out.append(text)
    con.file.write("".join(out))
