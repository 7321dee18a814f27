"""The two XES readers give the same traces: the canonical reader (xesgrammar, no tree)
against lxml reading the whole log, on generated logs that keep to the canonical
serialization, leave it anywhere, or are malformed."""

from __future__ import annotations

import gzip
import random
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from custorg.mining import Columns, xesgrammar, xeslog
from custorg.mining.events import LogError

WANTED = ["org:group", "time:timestamp", "concept:name"]
EXTRA = ["org:resource", "lifecycle:transition", "impact", "Dział", "case:x"]
PLAIN = ["A", "B", "C", "Dział sprzedaży", "客户服务", "Отдел продаж", "Klientų aptarnavimas",
         "2024-03-01T10:05:07Z", "2024-03-01T10:07:00.250+02:00", "", "1 > 0"]
SPECIAL = ["R&amp;D", "a &lt; b &gt; c", "x&#10;y", "&#x1F600;", "x\ty", "&#0;"]
SPECIAL_KEYS = ["org:gr&#111;up", "R&amp;D", "inner"]
TYPES = ["string"] * 6 + ["date", "int", "float", "boolean", "id"]
NS = "http://www.xes-standard.org/"
COLUMNS = [Columns(), Columns(unit="concept:name"), Columns(case="case:org:group"),
           Columns(unit="case:x", activity_explicit=True), Columns(timestamp="Dział")]


class _Writer:
    """A random XES document in a style drawn once (the events' attribute order, how
    often an attribute is missing, repeated, special): mostly canonical like a real
    export; `rate` is how often a piece leaves the canonical form."""

    def __init__(self, rng: random.Random, rate: float) -> None:
        self.rng, self.rate = rng, rate
        self.order = rng.sample(WANTED + EXTRA, rng.randint(3, 8))
        self.missing, self.repeated, self.special = (rng.choice([0, 0.01, 0.2])
                                                     for _ in range(3))

    def odd(self) -> bool:
        return self.rng.random() < self.rate

    def gap(self) -> str:
        if self.odd():
            return self.rng.choice(["<!-- a comment -->", "<?pi x?>", "text", "<![CDATA[x]]>"])
        return self.rng.choice(["", "\n\t", " ", "\r\n  "])

    def attribute(self, key: str) -> str:
        rng = self.rng
        value = rng.choice(SPECIAL if rng.random() < self.special else PLAIN)
        key = rng.choice(SPECIAL_KEYS) if rng.random() < self.special / 4 else key
        kind = rng.choice(TYPES)
        if not self.odd():
            return f'<{kind} key="{key}" value="{value}"/>'
        return rng.choice([
            f'<{kind}  key="{key}"\n value="{value}" />',
            f'<{kind} value="{value}" key="{key}"/>',
            f"<{kind} key='{key}' value='{value}'/>",
            f'<foo key="{key}" value="{value}"/>',
            f'<{kind} key="{key}" value="{value}"><string key="inner" value="x"/></{kind}>',
            f'<{kind} key="{key}"/>',
        ])

    def event(self) -> str:
        rng = self.rng
        if self.odd() and rng.random() < 0.2:
            return rng.choice(["<event/>", '<event id="1"></event>', "<event>x</event>"])
        keys = [k for k in self.order if rng.random() >= self.missing]
        for _ in range(2):
            if rng.random() < self.repeated:
                keys.insert(rng.randint(0, len(keys)), rng.choice(WANTED))
        inner = "".join(self.gap() + self.attribute(key) for key in keys)
        return f"<event>{inner}{self.gap()}</event>"

    def trace(self) -> str:
        rng = self.rng
        items = [self.attribute(rng.choice(WANTED + EXTRA)) if rng.random() < self.repeated
                 else self.event() for _ in range(rng.randint(0, 6))]
        if rng.random() < 0.9:
            items.insert(0, f'<string key="concept:name" value="c{rng.randint(0, 30)}"/>')
        start = "<trace>" if not self.odd() else rng.choice(['<trace a="1">', "<trace >"])
        if self.odd() and rng.random() < 0.1:
            return "<trace/>"
        return start + "".join(self.gap() + item for item in items) + self.gap() + "</trace>"

    def document(self) -> str:
        rng = self.rng
        head = rng.choice(['<?xml version="1.0" encoding="UTF-8" ?>\n', "",
                           "<?xml version='1.0' encoding='utf-8'?>",
                           '\ufeff<?xml version="1.0"?>\n', '<?xml version="1.1"?>'])
        root, close = rng.choice([(f'<log xes.version="1.0" xmlns="{NS}">', "</log>"),
                                  ("<log>", "</log>"), (f'<x:log xmlns:x="{NS}">', "</x:log>")])
        header = '<global scope="event"><string key="org:group" value="U"/></global>'
        count = rng.randint(0, 5) if rng.random() < 0.2 else rng.randint(21, 70)
        body = "\n".join(self.trace() for _ in range(count))
        text = f"{head}<!-- made by a test -->\n{root}\n{header}\n{body}\n{close}\n"
        if self.odd() and rng.random() < 0.3:  # malformed
            text = rng.choice([text[: rng.randint(0, len(text))],
                               text.replace("</event>", "</evnt>", 1),
                               text.replace("<event>", "<event><event>", 1)])
        return text


