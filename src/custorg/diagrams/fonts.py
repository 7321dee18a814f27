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
