"""A character named so that a user can search for it: one helper for every message that
names a forbidden or suspicious character (F001's unreadable YAML, M003's hidden
characters). C0 and C1 controls and DEL by their abbreviations (`U+0007 (BEL)`), other
characters as `U+XXXX` with their Unicode name when unicodedata has one
(`U+200B (ZERO WIDTH SPACE)`, `U+FFFE`)."""

from __future__ import annotations

import unicodedata

# The ISO 6429 abbreviations of the C0 controls, DEL and the C1 controls (unicodedata
# names none of them).
_C0 = ("NUL SOH STX ETX EOT ENQ ACK BEL BS HT LF VT FF CR SO SI "
       "DLE DC1 DC2 DC3 DC4 NAK SYN ETB CAN EM SUB ESC FS GS RS US").split()
_C1 = ("PAD HOP BPH NBH IND NEL SSA ESA HTS HTJ VTS PLD PLU RI SS2 SS3 "
       "DCS PU1 PU2 STS CCH MW SPA EPA SOS SGC SCI CSI ST OSC PM APC").split()
_CONTROLS = {**{i: name for i, name in enumerate(_C0)}, 0x7F: "DEL",
             **{0x80 + i: name for i, name in enumerate(_C1)}}


def code_point(char: str | int) -> int:
    """The code point of a character given as text or as its number (PyYAML's
    ReaderError gives either, by parser)."""
    return char if isinstance(char, int) else ord(char)


def is_control(char: str | int) -> bool:
    """A C0 or C1 control or DEL."""
    return code_point(char) in _CONTROLS


def character_name(char: str | int) -> str:
    """`U+0007 (BEL)`, `U+200B (ZERO WIDTH SPACE)`, `U+FFFE` (no name)."""
    code = code_point(char)
    name = _CONTROLS.get(code) or unicodedata.name(chr(code), "")
    return f"U+{code:04X} ({name})" if name else f"U+{code:04X}"


def described(char: str | int) -> str:
    """`the control character U+0007 (BEL)`, `the character U+FFFE`: the subject of a
    sentence saying what is wrong with it."""
    kind = "control character" if is_control(char) else "character"
    return f"the {kind} {character_name(char)}"