def read(path: Path, columns: Columns, canonical_first: bool) -> Any:
    seen: set[str] = set()
    try:
        out = list(xeslog.traces(path, columns, seen, canonical_first=canonical_first))
    except LogError as exc:
        return ("error", str(exc))
    return out, seen


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.randoms(use_true_random=False), st.sampled_from([0.0, 0.0, 0.002, 0.02, 0.2]),
       st.sampled_from(COLUMNS), st.booleans())
def test_canonical_reader_equals_lxml(tmp_path_factory: pytest.TempPathFactory,
                                      rng: random.Random, rate: float, columns: Columns,
                                      packed: bool) -> None:
    text = _Writer(rng, rate).document()
    path = tmp_path_factory.mktemp("xes") / ("log.xes.gz" if packed else "log.xes")
    data = text.encode()
    path.write_bytes(gzip.compress(data) if packed else data)
    assert read(path, columns, True) == read(path, columns, False)


def _log(traces: int, extra: str = "", at: int = -1) -> str:
    """A canonical log of `traces` traces; `extra` inserted before trace `at`."""
    body = []
    for i in range(traces):
        if i == at:
            body.append(extra)
        body.append(f'\t<trace>\n\t\t<string key="concept:name" value="c{i}"/>\n' + "".join(
            f'\t\t<event>\n\t\t\t<string key="org:group" value="{"AB"[(i + j) % 2]}"/>\n'
            f'\t\t\t<string key="impact" value="Low"/>\n'
            f'\t\t\t<date key="time:timestamp" value="2024-03-01T10:0{j}:00+01:00"/>\n'
            f'\t\t\t<string key="concept:name" value="step {j}"/>\n\t\t</event>\n'
            for j in range(3)) + "\t</trace>")
    return (f'<?xml version="1.0" encoding="UTF-8" ?>\n<log xmlns="{NS}">\n'
            + "\n".join(body) + "\n</log>\n")


