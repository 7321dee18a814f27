"""Issue 26: silos sum whole weights (whole numbers, and fractions such as 2.5) in the
ties' own order (no sort into the collaboration graph's order): each partial sum is
exact, so every order gives the same floats."""

from __future__ import annotations

import random

from hypothesis import given, settings, strategies as st

from custorg.analysis.silos import silos, whole
from custorg.graph import edges_in_graph_order

_UNITS = [f"u{n}" for n in range(8)]
_FUNCTION: dict[str, str | None] = {u: ("sales", "ops", None)[n % 3]
                                    for n, u in enumerate(_UNITS)}


@settings(max_examples=300, deadline=None)
@given(ties=st.dictionaries(st.tuples(st.sampled_from(_UNITS), st.sampled_from(_UNITS)),
                            st.one_of(st.integers(0, 10**6),
                                      st.integers(0, 10**6).map(float),
                                      st.integers(0, 10**6).map(lambda n: n / 4),
                                      st.integers(0, 10**9).map(lambda n: n / 65536)),
                            max_size=20),
       seed=st.integers(0, 1000))
def test_whole_weights_sum_alike_in_any_order(ties: dict[tuple[str, str], float],
                                              seed: int) -> None:
    assert whole(ties.values())
    ordered = edges_in_graph_order(_UNITS, ties)
    shuffled = [(a, b, w) for (a, b), w in ties.items()]
    random.Random(seed).shuffle(shuffled)
    assert silos(shuffled, _FUNCTION, 0.0) == silos(ordered, _FUNCTION, 0.0)


def test_fractions_and_huge_totals_are_not_whole() -> None:
    assert not whole([1, 0.1]) and not whole([2.0 ** -17])
    assert not whole([2.0 ** 35, 2.0 ** 35])
    assert not whole([float("inf")]) and not whole([float("nan")])
    assert whole([]) and whole([3, 4.0, 2.5, 2.0 ** -16])
