"""Issue 10: mutated org files and configs never make custorg fail with exit 3 (a bug).

Each example is a real org (the examples, a small org with every section) mutated by a
seeded random generator: bytes flipped, control and look-alike characters, line breaks,
`::` and `##[`, huge and odd numbers, deep nesting, duplicated, swapped and deleted
lines, anchors and tags, a mutated custorg.toml beside it. Each runs a command in process
(audit in every format, validate, metrics, a Mermaid diagram) and must exit 0, 1 or 2
with no traceback. The default run makes FUZZ_DEFAULT examples;
`CUSTORG_FUZZ=10000 pytest tests/test_fuzz.py` runs ten thousand (example i uses seed i,
so a failure is reproduced with its number)."""

from __future__ import annotations

import os
import random
from pathlib import Path

from custorg.cli import main

ROOT = Path(__file__).resolve().parent.parent
FUZZ_DEFAULT = 300
SMALL = """\
custorg: 1
organization: {name: Kepykla, suppress: {X001: ok}}
units:
  - {id: board, kind: board, head: ceo}
  - {id: shops, parent: board, function: sales, customer_contact: direct, kpis: [nps]}
  - {id: bakery, parent: board, function: production, headcount: 12}
people:
  - {id: ceo, name: Žydrūnė Šimkienė, unit: board}
stakeholders:
  - {id: shoppers, kind: customer, owner: ceo}
processes:
  - id: order
    strategic: true
    owner: ceo
    volume: 2400
    steps: [customer, shops, bakery, shops, customer]
  - {id: sub, parent: order, team: t, steps: [{unit: shops, activity: "take order"}, bakery]}
interfaces:
  - {from: bakery, to: shops, provides: bread, coordination: list, responsible: ceo,
     feedback: true}
contact_points: [{need: buy, unit: shops}]
kpis:
  - {id: nps, kind: nps, owner: ceo, target: 60}
goals: [{id: g, kpis: [nps], processes: [order]}]
projects: [{id: t, units: [shops, bakery], manager: ceo}]
"""
TOML = 'select = ["C", "P"]\nfail-on = "warning"\nmax-span = 8\n[severity]\nP003 = "error"\n'
INSERTS = ["\x00", "\x1b[2J", "\x1b]0;t\x07", "\x7f", "\x85", "\u202e", "\u200b", "\ufeff",
           "\n::error::x\n", "##[error]", "%%{init: {}}%%", "\t", "\r", "'", '"', "{", "}",
           "[", "]", ":", ": ", "- ", "&a ", "*a", "!!str ", "!!int ", "<<: ", "? ", "|",
           ">-", "#", "ѕ", "а", "销", "😀", "\udcff", "0x" + "f" * 5000, "9" * 5000,
           "1e400", ".nan", "-.inf", "~", "null", "NO", "010", "2024-01-01", "customer",
           "[" * 300, "{a: " * 100, "\\", "\\x", "\n  ", "\n-", "=cmd", "@x", "+1", "-1"]
COMMANDS = [["audit"], ["audit", "-f", "json"], ["audit", "-f", "sarif"],
            ["audit", "-f", "github"], ["validate"], ["metrics", "-f", "csv"],
            ["diagram", "--view", "hierarchy", "-f", "mermaid"],
            ["diagram", "--view", "customer-on-top", "-f", "dot"]]


def _seeds() -> list[str]:
    texts = [SMALL]
    for path in sorted((ROOT / "examples").rglob("*.yaml")):
        texts.append(path.read_text(encoding="utf-8"))
    return texts


SEEDS = _seeds()


def mutate(text: str, rng: random.Random) -> str:
    """One to four random edits of `text`."""
    for _ in range(rng.randint(1, 4)):
        lines = text.split("\n")
        choice = rng.random()
        at = rng.randrange(len(text) + 1)
        if choice < 0.35:
            text = text[:at] + rng.choice(INSERTS) + text[at:]
        elif choice < 0.45 and text:
            text = text[:at] + text[at + rng.randint(1, 20):]
        elif choice < 0.55:
            n = rng.randrange(len(lines))
            lines.insert(n, lines[rng.randrange(len(lines))])
            text = "\n".join(lines)
        elif choice < 0.62:
            del lines[rng.randrange(len(lines))]
            text = "\n".join(lines)
        elif choice < 0.70:
            a, b = rng.randrange(len(lines)), rng.randrange(len(lines))
            lines[a], lines[b] = lines[b], lines[a]
            text = "\n".join(lines)
        elif choice < 0.80:
            raw = bytearray(text.encode("utf-8", "surrogateescape"))
            if raw:
                raw[rng.randrange(len(raw))] = rng.randrange(256)
            text = raw.decode("utf-8", "surrogateescape")
        elif choice < 0.90:  # a value replaced by something odd
            text = _replace_value(text, rng)
        else:  # an id taken by another entity
            ids = [w for w in text.replace(",", " ").split() if w.isidentifier()]
            if len(ids) > 1:
                text = text.replace(rng.choice(ids), rng.choice(ids), 1)
    return text


def _replace_value(text: str, rng: random.Random) -> str:
    spots = [i for i, c in enumerate(text) if c == ":"]
    if not spots:
        return text
    at = rng.choice(spots) + 1
    end = min([i for i in (text.find(",", at), text.find("}", at), text.find("\n", at))
               if i >= 0] or [len(text)])
    return text[:at] + " " + rng.choice(INSERTS + ["[]", "{}", "-5", "0", "true"]) + text[end:]


def one_example(index: int, folder: Path) -> tuple[int, list[str], str]:
    """(exit code, command, what went to stderr) of example `index`."""
    rng = random.Random(index)
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.iterdir():
        old.unlink()
    org = folder / "org.yaml"
    org.write_bytes(mutate(rng.choice(SEEDS), rng).encode("utf-8", "surrogateescape"))
    if rng.random() < 0.2:
        (folder / "custorg.toml").write_bytes(
            mutate(TOML, rng).encode("utf-8", "surrogateescape"))
    command = rng.choice(COMMANDS)
    return main([command[0], str(org), *command[1:]]), command, ""


def test_mutated_examples_never_exit_3(capsys, tmp_path: Path) -> None:
    count = int(os.environ.get("CUSTORG_FUZZ", FUZZ_DEFAULT))
    failures = []
    codes = {0: 0, 1: 0, 2: 0}
    for index in range(count):
        code, command, _ = one_example(index, tmp_path / "case")
        out, err = capsys.readouterr()
        if code not in (0, 1, 2) or "Traceback" in err or "internal error" in err:
            failures.append((index, command, code, err[-300:]))
        else:
            codes[code] += 1
    assert not failures, failures[:5]
    assert codes[1] > 0 and codes[1] + codes[2] > count // 4  # the mutations did bite