class _Spy:
    """Counts what the canonical reader did on the last log."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.readers: list[xesgrammar.Canonical] = []
        original = xesgrammar.Canonical.__init__

        def init(canonical: xesgrammar.Canonical, *args: Any) -> None:
            original(canonical, *args)
            self.readers.append(canonical)

        monkeypatch.setattr(xesgrammar.Canonical, "__init__", init)


def test_a_canonical_log_is_read_without_lxml_by_the_template(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    spy = _Spy(monkeypatch)
    path = tmp_path / "log.xes"
    path.write_text(_log(60), encoding="utf-8")
    assert read(path, Columns(), True) == read(path, Columns(), False)
    canonical = spy.readers[0]
    assert canonical.rest is None  # lxml read nothing but the header
    assert (canonical.hits, canonical.misses) == (40, 0)  # every trace after the first 20
    assert canonical.order == ["org:group", "time:timestamp", "concept:name"]


@pytest.mark.parametrize("extra", ["<!-- a comment between traces -->",
                                   '<trace><string key="concept:name" value="x"><int '
                                   'key="nested" value="1"/></string></trace>'])
def test_lxml_reads_on_from_the_first_trace_out_of_the_grammar(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, extra: str) -> None:
    spy = _Spy(monkeypatch)
    path = tmp_path / "log.xes"
    path.write_text(_log(40, extra, at=30), encoding="utf-8")
    fast, reference = read(path, Columns(), True), read(path, Columns(), False)
    assert fast == reference and len(fast[0]) in (40, 41)
    assert spy.readers[0].rest is not None and not spy.readers[0].whole
    assert spy.readers[0].hits == 10  # traces 21 to 30 before the hand-over


def test_malformed_after_the_hand_over_names_its_place_in_the_file(tmp_path: Path) -> None:
    text = _log(40, "<!-- fine -->", at=25).replace("</event>", "</evnt>", 3 * 33 + 1)
    path = tmp_path / "log.xes"
    path.write_text(text, encoding="utf-8")
    fast, reference = read(path, Columns(), True), read(path, Columns(), False)
    assert fast == reference and fast[0] == "error"
    line = text.count("\n", 0, text.index("</evnt>")) + 1
    assert f"log.xes: line {line}, column " in fast[1] and "malformed XES" in fast[1]


@pytest.mark.parametrize("body", ["x&#0;y", "x\udc80y"])
def test_bad_characters_get_lxmls_message(tmp_path: Path, body: str) -> None:
    text = _log(30).replace('value="step 1"', f'value="{body}"', 40)
    path = tmp_path / "log.xes"
    path.write_bytes(text.encode("utf-8", "surrogateescape"))
    fast, reference = read(path, Columns(), True), read(path, Columns(), False)
    assert fast == reference and fast[0] == "error" and "line " in fast[1]


def test_other_encodings_and_xml_versions_go_to_lxml(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    spy = _Spy(monkeypatch)
    text = _log(25).replace('encoding="UTF-8"', 'encoding="ISO-8859-1"').replace(
        'value="A"', 'value="Caf\u00e9"')
    path = tmp_path / "log.xes"
    path.write_bytes(text.encode("latin-1"))
    fast = read(path, Columns(), True)
    assert fast == read(path, Columns(), False) and spy.readers[0].whole
    assert fast[0][0][1][0][0] in ("Caf\u00e9", "B")


def test_gzip_members_padding_and_truncation(tmp_path: Path) -> None:
    data = _log(30).encode()
    path = tmp_path / "log.xes.gz"
    half = len(data) // 2
    path.write_bytes(gzip.compress(data[:half]) + gzip.compress(data[half:]) + b"\0" * 64)
    plain = tmp_path / "log.xes"
    plain.write_bytes(data)
    assert read(path, Columns(), True) == read(plain, Columns(), False)
    packed = gzip.compress(data)
    path.write_bytes(packed[: len(packed) * 2 // 3])
    fast = read(path, Columns(), True)
    assert fast == read(path, Columns(), False) and fast[0] == "error"
    assert "truncated or corrupt gzip data" in fast[1] and "log.xes.gz: byte " in fast[1]


def test_a_long_trace_crosses_many_chunks(tmp_path: Path) -> None:
    """A trace of several megabytes is read whole (the buffer grows, not quadratically)."""
    events = "".join(
        f'<event><string key="org:group" value="{"AB"[j % 2]}"/>'
        f'<date key="time:timestamp" value="2024-03-01T10:00:{j % 60:02d}Z"/></event>\n'
        for j in range(60_000))
    text = _log(25).replace("</log>", f'<trace><string key="concept:name" value="long"/>'
                                      f"{events}</trace>\n</log>")
    path = tmp_path / "log.xes"
    path.write_text(text, encoding="utf-8")
    fast = read(path, Columns(), True)
    assert fast == read(path, Columns(), False)
    assert fast[0][-1][0] == "long" and len(fast[0][-1][1]) == 60_000


def _variant(text: str, trace: int, old: str, new: str) -> str:
    """`text` with `old` replaced by `new` inside trace number `trace` (from 0) only."""
    start = text.index(f'value="c{trace}"/>')
    end = text.index("</trace>", start)
    return text[:start] + text[start:end].replace(old, new) + text[end:]


@pytest.mark.parametrize(("trace", "old", "new", "what"), [
    # past the template (events without an activity): the first of a repeated unit wins
    (24, '<string key="concept:name" value="step', '<string key="org:group" value="Z',
     "first of a repeated key"),
    # a reference to no XML character in an attribute nobody reads: lxml refuses the log
    (24, 'value="Low"', 'value="&#0;"', "every reference checked"),
    (5, 'value="Low"', 'value="L&amp;w"/><string key="impact" value="&#0;"', "repeated key"),
    # a trace out of the grammar among the careful ones: lxml reads it as the same (6th)
    # trace, so the 20th is still read key by key and its own key is noted
    (5, '<string key="impact" value="Low"/>', "<!-- c -->", "count kept"),
])
def test_edge_cases_equal_lxml(tmp_path: Path, trace: int, old: str, new: str,
                               what: str) -> None:
    text = _variant(_log(30), trace, old, new)
    text = _variant(text, 19, 'key="impact"', 'key="only-in-the-20th"')
    path = tmp_path / "log.xes"
    path.write_text(text, encoding="utf-8")
    fast = read(path, Columns(), True)
    assert fast == read(path, Columns(), False), what
    if fast[0] != "error":
        assert "only-in-the-20th" in fast[1]
        if trace == 24:
            assert {event[0] for event in fast[0][24][1]} == {"A", "B"}
