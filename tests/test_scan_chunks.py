"""The line scanner (orgfile/scan.py) matches its lines a chunk at a time and keeps a key
table for the shallow mappings only: neither changes what it reads."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given

from custorg.orgfile import scan
from custorg.orgfile.loadfast import SHALLOW, Unusual
from parse_helpers import assert_same_parse
from test_scan import BAILS, SETTINGS, TAKEN, documents

ORG = ("# an org\ncustorg: 1\nunits:\n  - id: u1\n    name: A\n    kpis: [k1, k2]\n"
       "  - id: u2\n    parent: u1\n    headcount: 3\n\n    steps:\n      - unit: u1\n"
       "        activity: x\n      - y\n  -   id: u3\n      name: C\npeople:\n- id: p1\n"
       "  unit: u2\n- id: p2\n")


def scanned(text: str) -> Any:
    try:
        root, marks, spans, raw, keys = scan.plain_lines(text, 1000)
    except Unusual:
        return "Unusual"
    return (root, list(zip(marks.lines, marks.cols, strict=True)), spans, raw,
            {path: list(table) for path, table in keys.items()})


def shallow_mappings(node: Any, path: tuple[Any, ...] = ()) -> dict[tuple[Any, ...], int]:
    """path -> size of every mapping at a path of at most SHALLOW parts."""
    found = {}
    if isinstance(node, dict):
        found[path] = len(node)
    if len(path) < SHALLOW and isinstance(node, (dict, list)):
        for part, child in (node.items() if isinstance(node, dict) else enumerate(node)):
            found.update(shallow_mappings(child, path + (part,)))
    return found


@pytest.mark.parametrize("chunk", [1, 2, 5, 13])
def test_any_chunk_size_reads_the_same(monkeypatch: pytest.MonkeyPatch, chunk: int) -> None:
    texts = [*TAKEN, *BAILS, ORG, ORG.replace("\n", "\n\n"), "\n\n\n", "a: 1\n\n"]
    expected = [scanned(text) for text in texts]
    assert expected[TAKEN.index("a: 1\n")] != "Unusual" and expected[-5] != "Unusual"
    monkeypatch.setattr(scan, "CHUNK", chunk)
    for text, before in zip(texts, expected, strict=True):
        assert scanned(text) == before, text


def node_at(root: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        root = root[part]
    return root


def test_key_tables_are_the_shallow_mappings_one_mark_per_key() -> None:
    for text in [*TAKEN, ORG]:
        root, marks, _, _, keys = scanned(text)
        mappings = {path: len(table) for path, table in keys.items() if len(path) <= SHALLOW}
        assert mappings == shallow_mappings(root)
        for path, table in keys.items():  # each is its key's mark: the value's mark follows
            if len(path) <= SHALLOW:
                assert all(0 < i < len(marks) - 1 for i in table), (text, path)


def test_item_tables_are_the_block_lists_in_entities_one_mark_per_item() -> None:
    """A block list at SHALLOW + 1 (a process's steps) has the index of each item's mark;
    a flow list there (`kpis: [k1, k2]`) has none (its items are counted: one mark each)."""
    root, marks, _, _, keys = scanned(ORG)
    items = {path: table for path, table in keys.items() if len(path) > SHALLOW}
    assert list(items) == [("units", 1, "steps")]
    steps = items["units", 1, "steps"]
    assert len(steps) == len(node_at(root, ("units", 1, "steps")))
    assert [marks[i] for i in steps] == [(12, 9), (14, 9)]  # `unit:` of `- unit: u1`, `y`


@given(documents())
@SETTINGS
def test_generated_documents_have_key_tables_of_the_shallow_mappings(text: str) -> None:
    root, marks, _, _, keys = scanned(text)
    mappings = {path: len(table) for path, table in keys.items() if len(path) <= SHALLOW}
    assert mappings == shallow_mappings(root)
    for path, table in keys.items():  # the others: item tables of lists at SHALLOW + 1
        if len(path) > SHALLOW:
            node = node_at(root, path)
            assert len(path) == SHALLOW + 1 and isinstance(node, list), path
            assert len(table) == len(node) and list(table) == sorted(set(table)), path
            assert all(0 < i < len(marks) for i in table), path


FLOWS = ["[k1, k2]", "[null, k]", "[k, ~]", "[k,k2]", "[k ,k2]", "[k,  k2]", "[Null]", "[x]",
         "[yes, no, on]", "[x-y, a.b, ~x, a~]", "[k1, k2] # c", "[k1, k2]  ", "[-1, k]", "[ k ]",
         "[k, 1]", "[k, .5]", "[k, TRUE]", "[k, a b]", "[Ärger, 客户]", "[k, k2,]", "[k, , k2]"]


def test_flow_lists_of_words_are_read_as_the_careful_builder_reads_them(
        monkeypatch: pytest.MonkeyPatch) -> None:
    for flow in FLOWS:
        taken = assert_same_parse(f"units:\n  - id: u\n    kpis: {flow}\n", monkeypatch)
        assert ("scan" in taken) == (",]" not in flow and ", ," not in flow), flow


OUTSIDE_CHARS = ["\x00", "\t", "\x0b", "\x0c", "\r", "\x1f", "\x7f", "\x85", "\x9f", "\u2028",
                 "\u2029", "\ufeff", "\ufffe", "\uffff"]
PLACES = [("# an org", "# an{} org"), ("name: A", "name: A{}"), ("name: A", "name: {}A"),
          ("[k1, k2]", "[k1,{} k2]"), ("\n\n", "\n{}\n"), ("activity: x", "activity: 'x{}'"),
          ("headcount: 3", "headcount: 3 #{}"), ("- y", "- y{}")]


@pytest.mark.parametrize("chunk", [1, scan.CHUNK])
def test_a_character_outside_yamls_printable_set_anywhere_makes_the_scanner_bail(
        monkeypatch: pytest.MonkeyPatch, chunk: int) -> None:
    """No regular expression of the line scanner takes such a character, so the line
    holding it matches nothing: the scan counts its lines and bails (the careful builder
    reads the file, or says what is wrong)."""
    monkeypatch.setattr(scan, "CHUNK", chunk)
    assert scanned(ORG) != "Unusual"
    for char in OUTSIDE_CHARS:
        for before, after in PLACES:
            assert ORG.count(before) >= 1, before
            text = ORG.replace(before, after.format(char), 1)
            assert scanned(text) == "Unusual", (char, after)
        assert scanned(ORG + char) == "Unusual" and scanned(ORG[:-1] + char) == "Unusual"
    assert_same_parse(ORG.replace("name: A", "name: A\x85"), monkeypatch)
