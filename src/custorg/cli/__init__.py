"""The command line: parse options, call the engine, write output, set the exit code.

The only module that talks to the terminal. Heavy modules (networkx, jsonschema, the
engine) are imported inside the commands so `--help` and `--version` stay fast.
"""

from __future__ import annotations

import gc
import os
import sys
from dataclasses import dataclass
from typing import Annotated, Any, Optional

import typer

from .. import __version__
from ..errors import Terminated, UsageError
from . import gate
from .common import STATE, show_cause

ISSUES_URL = "https://github.com/custorg/custorg/issues"

app = typer.Typer(
    name="custorg", add_completion=False, no_args_is_help=True,
    help="Audit organisation designs for customer orientation: handoffs, silos, process "
         "owners, customer-on-top diagrams.",
    context_settings={"help_option_names": ["-h", "--help"]},
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # plain help: rich's help formatter would triple start-up time
)


def _version(value: bool) -> None:
    if value:
        gate.out(f"custorg {__version__}\n", "text")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Show the version and exit.")] = False,
    debug: Annotated[bool, typer.Option("--debug", help="Show the traceback of an internal "
                                        "error.")] = False,
) -> None:
    STATE["debug"] = debug


def _metavars_only() -> None:
    """Help shows our metavars (`PATH...`), not Python types: typer >= 0.2x adds the
    annotation to an argument's help (`PATH... <list[str]>`) even when it has a metavar
    (options with a metavar show none). Older typer has no such hook: nothing to do."""
    try:
        from typer.core import TyperArgument
    except ImportError:  # pragma: no cover - older typer
        return
    original = getattr(TyperArgument, "display_type_rich", None)
    if original is None or getattr(original, "custorg", False):
        return

    def display_type_rich(self: Any, ctx: Any) -> Any:
        return None if self.metavar else original(self, ctx)

    display_type_rich.custorg = True  # type: ignore[attr-defined]
    setattr(TyperArgument, "display_type_rich", display_type_rich)  # noqa: B010


_PLAIN_TEXT = (str, Optional[str], bool)
_PLAIN_LISTS = (list[str], Optional[list[str]])


def _plain_values() -> None:
    """Typer >= 0.29 passes every value through a pydantic TypeAdapter: importing
    pydantic and building the adapters was a fifth of a small audit's time. Our options
    are flags, text and lists of text, which Click hands over as `bool` and `str`
    already: such a value is returned as the adapter would return it (the value itself;
    a list as a list), and
    anything else (another type, bytes, a value of another class) still goes to
    pydantic, so its errors stay typer's. Older typer has no such layer: nothing to do."""
    try:
        from typer import _coercion, core
    except ImportError:  # pragma: no cover - older typer
        return
    original: Any = getattr(core, "build_runtime_param", None)
    base = getattr(_coercion, "RuntimeParam", None)
    if original is None or base is None or getattr(original, "custorg", False):
        return

    @dataclass(frozen=True)
    class Plain(base):  # type: ignore[misc,valid-type]
        descriptor: Any = None

        def _coerce_value(self, value: Any, *args: Any, **kwargs: Any) -> Any:
            if value.__class__ is self.annotation or (value.__class__ is str
                                                      and self.annotation == Optional[str]):
                return value
            if (isinstance(value, (list, tuple)) and self.annotation in _PLAIN_LISTS
                    and all(item.__class__ is str for item in value)):
                return list(value)
            return original(self.descriptor)._coerce_value(value, *args, **kwargs)

    def build_runtime_param(descriptor: Any) -> Any:
        # typer's private layer may change: whatever this does not recognise (another
        # descriptor or RuntimeParam shape) goes to typer's own function
        try:
            info = descriptor.parameter_info
            if (descriptor.file_annotation is None and getattr(info, "parser", None) is None
                    and getattr(info, "click_type", None) is None
                    and descriptor.annotation in _PLAIN_TEXT + _PLAIN_LISTS):
                return Plain(info, descriptor.annotation, descriptor)
        except (AttributeError, TypeError):
            pass
        return original(descriptor)

    build_runtime_param.custorg = True  # type: ignore[attr-defined]
    setattr(core, "build_runtime_param", build_runtime_param)  # noqa: B010


def _register_commands() -> None:
    """Each command group lives in its own module and keeps its heavy imports lazy."""
    from . import audit, deck, diagram, diff, importing, init, mine, reference, report

    for module in (audit, reference, init, diagram, diff, report, deck, importing, mine):
        module.register(app)


_metavars_only()
_plain_values()
_register_commands()


# ----------------------------------------------------------------------------- entry point


def main(argv: list[str] | None = None) -> int:
    """Console entry: runs the app and maps every outcome to the exit codes of
    the README's "Usage" (0 clean, 1 findings, 2 usage, 3 internal error). Everything written on
    the way passes the output gate (gate.py), also what Click and Python write."""
    with gate.guarded():
        return _run_app(argv)


def _run_app(argv: list[str] | None) -> int:
    try:
        code = app(args=argv, prog_name="custorg", standalone_mode=False)
        return code if isinstance(code, int) else 0
    except typer.Exit as done:
        return done.exit_code
    except UsageError as exc:
        gate.say(f"custorg: error: {exc}")
        show_cause(exc)
        return 2
    except Terminated:  # SIGTERM while writing: the temporary file is gone
        gate.say("custorg: terminated")
        return 143
    except BrokenPipeError:  # `custorg ... | head`: the reader has all it wanted
        _quiet_stdout()
        return 0
    except OSError as exc:  # standard output on a full disk, and the like
        _quiet_stdout()
        gate.say(f"custorg: error: cannot write the output: {exc.strerror or exc}")
        return 2
    except KeyboardInterrupt:
        gate.say("custorg: interrupted")
        return 130
    except Exception as exc:  # a bug in custorg: one line, exit 3
        return _unexpected(exc)


def _unexpected(exc: Exception) -> int:
    """A Click usage error (exit 2, its message through the gate: it may echo what was
    typed), an abort (130), or a bug: one line, exit 3."""
    click_errors = _click_exceptions()
    if isinstance(exc, click_errors.ClickException):
        import io

        shown = io.StringIO()
        exc.show(file=shown)
        gate.tell(shown.getvalue())
        return 2
    if isinstance(exc, typer.Abort):
        return 130
    if STATE["debug"]:
        import traceback

        gate.tell(traceback.format_exc())
    gate.say(f"custorg: internal error: {exc.__class__.__name__}: {exc}. This is a bug in "
             f"custorg {__version__}; please report it at {ISSUES_URL} (run with --debug "
             "for the traceback).")
    return 3


def _click_exceptions() -> Any:
    """Typer >= 0.20 vendors click as typer._click; older versions use click."""
    try:
        from typer._click import exceptions
    except ImportError:  # pragma: no cover - older typer
        from click import exceptions  # type: ignore[import-not-found,no-redef,unused-ignore]
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
    gate.flush()
    os._exit(code)


if __name__ == "__main__":
    run()
