"""The command line: parse options, call the engine, write output, set the exit code.

The only module that talks to the terminal. Heavy modules (networkx, jsonschema, the
engine) are imported inside the commands so `--help` and `--version` stay fast.
"""

from __future__ import annotations

import gc
import os
import sys
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from . import __version__
from .errors import UsageError
from .formatters import AUDIT_FORMATS

if TYPE_CHECKING:
    from .config import Config
    from .engine import Report

ISSUES_URL = "https://github.com/custorg/custorg/issues"

app = typer.Typer(
    name="custorg", add_completion=False, no_args_is_help=True,
    help="Audit organisation designs for customer orientation: handoffs, silos, process "
         "owners, customer-on-top diagrams.",
    context_settings={"help_option_names": ["-h", "--help"]},
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # plain help: rich's help formatter would triple start-up time
)

STATE = {"debug": False, "hard_exit": False}
_KEPT: list[object] = []


def keep(report: Report) -> Report:
    """Keep what a command built alive until the process ends, for `run` to leave
    without freeing it; in-process callers of `main` (tests) keep nothing."""
    if STATE["hard_exit"]:
        _KEPT.append(report)
    return report


def _version(value: bool) -> None:
    if value:
        typer.echo(f"custorg {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Show the version and exit.")] = False,
    debug: Annotated[bool, typer.Option("--debug", help="Show the traceback of an internal "
                                        "error.")] = False,
) -> None:
    STATE["debug"] = debug


# ----------------------------------------------------------------------------- options

Paths = Annotated[list[str], typer.Argument(metavar="PATH", help="Org files or folders; - reads standard input.",
                                            show_default=False)]
Output = Annotated[Optional[str], typer.Option("-o", "--output", help="Write to this file "
                                               "(atomically) instead of standard output.")]
ConfigOpt = Annotated[Optional[str], typer.Option("--config", help="Config file (default: "
                                                  "custorg.toml or [tool.custorg] in "
                                                  "pyproject.toml, found upward).")]
Select = Annotated[Optional[list[str]], typer.Option("--select", help="Only these codes, "
                                                     "prefixes or rule names (repeat or "
                                                     "comma-separate).")]
Ignore = Annotated[Optional[list[str]], typer.Option("--ignore", help="Skip these codes, "
                                                     "prefixes or rule names.")]
FailOn = Annotated[Optional[str], typer.Option("--fail-on", help="Exit 1 on findings at or "
                                               "above: error, warning, info or never "
                                               "[default: error].")]
NoColor = Annotated[bool, typer.Option("--no-color", help="Plain text, no colours.")]
Quiet = Annotated[bool, typer.Option("-q", "--quiet", help="Findings and summary only.")]
ShowSuppressed = Annotated[bool, typer.Option("--show-suppressed",
                                              help="Also list suppressed findings.")]


def _use_color(no_color: bool, output: str | None) -> bool:
    return (not no_color and output is None and "NO_COLOR" not in os.environ
            and sys.stdout.isatty())


def _config(config: str | None, paths: list[str], select: list[str] | None,
            ignore: list[str] | None, fail_on: str | None) -> Config:
    from dataclasses import replace

    from .config import FAIL_ON, load_config, resolve_codes

    cfg = load_config(config, paths[0] if paths else None)
    if select:  # a new selection on the command line: the file's select and ignore go
        cfg = replace(cfg, select=resolve_codes(select, "--select"), ignore=())
    if ignore:
        cfg = replace(cfg, ignore=cfg.ignore + resolve_codes(ignore, "--ignore"))
    if fail_on is not None:
        if fail_on not in FAIL_ON:
            raise UsageError(f"--fail-on must be one of {', '.join(FAIL_ON)}, not {fail_on!r}")
        cfg = replace(cfg, fail_on=FAIL_ON[fail_on])
    return cfg


def emit(text: str | bytes, output: str | None, inputs: list[str]) -> None:
    """Write to the output file atomically, or to standard output."""
    if output is not None and output != "-":
        from .output import write_atomic

        write_atomic(output, text, inputs)
        return
    if isinstance(text, bytes):
        sys.stdout.buffer.write(text)
    else:
        sys.stdout.write(text)
    sys.stdout.flush()


def _render(report: Report, fmt: str, *, color: bool, quiet: bool, show_suppressed: bool
            ) -> str:
    if fmt == "text":
        from .formatters import text

        return text.render(report, color=color, quiet=quiet, show_suppressed=show_suppressed)
    if fmt == "json":
        from .formatters import json

        return json.render(report, show_suppressed=show_suppressed)
    if fmt == "sarif":
        from .formatters import sarif

        return sarif.render(report, show_suppressed=show_suppressed)
    if fmt == "github":
        from .formatters import github

        return github.render(report)
    raise AssertionError(fmt)  # _check_format let an unknown format through


# ----------------------------------------------------------------------------- commands


@app.command()
def audit(
    paths: Paths,
    fmt: Annotated[str, typer.Option("--format", "-f", help="text, json, sarif or github.")] = "text",
    output: Output = None, config: ConfigOpt = None, select: Select = None,
    ignore: Ignore = None, fail_on: FailOn = None, no_color: NoColor = False,
    quiet: Quiet = False, show_suppressed: ShowSuppressed = False,
) -> None:
    """Audit an org: findings and metrics; exit 1 on findings at or above --fail-on."""
    from .engine import audit as run_audit

    cfg = _config(config, paths, select, ignore, fail_on)
    _check_format(fmt, AUDIT_FORMATS)
    report = keep(run_audit(paths, cfg))
    emit(_render(report, fmt, color=_use_color(no_color, output), quiet=quiet,
                 show_suppressed=show_suppressed), output, paths)
    raise typer.Exit(report.exit_code(cfg.fail_on))


