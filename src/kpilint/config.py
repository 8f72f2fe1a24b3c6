"""Configuration: `.kpilint.yaml` or `[tool.kpilint]` in pyproject.toml, found upward.

packs: [core, hebei]            # rule packs (core is the default)
select: [KPI1, KPI301]          # only these (ids, id prefixes or names)
ignore: [KPI105, unit-missing]  # never these
severity: {KPI305: info}        # severity overrides
params: {KPI311: {floor: 85}}   # rule parameters
rules: [bureau-rules.yaml]      # extra rule files (relative to the config file)
per_path_ignores: {"legacy/*": [KPI3]}
opinions: {KPI301: "…"}         # a bureau's own wording of a rule's review opinion
fail_on: error                  # error | warning | info
"""

from __future__ import annotations

import fnmatch
import os
import tomllib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, NoReturn

import yaml
from yaml.nodes import Node

from kpilint import safe_yaml
from kpilint.errors import KpilintError, ReadError, did_you_mean
from kpilint.escapes import one_line
from kpilint.files import project_path, read_bytes, read_text
from kpilint.findings import SEVERITIES
from kpilint.limits import LimitError, Limits
from kpilint.safe_yaml import line_of

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
    "opinions",
}


class ConfigError(KpilintError, ValueError):
    """A configuration that cannot be used: a key or rule that does not exist, a value of
    the wrong kind. The command line exits 2 with it; the library raises it (a ValueError)."""


@dataclass(frozen=True)
class Config:
    """What a run checks and how: rule packs, which rules, their severities and parameters,
    extra rule files, per-path ignores, when to fail, the message language and the reading
    limits. `Config()` is kpilint's defaults, not the project's: `load_config(start)` finds a
    project's `.kpilint.yaml` or `[tool.kpilint]` as the command line does.

    Rule ids, id prefixes and names in `select`, `ignore`, `severity`, `params` and
    `per_path_ignores` must name rules that exist: an unknown one is a ConfigError (a
    ValueError) when the rules are chosen, so a misspelling cannot select nothing in silence."""

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
    #: rule (id or name) -> the bureau's wording of its review opinion
    opinions: Mapping[str, str] = field(default_factory=dict)
    source: str | None = None
    #: where each rule name in the settings was written: "select\x1fKPI3" → ".kpilint.yaml:4"
    #: (a file and line) or "--select" (an option); for messages, not part of the meaning
    origins: Mapping[str, str] = field(default_factory=dict, compare=False)
    #: configuration files found on the way up but not used, each with why (said loudly)
    ignored: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        """A library caller's `select="KPI301"` is one rule, not the letters K, P, I…: a text
        where a list of texts belongs is taken as a list of one."""
        for name in ("packs", "select", "ignore", "rules"):
            value = getattr(self, name)
            if isinstance(value, str):
                object.__setattr__(self, name, (value,))
            elif not isinstance(value, tuple):
                object.__setattr__(self, name, tuple(value or ()))

    def merged(self, **changes: Any) -> Config:
        return replace(self, **{k: v for k, v in changes.items() if v not in (None, (), [])})

    @property
    def reader_limits(self) -> Limits:
        """The limits every reader is handed, from `limits:` (defaults for what it omits)."""
        try:
            return Limits.from_mapping(self.limits)
        except LimitError as exc:
            raise ConfigError(f"{self.source or '配置'}: 错误: {exc}") from None

    @property
    def root(self) -> str:
        """The project's folder, which the paths of `per_path_ignores` are written from: the
        configuration file's folder, else the current one."""
        return os.path.dirname(os.path.abspath(self.source)) if self.source else os.curdir

    def ignored_in(self, path: str) -> tuple[str, ...]:
        """The rules `per_path_ignores` switches off for this path (ids, prefixes or names):
        a pattern matches the path from the project's folder (`legacy/*` is the same files
        from `check .`, `check legacy`, an absolute path or inside legacy/), or the end of
        the path as given."""
        if not self.per_path_ignores:
            return ()
        posix, relative = Path(path).as_posix(), project_path(path, self.root)
        return tuple(
            rule
            for pattern, rules in self.per_path_ignores.items()
            if fnmatch.fnmatch(relative, pattern) or fnmatch.fnmatch(path, pattern)
            or fnmatch.fnmatch(posix, f"*/{pattern}")
            for rule in rules
        )


