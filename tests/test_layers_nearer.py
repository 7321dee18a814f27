"""Issue 26: the customer distance with declared direct contact (`near`) is derived from
the search without it (the evidence distance's), instead of a second search:
`nearer(distances(adj, hubs), adj, hubs, near)` gives `distances(adj, hubs, near)`."""

from __future__ import annotations

from hypothesis import given, settings, strategies as st

from custorg.analysis.layers import Hubs, adjacency, distances, nearer
from custorg.graph import CUSTOMER_NODE

_NODES = [CUSTOMER_NODE] + [f"u{n}" for n in range(12)]
_UNITS = _NODES[1:]


@settings(max_examples=500, deadline=None)
@given(edges=st.lists(st.tuples(st.sampled_from(_NODES), st.sampled_from(_NODES)),
                      max_size=25),
       hubs=st.lists(st.lists(st.sampled_from(_UNITS), max_size=5, unique=True),
                     max_size=4),
       near=st.lists(st.sampled_from(_UNITS), max_size=5))
def test_nearer_is_the_search_with_near(edges: list[tuple[str, str]],
                                        hubs: list[list[str]], near: list[str]) -> None:
    adj = adjacency(edges)
    plain = distances(adj, hubs)
    assert nearer(plain, adj, hubs, near) == distances(adj, hubs, near)
    index = Hubs(hubs)  # one index of the hubs serves both searches, as in analyse
    assert distances(adj, index) == plain  # neither search changes the hubs
    assert nearer(distances(adj, index), adj, index, near) == distances(adj, hubs, near)


def test_a_chain_comes_closer_through_a_declared_unit() -> None:
    adj = adjacency([(CUSTOMER_NODE, "a"), ("a", "b"), ("b", "c"), ("c", "d"), ("x", "y")])
    got = nearer(distances(adj), adj, [["d", "z"]], ["c", "x"])
    assert got == {CUSTOMER_NODE: 0, "a": 1, "b": 2, "c": 1, "d": 2, "z": 3, "x": 1, "y": 2}
