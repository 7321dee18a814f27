"""The evidence benchmark (issue 22): `custorg mine --resource ... --org ...` on BPIC
2013 with the evidence against `--no-evidence`, side by side in one run (taking turns,
a few rounds, best of each: bench/mine_bench.py's `turns`); the target is within 2x.

    python bench/evidence_bench.py --bpic PATH/bpic2013_incidents.xes.gz --rounds 5
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from mine_bench import turns  # noqa: E402  (the bench folder is not a package)

EXAMPLE = HERE.parent / "examples" / "bpic2013"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bpic", required=True, help="bpic2013_incidents.xes.gz")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args(argv)
    command = [sys.executable, "-m", "custorg", "mine", args.bpic, "--org", str(EXAMPLE),
               "--map", str(EXAMPLE / "map.csv"), "--format", "json"]
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch)
        results = turns({"evidence": (command + ["--resource", "org:resource"],
                                      out / "evidence.json"),
                         "no-evidence": (command + ["--no-evidence"], out / "plain.json")},
                        args.rounds)
    best = {name: r["wall"] for name, r in results.items()}
    print(json.dumps(results, indent=2))
    print(f"evidence {best['evidence']:.2f} s, --no-evidence {best['no-evidence']:.2f} s: "
          f"{best['evidence'] / best['no-evidence']:.2f}x (target: within 2x)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
