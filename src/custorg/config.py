"""Configuration: `--config FILE`, else `custorg.toml`, else `[tool.custorg]` in
`pyproject.toml`, searched upward from the first path. Command-line options override it."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .errors import UsageError
from .findings import Severity
from .thresholds import Thresholds

FAIL_ON = {"error": Severity.ERROR, "warning": Severity.WARNING, "info": Severity.INFO,
           "never": None}
# findings that stop analysis cannot be turned off
ALWAYS_ON = ("F", "S001", "S002", "S003")


@dataclass(frozen=True)
class Config:
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: dict[str, Severity] = field(default_factory=dict)
    fail_on: Severity | None = Severity.ERROR
    thresholds: Thresholds = field(default_factory=Thresholds)
    source: str | None = None

    def enabled(self, code: str) -> bool:
        """Whether a rule runs: the longest matching prefix of select and ignore wins
        (ignore on a tie); with no select, everything is selected."""
        if code.startswith(ALWAYS_ON[0]) or code in ALWAYS_ON:
            return True
        chosen = max((len(p) for p in self.select if code.startswith(p)), default=-1)
        if not self.select:
            chosen = 0
        dropped = max((len(p) for p in self.ignore if code.startswith(p)), default=-1)
        return chosen >= 0 and dropped < chosen or (chosen >= 0 and dropped < 0)

    def severity_of(self, code: str, default: Severity) -> Severity:
        return self.severity.get(code, default)


def _codes() -> dict[str, str]:
    """Every accepted selector -> code: codes, rule names, and code prefixes."""
    from .rules import REGISTRY

    out = {}
    for code, rule in REGISTRY.items():
        out[code] = code
        out[rule.name] = code
        for n in range(1, len(code)):
            out.setdefault(code[:n], code[:n])
    return out


def resolve_codes(values: list[str] | tuple[str, ...], where: str) -> tuple[str, ...]:
    """Codes, prefixes or rule names -> codes/prefixes; unknown ones are a usage error."""
    known = _codes()
    out = []
    for raw in values:
        for item in str(raw).split(","):
            item = item.strip()
            if not item:
                continue
            key = item.upper() if item.upper() in known else item
            if key not in known:
                raise UsageError(f"{where}: unknown rule code or name {item!r} "
                                 "(see `custorg explain --list`)")
            out.append(known[key])
    return tuple(out)


def _expect(value: Any, kind: type | tuple[type, ...], key: str, where: str) -> Any:
    if not isinstance(value, kind) or isinstance(value, bool) and kind is not bool:
        names = kind.__name__ if isinstance(kind, type) else " or ".join(k.__name__ for k in kind)
        raise UsageError(f"{where}: `{key}` must be {names}, not {value!r}")
    return value


def from_mapping(data: dict[str, Any], where: str) -> Config:
    """A Config from the `[tool.custorg]` table or a custorg.toml; every problem is a
    UsageError naming the key and the file."""
    options = Thresholds.option_names()
    values: dict[str, Any] = {}
    config = Config(source=where)
    for key, value in data.items():
        if key in ("select", "ignore"):
            items = [value] if isinstance(value, str) else _expect(value, list, key, where)
            values[key] = resolve_codes(items, f"{where}: `{key}`")
        elif key == "fail-on":
            if value not in FAIL_ON:
                raise UsageError(f"{where}: `fail-on` must be one of {', '.join(FAIL_ON)}, "
                                 f"not {value!r}")
            values["fail_on"] = FAIL_ON[value]
        elif key == "severity":
            _expect(value, dict, key, where)
            table = {}
            for code, level in value.items():
                resolved = resolve_codes([code], f"{where}: `[severity]`")[0]
                if resolved not in _rule_codes():
                    raise UsageError(f"{where}: `[severity]` needs a full rule code, not {code!r}")
                try:
                    table[resolved] = Severity.parse(str(level))
                except ValueError as exc:
                    raise UsageError(f"{where}: `[severity] {code}`: {exc}") from None
            values["severity"] = table
        elif key in options:
            kind = options[key]
            number = _expect(value, (int, float) if kind is float else int, key, where)
            values.setdefault("thresholds", {})[key.replace("-", "_")] = kind(number)
        else:
            allowed = ", ".join(["select", "ignore", "fail-on", "severity", *options])
            raise UsageError(f"{where}: unknown key `{key}` (allowed: {allowed})")
    thresholds = replace(config.thresholds, **values.pop("thresholds", {}))
    return replace(config, thresholds=thresholds, **values)


def _rule_codes() -> set[str]:
    from .rules import REGISTRY

    return set(REGISTRY)


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except OSError as exc:
        raise UsageError(f"{path}: cannot read config: {exc.strerror or exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(f"{path}: invalid TOML: {exc}") from None


def find_config(start: Path) -> Path | None:
    """custorg.toml, or a pyproject.toml with [tool.custorg], nearest upward from start."""
    here = start.resolve()
    if not here.is_dir():
        here = here.parent
    for folder in (here, *here.parents):
        candidate = folder / "custorg.toml"
        if candidate.is_file():
            return candidate
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file() and "custorg" in _read_toml(pyproject).get("tool", {}):
            return pyproject
    return None


def load_config(explicit: str | None, first_path: str | None) -> Config:
    if explicit:
        path = Path(explicit)
        if not path.is_file():
            raise UsageError(f"{explicit}: config file not found")
    else:
        start = Path(first_path) if first_path and first_path != "-" else Path.cwd()
        found = find_config(start if start.exists() else Path.cwd())
        if found is None:
            return Config()
        path = found
    data = _read_toml(path)
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("custorg", {})
        if not isinstance(data, dict):
            raise UsageError(f"{path}: [tool.custorg] must be a table")
    return from_mapping(data, str(path))
