"""Is a CJK font installed? Without one, Graphviz draws Chinese, Japanese and Korean
labels as empty boxes in PNG and PDF (SVG keeps the text; the viewer's fonts draw it).

Asked of fontconfig through `fc-list` when it exists; otherwise the usual font folders
are searched for the file names of common CJK fonts. Never raises.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import unicodedata
from collections.abc import Iterable
from pathlib import Path

INSTALL_HINT = ("install one, e.g. `sudo apt-get install fonts-noto-cjk` (Debian, Ubuntu) "
                "or `sudo dnf install google-noto-sans-cjk-fonts` (Fedora)")
_FONT_DIRS = ("/usr/share/fonts", "/usr/local/share/fonts", "~/.local/share/fonts",
              "~/.fonts", "/Library/Fonts", "/System/Library/Fonts", "~/Library/Fonts")
_CJK_FILES = re.compile(r"cjk|wqy|droidsansfallback|sourcehan|notosans(sc|tc|jp|kr)|"
                        r"wenquanyi|ukai|uming|ipag|takao|nanum|pingfang|hiragino|"
                        r"msyh|simsun|simhei", re.IGNORECASE)


def cjk_font_available() -> bool | None:
    """True or False when it could be checked, None when it could not."""
    exe = shutil.which("fc-list")
    if exe:
        try:
            done = subprocess.run([exe, ":lang=zh", "family"], capture_output=True,
                                  timeout=15, check=False)
        except (OSError, subprocess.SubprocessError):
            done = None
        if done is not None and done.returncode == 0:
            return bool(done.stdout.strip())
    return _search_files()


def _search_files() -> bool | None:
    searched = False
    for folder in _FONT_DIRS:
        root = Path(os.path.expanduser(folder))
        if not root.is_dir():
            continue
        searched = True
        try:
            for _, _, files in os.walk(root):
                if any(_CJK_FILES.search(name) for name in files):
                    return True
        except OSError:
            continue
    return False if searched else None


def cjk_warning(fmt: str) -> str | None:
    """The message for the user when a PNG/PDF with CJK labels will show boxes."""
    found = cjk_font_available()
    if found:
        return None
    if found is None:
        return (f"labels contain Chinese, Japanese or Korean characters and no CJK font "
                f"could be found; if the {fmt.upper()} shows empty boxes, {INSTALL_HINT} "
                "(SVG output is not affected)")
    return (f"labels contain Chinese, Japanese or Korean characters but no CJK font is "
            f"installed: they will show as empty boxes in the {fmt.upper()}. To fix it, "
            f"{INSTALL_HINT}, then run again (SVG output is not affected)")


GLYPH_SAMPLE = 400  # distinct characters of one script asked of fontconfig at most
GLYPH_SCRIPTS = 12  # scripts asked at most (one fc-list each), the first ones met


def scripts_of(texts: Iterable[str]) -> dict[str, list[str]]:
    """The non-ASCII letters of `texts` by Unicode script (the first word of their name:
    LATIN, CYRILLIC, CJK...), each script's characters in order of first appearance."""
    found: dict[str, dict[str, None]] = {}
    for text in texts:
        for ch in text:
            if ch.isascii() or not ch.isalpha():
                continue
            script = unicodedata.name(ch, "UNKNOWN").split()[0]
            found.setdefault(script, {})[ch] = None
    return {script: list(chars) for script, chars in found.items()}


def missing_scripts(texts: Iterable[str]) -> dict[str, list[str]] | None:
    """The scripts of `texts` for which no installed font has every letter (fontconfig's
    `fc-list :charset=...`), with their letters; None when it cannot be asked."""
    exe = shutil.which("fc-list")
    if not exe:
        return None
    missing = {}
    for script, chars in list(scripts_of(texts).items())[:GLYPH_SCRIPTS]:
        sample = chars[:GLYPH_SAMPLE]
        charset = " ".join(f"{ord(ch):x}" for ch in sample)
        try:
            done = subprocess.run([exe, f":charset={charset}", "family"],
                                  capture_output=True, timeout=15, check=False)
        except (OSError, subprocess.SubprocessError):
            return None
        if done.returncode != 0:
            return None
        if not done.stdout.strip():
            missing[script] = sample
    return missing


def glyph_warning(texts: Iterable[str], what: str) -> str | None:
    """The message for the user when no installed font draws some letters of `texts`."""
    missing = missing_scripts(texts)
    if not missing:
        return None
    names = ", ".join(f"{script.title()} ({''.join(chars[:8])})"
                      for script, chars in missing.items())
    hint = INSTALL_HINT if "CJK" in missing else "install a font that has them, e.g. " \
        "`sudo apt-get install fonts-noto-core` (Debian, Ubuntu)"
    return (f"no installed font has every letter of {names}: on this machine {what} "
            f"show them as empty boxes. To fix it, {hint}, then run again")
