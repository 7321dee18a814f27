"""Issue 26: the output gate checks a JSON or SARIF report as UTF-8 bytes
(`escape.json_log_utf8`) and writes those bytes when the check proves that `json_log`
would change nothing: the result is `json_log(text).encode()` in every case."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from custorg import escape
from custorg.cli import gate

# hidden characters of every class, characters sharing their UTF-8 lead bytes that are
# not hidden (ﬁ, arrows, NBSP, Hangul syllables, Arabic letters), letters around joiners
_PIECES = ["\x1b", "\x00", "\x7f", "\x85", "\xad", "\u034f", "\u061c", "\u200b",
           "\u200d", "\u202e", "\u2028", "\u3164", "\ufeff", "\U000e0041", "\udcff",
           "\ufb01", "\u2192", "\u2013", "\xa0", "\xe9", "\ud55c", "\u0628", "\u0915",
           "\U0001f600", "\ufe0f", "#", "##[", "[", "\t", "\n", "\r", "a", "\u5ba2"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=12).map("".join))
def test_the_bytes_are_json_logs(text: str) -> None:
    document = json.dumps({"message": text, "raw": "x" + text}, ensure_ascii=False)
    assert escape.json_log_utf8(document) == \
        escape.json_log(document).encode("utf-8", "surrogateescape")


@pytest.mark.parametrize("piece", ["\u202e", "\u200b", "\x85", "\U000e0041", "##["])
def test_a_hidden_character_past_the_lead_cap_is_still_escaped(piece: str) -> None:
    document = json.dumps(["\ufb01" * (escape._LEAD_CAP + 1), piece], ensure_ascii=False)
    written = escape.json_log_utf8(document)
    assert piece.encode() not in written
    assert json.loads(written) == json.loads(document)


def test_a_clean_report_is_written_as_its_utf8(tmp_path: Path) -> None:
    document = json.dumps({"name": "Obs\u0142uga \u5ba2\u6237 \ufb01n -> x"},
                          ensure_ascii=False) + "\n"
    target = tmp_path / "out.json"
    gate.out(document, "json", str(target))
    assert target.read_bytes() == document.encode("utf-8")
    gate.out(document.replace("x", "\u202e##["), "sarif", str(target))
    assert target.read_bytes() == escape.json_log(
        document.replace("x", "\u202e##[")).encode("utf-8")
    assert b"\xe2\x80\xae" not in target.read_bytes() and b"##[" not in target.read_bytes()


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=12).map("".join))
def test_a_documents_bytes_are_checked_as_its_text(text: str) -> None:
    """orjson's bytes go to the gate undecoded (formatters/jsontext.document): the
    bytes written are those the text would give."""
    document = json.dumps({"message": text}, ensure_ascii=False)
    try:
        data = document.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate: orjson refuses it, no bytes to pass
        return
    assert escape.json_log_utf8(data) == escape.json_log_utf8(document)


class _Latin1:
    """A standard output that cannot write UTF-8 (a cp1252 console, say)."""

    encoding = "latin-1"

    def __init__(self) -> None:
        self.buffer = io.BytesIO()

    def write(self, data: str) -> int:
        self.buffer.write(data.encode(self.encoding))
        return len(data)

    def flush(self) -> None:
        pass


@pytest.mark.parametrize("kind", ["json", "sarif"])
def test_a_documents_bytes_are_written_as_its_text(tmp_path: Path, kind: gate.Kind,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """To a file, and to a standard output of another encoding, a JSON document given
    as its UTF-8 bytes is written as the same document given as text."""
    document = json.dumps({"name": "Obs\u0142uga \u202e##[ \u5ba2 \xe9"},
                          ensure_ascii=False) + "\n"
    for data in (document, document.encode("utf-8")):
        target = tmp_path / f"out-{type(data).__name__}.json"
        gate.out(data, kind, str(target))
    assert (tmp_path / "out-bytes.json").read_bytes() == \
        (tmp_path / "out-str.json").read_bytes() == escape.json_log(document).encode()
    written = []
    for data in (document, document.encode("utf-8")):
        stream = _Latin1()
        monkeypatch.setattr(sys, "stdout", stream)
        gate.out(data, kind)
        written.append(stream.buffer.getvalue())
    assert written[0] == written[1] and b"\\u5ba2" in written[0]
