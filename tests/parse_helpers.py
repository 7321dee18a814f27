"""The loader's equivalence: each fast path (loadfast.py's events, scan.py's lines), where
it is taken, gives what the careful builder gives (test_perf_equivalence, test_scan*)."""

from __future__ import annotations

from typing import Any

import pytest


def careful(text: str, monkeypatch: pytest.MonkeyPatch) -> Any:
    from custorg.orgfile import load as load_module

    with monkeypatch.context() as patch:
        patch.setenv(load_module.PARSER_ENV, "careful")
        return load_module.parse_text(text, "f.yaml")


def assert_same_parse(text: str, monkeypatch: pytest.MonkeyPatch) -> set[str]:
    """Both fast paths (loadfast's events, scan.py's lines), where they are taken, give
    what the careful builder gives: the same data and the same source map. Returns the
    fast paths that took the text ("events", "scan")."""
    from custorg.orgfile.load import _plain, _scanned, parse_text

    doc, findings = careful(text, monkeypatch)
    assert parse_text(text, "f.yaml")[1] == findings
    taken = set()
    for fast_path in (_plain, _scanned):
        fast = fast_path(text, "f.yaml")
        if fast is None:
            continue
        taken.add(fast.path_kind)
        assert findings == [] and doc is not None
        assert repr(fast.data) == repr(doc.data)
        # located on demand, as the rules ask: every path the careful builder knows, and
        # the paths just below them (which fall back to an ancestor), values and keys, get
        # the same location
        lazy = fast_path(text, "f.yaml").source
        for path in reversed(list(doc.source.values)):
            for probe in (path, path + ("absent",), path + (10**6,), path + (0,), path + (-1,)):
                for key in (False, True):
                    assert lazy.at(probe, key) == doc.source.at(probe, key), (probe, key)
        for path in reversed(list(doc.source.keys)):
            assert lazy.at(path, key=True) == doc.source.at(path, key=True), path
        fast.source.complete()
        for part in ("values", "keys", "raw"):
            assert list(getattr(fast.source, part).items()) == \
                list(getattr(doc.source, part).items()), part
    return taken
