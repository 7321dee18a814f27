"""Configuration: `--config FILE`, else `custorg.toml`, else `[tool.custorg]` in
`pyproject.toml`, the nearest one upward from the first path. Command-line options
override it.

Keys (custorg.toml at top level, or in the `[tool.custorg]` table):

    select = ["P", "C001"]        codes, prefixes or rule names; default: everything
    ignore = ["S006"]             codes, prefixes or rule names
    fail-on = "warning"           error | warning | info | never
    [severity]                    per-rule severity: error | warning | info
    P003 = "error"
    max-span = 10                 every threshold of docs/metrics.md, under its name
    [limits]                      input size limits (custorg.limits), e.g.
    xlsx-cells = 20000000

Every problem (unknown key, unknown code, wrong type, value out of range) is a
`UsageError` naming the key and the file: exit code 2.
"""

from __future__ import annotations

import datetime as dt
import difflib
import math
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from ..errors import UsageError
from ..findings import Severity
from ..inputs import link_roots, open_input
from ..limits import Limits
from ..thresholds import Thresholds

FAIL_ON = {"error": Severity.ERROR, "warning": Severity.WARNING, "info": Severity.INFO,
           "never": None}
# Findings that stop analysis (format errors, cycles, dangling references, duplicate
# ids) cannot be turned off and keep their severity.
ALWAYS_ON = ("F", "S001", "S002", "S003")
# The range of each threshold: (lowest, highest); None = unbounded.
RANGES: dict[str, tuple[float, float | None]] = {
    "silo-ei-threshold": (-1.0, 1.0), "min-events": (1, None), "key-person-share": (0.0, 1.0),
    "owner-min-units": (2, None), "owner-share": (0.0, 1.0), "broker-share": (0.0, 1.0),
    "broker-min": (1, None), "min-handoffs": (1, None), "structure-gap": (0.0, 2.0),
    "xaas-return-share": (0.0, 1.0), "xaas-pingpong-share": (0.0, 1.0)}
CONFIG_FILE = "custorg.toml"


def always_on(code: str) -> bool:
    """Codes of findings that stop analysis: every F code and S001-S003."""
    return code.startswith("F") or code in ALWAYS_ON


def _longest(prefixes: tuple[str, ...], code: str) -> int:
    """Length of the longest prefix in `prefixes` that `code` starts with; -1 if none."""
    return max((len(p) for p in prefixes if code.startswith(p)), default=-1)


@dataclass(frozen=True)
class Config:
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: dict[str, Severity] = field(default_factory=dict)
    fail_on: Severity | None = Severity.ERROR
    thresholds: Thresholds = field(default_factory=Thresholds)
    limits: Limits = field(default_factory=Limits)
    source: str | None = None
    today: dt.date | None = None  # `--today` (custorg.today); None: resolved when needed

    def enabled(self, code: str) -> bool:
        """Whether a rule runs. With no `select`, everything is selected. Otherwise the
        most specific (longest) matching prefix decides: a code is on when it matches
        `select` more specifically than it matches `ignore`; on a tie, `ignore` wins.
        Codes of findings that stop analysis are always on."""
        if always_on(code):
            return True
        selected = _longest(self.select, code) if self.select else 0  # -1: not selected
        ignored = _longest(self.ignore, code)  # -1: not ignored
        return selected >= 0 and ignored < selected

    def severity_of(self, code: str, default: Severity) -> Severity:
        return self.severity.get(code, default)


# ----------------------------------------------------------------------------- codes


@dataclass(frozen=True)
class Codes:
    """The rule codes a config may name, given by the caller (the rule registry, through
    `custorg.rules.known_codes()`): the config never imports the rules."""

    names: Mapping[str, str]  # code -> rule name

    @cached_property
    def selectors(self) -> dict[str, str]:
        """Every accepted selector -> code: codes, rule names, and code prefixes."""
        out = {}
        for code, name in self.names.items():
            out[code] = code
            out[name] = code
            for n in range(1, len(code)):
                out.setdefault(code[:n], code[:n])
        return out


