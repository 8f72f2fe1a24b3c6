"""Configuration: `.kpilint.yaml` or `[tool.kpilint]` in pyproject.toml, found upward.

packs: [core, hebei]            # rule packs (core is the default)
select: [KPI1, KPI301]          # only these (ids, id prefixes or names)
ignore: [KPI105, unit-missing]  # never these
severity: {KPI305: info}        # severity overrides
params: {KPI311: {floor: 85}}   # rule parameters
rules: [bureau-rules.yaml]      # extra rule files (relative to the config file)
per_path_ignores: {"legacy/*": [KPI3]}
fail_on: error                  # error | warning | info
"""

from __future__ import annotations

import fnmatch
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from kpilint.errors import KpilintError
from kpilint.findings import SEVERITIES
from kpilint.limits import Limits

CONFIG_FILES = (".kpilint.yaml", ".kpilint.yml", "pyproject.toml")
_KEYS = {
    "packs",
    "select",
    "ignore",
    "severity",
    "params",
    "rules",
    "per_path_ignores",
    "fail_on",
    "lang",
    "limits",
}


class ConfigError(KpilintError):
    pass


@dataclass(frozen=True)
class Config:
    packs: tuple[str, ...] = ("core",)
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: Mapping[str, str] = field(default_factory=dict)
    params: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    rules: tuple[str, ...] = ()
    per_path_ignores: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    fail_on: str = "error"
    lang: str = "zh"
    limits: Mapping[str, Any] = field(default_factory=dict)
    source: str | None = None

    def merged(self, **changes: Any) -> Config:
        return replace(self, **{k: v for k, v in changes.items() if v not in (None, (), [])})

    @property
    def reader_limits(self) -> Limits:
        """The limits every reader is handed, from `limits:` (defaults for what it omits)."""
        try:
            return Limits.from_mapping(self.limits)
        except ValueError as exc:
            raise ConfigError(f"{self.source or '配置'}: 错误: {exc}") from None

    def ignored_in(self, path: str) -> tuple[str, ...]:
        """The rules `per_path_ignores` switches off for this path (ids, prefixes or names)."""
        posix = Path(path).as_posix()
        return tuple(
            rule
            for pattern, rules in self.per_path_ignores.items()
            if fnmatch.fnmatch(path, pattern) or fnmatch.fnmatch(posix, f"*/{pattern}")
            for rule in rules
        )


def matches(rule_id: str, rule_name: str, patterns: Iterable[str]) -> bool:
    """A rule matches an id (KPI301), an id prefix (KPI3), or its name (unit-missing)."""
    return any(rule_id.startswith(p) or rule_name == p for p in patterns)


def _from_mapping(data: Mapping[str, Any], source: str) -> Config:
    unknown = set(data) - _KEYS
    if unknown:
        raise ConfigError(f"{source}: 错误: 未知配置项 {sorted(unknown)}；可用：{sorted(_KEYS)}")
    base = Path(source).parent
    severity = {str(k): str(v) for k, v in (data.get("severity") or {}).items()}
    bad = {k: v for k, v in severity.items() if v not in SEVERITIES}
    if bad:
        raise ConfigError(f"{source}: 错误: severity 取值应为 {'/'.join(SEVERITIES)}：{bad}")
    fail_on = str(data.get("fail_on", "error"))
    if fail_on not in SEVERITIES:
        raise ConfigError(f"{source}: 错误: fail_on 应为 {'/'.join(SEVERITIES)}")
    as_tuple = lambda key: tuple(str(x) for x in (data.get(key) or ()))  # noqa: E731
    return Config(
        packs=as_tuple("packs") or ("core",),
        select=as_tuple("select"),
        ignore=as_tuple("ignore"),
        severity=severity,
        params={str(k): dict(v) for k, v in (data.get("params") or {}).items()},
        rules=tuple(str(base / r) for r in (data.get("rules") or ())),
        per_path_ignores={
            str(k): tuple(v) for k, v in (data.get("per_path_ignores") or {}).items()
        },
        fail_on=fail_on,
        lang=str(data.get("lang", "zh")),
        source=source,
        limits=_limits(data.get("limits"), source),
    )


def _limits(values: Any, source: str) -> dict[str, Any]:
    if not values:
        return {}
    if not isinstance(values, Mapping):
        raise ConfigError(f"{source}: 错误: limits 应为“项: 数值”的映射")
    try:
        Limits.from_mapping(values)
    except ValueError as exc:
        raise ConfigError(f"{source}: 错误: {exc}") from None
    return dict(values)


def load_config_file(path: str | Path) -> Config:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"{path}: 错误: 无法读取配置文件：{exc.strerror}") from None
    try:
        if path.name == "pyproject.toml":
            data = tomllib.loads(text).get("tool", {}).get("kpilint")
        else:
            data = yaml.safe_load(text) or {}
    except (tomllib.TOMLDecodeError, yaml.YAMLError) as exc:
        raise ConfigError(f"{path}: 错误: 配置文件格式错误：{exc}") from None
    if data is None:
        return Config()
    if not isinstance(data, Mapping):
        raise ConfigError(f"{path}: 错误: 配置应为“键: 值”的映射")
    return _from_mapping(data, str(path))


def discover(start: str | Path = ".") -> Config:
    """The nearest config file from `start` upward; defaults if there is none."""
    here = Path(start).resolve()
    for directory in (here, *here.parents):
        for name in CONFIG_FILES:
            candidate = directory / name
            if candidate.is_file():
                if name == "pyproject.toml" and "[tool.kpilint]" not in candidate.read_text(
                    "utf-8", "replace"
                ):
                    continue
                return load_config_file(candidate)
    return Config()
