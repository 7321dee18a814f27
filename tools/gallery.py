"""Regenerate the diagram gallery: every view of both examples, as SVG and PNG, into
docs/gallery/ (and Mermaid for one view, to show what Markdown pages get).

    python tools/gallery.py            # all of it
    python tools/gallery.py --check    # exit 1 if a file would change (for CI)

It runs `custorg diagram` exactly as a user would. For the bakery's Chinese names to
show in the PNGs, a CJK font must be installed (Debian: fonts-noto-cjk); the command
warns when it is not.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from custorg.cli import main as custorg

ROOT = Path(__file__).resolve().parent.parent
GALLERY = ROOT / "docs" / "gallery"
EXAMPLES = {
    "telecom": (ROOT / "examples" / "telecom", ["complaint", "order-to-activation"]),
    "bakery": (ROOT / "examples" / "bakery" / "org.yaml", ["order", "complaint"]),
}
VIEWS = ("hierarchy", "customer-on-top", "radial", "interfaces")


def jobs() -> list[tuple[str, list[str]]]:
    """(file name, custorg arguments without the output) for every picture."""
    out = []
    for name, (path, processes) in EXAMPLES.items():
        for view in VIEWS:
            for fmt in ("svg", "png"):
                out.append((f"{name}-{view}.{fmt}", ["diagram", str(path), "--view", view]))
        for process in processes:
            for fmt in ("svg", "png"):
                out.append((f"{name}-process-{process}.{fmt}",
                            ["diagram", str(path), "--view", "process", "--process", process]))
        out.append((f"{name}-hierarchy.mmd", ["diagram", str(path), "--view", "hierarchy"]))
    return out


def run(target: Path, verbose: bool = True) -> int:
    target.mkdir(parents=True, exist_ok=True)
    for file_name, args in jobs():
        code = custorg([*args, "-o", str(target / file_name)])
        if code != 0:
            print(f"gallery: custorg {' '.join(args)} exited {code}", file=sys.stderr)
            return code
        if verbose:
            print(f"wrote {target / file_name}")
    return 0


def check() -> int:
    """Regenerate into a temporary folder and compare the text files (SVG, Mermaid);
    PNGs depend on the installed fonts, so they are only checked to exist."""
    with tempfile.TemporaryDirectory() as tmp:
        fresh = Path(tmp)
        if run(fresh, verbose=False) != 0:
            return 1
        stale = []
        for file_name, _ in jobs():
            old, new = GALLERY / file_name, fresh / file_name
            if not old.exists() or (not file_name.endswith(".png")
                                    and old.read_bytes() != new.read_bytes()):
                stale.append(file_name)
        for name in stale:
            print(f"gallery: docs/gallery/{name} is out of date", file=sys.stderr)
        return 1 if stale else 0


def parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true",
                        help="compare with docs/gallery instead of writing it")
    return parser.parse_args()


if __name__ == "__main__":
    sys.exit(check() if parse().check else run(GALLERY))
