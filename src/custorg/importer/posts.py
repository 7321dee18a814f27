"""Reading a UK government organogram (docs/import.md): the senior posts with their keys,
managers (cycles broken) and depths, and the junior FTE under each post."""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import UsageError
from .anomalies import Anomalies
from .columns import loose, missing
from .hierarchy import break_cycles, depths
from .names import function_slug, plain
from .readers import Row, Table
from .values import parse_number

Key = tuple[str, str]  # (Organisation, Post Unique Reference)

SENIOR = {
    "ref": ("Post Unique Reference",), "reports": ("Reports to Senior Post",),
    "org": ("Organisation", "Organization"), "unit": ("Unit",), "title": ("Job Title",),
    "name": ("Name",), "fte": ("FTE",), "group": ("Professional/Occupational Group",),
    "grade": ("Grade", "Grade (or equivalent)"),
}
SENIOR_REQUIRED = ("ref", "reports", "org", "unit", "title", "name", "fte")
JUNIOR = {
    "org": ("Organisation", "Organization"), "unit": ("Unit",),
    "reports": ("Reporting Senior Post",), "fte": ("Number of Posts in FTE",),
}
NO_NAME = frozenset({"n/d", "", "vacant"})
TOP = frozenset({"xx", ""})


@dataclass
class Post:
    key: Key
    line: int
    unit: str
    title: str
    name: str
    function: str | None
    fte: float
    reports: str
    junior_fte: float = 0.0

    @property
    def ref(self) -> str:
        return self.key[1]


def _columns(table: Table, spec: dict[str, tuple[str, ...]],
             required: tuple[str, ...]) -> dict[str, int | None]:
    found = {field: loose(table, names) for field, names in spec.items()}
    for field in required:
        if found[field] is None:
            if field == "ref" and loose(table, ("Reporting Senior Post",)) is not None:
                raise UsageError(f"{plain(table.file)}: this is a junior file (it has "
                                 "'Reporting Senior Post', no 'Post Unique Reference'): give "
                                 "the senior file first, then the junior one")
            raise missing(table, spec[field][0])
    return found


def _fte(text: str, file: str, row: Row, anomalies: Anomalies, what: str) -> float:
    value = parse_number(text)
    if value is None or value < 0:
        anomalies.add(f"fte-{what}", f"{what} FTE empty or not a number", "counted as 0",
                      file, row.line, f"FTE {plain(text)!r}" if text else "FTE empty")
        return 0.0
    return value


def read_posts(table: Table, anomalies: Anomalies) -> dict[Key, Post]:
    """The kept senior posts by key, in file order."""
    col = _columns(table, SENIOR, SENIOR_REQUIRED)
    posts: dict[Key, Post] = {}
    for row in table.rows:
        ref = row.cell(col["ref"])
        if not ref:
            anomalies.add("empty-ref", "senior row without a post reference",
                          "skipped the row", table.file, row.line,
                          f"job title {plain(row.cell(col['title']))!r}")
            continue
        key = (row.cell(col["org"]), ref)
        if key in posts:
            anomalies.add("duplicate-post", "duplicate post reference",
                          "kept the first row, skipped the later ones", table.file, row.line,
                          f"{plain(ref)!r}, first on line {posts[key].line}")
            continue
        group = row.cell(col["group"])
        posts[key] = Post(key, row.line, row.cell(col["unit"]), row.cell(col["title"]),
                          row.cell(col["name"]), function_slug(group) if group else None,
                          _fte(row.cell(col["fte"]), table.file, row, anomalies, "senior"),
                          row.cell(col["reports"]))
    return posts


def managers(posts: dict[Key, Post], file: str,
             anomalies: Anomalies) -> tuple[dict[Key, Key | None], dict[Key, int]]:
    """manager(p) for every kept post, cycles broken; and depth(p)."""
    parent: dict[Key, Key | None] = {}
    for key, post in posts.items():
        target = (key[0], post.reports)
        if post.reports.casefold() in TOP:
            parent[key] = None
        elif target in posts:
            parent[key] = target
        else:
            parent[key] = None
            anomalies.add("unknown-manager", "post reporting to a post that is not in the file",
                          "made it a top post", file, post.line,
                          f"{plain(post.ref)!r} reports to {plain(post.reports)!r}")
    for cycle in break_cycles(parent, order=lambda k: k[1]):
        cut = posts[cycle[0]]
        path = " -> ".join(plain(k[1]) for k in cycle + [cycle[0]])
        anomalies.add("cycle", "reporting cycle among posts",
                      "broke it at its smallest reference, which became a top post",
                      file, cut.line, f"{path}; {plain(cut.ref)!r} made a top post")
    return parent, depths(parent)


def add_junior(table: Table, posts: dict[Key, Post], anomalies: Anomalies) -> None:
    """Junior FTE counted under the senior post each row names."""
    col = _columns(table, JUNIOR, tuple(JUNIOR))
    unit_differs = 0
    for row in table.rows:
        key = (row.cell(col["org"]), row.cell(col["reports"]))
        fte = _fte(row.cell(col["fte"]), table.file, row, anomalies, "junior")
        post = posts.get(key)
        if post is None:
            anomalies.add("junior-orphan", "junior row naming no senior post in the file",
                          "counted under no unit (its FTE is left out)", table.file,
                          row.line, f"reports to {plain(key[1])!r}, {fte:g} FTE", fte=fte)
            continue
        post.junior_fte += fte
        if row.cell(col["unit"]) != post.unit:
            unit_differs += 1
    if unit_differs:
        anomalies.count_only("junior-unit", "junior row whose Unit differs from its senior "
                             "post's Unit", "counted under that senior post all the same",
                             unit_differs)


def person_name(post: Post, anomalies: Anomalies, file: str) -> str:
    if post.name.casefold() not in NO_NAME:
        return post.name
    anomalies.add("no-name", "post without a person's name (N/D, Vacant or empty)",
                  "named the person after the job title", file, post.line,
                  f"{plain(post.ref)!r}: {plain(post.name)!r}" if post.name
                  else f"{plain(post.ref)!r}: empty")
    return post.title or post.unit or post.ref


def organisation_name(posts: dict[Key, Post]) -> str:
    """The Organisation of the posts; several are listed (three at most)."""
    names = list(dict.fromkeys(k[0] for k in posts if k[0]))
    if not names:
        return "organogram"
    more = f" and {len(names) - 3} more" if len(names) > 3 else ""
    return ", ".join(names[:3]) + more