def matches(rule_id: str, rule_name: str, patterns: Iterable[str]) -> bool:
    """A rule matches an id (KPI301), an id prefix (KPI3), or its name (unit-missing)."""
    return any(rule_id.startswith(p) or rule_name == p for p in patterns)


def origin_key(key: str, name: str) -> str:
    return f"{key}\x1f{name}"


#: (id, name, pack) of a rule, as the settings name it
RuleName = tuple[str, str, str]


def _rule_names_in(data: Mapping[str, Any] | Config) -> Iterator[tuple[str, str, tuple[str | int, ...]]]:
    """(key, rule id/prefix/name, where in the file) of every rule the settings name."""
    get = data.get if isinstance(data, Mapping) else lambda key: getattr(data, key, None)
    for key in ("select", "ignore"):
        for index, name in enumerate(get(key) or ()):
            yield key, str(name), (index,)
    for key in ("severity", "params"):
        for name in get(key) or {}:
            yield key, str(name), (str(name),)
    for pattern, names in (get("per_path_ignores") or {}).items():
        for index, name in enumerate(names or ()):
            yield "per_path_ignores", str(name), (str(pattern), index)


def check_rule_names(config: Config, enabled: Sequence[RuleName],
                     everywhere: Callable[[], Sequence[RuleName]]) -> None:  # fmt: skip
    """Every rule the settings name exists: `select` picks at least one rule that runs,
    `ignore` and `per_path_ignores` name a rule of some pack, `severity` and `params` a rule
    by its full id or name. `everywhere` (every pack's rules) is asked only when one does
    not, to tell a rule of a pack not enabled from a misspelling. Raises ConfigError."""
    exact = {n for r in enabled for n in r[:2]}

    def found(key: str, name: str, rules: Sequence[RuleName]) -> bool:
        if key in ("severity", "params"):
            return any(name in r[:2] for r in rules)
        return any(matches(r[0], r[1], (name,)) for r in rules)

    wrong = [(k, n) for k, n, _ in _rule_names_in(config) if n not in exact and not found(k, n, enabled)]
    if not wrong:
        return
    others = everywhere()
    problems = []
    for key, name in wrong:
        origin = config.origins.get(origin_key(key, name), "")
        where, label = ("kpilint", origin) if origin.startswith("--") else (origin or "kpilint", key)
        packs = sorted({r[2] for r in others if found(key, name, (r,))})
        if packs and key != "select":
            continue  # ignoring, or tuning, a rule of a pack not enabled is harmless
        if packs:
            problems.append(f"{where}: 错误: {label} 中的“{name}”属于未启用的规则包 {'、'.join(packs)}，"
                            f"不会检查任何规则\n  提示: 用 --pack {packs[0]}，或在 .kpilint.yaml 中写 "
                            f"packs: [{', '.join((*config.packs, *packs))}]")  # fmt: skip
            continue
        known = sorted({n for r in (*enabled, *others) for n in r[:2]})
        if key in ("severity", "params") and found("select", name, others):
            what = f"是 id 前缀；{key} 逐条写规则的 id 或名称，如 {next(r[0] for r in others if r[0].startswith(name))}"
        else:
            kind = "规则的 id 或名称" if key in ("severity", "params") else "规则的 id、id 前缀或名称"
            what = f"不是任何{kind}{did_you_mean(name, known)}"
        problems.append(f"{where}: 错误: {label} 中的“{name}”{what}\n  提示: kpilint rules 列出全部规则")
    if problems:
        raise ConfigError("\n".join(problems))


#: what each key takes, as a message to the user says it
_ALLOWED = {
    "packs": "规则包名的列表，如 [core, hebei]",
    "select": "规则 id、前缀或名称的列表，如 [KPI3, unit-missing]",
    "ignore": "规则 id、前缀或名称的列表，如 [KPI105]",
    "rules": "规则文件路径的列表，如 [bureau-rules.yaml]",
    "severity": f"“规则: 级别”的映射，级别为 {'/'.join(SEVERITIES)}，如 {{KPI305: info}}",
    "params": "“规则: {参数: 值}”的映射，如 {KPI311: {floor: 85}}",
    "per_path_ignores": "“路径模式: [规则, …]”的映射，如 {'legacy/*': [KPI3]}",
    "fail_on": "/".join(SEVERITIES),
    "lang": "zh 或 en",
    "limits": "“项: 数值”的映射，如 {timeout_per_file: 30}",
    "opinions": "“规则: 审核意见”的映射，如 {KPI301: \"{indicators}不是百分比，请改为≥90%。\"}",
}
#: the largest configuration file read: a few kilobytes is usual
MAX_CONFIG_BYTES = 10 * 1024 * 1024


