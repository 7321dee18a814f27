"""Baselines: the findings an org already had when it adopted the CI gate.

`custorg audit ORG --write-baseline FILE` records every finding by `Finding.fingerprint()`
(code, entity and message without positions: edits that shift lines do not matter);
`--baseline FILE` then reports only findings that are not in it. A fingerprint that
occurs n times in the baseline hides at most n findings, so a second, identical problem
is still new. With `--each`, entries carry the PATH of their org and match only there.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .. import __version__
from ..errors import UsageError
from ..findings import Finding
from ..inputs import read_input

KEY = "custorg-baseline"
FORMAT = 1

Key = tuple[str | None, str]  # (org PATH with --each, else None; fingerprint)


def dumps(findings: Iterable[tuple[str | None, Finding]]) -> str:
    """The baseline file of these findings (org PATH or None, finding), as JSON text.
    Code, entity and message are kept beside the fingerprint for people who read it."""
    entries = []
    for org, f in findings:
        entry: dict[str, str] = {"fingerprint": f.fingerprint(), "code": f.code,
                                 "entity": f"{f.entity.kind} {f.entity.id}",
                                 "message": f.message}
        if org is not None:
            entry["org"] = org
        entries.append(entry)
    entries.sort(key=lambda e: (e.get("org", ""), e["code"], e["entity"], e["fingerprint"]))
    data = {KEY: FORMAT, "custorg": __version__, "findings": entries}
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


@dataclass
class Baseline:
    """The fingerprints of a baseline file, with how often each occurs."""

    path: str
    counts: Counter[Key] = field(default_factory=Counter)
    matched: int = 0

    def new(self, org: str | None, findings: list[Finding]) -> list[Finding]:
        """The findings that are not in the baseline; each entry hides one finding."""
        left = Counter({k: n for k, n in self.counts.items() if k[0] == org})
        out = []
        for f in findings:
            key = (org, f.fingerprint())
            if left[key] > 0:
                left[key] -= 1
                self.matched += 1
            else:
                out.append(f)
        return out

    def note(self) -> str | None:
        """What the baseline hid, for the summary."""
        if not self.matched:
            return None
        s = "s" * (self.matched != 1)
        return (f"{self.matched} finding{s} recorded in the baseline {self.path} "
                f"{'are' if s else 'is'} not shown")


def load(path: str, roots: Sequence[str] | None = None) -> Baseline:
    """Read a baseline file; a missing or malformed one is a usage error (exit 2). Read by
    the rule of every input (`inputs.read_input`; `roots` from `link_roots`)."""
    if Path(path).exists() and not Path(path).is_file():  # a folder, a pipe, a device
        raise UsageError(f"--baseline {path}: not a regular file")
    try:
        text = read_input(path, roots, f"--baseline {path}").decode("utf-8")
    except OSError as exc:
        raise UsageError(f"--baseline {path}: cannot read it: {exc.strerror or exc} (write "
                         "one with --write-baseline FILE)") from None
    except UnicodeDecodeError:
        raise UsageError(f"--baseline {path}: not a UTF-8 text file") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise UsageError(f"--baseline {path}:{exc.lineno}:{exc.colno}: not valid JSON: "
                         f"{exc.msg}") from None
    except RecursionError:  # `[[[[...` nested beyond any baseline's shape
        raise UsageError(f"--baseline {path}: not a custorg baseline (nested too "
                         "deeply)") from None
    except ValueError:  # a number past Python's int-digit limit (4300 digits)
        raise UsageError(f"--baseline {path}: not a custorg baseline (a number with "
                         "thousands of digits)") from None
    if not isinstance(data, dict) or data.get(KEY) != FORMAT \
            or not isinstance(data.get("findings"), list):
        raise UsageError(f"--baseline {path}: not a custorg baseline (write one with "
                         "--write-baseline FILE)")
    baseline = Baseline(path)
    for n, entry in enumerate(data["findings"], start=1):
        fingerprint = entry.get("fingerprint") if isinstance(entry, dict) else None
        org = entry.get("org") if isinstance(entry, dict) else None
        if not isinstance(fingerprint, str) or not (org is None or isinstance(org, str)):
            raise UsageError(f"--baseline {path}: finding #{n} has no fingerprint text")
        baseline.counts[(org, fingerprint)] += 1
    return baseline
