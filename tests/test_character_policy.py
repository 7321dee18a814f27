"""Issue 18, items 9 and 10 and the cause: one character policy (escape.py) and every
destination derived from it, checked as a table; the Markdown escaper read by a
CommonMark renderer (markdown-it-py) and GitHub's mention and reference patterns."""

from __future__ import annotations

import json
import re
import unicodedata

import pytest

from custorg import escape
from custorg.diagrams.labels import clean
from custorg.diagrams.mermaid import escape as mermaid
from custorg.importer.names import id_text
from custorg.mining.text_report import show
from custorg.rules.characters import look

# one character of each class of the policy, with the escape `text` shows it as
HIDDEN = {"esc": ("\x1b", "\\x1b"), "nul": ("\x00", "\\x00"), "nel": ("\x85", "\\x85"),
          "line separator": ("\u2028", "\\u2028"), "rlo": ("\u202e", "\\u202e"),
          "lrm": ("\u200e", "\\u200e"), "alm": ("\u061c", "\\u061c"),
          "zwsp": ("\u200b", "\\u200b"), "word joiner": ("\u2060", "\\u2060"),
          "invisible times": ("\u2062", "\\u2062"), "soft hyphen": ("\u00ad", "\\xad"),
          "mongolian vowel separator": ("\u180e", "\\u180e"), "bom": ("\ufeff", "\\ufeff"),
          "tag": ("\U000e0041", "\\U000e0041"), "hangul filler": ("\u3164", "\\u3164"),
          "cgj": ("\u034f", "\\u034f"), "zwj alone": ("\u200d", "\\u200d"),
          "surrogate": ("\udcff", "\\xff")}
# ZWNJ/ZWJ between two letters: Persian and Indic names need them
KEPT = ["\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645", "\u0915\u094d\u200d\u0937",
        "caf\u00e9", "\u2764\ufe0f team", "IT-\u043e\u0442\u0434\u0435\u043b"]


def test_the_format_class_is_unicode_category_cf() -> None:
    """FORMAT is written out (no table built at import time): every Cf character of this
    Python's Unicode is in it, and nothing else but later Cf additions."""
    pattern = re.compile(f"[{escape.FORMAT}]")
    cf = [c for c in map(chr, range(0x110000)) if unicodedata.category(c) == "Cf"]
    assert [c for c in cf if not pattern.match(c)] == []
    extra = [f"{ord(c):04X}" for c in map(chr, range(0x110000))
             if pattern.match(c) and unicodedata.category(c) != "Cf"]
    assert set(extra) <= {f"{c:04X}" for c in range(0x13439, 0x13440)}  # Cf in Unicode 15


@pytest.mark.parametrize("name", sorted(HIDDEN))
def test_every_destination_hides_or_shows_each_hidden_character(name: str) -> None:
    char, shown = HIDDEN[name]
    value = f"1{char}2"  # between digits: a joiner between letters would be kept
    assert escape.text(value) == f"1{shown}2"  # terminal, CI log, YAML comment
    assert char not in escape.log(value)
    assert show(value) == f"1{shown}2"  # mine's text report
    assert escape.markdown(value) == f"1{shown.replace(chr(92), chr(92) * 2)}2"
    assert json.loads(escape.json_log(json.dumps(value, ensure_ascii=False))) == value
    assert char not in escape.json_log(json.dumps(value, ensure_ascii=False))
    assert clean(value) in ("12", "1 2")  # diagrams and the HTML report
    assert char not in mermaid(value)
    assert char not in escape.github_data(value)
    assert escape.hidden(value) == [char]  # M003, in an id
    if unicodedata.category(char) != "Cc" and char not in "\u2028\ud800\udcff":
        assert id_text(value) == "1-2"  # import: an id drops it


@pytest.mark.parametrize("value", KEPT)
def test_every_destination_keeps_what_a_name_needs(value: str) -> None:
    assert escape.text(value) == value
    assert escape.log(value) == value
    assert show(value) == value
    assert clean(value) == value
    assert escape.hidden(value, keep="\t") == []
    assert escape.json_log(json.dumps(value, ensure_ascii=False)) == \
        json.dumps(value, ensure_ascii=False)


def test_m003_compares_looks_after_nfkc_and_the_skeleton_only() -> None:
    assert look("\ufb01n") == "fin"  # the ligature fi
    assert look("\uff41dmin") == "admin"  # full-width a
    assert look("\u0455ales") == "sales"  # Cyrillic dze
    assert look("sa\u2061les") == "sales"  # an invisible operator is dropped
    assert look("\u0627\u0644\u0639") == "\u0627\u0644\u0639"  # Arabic stays Arabic


# ----------------------------------------------------------------------------- Markdown

MENTION = re.compile(r"(?<![\w`/])@[A-Za-z0-9][A-Za-z0-9-]*(?:/[A-Za-z0-9][\w-]*)?")
REFERENCE = re.compile(r"(?<![\w/])(?:[\w.-]+/[\w.-]+)?#[0-9]+|\bGH-[0-9]+", re.IGNORECASE)
ATTACKS = ["@user", "hi @org/team!", "owner/repo#1", "see #12", "GH-7", "a`b", "``x``",
           "`![x](http://evil/i.png)`", "<img src=x>", "[x](javascript:alert(1))",
           "**bold** _em_ ~~s~~", "a|b", "- item", "1. first", "# head", "> quote",
           "mail me: a@b.example", "https://evil.example/x", "www.evil.example", "&amp;"]


def _render(markdown: str) -> str:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").enable("table").enable("strikethrough").render(markdown)


def _text_outside_code(html: str) -> str:
    import html as html_lib

    html = re.sub(r"<code>.*?</code>", "", html, flags=re.DOTALL)
    return html_lib.unescape(re.sub(r"<[^>]+>", "", html))


@pytest.mark.parametrize("value", ATTACKS)
def test_markdown_shows_the_text_and_links_nothing(value: str) -> None:
    inline = escape.markdown(value)
    html = _render(f"| cell |\n|---|\n| {inline} |\n\n- {inline}\n")
    for tag in ("<img", "<a ", "<script", "<strong", "<em", "<del", "<ol", "<h1",
                "<blockquote"):
        assert tag not in html, html
    assert html.count("<td>") == 1 and html.count("<li>") == 1  # one cell, one item
    outside = _text_outside_code(html)
    assert not MENTION.search(outside) and not REFERENCE.search(outside), outside
    shown = re.sub(r"<[^>]+>", "", html.split("<li>")[1].split("</li>")[0])
    assert shown.replace(" ", "") == escape.text(value).replace(" ", "").replace(
        "&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


@pytest.mark.parametrize("value", ["a`b", "``x``", "`", "x` ![i](http://e/i.png) `",
                                   " padded ", "@user"])
def test_a_code_span_fence_is_longer_than_any_backtick_run(value: str) -> None:
    import html as html_lib

    html = _render(f"### custorg diff: {escape.markdown_code(value)}\n")
    assert "<img" not in html
    code = re.findall(r"<code>(.*?)</code>", html)
    assert [html_lib.unescape(c) for c in code] == [value]


def test_the_diff_heading_and_the_import_report_use_the_one_escaper() -> None:
    from custorg.diff import markdown as diff_markdown
    from custorg.importer import names as importer_names

    assert diff_markdown.md is escape.markdown and importer_names.md is escape.markdown
    assert diff_markdown.code is escape.markdown_code
    assert importer_names.code is escape.markdown_code
