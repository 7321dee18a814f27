"""User text made safe for where it goes: one character policy, one function per
destination.

Everything an org file, a file name, a config file, an HR export or an event log says is
user text, and in CI it comes from anyone who can open a pull request.

**The character policy** (one truth; every set below derives from it, see `POLICY`):

- controls: C0, DEL and C1 (category Cc), tab included;
- breaks: the line and paragraph separators U+2028, U+2029;
- invisible: every format character (category Cf: bidi embeddings, overrides, isolates
  and marks, zero-width characters, word joiner, invisible operators U+2061-U+2064, soft
  hyphen, the Mongolian vowel separator, BOM, the TAG block...) and the invisible
  letters and marks: the Hangul fillers, the combining grapheme joiner U+034F, the Khmer
  inherent vowels and the Mongolian variation selectors. Exception: ZWNJ and ZWJ between
  two letters (a mark counts as a letter: Indic viramas), which Persian and Indic names
  need;
- surrogates (category Cs): lone halves, and the undecodable bytes of file names;
- ignorable: the invisible set plus the variation selectors, which an id or a comparison
  key drops (an emoji keeps its VS16 in a name);
- white space as GitHub's runner trims it (C# `char.IsWhiteSpace`) before it looks for
  `::` at a line's start.

**Destinations**:

- `text`: a piece of user text inside one line of terminal or CI-log output: controls,
  breaks, invisible characters and surrogates shown escaped (`\\n`, `\\x1b`, `\\u202e`).
- `log`: a whole block of text output, the gate's last line of defence: the same, but
  newline and tab kept (and ESC with `color`), and GitHub workflow commands broken up:
  `::` at a line's start after any white space becomes `\\::`, `##[` anywhere `##\\[`.
- `json_log`: JSON or SARIF that may be printed into a CI log: `##[` written `#\\u0023[`.
- `github_data`, `github_property`: the payload of a workflow annotation.
- `csv_cell`: a CSV cell a spreadsheet might run as a formula gets a leading `'`.
- `mermaid_label`: a Mermaid label: Mermaid's syntax and controls as `#37;` entities.
- `markdown`, `markdown_code`: GitHub-flavoured Markdown inline text and code spans (a PR
  comment, `import-report.md`): no markup, HTML, image, link, `@mention` or `#1` reference.
- `strip`: text with every hidden character dropped (diagrams, the HTML report).

Regular expressions are compiled on first use: `custorg --help` imports this module.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache

# ----------------------------------------------------------------------------- the policy

CONTROLS = "\x00-\x1f\x7f-\x9f"  # Cc
BREAKS = "\u2028\u2029"  # Zl, Zp
FORMAT = ("\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b-\u200f"
          "\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd"
          "\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001"
          "\U000e0020-\U000e007f")  # Cf (Unicode 15.1; a test compares it with unicodedata)
FILLERS = "\u034f\u115f\u1160\u17b4\u17b5\u180b-\u180d\u180f\u3164\uffa0"
JOINERS = "\u200c\u200d"  # ZWNJ, ZWJ: kept between two letters
SURROGATES = "\ud800-\udfff"  # Cs
VARIATION = "\ufe00-\ufe0f\U000e0100-\U000e01ef"
INVISIBLE = FORMAT + FILLERS
WHITE_SPACE = "\t\n\x0b\x0c\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"

POLICY: dict[str, str] = {  # class -> characters (a regex class body)
    "controls": CONTROLS, "breaks": BREAKS, "invisible": INVISIBLE,
    "surrogates": SURROGATES, "variation": VARIATION, "white_space": WHITE_SPACE,
}


@cache
def _hidden_re(keep: str) -> re.Pattern[str]:
    """Every character the policy hides (controls, breaks, invisible, surrogates) but
    those of `keep` (a plain string of characters the destination allows)."""
    controls = "".join(c for c in map(chr, [*range(0x20), *range(0x7F, 0xA0)])
                       if c not in keep)
    return re.compile(f"[{re.escape(controls)}{BREAKS}{INVISIBLE}{SURROGATES}]")


def joins_letters(value: str, at: int) -> bool:
    """A ZWNJ or ZWJ at `at` between two letters (or a letter and a mark): kept."""
    if value[at] not in JOINERS or at == 0 or at + 1 >= len(value):
        return False
    import unicodedata

    return (unicodedata.category(value[at - 1])[0] in "LM"
            and unicodedata.category(value[at + 1])[0] in "LM")


def hidden(value: str, keep: str = "") -> list[str]:
    """The characters of `value` the policy hides (each once, in order), but those of
    `keep` and joiners between letters. M003 reports them."""
    pattern = _hidden_re(keep)
    found = [m.group() for m in pattern.finditer(value)
             if not joins_letters(value, m.start())]
    return list(dict.fromkeys(found))


def _class_chars(body: str) -> str:
    """The characters of a regex class body of the policy (`a-z` ranges and characters)."""
    out: list[str] = []
    i = 0
    while i < len(body):
        if i + 2 < len(body) and body[i + 1] == "-":
            out += map(chr, range(ord(body[i]), ord(body[i + 2]) + 1))
            i += 3
        else:
            out.append(body[i])
            i += 1
    return "".join(out)


@cache
def _printable_hidden(keep: str) -> tuple[str, ...]:
    """The hidden characters (but `keep`) that `str.isprintable` accepts: the fillers,
    letters and marks that show nothing."""
    hidden = _class_chars(CONTROLS + BREAKS + INVISIBLE + SURROGATES)
    return tuple(c for c in hidden if c.isprintable() and c not in keep)


def _none_hidden(value: str, keep: str) -> bool:
    """No character of `value` is hidden (but those of `keep`), decided by C loops: every
    other hidden character is a control, separator, format or surrogate, which
    `isprintable` rejects. A text that has one is left to the regular expression (5 times
    slower on a report of megabytes, the gate's cost)."""
    for char in keep:
        if char in value:
            value = value.replace(char, " ")
    return value.isprintable() and not any(c in value for c in _printable_hidden(keep))


def _shown(value: str, keep: str, escaper: Callable[[str], str] | None = None) -> str:
    """`value` with every hidden character but `keep` shown as an escape (`escaper`,
    default the terminal's `\\x1b`, `\\u202e`)."""
    if _none_hidden(value, keep):
        return value
    pattern = _hidden_re(keep)
    if pattern.search(value) is None:
        return value
    show = escaper or _escaped

    def one(match: re.Match[str]) -> str:
        at = match.start()
        return match.group() if joins_letters(value, at) else show(match.group())

    return pattern.sub(one, value)


_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escaped(char: str) -> str:
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # an undecodable byte of a file name (surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def strip(value: str, unassigned: bool = False) -> str:
    """`value` without the characters the policy hides (tab and line breaks included:
    the caller turns them into spaces first if it wants them), and with `unassigned`
    also without unassigned and private-use code points (XML, fonts)."""
    pattern = _hidden_re("")
    if pattern.search(value) is not None:
        value = "".join(c for i, c in enumerate(value)
                        if pattern.match(c) is None or joins_letters(value, i))
    if unassigned and not value.isascii():
        import unicodedata

        value = "".join(c for c in value if unicodedata.category(c) not in ("Cn", "Co"))
    return value


@cache
def _ignorable_re() -> re.Pattern[str]:
    return re.compile(f"[{INVISIBLE}{VARIATION}]")


def ignorable(value: str, by: str = "") -> str:
    """`value` with each character an id or a comparison key drops (invisible ones but a
    joiner between letters, variation selectors) replaced by `by`."""
    pattern = _ignorable_re()
    if pattern.search(value) is None:
        return value
    return pattern.sub(lambda m: m.group() if joins_letters(value, m.start()) else by, value)


# ----------------------------------------------------------------------------- terminal, log


def text(value: str) -> str:
    """A piece of user text for one line of terminal or log output (tab is kept)."""
    return _shown(value, "\t")


@cache
def _command_re() -> re.Pattern[str]:
    """What GitHub's runner executes: a line whose text after `Trim()` (C# white space)
    starts with `::`; `##[` is handled apart (anywhere in a line)."""
    return re.compile(f"^([{WHITE_SPACE}]*)::", re.MULTILINE)


def log(block: str, color: bool = False) -> str:
    """A whole block of text output made safe for a terminal and a CI log: hidden
    characters but newline and tab escaped (and ESC, with `color`: the block's own colour
    codes; its pieces of user text went through `text`), workflow commands (`::` at a
    line's start after white space, `##[` anywhere) broken up."""
    block = _shown(block, "\t\n\x1b" if color else "\t\n")
    if "::" in block:
        block = _command_re().sub(r"\1\\::", block)
    return block.replace("##[", "##\\[") if "##[" in block else block


def _json_escape(char: str) -> str:
    code = ord(char)
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    code -= 0x10000
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def json_log(document: str) -> str:
    """JSON text (JSON, SARIF) with `##[` written so that no CI runner reads a command
    in it, and the characters the policy hides as `\\u` escapes (no bidi control or
    invisible character shown raw in a log); the decoded strings are unchanged (both
    occur only inside strings)."""
    document = _shown(document, "\t\n\r", _json_escape)
    return document.replace("##[", "#\\u0023[") if "##[" in document else document


_JSON_KEEP = "\t\n\r"  # what json_log leaves raw: JSON's own white space


def json_log_utf8(document: str | bytes) -> bytes:
    """`json_log(document)` as UTF-8, the bytes a JSON or SARIF file holds; `document`
    is text or its UTF-8 bytes (orjson's, which are never decoded then). A report of
    megabytes is encoded once and scanned as bytes (`_plain_utf8`): when the scan proves
    that `json_log` would change nothing, those bytes are the result; else `json_log`
    itself decides, so the result is always `json_log(text).encode()`."""
    if isinstance(document, bytes):  # UTF-8: decoded only when json_log must decide
        data = bytes(document)
        return data if _plain_utf8(data) else json_log(data.decode("utf-8")).encode("utf-8")
    try:
        data = document.encode("utf-8")
    except UnicodeEncodeError:  # a surrogate: hidden, json_log writes it as \\u escapes
        return json_log(document).encode("utf-8")
    return data if _plain_utf8(data) else json_log(document).encode("utf-8")


_LEAD_CAP = 4096  # more characters than this that may be hidden: json_log decides


def _plain_utf8(data: bytes) -> bool:
    """Valid UTF-8 `data` holds no character the policy hides (but `_JSON_KEEP`) and no
    `##[`: one C pass keeps the bytes that may begin one (ASCII controls, `#`, the lead
    bytes of the policy's hidden characters), usually none; the few non-ASCII
    characters with such a lead byte are then read one by one."""
    benign, leads, hidden_set = _utf8_scan()
    rest = data.translate(None, benign)
    if not rest:
        return True
    if rest.translate(None, leads + b"#"):  # a control character
        return False
    if b"#" in rest and b"##[" in data:
        return False
    present = [lead for lead in leads if lead in rest]
    if sum(rest.count(lead) for lead in present) > _LEAD_CAP:
        return False
    for lead in present:
        at = data.find(lead)
        while at >= 0:
            if data[at:at + 4].decode("utf-8", "ignore")[:1] in hidden_set:
                return False
            at = data.find(lead, at + 1)
    return True


@cache
def _utf8_scan() -> tuple[bytes, bytes, frozenset[str]]:
    """For `_plain_utf8`, from the policy: the bytes that cannot begin a hidden character
    or `##[`, the UTF-8 lead bytes of the non-ASCII hidden characters, and the hidden
    characters themselves (but `_JSON_KEEP`)."""
    hidden_set = frozenset(_class_chars(CONTROLS + BREAKS + INVISIBLE + SURROGATES)) \
        - frozenset(_JSON_KEEP)
    leads = bytes(sorted({c.encode("utf-8", "surrogatepass")[0]
                          for c in hidden_set if ord(c) >= 0x80}))
    ascii_hidden = {ord(c) for c in hidden_set if ord(c) < 0x80}
    suspect = ascii_hidden | set(leads) | {ord("#")}
    benign = bytes(b for b in range(256) if b not in suspect)
    return benign, leads, hidden_set


def github_data(value: str) -> str:
    """The message of a workflow annotation: hidden characters but CR, LF and tab
    escaped, then `%`, CR and LF as the runner decodes them; `##[` broken up."""
    value = _shown(value, "\t\r\n")
    return (value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
            .replace("##[", "##\\["))


def github_property(value: str) -> str:
    """A property value of a workflow annotation (file, title): also `:` and `,`."""
    return github_data(value).replace(":", "%3A").replace(",", "%2C")


# ----------------------------------------------------------------------------- CSV, Mermaid

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: str) -> str:
    """A text cell no spreadsheet runs as a formula (OWASP CSV injection: a leading `'`
    before `=`, `+`, `-`, `@`, tab or carriage return)."""
    return "'" + value if value.startswith(_FORMULA_START) else value