def describe(value: Any) -> str:
    """A value as a user would call it, short: 文字“abc”、列表、映射、数字 3、true、空值."""
    if value is None:
        return "空值"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return f"数字 {value!r}"
    if isinstance(value, str):
        return f"文字“{value[:40]}…”" if len(value) > 40 else f"文字“{value}”"
    if isinstance(value, Mapping):
        return "映射"
    return "列表" if isinstance(value, list) else type(value).__name__


class _Source:
    """A configuration being read: raises each problem as the user's, with file and line."""

    def __init__(self, source: str, root: Node | None) -> None:
        self.source, self.root = source, root

    def line(self, *keys: str | int) -> int | None:
        return line_of(self.root, *keys) if self.root is not None else None

    def fail(self, message: str, *keys: str | int) -> NoReturn:
        line = self.line(*keys)
        where = f"{self.source}:{line}" if line else self.source
        raise ConfigError(f"{where}: 错误: {message}")

    def texts(self, data: Mapping[str, Any], key: str) -> tuple[str, ...]:
        value = data.get(key)
        if value is None:
            return ()
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.fail(f"{key} 应为{_ALLOWED[key]}；实际为{describe(value)}", key)
        return tuple(value)

    def mapping(self, data: Mapping[str, Any], key: str) -> Mapping[str, Any]:
        value = data.get(key)
        if value is None:
            return {}
        if not isinstance(value, Mapping):
            self.fail(f"{key} 应为{_ALLOWED[key]}；实际为{describe(value)}", key)
        return value

    def choice(self, data: Mapping[str, Any], key: str, allowed: tuple[str, ...], default: str) -> str:
        value = data.get(key, default)
        if value not in allowed:
            self.fail(f"{key} 应为 {_ALLOWED[key]}；实际为{describe(value)}", key)
        return str(value)


def _from_mapping(data: Mapping[str, Any], source: str, root: Node | None = None) -> Config:
    """A Config from a configuration file's data; each value of the wrong kind is an error
    naming the file, the line (YAML) and the key, and saying what the key takes."""
    at = _Source(source, root)
    unknown = sorted(str(k) for k in data if k not in _KEYS)
    if unknown:
        guess = did_you_mean(unknown[0], sorted(_KEYS))
        at.fail(f"未知配置项“{unknown[0]}”{guess}；可用：{'、'.join(sorted(_KEYS))}", unknown[0])
    base = Path(source).parent
    from kpilint.engine.rules import PACKS  # the packs kpilint ships

    for index, pack in enumerate(at.texts(data, "packs")):
        if pack not in PACKS:
            at.fail(f"packs 中的规则包“{pack}”不存在{did_you_mean(pack, PACKS)}；可用：{'、'.join(PACKS)}", "packs", index)
    severity = dict(at.mapping(data, "severity"))
    for rule, level in severity.items():
        if level not in SEVERITIES:
            at.fail(f"severity 中 {rule} 的级别应为 {'/'.join(SEVERITIES)}；实际为{describe(level)}", "severity", str(rule))
    params = at.mapping(data, "params")
    for rule, given in params.items():
        if not isinstance(given, Mapping):
            at.fail(f"params 中 {rule} 应为“参数: 值”的映射，如 {{floor: 85}}；实际为{describe(given)}", "params", str(rule))
    ignores = at.mapping(data, "per_path_ignores")
    for pattern, rules in ignores.items():
        if not isinstance(rules, list) or not all(isinstance(r, str) for r in rules):
            at.fail(f"per_path_ignores 中“{pattern}”应为规则的列表，如 [KPI3]；实际为{describe(rules)}",
                    "per_path_ignores", str(pattern))  # fmt: skip
    opinions = at.mapping(data, "opinions")
    for rule, text in opinions.items():
        if not isinstance(text, str) or not text.strip():
            at.fail(f"opinions 中 {rule} 应为非空的审核意见文字；实际为{describe(text)}", "opinions", str(rule))
    limits = at.mapping(data, "limits")
    try:
        Limits.from_mapping(limits)
    except LimitError as exc:
        at.fail(str(exc), "limits", exc.key)
    origins = {
        origin_key(key, name): f"{source}:{line}" if (line := at.line(key, *where)) else source
        for key, name, where in _rule_names_in(data)
    }
    return Config(
        origins=origins,
        packs=at.texts(data, "packs") or ("core",),
        select=at.texts(data, "select"),
        ignore=at.texts(data, "ignore"),
        severity={str(k): str(v) for k, v in severity.items()},
        params={str(k): dict(v) for k, v in params.items()},
        rules=tuple(str(base / r) for r in at.texts(data, "rules")),
        per_path_ignores={str(k): tuple(v) for k, v in ignores.items()},
        fail_on=at.choice(data, "fail_on", SEVERITIES, "error"),
        lang=at.choice(data, "lang", ("zh", "en"), "zh"),
        source=source,
        limits=dict(limits),
        opinions={str(k): str(v) for k, v in opinions.items()},
    )