def suggest(word: str, candidates: list[str] | set[str]) -> str:
    """' (did you mean 'x'?)' or ''."""
    close = difflib.get_close_matches(word, sorted(candidates), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def resolve_code(item: str, where: str, codes: Codes) -> str:
    """One code, prefix or rule name (any case) -> a code or prefix; unknown: UsageError."""
    known = codes.selectors
    for key in (item, item.upper(), item.lower()):
        if key in known:
            return known[key]
    names = [k for k in known if "-" in k] + [k for k in known if len(k) == 4]
    raise UsageError(f"{where}: unknown rule code or name {item!r}{suggest(item, names)} "
                     "(see `custorg explain --list`)")


def resolve_codes(values: list[str] | tuple[str, ...], where: str, codes: Codes
                  ) -> tuple[str, ...]:
    """Codes, prefixes or rule names (repeated or comma-separated) -> codes/prefixes;
    unknown ones are a usage error."""
    out = []
    for raw in values:
        for item in str(raw).split(","):
            item = item.strip()
            if item:
                out.append(resolve_code(item, where, codes))
    return tuple(out)


# ----------------------------------------------------------------------------- parsing


def _type_name(value: Any) -> str:
    return {bool: "a boolean", int: "an integer", float: "a number", str: "a string",
            list: "a list", dict: "a table"}.get(type(value), type(value).__name__)


def _bad_type(key: str, where: str, wanted: str, value: Any) -> UsageError:
    return UsageError(f"{where}: `{key}` must be {wanted}, not {value!r}")


def _code_list(key: str, value: Any, where: str, codes: Codes) -> tuple[str, ...]:
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
        raise _bad_type(key, where, "a list of rule codes, prefixes or names", value)
    return resolve_codes(items, f"{where}: `{key}`", codes)


def _fail_on(value: Any, where: str) -> Severity | None:
    if not isinstance(value, str):
        raise _bad_type("fail-on", where, "a string (error, warning, info or never)", value)
    if value not in FAIL_ON:
        raise UsageError(f"{where}: `fail-on` must be one of {', '.join(FAIL_ON)}, "
                         f"not {value!r}")
    return FAIL_ON[value]


def _severity_table(value: Any, where: str, codes: Codes) -> dict[str, Severity]:
    if not isinstance(value, dict):
        raise _bad_type("severity", where, "a table such as `[severity]` with "
                        "`P003 = \"error\"`", value)
    table = {}
    settings = {"select", "ignore", "fail-on", *Thresholds.option_names()}
    for key, level in value.items():
        if key in settings or key.replace("_", "-") in settings:
            raise UsageError(f"{where}: `{key}` is a setting, not a rule, but it comes after "
                             "`[severity]`, so TOML reads it as part of that table: move it "
                             "above `[severity]`")
        code = resolve_code(key, f"{where}: `[severity]`", codes)
        if code not in codes.names:
            raise UsageError(f"{where}: `[severity] {key}`: needs a full rule code or name, "
                             "not a prefix")
        if always_on(code):
            raise UsageError(f"{where}: `[severity] {key}`: {code} stops the analysis; its "
                             "severity cannot be changed")
        if not isinstance(level, str):
            raise _bad_type(f"[severity] {key}", where, "a string (error, warning or info)",
                            level)
        try:
            table[code] = Severity.parse(level)
        except ValueError as exc:
            raise UsageError(f"{where}: `[severity] {key}`: {exc}") from None
    return table


def _threshold(key: str, kind: type[int] | type[float], value: Any, where: str
               ) -> int | float:
    if kind is int and (isinstance(value, bool) or not isinstance(value, int)):
        raise _bad_type(key, where, "an integer", value)
    if kind is float and (isinstance(value, bool) or not isinstance(value, int | float)):
        raise _bad_type(key, where, "a number", value)
    low, high = RANGES.get(key, (0, None))
    if isinstance(value, float) and not math.isfinite(value):
        raise UsageError(f"{where}: `{key}` must be a finite number, not {value!r}")
    if value < low or high is not None and value > high:
        bounds = f"between {low:g} and {high:g}" if high is not None else f"at least {low:g}"
        raise UsageError(f"{where}: `{key}` must be {bounds}, not {value!r}")
    return kind(value)


def _limits_table(value: Any, where: str) -> Limits:
    """The `[limits]` table: each key a limit of custorg.limits, a whole number >= 1."""
    if not isinstance(value, dict):
        raise _bad_type("limits", where, "a table such as `[limits]` with "
                        "`xlsx-cells = 20000000`", value)
    known = Limits.keys()
    out = {}
    for key, limit in value.items():
        if key not in known:
            hint = suggest(key, known) or f" (allowed: {', '.join(known)})"
            raise UsageError(f"{where}: unknown key `[limits] {key}`{hint}")
        if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
            raise _bad_type(f"[limits] {key}", where, "a whole number of at least 1", limit)
        out[key.replace("-", "_")] = limit
    return Limits(**out)


def from_mapping(data: dict[str, Any], where: str, codes: Codes) -> Config:
    """A Config from the `[tool.custorg]` table or a custorg.toml; every problem is a
    UsageError naming the key and the file."""
    options = Thresholds.option_names()
    values: dict[str, Any] = {}
    thresholds: dict[str, Any] = {}  # each value checked against its option's type
    for key, value in data.items():
        if key in ("select", "ignore"):
            values[key] = _code_list(key, value, where, codes)
        elif key == "fail-on":
            values["fail_on"] = _fail_on(value, where)
        elif key == "severity":
            values["severity"] = _severity_table(value, where, codes)
        elif key == "limits":
            values["limits"] = _limits_table(value, where)
        elif key in options:
            thresholds[key.replace("-", "_")] = _threshold(key, options[key], value, where)
        else:
            allowed = ["select", "ignore", "fail-on", "severity", "limits", *options]
            hint = suggest(key.replace("_", "-"), allowed) or f" (allowed: {', '.join(allowed)})"
            raise UsageError(f"{where}: unknown key `{key}`{hint}")
    return Config(thresholds=Thresholds(**thresholds), source=where, **values)


# ----------------------------------------------------------------------------- files


def _read_toml(path: Path, roots: Sequence[str] | None = None) -> dict[str, Any]:
    try:
        with open_input(path, roots, _shown(path)) as handle:
            return tomllib.load(handle)
    except OSError as exc:
        raise UsageError(f"{_shown(path)}: cannot read config: {exc.strerror or exc}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise UsageError(f"{_shown(path)}: invalid TOML: {exc}") from None
    except ValueError:  # a number past Python's int-digit limit (4300 digits)
        raise UsageError(f"{_shown(path)}: invalid config: a number with thousands of "
                         "digits; custorg's settings are small numbers") from None
    except RecursionError:
        raise UsageError(f"{_shown(path)}: invalid config: arrays or tables nested too "
                         "deeply to read; custorg's settings are at most two levels deep"
                         ) from None


def _tool_table(path: Path, data: dict[str, Any]) -> dict[str, Any] | None:
    """The `[tool.custorg]` table of a pyproject.toml, None when it has none."""
    tool = data.get("tool", {})
    if not isinstance(tool, dict) or "custorg" not in tool:
        return None
    table = tool["custorg"]
    if not isinstance(table, dict):
        raise UsageError(f"{_shown(path)}: `tool.custorg` must be a table ([tool.custorg]), not "
                         f"{_type_name(table)}")
    return table


def find_config(start: Path, roots: Sequence[str] | None = None) -> Path | None:
    """custorg.toml, or a pyproject.toml with [tool.custorg], nearest upward from start
    (custorg.toml first when both are in one folder); read by the rule of every input
    (`inputs.open_input`, `roots` from `link_roots`)."""
    here = start.resolve()
    if not here.is_dir():
        here = here.parent
    for folder in (here, *here.parents):
        candidate = folder / CONFIG_FILE
        if candidate.is_file():
            return candidate
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file() and \
                _tool_table(pyproject, _read_toml(pyproject, roots)) is not None:
            return pyproject
    return None


def load_config(explicit: str | None, first_path: str | None, codes: Codes) -> Config:
    """The Config of `--config FILE` (explicit), else the one found upward from the first
    PATH (the working directory for `-` or no path), else the defaults."""
    roots = link_roots([first_path] if first_path else [])
    if explicit:
        path = Path(explicit)
        if not path.exists():
            raise UsageError(f"{explicit}: config file not found")
    else:
        start = Path(first_path) if first_path and first_path != "-" else Path.cwd()
        found = find_config(start if start.exists() else Path.cwd(), roots)
        if found is None:
            return Config()
        path = found
    data = _read_toml(path, roots)
    if path.name == "pyproject.toml":
        data = _tool_table(path, data) or {}
    return from_mapping(data, _shown(path), codes)


def _shown(path: Path) -> str:
    """A config path as messages show it: relative to the working directory when below."""
    if not path.is_absolute():
        return str(path)
    try:
        return str(path.relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
