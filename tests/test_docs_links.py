"""The documentation holds together: every relative link of the README, CONTRIBUTING.md,
docs/*.md and examples/README.md points at a file that exists, and every `#anchor` at a
heading of its page (GitHub's anchors); the pages and the code cite the project's own docs, never
the specs outside the repository; the README keeps a place for each coming section."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PAGES = sorted([ROOT / "README.md", ROOT / "CONTRIBUTING.md", ROOT / "examples" / "README.md",
                *(ROOT / "docs").glob("*.md")])
LINK = re.compile(r"!?\[(?:[^\]\[]|\[[^\]]*\])*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")
FENCE = re.compile(r"^(```|~~~).*?^\1\s*$", re.M | re.S)
HEADING = re.compile(r"^#{1,6}\s+(.*?)\s*#*\s*$", re.M)


def prose(text: str) -> str:
    """The text without fenced code blocks, inline code spans and HTML comments."""
    text = FENCE.sub("", text)
    text = re.sub(r"<!--.*?-->", "", text, flags=re.S)
    return re.sub(r"`[^`\n]*`", "", text)


def slug(heading: str) -> str:
    """GitHub's anchor for a heading: the text as shown (no code marks, emphasis or link
    targets), lower case, punctuation other than `-` and `_` removed, spaces as `-`."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", heading)
    text = re.sub(r"[`*]", "", text).strip().lower()
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def anchors(page: Path) -> set[str]:
    """Every anchor of a page; a repeated heading gets `-1`, `-2`... as on GitHub."""
    seen: dict[str, int] = {}
    out = set()
    for heading in HEADING.findall(FENCE.sub("", page.read_text(encoding="utf-8"))):
        base = slug(heading)
        n = seen.get(base, 0)
        out.add(base if n == 0 else f"{base}-{n}")
        seen[base] = n + 1
    return out


def links(page: Path) -> list[str]:
    return LINK.findall(prose(page.read_text(encoding="utf-8")))


def test_slugs_are_githubs() -> None:
    assert slug("Use in CI") == "use-in-ci"
    assert slug("## `custorg diff AS_IS TO_BE`".lstrip("# ")) == "custorg-diff-as_is-to_be"
    assert slug("custorg mine (issue 12)") == "custorg-mine-issue-12"
    assert slug("Silos: the E-I index per function") == "silos-the-e-i-index-per-function"


def test_a_broken_link_is_found(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text("# Top\n\n[ok](#top) [bad](#nowhere) `[code](#x)`\n```\n[x](#y)\n```\n",
                    encoding="utf-8")
    assert links(page) == ["#top", "#nowhere"]
    assert anchors(page) == {"top"}


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_relative_links_and_anchors_resolve(page: Path) -> None:
    broken = []
    for target in links(page):
        if re.match(r"[a-z]+:", target):  # https:, mailto: ... are not checked here
            continue
        path, _, anchor = target.partition("#")
        file = (page.parent / path).resolve() if path else page
        if not file.exists():
            broken.append(f"{target}: no such file")
        elif anchor and file.suffix == ".md" and anchor not in anchors(file):
            broken.append(f"{target}: no heading with that anchor")
    assert broken == []


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_pages_cite_the_projects_own_docs(page: Path) -> None:
    text = page.read_text(encoding="utf-8")
    assert "shared/spec" not in text and "../shared" not in text


SPEC_PAGES = re.compile(r"shared/spec|(?<![\w/])(?:analysis|mining|import|scenarios|interface|"
                        r"format)\.md")
CITED_DOC = re.compile(r"docs/([\w-]+\.md)")


def test_the_code_cites_the_projects_own_docs() -> None:
    """Docstrings and comments of src/ name docs/*.md pages that exist, never the specs
    outside the repository (analysis.md, interface.md...)."""
    outside, missing = [], []
    for path in sorted((ROOT / "src").rglob("*")):
        if path.suffix not in (".py", ".sql"):
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            where = f"{path.relative_to(ROOT)}:{number}"
            outside += [where] * bool(SPEC_PAGES.search(line))
            missing += [f"{where} {page}" for page in CITED_DOC.findall(line)
                        if not (ROOT / "docs" / page).is_file()]
    assert outside == [] and missing == []


def test_readme_keeps_no_place_holders() -> None:
    """Every section that had a place kept for it (messy data, evidence, teams, slides,
    Spark) is written: no `<!-- section: ... -->` marker is left."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert re.findall(r"<!-- section: ([a-z ]+),", text) == []


def test_readme_documentation_map_lists_every_docs_page() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    table = text[text.index("## Documentation"):]
    for page in (ROOT / "docs").glob("*.md"):
        assert f"](docs/{page.name})" in table, page.name
