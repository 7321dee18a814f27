"""Deterministic synthetic orgs for the benchmark: `generate(size, seed) -> YAML text`.

The same (size, seed) always gives the same file, byte for byte. The org is valid (no
format, reference or cycle errors), so the whole audit runs on it, and realistic enough
that every stage has work to do:

- a reporting tree of `size` units: a board, executives with functions, then divisions,
  departments and teams with spans of 3 to 12 (some units declare customer contact,
  headcount, KPIs, a head);
- about size/4 people (most of them heads of units), size/4 processes of 2 to 10 steps
  (mostly inside one executive's area, some crossing it, customer steps at the ends,
  volumes, owners, sub-processes run by project teams), size/4 interfaces (most of them
  cover a handoff of some process; coordination, responsible and feedback mixed),
  size/4 projects of 2 to 5 units (manager and members), plus stakeholders, KPIs,
  goals and contact points in proportion.

Run as a script: `python bench/generate.py SIZE [--seed N] [-o FILE]`.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

FUNCTIONS = ("sales", "marketing", "service", "it", "finance", "logistics", "production",
             "hr", "customer-experience", "legal", "procurement", "quality")
KPI_KINDS = ("nps", "csat", "ces", "churn", "retention", "ltv", "repeat-purchase",
             "complaints", "other", "other", "other")
NEEDS = ("order", "complaint", "repair", "billing question", "return", "delivery status",
         "contract change", "installation", "cancellation", "product advice")
CHANNELS = ("phone", "e-mail", "shop", "web", "chat", "app")
ACTIVITIES = ("registers the request", "checks the data", "approves", "prepares the offer",
              "schedules the work", "delivers", "invoices", "answers the customer",
              "fixes the fault", "reviews the case", "updates the system", "ships the goods")
WORDS = ("North", "South", "East", "West", "Central", "Digital", "Field", "Key Account",
         "Regional", "Quality", "Planning", "Operations", "Support", "Projects", "Data")
# a few names in other scripts, as real orgs have them (exercises NFC and the output)
FOREIGN = ("Dział Reklamacji", "Obsługa Klienta Łódź", "Klientų aptarnavimas",
           "Отдел продаж", "客户服务部", "Kundenservice Süd", "Żółć i Spółka")
FIRST = ("Anna", "Jan", "Maria", "Piotr", "Eva", "Tomas", "Lina", "Ivan", "Wei", "Sofia",
         "Lukas", "Marta", "Olga", "Pavel", "Ruta", "Chen", "Jonas", "Ewa", "Darius", "Mei")
LAST = ("Nowak", "Kowalski", "Petrauskas", "Ivanova", "Schmidt", "Wang", "Li", "Novak",
        "Kazlauskas", "Wójcik", "Smirnov", "Müller", "Zhang", "Horvat", "Jankauskas")


class _Org:
    """The entities as small dicts, in the order they are written."""

    def __init__(self, size: int, seed: int) -> None:
        self.rng = random.Random(f"custorg-bench:{seed}:{size}")
        self.size = max(size, 20)
        self.units: list[dict] = []
        self.children: dict[int, list[int]] = {}
        self.depth: list[int] = []
        self.branch: list[int] = []  # index of the executive each unit is under (-1: board)
        self.function: list[str | None] = []  # function(u), inherited
        self.people: list[dict] = []
        self.processes: list[dict] = []
        self.interfaces: list[dict] = []
        self.projects: list[dict] = []
        self.kpis: list[dict] = []
        self.goals: list[dict] = []
        self.stakeholders: list[dict] = []
        self.contact_points: list[dict] = []

    # ------------------------------------------------------------------------ tree

    def _add_unit(self, parent: int | None, **fields: object) -> int:
        index = len(self.units)
        unit: dict[str, object] = {"id": f"u{index:06d}", "name": fields.pop("name")}
        if parent is not None:
            unit["parent"] = self.units[parent]["id"]
        unit.update(fields)
        if parent is not None:
            self.children.setdefault(parent, []).append(index)
            self.depth.append(self.depth[parent] + 1)
            self.branch.append(index if self.depth[parent] == 0 else self.branch[parent])
            own = fields.get("function")
            self.function.append(own if isinstance(own, str) else self.function[parent])
        else:
            self.depth.append(0)
            self.branch.append(-1)
            self.function.append(None)
        self.units.append(unit)
        return index

    def tree(self) -> None:
        rng = self.rng
        self._add_unit(None, name="Management Board", kind="board", headcount=7)
        executives = min(12, max(3, self.size // 200 + 3))
        for n in range(executives):
            fn = FUNCTIONS[n % len(FUNCTIONS)]
            self._add_unit(0, name=f"{fn.replace('-', ' ').title()} Division", kind="executive",
                           function=fn, headcount=rng.randint(2, 6))
        frontier = list(range(1, len(self.units)))
        cursor = 0
        while len(self.units) < self.size:
            if cursor >= len(frontier):  # every unit has children: start a new level
                frontier, cursor = [u for u in range(len(self.units))
                                    if u not in self.children], 0
                rng.shuffle(frontier)
            parent = frontier[cursor]
            cursor += 1
            for _ in range(min(rng.randint(3, 12), self.size - len(self.units))):
                self._team(parent)
                frontier.append(len(self.units) - 1)

    def _team(self, parent: int) -> None:
        rng = self.rng
        fields: dict[str, object] = {}
        roll = rng.random()
        fields["name"] = (rng.choice(FOREIGN) if roll < 0.02 else
                          f"{rng.choice(WORDS)} {(self.function[parent] or 'team').title()} "
                          f"{len(self.units)}")
        if rng.random() < 0.05:  # a few teams have another function than their division
            fields["function"] = rng.choice(FUNCTIONS)
        contact = rng.random()
        if contact < 0.15:
            fields["customer_contact"] = "direct"
        elif contact < 0.25:
            fields["customer_contact"] = "indirect"
        if rng.random() < 0.7:
            fields["headcount"] = rng.randint(1, 40)
        self._add_unit(parent, **fields)

    # ------------------------------------------------------------------------ people

    def people_and_heads(self) -> None:
        rng = self.rng
        count = self.size // 4
        # heads first: the board, executives, then units top-down until people run out
        order = sorted(range(len(self.units)), key=lambda u: (self.depth[u], u))
        for n in range(count):
            person = {"id": f"p{n:06d}", "name": f"{rng.choice(FIRST)} {rng.choice(LAST)}"}
            if n < len(order) and n < count * 3 // 4:
                unit = order[n]
                self.units[unit]["head"] = person["id"]
                if rng.random() < 0.6 or unit == 0:
                    person["unit"] = self.units[unit]["id"]
                person["title"] = "Head"
            else:
                person["unit"] = self.units[rng.randrange(len(self.units))]["id"]
                if rng.random() < 0.5:
                    person["title"] = "Specialist"
            self.people.append(person)
        # board members: a few people sit on the board (owners of stakeholders)
        for n in range(1, min(6, count)):
            self.people[n]["unit"] = self.units[0]["id"]

    # ------------------------------------------------------------------------ kpis, goals

    def kpis_and_stakeholders(self) -> None:
        rng = self.rng
        count = max(12, self.size // 100)
        for n in range(count):
            kind = KPI_KINDS[n % len(KPI_KINDS)]
            kpi = {"id": f"k{n:05d}", "name": f"{kind.upper()} {n}", "kind": kind}
            if rng.random() < 0.8:
                kpi["owner"] = self.people[rng.randrange(len(self.people))]["id"]
            if rng.random() < 0.7:
                kpi["target"] = rng.choice((40, 0.9, "95%", "< 2 days", 3))
            self.kpis.append(kpi)
        pool = [k["id"] for k in self.kpis]
        shared = pool[:4]  # company-wide KPIs that many units carry
        for unit in self.units:
            if rng.random() < 0.4:
                own = rng.sample(pool, rng.randint(1, 3))
                if rng.random() < 0.5:
                    own.append(rng.choice(shared))
                unit["kpis"] = list(dict.fromkeys(own))
        board = [p["id"] for p in self.people if p.get("unit") == self.units[0]["id"]]
        kinds = ("customer", "customer", "employee", "media", "regulator", "investor",
                 "partner", "community")
        for n, kind in enumerate(kinds):
            holder = {"id": f"s{n:02d}", "name": f"{kind.title()} group {n}", "kind": kind}
            if n != 6:
                holder["owner"] = board[n % len(board)] if board else self.people[0]["id"]
            self.stakeholders.append(holder)

    # ------------------------------------------------------------------------ processes

    def _area(self, unit: int) -> list[int]:
        """Units below the same executive (a realistic process stays mostly there)."""
        return self.by_branch.get(self.branch[unit], [unit])

    def processes_and_interfaces(self) -> None:  # noqa: C901 - one pass of seeded random draws; splitting it changes the generated orgs
        rng = self.rng
        n_units = len(self.units)
        self.by_branch: dict[int, list[int]] = {}
        self.place: dict[int, int] = {}  # unit -> its index in its area
        for u in range(1, n_units):
            area = self.by_branch.setdefault(self.branch[u], [])
            self.place[u] = len(area)
            area.append(u)
        handoff_pairs: list[tuple[int, int]] = []
        count = self.size // 4
        for n in range(count):
            home = rng.randrange(1, n_units)
            area = self._area(home)
            steps: list[int | str] = []
            length = rng.randint(2, 10)
            current = home
            for i in range(length):
                roll = rng.random()
                if (i == 0 or i == length - 1) and roll < 0.5:
                    steps.append("customer")
                    continue
                if roll < 0.55 and steps and isinstance(steps[-1], int):
                    current = steps[-1]  # the same unit keeps working
                elif roll < 0.9:
                    at = self.place.get(current)
                    current = rng.choice(area if at is None or area[at] != current
                                         else area[max(0, at - 8):at + 9])
                else:
                    current = rng.randrange(1, n_units)
                    area = self._area(current)
                steps.append(current)
                if len(steps) >= 2 and isinstance(steps[-2], int) and steps[-2] != current:
                    handoff_pairs.append((steps[-2], current))
            process: dict[str, object] = {"id": f"pr{n:06d}", "name": f"Process {n}"}
            if rng.random() < 0.05:
                process["strategic"] = True
            if rng.random() < 0.8:
                owner = rng.random()
                process["owner"] = (self.units[home]["id"] if owner < 0.3 else
                                    self.people[rng.randrange(len(self.people))]["id"])
            if rng.random() < 0.6:
                process["volume"] = rng.choice((1, 5, 12, 40, 100, 250, 1200, 2.5))
            if rng.random() < 0.1:
                process["stakeholder"] = "s01"
            if rng.random() < 0.2:
                process["kpis"] = rng.sample([k["id"] for k in self.kpis], 2)
            if n > 10 and rng.random() < 0.1:
                process["parent"] = f"pr{rng.randrange(n):06d}"
            written = []
            for s in steps:
                unit = s if isinstance(s, str) else self.units[s]["id"]
                written.append({"unit": unit, "activity": rng.choice(ACTIVITIES)}
                               if rng.random() < 0.5 else unit)
            process["steps"] = written
            self.processes.append(process)
        # interfaces: most cover a handoff of some process, the rest join nearby units
        count = self.size // 4
        seen: set[frozenset[int]] = set()
        rng.shuffle(handoff_pairs)
        pairs = iter(handoff_pairs)
        while len(self.interfaces) < count:
            pair = next(pairs, None) if rng.random() < 0.8 else None
            if pair is None:
                a = rng.randrange(1, n_units)
                area = self._area(a)
                b = rng.choice(area)
                if a == b:
                    continue
                pair = (a, b)
            key = frozenset(pair)
            if key in seen:
                continue
            seen.add(key)
            itf: dict[str, object] = {"from": self.units[pair[0]]["id"],
                                      "to": self.units[pair[1]]["id"]}
            if rng.random() < 0.3:
                itf["id"] = f"i{len(self.interfaces):06d}"
            itf["provides"] = rng.choice(("orders", "data", "goods", "reports", "tickets"))
            if rng.random() < 0.7:
                itf["coordination"] = rng.choice(("daily stand-up", "shared queue",
                                                  "weekly review", "hand-over checklist"))
            if rng.random() < 0.7:
                itf["responsible"] = self.people[rng.randrange(len(self.people))]["id"]
            if rng.random() < 0.6:
                itf["feedback"] = True
            if rng.random() < 0.1:
                itf["sla"] = "2 working days"
            self.interfaces.append(itf)

    # ------------------------------------------------------------------------ projects

    def projects_goals_contacts(self) -> None:
        rng = self.rng
        n_units = len(self.units)
        for n in range(self.size // 4):
            base = rng.randrange(1, n_units)
            area = self._area(base)
            units = list(dict.fromkeys(
                [base] + [rng.choice(area) if rng.random() < 0.7 else rng.randrange(1, n_units)
                          for _ in range(rng.randint(1, 4))]))
            project: dict[str, object] = {"id": f"pj{n:06d}", "name": f"Project {n}"}
            if rng.random() < 0.8:
                project["manager"] = self.people[rng.randrange(len(self.people))]["id"]
            if rng.random() < 0.5:
                project["members"] = list(dict.fromkeys(
                    self.people[rng.randrange(len(self.people))]["id"]
                    for _ in range(rng.randint(1, 3))))
            project["units"] = [self.units[u]["id"] for u in units]
            self.projects.append(project)
        # sub-processes are run by teams
        for process in self.processes:
            if "parent" in process and rng.random() < 0.6:
                process["team"] = self.projects[rng.randrange(len(self.projects))]["id"]
        for n in range(max(3, self.size // 200)):
            goal: dict[str, object] = {"id": f"g{n:05d}", "name": f"Goal {n}",
                                       "stakeholder": self.stakeholders[n % 3]["id"]}
            if rng.random() < 0.8:
                goal["processes"] = [self.processes[rng.randrange(len(self.processes))]["id"]]
            if rng.random() < 0.5:
                goal["projects"] = [self.projects[rng.randrange(len(self.projects))]["id"]]
            goal["kpis"] = [self.kpis[rng.randrange(len(self.kpis))]["id"]]
            self.goals.append(goal)
        for n in range(max(5, self.size // 100)):
            point = {"need": f"{NEEDS[n % len(NEEDS)]} {n // (2 * len(NEEDS))}",
                     "unit": self.units[rng.randrange(1, n_units)]["id"],
                     "channel": rng.choice(CHANNELS)}
            if rng.random() < 0.2:
                point["stakeholder"] = "s01"
            self.contact_points.append(point)


# ---------------------------------------------------------------------------- writing


def _scalar(value: object) -> str:
    if value is True:
        return "true"
    if isinstance(value, (int, float)):
        return repr(value)
    text = str(value)
    if (not text or text[0] in "!&*-?[]{},#|>@`\"'%<=" or text[-1] == ":" or ": " in text
            or " #" in text or text.lower() in ("true", "false", "null", "~")
            or text[0].isdigit() or text.startswith(" ")):
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return text


def _item(entity: dict, out: list[str]) -> None:
    """One list item in block style; lists of scalars in flow style, steps as a block."""
    first = True
    for key, value in entity.items():
        lead = "  - " if first else "    "
        first = False
        if key == "steps":
            out.append(f"{lead}steps:")
            for step in value:  # type: ignore[union-attr]
                if isinstance(step, dict):
                    out.append(f"      - unit: {_scalar(step['unit'])}")
                    out.append(f"        activity: {_scalar(step['activity'])}")
                else:
                    out.append(f"      - {_scalar(step)}")
        elif isinstance(value, list):
            out.append(f"{lead}{key}: [{', '.join(_scalar(v) for v in value)}]")
        else:
            out.append(f"{lead}{key}: {_scalar(value)}")


def generate(size: int, seed: int = 1) -> str:
    """The YAML text of a synthetic org of `size` units."""
    org = _Org(size, seed)
    org.tree()
    org.people_and_heads()
    org.kpis_and_stakeholders()
    org.processes_and_interfaces()
    org.projects_goals_contacts()
    out = [f"# Synthetic org for the custorg benchmark: {size} units, seed {seed}.",
           "# Generated by bench/generate.py; regenerate rather than edit.",
           "custorg: 1", "organization:", f"  name: Synthetic Org {size}",
           f"  description: generated from seed {seed}", ""]
    for section in ("units", "people", "stakeholders", "kpis", "processes", "interfaces",
                    "projects", "goals", "contact_points"):
        items = getattr(org, section)
        out.append(f"{section}:")
        for entity in items:
            _item(entity, out)
        out.append("")
    return "\n".join(out)


def write(size: int, seed: int, path: Path) -> Path:
    """Generate into `path` (written whole, then renamed, so a cache is never half a file)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(generate(size, seed), encoding="utf-8")
    tmp.replace(path)
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("size", type=int, help="number of units")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("-o", "--output", help="file to write (default: standard output)")
    args = parser.parse_args(argv)
    if args.output:
        write(args.size, args.seed, Path(args.output))
    else:
        sys.stdout.write(generate(args.size, args.seed))
    return 0


if __name__ == "__main__":
    sys.exit(main())