@cache
def _mermaid_re() -> re.Pattern[str]:
    return re.compile(f"[%\"'`#<>&{{}}\\[\\]|;\\\\]|[{CONTROLS}{BREAKS}]")


def mermaid_label(value: str) -> str:
    """Text for a Mermaid label inside double quotes: the characters Mermaid or HTML
    read in a label (`%` of directives and comments, quotes, `#`, `<>&`, brackets,
    braces, `|`, `;`, backslash, backtick) and every control character become entity
    codes (`#37;` for `%`), which Mermaid shows as the character; letters of every
    script, `(`, `:` and the like stay as they are."""
    return _mermaid_re().sub(lambda m: f"#{ord(m.group())};", value)


def surrogates(value: str) -> str:
    """A file name as text: undecodable bytes (Python's surrogateescape) as `\\xff`,
    so the name can be written as UTF-8 (JSON, SARIF, any file)."""
    if not any("\udc80" <= c <= "\udcff" for c in value):
        return value
    return value.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


# ----------------------------------------------------------------------------- Markdown


@cache
def _markdown_res() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    punctuation = re.compile(r"([\\`*_\[\]<|~&])")
    # a word GitHub would link: @user, @org/team, #1, owner/repo#1, GH-1, a URL, an e-mail
    linked = re.compile(r"[^\s|]*(?:@|#[0-9]|://|www\.|\bGH-[0-9])[^\s|]*", re.IGNORECASE)
    block_start = re.compile(r"^([0-9]*)([#>+=.)-])")  # a heading, quote, list, rule
    return punctuation, linked, block_start


