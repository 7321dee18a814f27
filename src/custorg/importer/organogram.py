"""UK government organograms (docs/import.md) as units and people: by post (`--by post`, the
organogram's own boxes) or by unit (`--by unit`, departments)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..errors import UsageError
from ..limits import Limits
from .anomalies import Anomalies
from .names import function_slug, plain
from .posts import Key, Post, add_junior, managers, organisation_name, person_name, read_posts
from .readers import Progress, read_table
from .result import Ids, ImportResult, clean
from .values import tidy

Mapped = tuple[list[dict[str, Any]], list[dict[str, Any]], list[str]]


def _ref_part(posts: dict[Key, Post]) -> Callable[[Key], str]:
    """The part of an id naming a post: its reference, with its Organisation when the
    file holds several (references are unique only within one)."""
    if len({k[0] for k in posts}) <= 1:
        return lambda k: k[1]
    return lambda k: f"{function_slug(k[0]) or 'org'}-{k[1]}"


def _fte_lines(posts: dict[Key, Post]) -> list[str]:
    senior = sum(p.fte for p in posts.values())
    junior = sum(p.junior_fte for p in posts.values())
    return [f"FTE: {tidy(senior + junior):,} in all ({tidy(senior):,} senior, "
            f"{tidy(junior):,} junior)"]


def by_post(posts: dict[Key, Post], parent: dict[Key, Key | None], depth: dict[Key, int],
            anomalies: Anomalies, file: str) -> Mapped:
    """One unit per kept senior post, its person at its head."""
    ids, part = Ids(), _ref_part(posts)
    unit_id = {k: ids.take(f"post-{part(k)}", "post") for k in posts}
    person_id = {k: ids.take(f"person-{part(k)}", "person") for k in posts}
    units, people = [], []
    for key, post in posts.items():
        up = parent[key]
        units.append(clean({
            "id": unit_id[key], "name": post.title or post.unit or post.ref,
            "parent": unit_id[up] if up is not None else None, "function": post.function,
            "head": person_id[key], "fte": tidy(post.fte + post.junior_fte)}))
        people.append(clean({"id": person_id[key], "name": person_name(post, anomalies, file),
                             "title": post.title}))
    return units, people, [
        f"{len(units):,} units, one per senior post (--by post), and {len(people):,} people, "
        "each the head of the unit of their post", *_fte_lines(posts)]


def by_unit(posts: dict[Key, Post], parent: dict[Key, Key | None], depth: dict[Key, int],
            anomalies: Anomalies, file: str) -> Mapped:
    """One unit per distinct (Organisation, Unit), headed by its shallowest post."""
    groups: dict[Key, list[Key]] = {}
    for key, post in posts.items():
        groups.setdefault((key[0], post.unit), []).append(key)
        if not post.unit:
            anomalies.add("empty-unit", "senior post with an empty Unit",
                          "put it in a unit named '(no unit)'", file, post.line,
                          f"{plain(post.ref)!r}")
    ids, part = Ids(), _ref_part(posts)
    several = len({k[0] for k in posts}) > 1
    unit_id = {g: ids.take((f"{function_slug(g[0]) or 'org'}-" if several else "")
                           + (function_slug(g[1]) or "unit"), "unit") for g in groups}
    person_id = {k: ids.take(f"person-{part(k)}", "person") for k in posts}
    unit_of = {k: g for g, members in groups.items() for k in members}
    units = []
    for group, members in groups.items():
        head = min(members, key=lambda k: (depth[k], k[1]))
        up = parent[head]
        units.append(clean({
            "id": unit_id[group], "name": group[1] or "(no unit)",
            "parent": unit_id[unit_of[up]] if up is not None else None,
            "function": posts[head].function, "head": person_id[head],
            "fte": tidy(sum(posts[k].fte + posts[k].junior_fte for k in members))}))
    people = [clean({"id": person_id[k], "name": person_name(p, anomalies, file),
                     "unit": unit_id[unit_of[k]], "title": p.title})
              for k, p in posts.items()]
    return units, people, [
        f"{len(units):,} units, one per distinct Organisation and Unit (--by unit), and "
        f"{len(people):,} people, one per senior post", *_fte_lines(posts)]


def import_organogram(senior: str, junior: str | None = None, by: str = "post",
                      on_progress: Progress | None = None,
                      limits: Limits | None = None) -> ImportResult:
    """Read an organogram and map it as docs/import.md says; UsageError when it cannot be (or
    a file is over one of the `limits`, custorg.toml's `[limits]`)."""
    if by not in ("post", "unit"):
        raise UsageError(f"--by must be post or unit, not {plain(by)!r}")
    anomalies = Anomalies()
    tables = [read_table(senior, anomalies, on_progress=on_progress, limits=limits)]
    posts = read_posts(tables[0], anomalies)
    if not posts:
        raise UsageError(f"{plain(senior)}: no senior row has a post reference; nothing to "
                         "import")
    parent, depth = managers(posts, tables[0].file, anomalies)
    if junior is not None:
        tables.append(read_table(junior, anomalies, on_progress=on_progress,
                                 need_rows=False, limits=limits))
        add_junior(tables[1], posts, anomalies)
    mapper = by_post if by == "post" else by_unit
    units, people, written = mapper(posts, parent, depth, anomalies, tables[0].file)
    command = ["custorg", "import", "organogram", *(t.file for t in tables), "--by", by]
    result = ImportResult(command, organisation_name(posts), units, people, tables,
                          anomalies, written)
    result.sort()
    return result
