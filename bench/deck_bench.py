"""The deck benchmark (issue 25): `custorg deck` against `custorg report` on a synthetic
20,000-unit org (bench/generate.py), side by side in one run (taking turns, a few
rounds, best of each: bench/mine_bench.py's `turns`); the target is the deck within
1.5x of the report. It also checks that every slide of the deck holds at most 300
shapes (folded diagrams).

    python bench/deck_bench.py [--units 20000] [--rounds 3]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402  (the bench folder is not a package)
from mine_bench import turns  # noqa: E402

TARGET = 1.5
MAX_SHAPES = 300


def most_shapes(deck: Path) -> int:
    """The largest number of shapes on one slide of the deck."""
    from pptx import Presentation

    return max(len(slide.shapes) for slide in Presentation(str(deck)).slides)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=20000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    custorg = [sys.executable, "-m", "custorg"]
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch)
        org = out / "org.yaml"
        org.write_text(generate(args.units), encoding="utf-8")
        deck, page = out / "deck.pptx", out / "report.html"
        results = turns({"deck": ([*custorg, "deck", str(org), "-o", str(deck)],
                                  out / "deck.log"),
                         "report": ([*custorg, "report", str(org), "-o", str(page)],
                                    out / "report.log")}, args.rounds)
        shapes = most_shapes(deck)
    ratio = results["deck"]["wall"] / results["report"]["wall"]
    print(json.dumps({"units": args.units, **results, "ratio": round(ratio, 2),
                      "most_shapes_per_slide": shapes}, indent=2))
    print(f"deck {results['deck']['wall']:.2f} s, report {results['report']['wall']:.2f} s: "
          f"{ratio:.2f}x (target: within {TARGET}x); at most {shapes} shapes on a slide "
          f"(target: {MAX_SHAPES})")
    return 0 if ratio <= TARGET and shapes <= MAX_SHAPES else 1


if __name__ == "__main__":
    raise SystemExit(main())
