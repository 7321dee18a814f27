"""Synthetic event logs for the `custorg mine` benchmark: CSV, and Parquet with the same
events (the Parquet file needs duckdb to be written).

    python bench/mine_logs.py 1000000 --out /tmp/logs            # log-1000000.csv
    python bench/mine_logs.py 10000000 --out /tmp/logs --parquet # and log-10000000.parquet

The log looks like a ticketing export: about a tenth of the events are cases, each case
follows one of 60 process templates over 120 support groups (popular templates more
often), with detours (ping-pong back to the previous group, a group swapped for another),
1 to 3 events per visit, a few equal timestamps and a few events out of order, and about
one event in 2,000 with an empty group or a broken timestamp. Rows are grouped by case,
as exports are. Same size and seed, same file, byte for byte.
"""

from __future__ import annotations

import argparse
import random
import sys
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

HEADER = "case:concept:name,org:group,time:timestamp,concept:name\n"
GROUPS = 120
TEMPLATES = 60
START = datetime(2023, 1, 1, tzinfo=timezone.utc)


def _groups(rng: random.Random) -> list[str]:
    lines = ["1st", "2nd", "3rd"]
    return [f"{rng.choice('DGNSV')}{n} {rng.choice(lines)}" for n in range(GROUPS)]


def _templates(rng: random.Random, groups: list[str]) -> list[list[str]]:
    out = []
    for _ in range(TEMPLATES):
        steps = [rng.choice(groups[:20])]  # the service desk groups start most cases
        for _ in range(rng.randint(1, 6)):
            steps.append(rng.choice(groups))
        out.append(steps)
    return out


def _path(rng: random.Random, template: list[str], groups: list[str]) -> list[str]:
    path = list(template)
    if rng.random() < 0.25 and len(path) > 1:  # ping-pong: back to the previous group
        i = rng.randrange(1, len(path))
        path[i + 1:i + 1] = [path[i - 1], path[i]]
    if rng.random() < 0.1:
        path[rng.randrange(len(path))] = rng.choice(groups)
    return path


def rows(events: int, seed: int = 1) -> Iterator[str]:
    """Exactly `events` CSV lines (without the header), grouped by case."""
    rng = random.Random(seed)
    groups = _groups(rng)
    templates = _templates(rng, groups)
    weights = [1 / (i + 1) for i in range(TEMPLATES)]
    made = 0
    case = 0
    while made < events:
        case += 1
        when = START + timedelta(seconds=rng.randrange(365 * 86400))
        template = rng.choices(templates, weights)[0]
        for unit in _path(rng, template, groups):
            for visit in range(rng.randint(1, 3)):
                if made == events:
                    break
                if rng.random() > 0.05:  # 1 in 20 keeps the previous timestamp (a tie)
                    when += timedelta(seconds=rng.randrange(1, 86400))
                stamp = when - timedelta(hours=1) if rng.random() < 0.01 else when
                text = stamp.isoformat(timespec="milliseconds")
                group = unit
                if rng.random() < 0.0005:
                    group, text = ("", text) if rng.random() < 0.5 else (unit, "n/a")
                made += 1
                yield f"case-{case},{group},{text},task {visit}\n"


def write_csv(events: int, target: Path, seed: int = 1) -> Path:
    with open(target, "w", encoding="utf-8", newline="") as handle:
        handle.write(HEADER)
        handle.writelines(rows(events, seed))
    return target


def write_parquet(source: Path, target: Path, typed: bool = False) -> Path:
    """The same events in file order, from the CSV or from a Parquet file: the same text
    in every column, or (`typed`) the timestamp as a TIMESTAMP WITH TIME ZONE column, as
    exports from process systems write it (a text that is no timestamp is then NULL: a
    bad timestamp either way)."""
    import duckdb

    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    stamp = ('TRY_CAST("time:timestamp" AS TIMESTAMPTZ) AS "time:timestamp"' if typed
             else '"time:timestamp"')
    reader = (f"read_parquet('{source}')" if source.suffix == ".parquet" else
              f"""read_csv('{source}', header = true, all_varchar = true,
                  auto_detect = false, delim = ',', quote = '"',
                  columns = {{'case:concept:name': 'VARCHAR', 'org:group': 'VARCHAR',
                             'time:timestamp': 'VARCHAR', 'concept:name': 'VARCHAR'}})""")
    con.execute(f"""COPY (SELECT "case:concept:name", "org:group", {stamp}, "concept:name"
                    FROM {reader}) TO '{target}' (FORMAT parquet, ROW_GROUP_SIZE 1000000)""")
    con.close()
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("events", type=int)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, default=Path("."))
    parser.add_argument("--parquet", action="store_true", help="also write Parquet")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    path = write_csv(args.events, args.out / f"log-{args.events}.csv", args.seed)
    print(path)
    if args.parquet:
        print(write_parquet(path, path.with_suffix(".parquet")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
