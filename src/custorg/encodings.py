"""Which text encoding an exported file is in: the one detection of `custorg import`
(HR exports, whole files: `decode`) and `custorg mine` (event logs, streamed:
`byte_order_mark`, `nul_hint`, `first_invalid_utf8`), and what `custorg audit` says of a
YAML file in UTF-16 (`nul_hint`).

The rule: a byte-order mark names the encoding (UTF-8, UTF-16, UTF-32); else a file
with NUL bytes is UTF-16 without a mark or not text; else UTF-8 when the whole file is
valid UTF-8; else Windows-1252 (cp1252), the encoding of Excel's "CSV" on Western
Windows."""

from __future__ import annotations

import codecs
from collections.abc import Iterable
from itertools import chain

from .errors import UsageError
from .escape import text as plain

BOMS = ((b"\xef\xbb\xbf", "utf-8-sig", "UTF-8 with BOM"),
        (b"\xff\xfe\x00\x00", "utf-32", "UTF-32"),
        (b"\x00\x00\xfe\xff", "utf-32", "UTF-32"),
        (b"\xff\xfe", "utf-16", "UTF-16"),
        (b"\xfe\xff", "utf-16", "UTF-16"))
HEAD = 65536  # bytes looked at for NUL bytes
UTF16_HINT = "it looks like UTF-16 without a byte-order mark: save it as UTF-8"
CP1252 = "Windows-1252"


def byte_order_mark(data: bytes) -> tuple[str, str] | None:
    """(Python codec, name) of the byte-order mark `data` starts with; None without."""
    for bom, codec, label in BOMS:
        if data.startswith(bom):
            return codec, label
    return None


def nul_hint(head: bytes) -> str | None:
    """What to say of a file whose first bytes (no byte-order mark) hold NUL bytes: UTF-16
    without a mark when every other byte is NUL, else not text; None without NUL."""
    head = head[:HEAD]
    if b"\x00" not in head:
        return None
    odd = head[1::2].count(0) > len(head) // 4 or head[0::2].count(0) > len(head) // 4
    return (UTF16_HINT if odd else "it is not a text file (it holds NUL bytes): export the "
            "data as CSV (or give the .xlsx file itself)")


def first_invalid_utf8(chunks: Iterable[bytes]) -> int | None:
    """The offset of the first byte that is not UTF-8 in the concatenated chunks (a
    stream, read once); None when all of it is UTF-8."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    done = 0  # bytes handed to the decoder so far
    for chunk in chain(chunks, [b""]):  # streamed: one chunk held at a time
        try:
            decoder.decode(chunk, final=not chunk)
        except UnicodeDecodeError as exc:
            # exc.object: the bytes the decoder held back (a cut character), then chunk
            return done + len(chunk) - len(exc.object) + exc.start
        done += len(chunk)
    return None


def cp1252_label(line: int) -> str:
    return f"{CP1252} (cp1252: not valid UTF-8 from line {line} on)"


def decode(data: bytes, path: str) -> tuple[str, str]:
    """(text, encoding name): UTF-8 with or without BOM, UTF-16/32 with BOM, else cp1252."""
    found = byte_order_mark(data)
    if found is not None:
        codec, label = found
        try:
            return _text_only(data.decode(codec), path), label
        except UnicodeDecodeError as exc:
            raise UsageError(f"{plain(path)}: starts with a {label} byte-order mark but "
                             f"is not valid {label} (byte {exc.start}); export it again "
                             "as UTF-8") from None
    hint = nul_hint(data)
    if hint is not None:
        raise UsageError(f"{plain(path)}: {hint}")
    try:
        return _text_only(data.decode("utf-8"), path), "UTF-8"
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise UsageError(f"{plain(path)}: line {line}: byte 0x{data[exc.start]:02x} is "
                         "neither UTF-8 nor Windows-1252 text; save the file as UTF-8"
                         ) from None
    line = data[:first_bad].count(b"\n") + 1
    return _text_only(text, path), cp1252_label(line)


def _text_only(text: str, path: str) -> str:
    """Refuse decoded data that is mostly control characters (a binary file)."""
    sample = text[:65536]
    controls = sum(1 for ch in sample if ch < " " and ch not in "\t\n\r\f\v")
    if controls > max(8, len(sample) // 100):
        raise UsageError(f"{plain(path)}: it is not a text file (control characters); export "
                         "the data as CSV (or give the .xlsx file itself)")
    return text
