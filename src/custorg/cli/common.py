"""What every command shares: option types, the config from options, colour, output.

Nothing here imports a heavy module at import time, so `custorg --help` stays fast."""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from ..errors import UsageError

if TYPE_CHECKING:
    from ..audit.config import Config
    from ..audit.engine import Report

STATE = {"debug": False, "hard_exit": False}
_KEPT: list[object] = []


def keep(report: Report) -> Report:
    """Keep what a command built alive until the process ends, for `run` to leave
    without freeing it; in-process callers of `main` (tests) keep nothing."""
    if STATE["hard_exit"]:
        _KEPT.append(report)
    return report


# ----------------------------------------------------------------------------- options

Paths = Annotated[list[str], typer.Argument(metavar="PATH...", show_default=False,
                                            help="Org files or folders; - reads standard "
                                            "input.")]
Output = Annotated[Optional[str], typer.Option("-o", "--output", metavar="FILE",
                                               show_default=False, help="Write to this file "
                                               "(atomically) instead of standard output.")]
ConfigOpt = Annotated[Optional[str], typer.Option("--config", metavar="FILE",
                                                  show_default=False, help="Config file "
                                                  "(default: custorg.toml or [tool.custorg] "
                                                  "in pyproject.toml, found upward).")]
Select = Annotated[Optional[list[str]], typer.Option("--select", metavar="CODES",
                                                     show_default=False, help="Only these "
                                                     "codes, prefixes or rule names (repeat "
                                                     "or comma-separate).")]
Ignore = Annotated[Optional[list[str]], typer.Option("--ignore", metavar="CODES",
                                                     show_default=False, help="Skip these "
                                                     "codes, prefixes or rule names.")]
FailOn = Annotated[Optional[str], typer.Option("--fail-on", metavar="LEVEL",
                                               show_default=False, help="Exit 1 on findings "
                                               "at or above: error, warning, info or never "
                                               "[default: error].")]
Today = Annotated[Optional[str], typer.Option("--today", metavar="YYYY-MM-DD",
                                              show_default=False, help="The date the "
                                              "collaboration rules (T002, T003) compare "
                                              "`until` with [default: SOURCE_DATE_EPOCH's "
                                              "UTC date when set, else today's].")]
NoColor = Annotated[bool, typer.Option("--no-color", help="Plain text, no colours.")]
Quiet = Annotated[bool, typer.Option("-q", "--quiet", help="Findings and summary only.")]
ShowSuppressed = Annotated[bool, typer.Option("--show-suppressed",
                                              help="Also list suppressed findings.")]
AuditFormat = Annotated[str, typer.Option("--format", "-f", metavar="FORMAT",
                                          help="text, json, sarif, github or "
                                          "gitlab (Code Quality).")]

PIPED_WIDTH = 120  # text written to a file or a pipe: always this wide, so it is stable


def text_width(output: str | None) -> int:
    """The width of text output: the terminal's when it goes to one (tables fit in it),
    else a fixed PIPED_WIDTH so files, pipes and CI logs do not depend on a terminal."""
    if output not in (None, "-") or not sys.stdout.isatty():
        return PIPED_WIDTH
    import shutil

    return max(40, shutil.get_terminal_size((PIPED_WIDTH, 24)).columns)


def err_color(no_color: bool) -> bool:
    """Colour for what goes to standard error (a diagram's format errors)."""
    return not no_color and "NO_COLOR" not in os.environ and sys.stderr.isatty()


def use_color(no_color: bool, output: str | None) -> bool:
    return (not no_color and output is None and "NO_COLOR" not in os.environ
            and sys.stdout.isatty())


def load(config: str | None, first_path: str | None) -> Config:
    """The config of `--config FILE`, else the one found upward from the first path, checked
    against the rule registry's codes."""
    from ..audit.config import load_config
    from ..rules import known_codes

    return load_config(config, first_path, known_codes())


def with_today(cfg: Config, today: str | None) -> Config:
    """The config with the run's one today (custorg.today: --today, else
    SOURCE_DATE_EPOCH, else the current UTC date)."""
    from dataclasses import replace

    from ..today import resolve_today

    return replace(cfg, today=resolve_today(today))


def config_from(config: str | None, paths: list[str], select: list[str] | None,
            ignore: list[str] | None, fail_on: str | None, today: str | None = None
            ) -> Config:
    from dataclasses import replace

    from ..audit.config import FAIL_ON, resolve_codes
    from ..rules import known_codes

    codes = known_codes()
    cfg = load(config, paths[0] if paths else None)
    if select:  # a new selection on the command line: the file's select and ignore go
        cfg = replace(cfg, select=resolve_codes(select, "--select", codes), ignore=())
    if ignore:
        cfg = replace(cfg, ignore=cfg.ignore + resolve_codes(ignore, "--ignore", codes))
    if fail_on is not None:
        if fail_on not in FAIL_ON:
            raise UsageError(f"--fail-on must be one of {', '.join(FAIL_ON)}, not {fail_on!r}")
        cfg = replace(cfg, fail_on=FAIL_ON[fail_on])
    return with_today(cfg, today)


def read_inputs(paths: list[str], cfg: Config | None) -> list[str]:
    """Everything a run read, for `emit` to refuse writing over: the paths and the config
    file (standard input is `-` among the paths)."""
    return [*paths, cfg.source] if cfg is not None and cfg.source else list(paths)


def ascii_only(output: str | None) -> bool:
    """Whether text for `output` must be drawn in ASCII: standard output whose encoding
    lacks the tables' box-drawing characters (a cp1252 or latin-1 console)."""
    if output not in (None, "-"):
        return False
    encoding = getattr(sys.stdout, "encoding", None) or "utf-8"
    try:
        "━│┃╇─┼…–".encode(encoding)
    except (UnicodeEncodeError, LookupError):
        return True
    return False


MAX_TIMEOUT = 86_400  # a day: `inf` or 1e10 would overflow the wait for a renderer


def check_timeout(timeout: float) -> None:
    if not 0 < timeout <= MAX_TIMEOUT:  # also nan
        raise UsageError(f"--timeout must be more than 0 and at most {MAX_TIMEOUT} seconds "
                         f"(a day), not {timeout:g}")


def check_format(fmt: str, allowed: tuple[str, ...]) -> None:
    if fmt not in allowed:
        raise UsageError(f"unknown --format {fmt!r} (use {', '.join(allowed)})")


def analysed(report: Report, which: str, writing: str) -> Report:
    """The report, or its errors on stderr and exit 1 when they stopped the analysis:
    a report or a deck needs an analysed org (`which` names the org, `writing` what
    could not be written)."""
    if report.metrics is not None:
        return report
    from ..formatters import text_report
    from . import gate

    gate.tell(text_report.render(report, quiet=True))
    gate.say(f"custorg: error: {which}the org has errors that stop analysis; fix them to "
             f"write {writing}")
    raise typer.Exit(1)


def show_cause(exc: BaseException) -> None:
    """With --debug: the error behind a clear one (e.g. Spark's, whose JVM trace the
    message leaves out)."""
    if STATE["debug"] and exc.__cause__ is not None:
        from . import gate

        gate.tell(f"{exc.__cause__.__class__.__name__}: {exc.__cause__}\n")
