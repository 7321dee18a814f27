"""Issue 26: the findings' written-out constructors, their order and the rules' fast
paths keep what the dataclasses and the careful code gave (fingerprints and order are
what baselines and SARIF match by)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from custorg.audit.config import Config
from custorg.audit.engine import _apply_suppressions, audit
from custorg.findings import Entity, Finding, Location, Severity, display_message, sort_findings


def _finding(file: str = "a.yaml", line: int = 3, column: int = 5, code: str = "S004",
             ident: str = "sales", message: str = "unit 'sales' has 12 child units") -> Finding:
    return Finding(code, "wide-span", Severity.WARNING, message, Location(file, line, column),
                   Entity("unit", ident), names=(("sales", "Sales"),))


def test_fields_are_set_as_the_dataclass_would_set_them() -> None:
    f = _finding()
    assert [x.name for x in dataclasses.fields(Finding)] == [
        "code", "rule", "severity", "message", "location", "entity", "related", "key",
        "names"]
    assert f.related == () and f.key is None and f.names == (("sales", "Sales"),)
    assert Location("a.yaml") == Location("a.yaml", 0, 0)
    assert Location(file="a.yaml", line=2, column=1) == Location("a.yaml", 2, 1)
    assert Entity(kind="unit", id="x") == Entity("unit", "x")
    same = Finding(code="S004", rule="wide-span", severity=Severity.WARNING,
                   message="unit 'sales' has 12 child units",
                   location=Location("a.yaml", 3, 5), entity=Entity("unit", "sales"),
                   names=(("sales", "Sales"),))
    assert f == same and hash(f) == hash(same)
    assert repr(Location("a.yaml", 1, 2)) == "Location(file='a.yaml', line=1, column=2)"


def test_they_stay_frozen_and_replace_copies_one_field() -> None:
    f = _finding()
    with pytest.raises(dataclasses.FrozenInstanceError):
        f.code = "X001"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        f.location.line = 9  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        f.entity.id = "other"  # type: ignore[misc]
    error = dataclasses.replace(f, severity=Severity.ERROR)
    assert error.severity is Severity.ERROR and error.names == f.names
    assert dataclasses.replace(error, severity=Severity.WARNING) == f
    assert error.fingerprint() == f.fingerprint()


def test_the_fingerprint_is_the_documented_hash() -> None:
    import hashlib

    f = _finding(message="unit 'sales' has 12 child units")
    text = "\x1f".join(("S004", "unit", "sales", "unit 'sales' has  child units"))
    assert f.fingerprint() == hashlib.sha256(text.encode()).hexdigest()[:32]


def test_sort_findings_orders_by_place_code_entity_message() -> None:
    found = [_finding("b.yaml", 1, 1), _finding("a.yaml", 10, 1), _finding("a.yaml", 2, 7),
             _finding("a.yaml", 2, 3, code="S006"), _finding("a.yaml", 2, 3, code="S004"),
             _finding("a.yaml", 2, 3, ident="b", message="z"),
             _finding("a.yaml", 2, 3, ident="b", message="y")]
    ordered = sort_findings(found)
    assert [f.sort_key() for f in ordered] == sorted(f.sort_key() for f in found)
    assert [(f.location.line, f.location.column, f.code, f.entity.id, f.message)
            for f in ordered][:4] == [(2, 3, "S004", "b", "y"), (2, 3, "S004", "b", "z"),
                                      (2, 3, "S004", "sales",
                                       "unit 'sales' has 12 child units"),
                                      (2, 3, "S006", "sales",
                                       "unit 'sales' has 12 child units")]
    assert ordered[-1].location.file == "b.yaml"
    assert _finding().sort_key() == ("a.yaml", 3, 5, "S004", "sales",
                                     "unit 'sales' has 12 child units")


def test_no_suppressions_keep_every_finding_in_order(write: Callable[..., Path]) -> None:
    path = write("units: [{id: board}, {id: a, parent: board}]\n")
    report = audit([str(path)], Config())
    assert report.org is not None
    found = [_finding(line=n) for n in (3, 1, 2)]
    kept, suppressed, meta = _apply_suppressions(report.org, found)
    assert kept == found and kept is not found
    assert suppressed == [] and meta == []


def test_suppressions_of_a_few_entities_among_many(write: Callable[..., Path]) -> None:
    units = "".join(f"  - {{id: u{i}, parent: board}}\n" for i in range(30))
    path = write("units:\n  - {id: board}\n" + units +
                 "  - {id: quiet, parent: board, suppress: {S006: 'one child on purpose'}}\n"
                 "  - {id: kid, parent: quiet}\n"
                 "  - {id: stale, parent: board, suppress: {S004: 'never wide'}}\n")
    report = audit([str(path)], Config())
    assert [(f.code, f.entity.id) for f in report.suppressed] == [("S006", "quiet")]
    assert [(f.code, f.entity.id, f.message) for f in report.findings if f.code == "M002"] \
        == [("M002", "stale", "suppression of S004 on unit 'stale' matches no finding: "
             "remove it")]
    assert ("S004", "board") in {(f.code, f.entity.id) for f in report.findings}


def test_suspicious_characters_are_found_among_plain_sections(
        write: Callable[..., Path]) -> None:
    """M003 skips what is plain ASCII section by section; what is not is still checked
    in the order of the entities, ids before names, look-alike ids included."""
    path = write("units:\n  - {id: sales}\n  - {id: ops, name: Ops}\n"
                 "  - {id: \"s\\u0430les\"}\n  - {id: it, name: \"IT\\u202e\"}\n"
                 "people:\n  - {id: anna, name: Anna M\u00fcller, unit: sales}\n"
                 "  - {id: \"b\\u200bob\", name: Bob, unit: sales}\n")
    report = audit([str(path)], Config())
    got = [(f.entity.kind, f.entity.id, f.location.line) for f in report.findings
           if f.code == "M003"]
    assert got == [("unit", "s\u0430les", 4), ("unit", "it", 5),
                   ("person", "b\u200bob", 8)]


_IDS = st.text(alphabet="ab'\" ->x.", min_size=1, max_size=4)


@settings(max_examples=400, deadline=None)
@given(message=st.lists(st.one_of(_IDS, st.sampled_from([" -> ", "'a'", "unit ", "'"])),
                        max_size=8).map("".join),
       ident=_IDS, name=st.text(alphabet="ab'N ->", max_size=4))
def test_display_of_one_unit_is_the_general_pass(message: str, ident: str, name: str) -> None:
    """The short way for one unit (a `str.replace` of its quoted id when the message has
    no arrow) shows what the general pass shows: a second unit that the message never
    names sends the same message through the general pass."""
    absent = ("\x00absent\x00", "Nobody")
    assert display_message(message, ((ident, name),)) == \
        display_message(message, ((ident, name), absent))


@settings(max_examples=600, deadline=None)
@given(message=st.lists(st.one_of(_IDS, st.sampled_from([" -> ", "'a'", "'b'", "unit ", "'",
                                                         "' -> '", " -> '", "' -> ", "'a'b'",
                                                         "'b'a'", "'a'a'", "'ab'"])),
                        max_size=8).map("".join),
       units=st.lists(st.tuples(_IDS, st.text(alphabet="ab'N ->", max_size=4)),
                      min_size=1, max_size=3))
def test_display_without_bare_mentions_is_the_general_pass(
        message: str, units: list[tuple[str, str]]) -> None:
    """Skipping the search for bare mentions (every arrow between quotes, no id with a
    quote), and two units' quoted mentions replaced piece by piece, show what the
    general pass, which always searches when an arrow is there, shows."""
    from custorg.findings import ARROW, _replace_mentions

    names = tuple(units)
    assert display_message(message, names) == \
        _replace_mentions(message, names, ARROW in message)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet="ab \t\x7f\u00fc\u202e\x00~", max_size=4), max_size=8))
def test_odd_names_found_in_one_scan_are_those_one_by_one(names: list[str]) -> None:
    """M003 finds the names that are not plain ASCII from one scan of them joined; the
    same names, in order, as testing each (empty names and control characters
    included)."""
    from custorg.rules.characters import _odd_texts, _plain_text

    assert _odd_texts(names) == [n for n, name in enumerate(names) if not _plain_text(name)]
