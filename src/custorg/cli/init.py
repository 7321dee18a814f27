"""`custorg init`: a small, valid, commented starter org and a custorg.toml."""

from __future__ import annotations

from typing import Annotated

import typer

from ..errors import UsageError

TEMPLATES = ("org.yaml", "custorg.toml")


def register(app: typer.Typer) -> None:
    """Add the command of this module to the app."""
    app.command()(init)


def init(
    directory: Annotated[str, typer.Argument(metavar="DIR", help="Folder to write into "
                                             "(created if missing).")] = ".",
) -> None:
    """Write a small, valid, commented starter org (org.yaml) and a custorg.toml."""
    from importlib.resources import files

    from ..output import check_folder
    from . import gate

    folder = check_folder(directory, TEMPLATES)
    targets = [folder / name for name in TEMPLATES]
    existing = [str(t) for t in targets if t.exists() or t.is_symlink()]
    if existing:
        raise UsageError(f"{', '.join(existing)} already exist{'s' * (len(existing) == 1)}; "
                         "custorg init never overwrites a file: choose another folder")
    folder.mkdir(parents=True, exist_ok=True)
    source = files("custorg") / "templates"
    for target in targets:
        text = (source / target.name).read_text(encoding="utf-8")
        try:
            with target.open("x", encoding="utf-8", newline="\n") as handle:
                handle.write(text)
        except FileExistsError:
            raise UsageError(f"{target} already exists; custorg init never overwrites a "
                             "file") from None
    shown = folder.as_posix()
    gate.out(f"Wrote {targets[0].as_posix()} (a small customer-oriented org to start from) "
             f"and {targets[1].as_posix()} (the settings, all at their defaults).\n"
             f"Next: edit them, then run `custorg audit {shown}`.\n", "text")
