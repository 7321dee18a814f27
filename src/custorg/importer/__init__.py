"""`custorg import`: HR exports (UK organograms, any system's CSV or spreadsheet) into an
org folder of format v1 (docs/import.md). Beside the audit flow: it imports the core's
output helpers, and the core never imports it.

    result = import_organogram("senior.csv", "junior.csv", by="post")
    write_folder(result, "org/", inputs=["senior.csv", "junior.csv"])

Library code never prints: progress goes to an optional `on_progress(done, total)`
callback, the anomalies into `result.anomalies` (and the report)."""

from __future__ import annotations

from pathlib import Path

from .. import __version__
from ..errors import UsageError
from .emit import comment, document
from .names import plain
from .organogram import import_organogram
from .parents import UnresolvedParents
from .readers import Progress
from .report import command_text, markdown, summary
from .result import ImportResult
from .table import Spec, check as check_spec, import_table

FILES = ("units.yaml", "people.yaml", "import-report.md")

__all__ = ["FILES", "ImportResult", "Spec", "UnresolvedParents", "check_folder",
           "check_spec", "import_organogram", "import_table", "render", "summary",
           "write_folder"]


def check_folder(folder: str, force: bool) -> Path:
    """The output folder, refused when it exists (unless `force`) or is not a folder."""
    from ..output import check_folder as check_output

    path = check_output(folder, ())  # a link on the way: refused before anything is read
    if path.exists():
        if not path.is_dir():
            raise UsageError(f"{plain(folder)}: exists and is not a folder")
        if not force:
            raise UsageError(f"{plain(folder)}: already exists; give a new folder, or add "
                             f"--force to replace its {', '.join(FILES)} (other files in it "
                             "are kept)")
    return path


def render(result: ImportResult, on_progress: Progress | None = None) -> dict[str, str]:
    """The text of each file of the folder, by name."""
    header = [f"custorg org \"{result.org_name}\", imported from an HR export: re-import "
              "rather than edit by hand",
              *(f"source: {t.file} (sha256 {t.sha256[:16]}, {t.size:,} bytes)"
                for t in result.tables),
              f"written by: {command_text(result.command)} (custorg {__version__})",
              "what was changed on the way: import-report.md"]
    total = len(result.units) + len(result.people)
    units = comment(header) + document(
        {"custorg": 1, "organization": {"name": result.org_name}, "units": result.units},
        on_progress, 0, total)
    people = comment(header) + document({"people": result.people}, on_progress,
                                        len(result.units), total)
    return {"units.yaml": units, "people.yaml": people,
            "import-report.md": markdown(result, list(FILES[:2])) + "\n"}


def write_folder(result: ImportResult, folder: str, inputs: list[str], force: bool = False,
                 on_progress: Progress | None = None) -> Path:
    """Write the org folder: each file atomically, never over an input."""
    from ..orgfile.sources import MAX_FILE_BYTES
    from ..output import check_folder as check_folder_output, write_atomic

    path = check_folder(folder, force)
    texts = render(result, on_progress)
    for name, text in texts.items():  # what `custorg audit` could not read is not written
        size = len(text.encode("utf-8")) if name.endswith(".yaml") else 0
        if size > MAX_FILE_BYTES:
            raise UsageError(f"{name} would be {size:,} bytes, more "
                             f"than the {MAX_FILE_BYTES:,} custorg audit reads; import the "
                             "export in parts (one per division)")
    check_folder_output(path, texts, inputs)  # refuse before anything is written
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"{plain(folder)}: cannot create the folder: "
                         f"{exc.strerror or exc}") from None
    for name, text in texts.items():
        write_atomic(path / name, text, inputs)
    return path