@app.command()
def validate(
    paths: Paths,
    fmt: Annotated[str, typer.Option("--format", "-f", help="text, json, sarif or github.")] = "text",
    output: Output = None, no_color: NoColor = False, quiet: Quiet = False,
) -> None:
    """Check the format only (the errors that stop analysis); exit 1 if there are any."""
    from .engine import validate as run_validate

    _check_format(fmt, AUDIT_FORMATS)
    report = keep(run_validate(paths))
    emit(_render(report, fmt, color=_use_color(no_color, output), quiet=quiet,
                 show_suppressed=False), output, paths)
    raise typer.Exit(1 if report.findings else 0)


@app.command()
def metrics(
    paths: Paths,
    fmt: Annotated[str, typer.Option("--format", "-f", help="text, json or csv.")] = "text",
    output: Output = None, config: ConfigOpt = None, no_color: NoColor = False,
) -> None:
    """Metrics only (handoffs, silos, layers, maturity) as a table, JSON or CSV."""
    from .engine import audit as run_audit

    _check_format(fmt, ("text", "json", "csv"))
    cfg = _config(config, paths, None, None, None)
    report = keep(run_audit(paths, cfg, with_rules=False))
    if fmt == "csv":
        from .formatters import csv

        if report.metrics is None:
            from .formatters import text

            typer.echo(text.render(report, quiet=True), err=True, nl=False)
            raise typer.Exit(1)
        emit(csv.render(report.metrics), output, paths)
    elif fmt == "json":
        from .formatters import json

        emit(json.render(report), output, paths)
    else:
        from .formatters import text

        emit(text.render_metrics(report, color=_use_color(no_color, output)), output, paths)
    raise typer.Exit(1 if report.metrics is None else 0)


@app.command()
def schema(output: Output = None) -> None:
    """Print the JSON Schema of the org format (schemas/org.schema.json)."""
    from .schema import schema_text

    emit(schema_text(), output, [])


def _check_format(fmt: str, allowed: tuple[str, ...]) -> None:
    if fmt not in allowed:
        raise UsageError(f"unknown --format {fmt!r} (use {', '.join(allowed)})")


def _register_extensions() -> None:
    """Commands that live in their own modules (each keeps its heavy imports lazy)."""
    from . import cli_diagram, cli_tools

    cli_tools.register(app)
    cli_diagram.register(app)


_register_extensions()


# ----------------------------------------------------------------------------- entry point


def main(argv: list[str] | None = None) -> int:
    """Console entry: runs the app and maps every outcome to the exit codes of
    interface.md (0 clean, 1 findings, 2 usage, 3 internal error)."""
    try:
        code = app(args=argv, prog_name="custorg", standalone_mode=False)
        return code if isinstance(code, int) else 0
    except typer.Exit as done:
        return done.exit_code
    except UsageError as exc:
        typer.echo(f"custorg: error: {exc}", err=True)
        return 2
    except BrokenPipeError:  # `custorg ... | head`: the reader has all it wanted
        _quiet_stdout()
        return 0
    except OSError as exc:  # standard output on a full disk, and the like
        _quiet_stdout()
        typer.echo(f"custorg: error: cannot write the output: {exc.strerror or exc}", err=True)
        return 2
    except KeyboardInterrupt:
        typer.echo("custorg: interrupted", err=True)
        return 130
    except Exception as exc:  # a bug in custorg: one line, exit 3
        click_errors = _click_exceptions()
        if isinstance(exc, click_errors.ClickException):
            exc.show()
            return 2
        if isinstance(exc, typer.Abort):
            return 130
        if STATE["debug"]:
            import traceback

            traceback.print_exc()
        typer.echo(f"custorg: internal error: {exc.__class__.__name__}: {exc}. This is a "
                   f"bug in custorg {__version__}; please report it at {ISSUES_URL} "
                   "(run with --debug for the traceback).", err=True)
        return 3


def _click_exceptions():  # type: ignore[no-untyped-def]
    """Typer >= 0.20 vendors click as typer._click; older versions use click."""
    try:
        from typer._click import exceptions
    except ImportError:  # pragma: no cover - older typer
        from click import exceptions
    return exceptions


def _quiet_stdout() -> None:
    """After a closed pipe (`| head`), stop Python from complaining at exit."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except OSError:
        pass


def run() -> None:
    """The `custorg` command: one short process whose objects nearly all live until it
    ends. Two things Python would do for them are skipped, as mypy skips them:

    - the cycle collector stays off. The objects are free of reference cycles (reference
      counting frees the rest), so its passes only walked them again and again: a
      seventh of a diagram run at 50,000 units, for no memory (peak measured the same);
    - the process ends with `os._exit` once the standard streams are flushed, instead of
      freeing the org, its source map and analysis object by object (0.2 s at 50,000
      units, 0.45 s at 100,000). Output files are complete by then (written and renamed
      before the command returns), and rendering children have been joined.

    Library callers of `main` (and the tests) keep both."""
    gc.disable()
    STATE["hard_exit"] = True
    code = main()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe: nothing more can be said there
            pass
    os._exit(code)


if __name__ == "__main__":
    run()