def markdown(value: object) -> str:
    """Markdown inline text (a table cell, a list item, a heading) that shows exactly
    `text(value)`: punctuation Markdown or HTML would read escaped with a backslash, a
    line's block markers (`#`, `>`, `-`, `1.`) too, and every word GitHub would link
    (`@user`, `@org/team`, `#1`, `owner/repo#1`, a URL, an e-mail) in a code span, where
    GitHub links nothing. `|` is never inside a code span (a table cell stays one)."""
    punctuation, linked, block_start = _markdown_res()
    shown = text(str(value))
    parts, last = [], 0
    for match in linked.finditer(shown):
        parts += [punctuation.sub(r"\\\1", shown[last:match.start()]),
                  markdown_code(match.group())]
        last = match.end()
    parts.append(punctuation.sub(r"\\\1", shown[last:]))
    out = "".join(parts)
    start = block_start.match(out)
    if start is None or (start.group(1) == "") == (start.group(2) in ".)"):
        return out
    return f"{start.group(1)}\\{out[len(start.group(1)):]}"


def markdown_code(value: str) -> str:
    """A Markdown code span showing exactly `text(value)`: its fence is one backtick
    longer than the longest run of backticks inside (a backtick in a file name cannot
    close it), padded with a space when the text starts or ends with one."""
    shown = text(value)
    longest = max((len(run) for run in re.findall("`+", shown)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if not shown or shown[0] in "` " or shown[-1] in "` " else ""
    return f"{fence}{pad}{shown}{pad}{fence}"
