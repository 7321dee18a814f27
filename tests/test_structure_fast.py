"""Issue 26: `Structure.set_lcm_is_top_or_none` reads units until one answers (C005's
customer-function units are read lazily): the answer of the sets of roots and branches."""

from __future__ import annotations

from hypothesis import given, settings, strategies as st

from custorg.analysis.structure import Structure

_UNITS = [f"u{n}" for n in range(6)]


@settings(max_examples=300, deadline=None)
@given(roots=st.lists(st.sampled_from("ab"), min_size=6, max_size=6),
       branches=st.lists(st.sampled_from(["x", "y", None]), min_size=6, max_size=6),
       chosen=st.lists(st.sampled_from(_UNITS), max_size=6))
def test_the_lazy_answer_is_the_sets_answer(roots: list[str], branches: list[str | None],
                                            chosen: list[str]) -> None:
    root = dict(zip(_UNITS, roots, strict=True))
    branch = dict(zip(_UNITS, branches, strict=True))
    structure = Structure({}, {}, [], {}, root, branch, frozenset(), {})
    tops = {root[u] for u in chosen}
    sides = {branch[u] for u in chosen}
    expected = len(tops) > 1 or None in sides or len(sides) > 1
    assert structure.set_lcm_is_top_or_none(iter(chosen)) is expected
    assert structure.set_lcm_is_top_or_none(chosen) is expected