def load_config_file(path: str | Path) -> Config:
    """A configuration file (.kpilint.yaml or pyproject.toml's [tool.kpilint]), read only if
    it is a regular file of at most MAX_CONFIG_BYTES and composed within the YAML bounds."""
    path = Path(path)
    try:
        text = read_text(str(path), MAX_CONFIG_BYTES, "配置文件")
    except ReadError as exc:
        raise ConfigError(str(exc)) from None
    root: Node | None = None
    try:
        if path.name == "pyproject.toml":
            data = tomllib.loads(text).get("tool", {}).get("kpilint")
        else:
            root = safe_yaml.compose(text)
            if twice := safe_yaml.duplicate_key(root):
                raise ConfigError(f"{path}:{twice[1]}: 错误: 配置项“{one_line(twice[0])}”写了两次；只保留一处")
            data = safe_yaml.construct(root) or {}
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"{path}:{mark.line + 1}" if mark else str(path)
        raise ConfigError(f"{where}: 错误: 配置文件格式错误：{exc.problem or exc.context}") from None
    except (tomllib.TOMLDecodeError, yaml.YAMLError) as exc:
        raise ConfigError(f"{path}: 错误: 配置文件格式错误：{exc}") from None
    except RecursionError:
        raise ConfigError(f"{path}: 错误: 配置文件嵌套过深") from None
    if data is None:
        return Config()
    if not isinstance(data, Mapping):
        raise ConfigError(f"{path}: 错误: 配置应为“键: 值”的映射；实际为{describe(data)}")
    return _from_mapping(data, str(path), root)


def load_config(start: str | Path = ".", *, file: str | Path | None = None) -> Config:
    """The configuration `kpilint check` uses when run in `start`: `file` if given (its
    `--config`), else the nearest `.kpilint.yaml`, `.kpilint.yml` or pyproject.toml with a
    `[tool.kpilint]` table in `start` or a folder above it, else kpilint's defaults. A
    library caller passes it to `lint`/`check` to get what the command line reports:
    `Config()` alone is the defaults, whatever the project's file says."""
    return load_config_file(file) if file is not None else discover(start)


def discover(start: str | Path = ".") -> Config:
    """The nearest trusted config file from `start` upward; defaults if there is none.

    A configuration can switch every rule off, so one that anyone could have put there —
    in a folder anyone may write (/tmp, mode 1777), or itself writable by anyone — is not
    used: it is named in `ignored`, with why, and the search goes on upward."""
    here = Path(start).resolve()
    ignored: list[str] = []
    for directory in (here, *here.parents):
        for name in CONFIG_FILES:
            candidate = directory / name
            if candidate.is_file():
                if name == "pyproject.toml" and not _declares_kpilint(candidate):
                    continue
                if why := untrusted(candidate):
                    ignored.append(f"{candidate}: 警告: 未使用此配置文件：{why}\n"
                                   f"  提示: 确需使用请用 --config 指明，或收紧权限（chmod o-w）")  # fmt: skip
                    continue
                return replace(load_config_file(candidate), ignored=tuple(ignored))
    return Config(ignored=tuple(ignored))


def untrusted(path: Path) -> str | None:
    """Why a configuration found by searching upward cannot be trusted: it, or the folder
    it is in, may be written by anyone (not just its owner and group)."""
    for place, what in ((path.parent, "所在目录"), (path, "文件本身")):
        try:
            mode = place.stat().st_mode
        except OSError:
            continue
        if mode & 0o002:
            return f"{what}任何用户都可写入（权限 {mode & 0o7777:04o}），可能是别人放的"
    return None


def _declares_kpilint(pyproject: Path) -> bool:
    try:
        data = read_bytes(str(pyproject), Limits(max_file_bytes=MAX_CONFIG_BYTES))
    except ReadError:
        return True  # let loading it say what is wrong
    return b"[tool.kpilint]" in data
