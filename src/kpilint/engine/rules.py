"""Rules as data: load and validate rule files, and compile each rule once.

A rule file (`rules/core.yaml`, or a bureau's own) holds a list of rules:

    - id: KPI311
      name: satisfaction-below-floor
      severity: info                     # error | warning | info
      scope: indicator                   # document | project | spend_plan | indicator
      field: value                       # the cell a finding points at
      where: {level2: 服务对象满意度指标, value.dimension: percent}
      assert: value.number >= params.floor   # a finding when this is false
      params: {floor: 80}
      message: {zh: "满意度目标 {value} 低于 {floor}%", en: "..."}
      docs: {what: ..., why: ..., source: ..., fix: ...}
      examples: {fail: {indicator: {...}}, pass: {indicator: {...}}}

Instead of `assert`, a rule may name a built-in check: `check: {function: cost_cap}`
(see `kpilint.checks`), or a plug-in registered under the `kpilint.checks`
entry-point group. A rule with neither reports every element its `where` selects.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from importlib.metadata import entry_points
from importlib.resources import files
from pathlib import Path
from typing import Any

import yaml

from kpilint.checks import BUILTIN
from kpilint.checks.fixes import FIXES
from kpilint.engine.expression import Compiled, ExpressionError, compile_expression
from kpilint.engine.selector import SelectorError, compile_selector
from kpilint.errors import KpilintError
from kpilint.findings import SEVERITIES

SCOPES = ("document", "project", "spend_plan", "indicator")
PACKS = ("core", "hebei")
_ID = re.compile(r"^[A-Z]{2,8}\d{3,4}$")
_NAME = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
_KEYS = {
    "id",
    "name",
    "severity",
    "scope",
    "field",
    "where",
    "assert",
    "check",
    "params",
    "overrides",
    "message",
    "docs",
    "examples",
    "pack",
    "fix",
}


class RuleError(KpilintError):
    """A rule file that cannot be used: says which file, which rule, what is wrong."""


CheckFunction = Callable[..., Iterable[Mapping[str, Any]]]


@dataclass(frozen=True)
class Rule:
    id: str
    name: str
    severity: str
    scope: str
    message: Mapping[str, str]
    target: str = "value"  # the `field:` key: which cell a finding points at
    where: Mapping[str, Any] | None = None
    assertion: str | None = None
    check: Mapping[str, Any] | None = None
    params: Mapping[str, Any] = field(default_factory=dict)
    overrides: tuple[str, ...] = ()
    docs: Mapping[str, Any] = field(default_factory=dict)
    examples: Mapping[str, Any] = field(default_factory=dict)
    pack: str = "user"
    source: str = ""
    selector: Callable[[Mapping[str, Any]], bool] = field(default=lambda ctx: True, repr=False)
    compiled: Compiled | None = field(default=None, repr=False)
    function: CheckFunction | None = field(default=None, repr=False)
    fix: Mapping[str, Any] | None = None
    fix_function: Callable[..., list[Any]] | None = field(default=None, repr=False)

    @property
    def fix_safe(self) -> bool:
        return bool(self.fix and self.fix.get("safe", False))

    def with_params(self, params: Mapping[str, Any]) -> Rule:
        from dataclasses import replace

        return replace(self, params={**self.params, **params})


def check_functions() -> dict[str, CheckFunction]:
    """Built-in checks plus plug-ins from the `kpilint.checks` entry-point group."""
    functions = dict(BUILTIN)
    for ep in entry_points(group="kpilint.checks"):
        functions[ep.name] = ep.load()
    return functions


def _fail(source: str, rule_id: str, message: str) -> RuleError:
    who = f"规则 {rule_id}" if rule_id else "规则"
    return RuleError(f"{source}: 错误: {who}：{message}")


def build_rule(
    data: Mapping[str, Any], source: str, pack: str, functions: Mapping[str, CheckFunction]
) -> Rule:
    rid = str(data.get("id", ""))
    if not isinstance(data, Mapping):
        raise _fail(source, "", "每条规则应为映射")
    unknown = set(data) - _KEYS
    if unknown:
        raise _fail(source, rid, f"未知字段 {sorted(unknown)}；可用：{sorted(_KEYS)}")
    if not _ID.match(rid):
        raise _fail(source, rid, "id 应为大写字母加数字，如 KPI301 或 HB001")
    name = str(data.get("name", ""))
    if not _NAME.match(name):
        raise _fail(source, rid, "name 应为小写英文短横线名，如 satisfaction-not-percent")
    severity = data.get("severity", "warning")
    if severity not in SEVERITIES:
        raise _fail(source, rid, f"severity 应为 {'/'.join(SEVERITIES)}")
    scope = data.get("scope", "indicator")
    if scope not in SCOPES:
        raise _fail(source, rid, f"scope 应为 {'/'.join(SCOPES)}")
    message = data.get("message")
    if isinstance(message, str):
        message = {"zh": message, "en": message}
    if not isinstance(message, Mapping) or "zh" not in message:
        raise _fail(source, rid, "message 应给出 zh（中文）和 en（英文）消息")
    try:
        selector = compile_selector(data.get("where"))
        compiled = compile_expression(str(data["assert"])) if "assert" in data else None
    except (SelectorError, ExpressionError) as exc:
        raise _fail(source, rid, str(exc)) from None
    check = data.get("check")
    function = None
    if check is not None:
        fname = check.get("function") if isinstance(check, Mapping) else None
        if fname not in functions:
            raise _fail(
                source, rid, f"未知的检查函数“{fname}”；可用：{', '.join(sorted(functions))}"
            )
        function = functions[fname]
    if check is not None and compiled is not None:
        raise _fail(source, rid, "assert 与 check 只能二选一")
    fix = data.get("fix")
    fix_function = None
    if fix is not None:
        fix_name = fix.get("function") if isinstance(fix, Mapping) else None
        if fix_name not in FIXES:
            raise _fail(
                source, rid, f"未知的修复函数“{fix_name}”；可用：{', '.join(sorted(FIXES))}"
            )
        if not isinstance(fix.get("safe", False), bool):
            raise _fail(source, rid, "fix.safe 应为 true 或 false")
        fix_function = FIXES[fix_name]
    return Rule(
        id=rid,
        name=name,
        severity=severity,
        scope=scope,
        message=dict(message),
        target=str(data.get("field", "value")),
        where=data.get("where"),
        assertion=data.get("assert"),
        check=check,
        params=dict(data.get("params") or {}),
        overrides=tuple(data.get("overrides") or ()),
        docs=dict(data.get("docs") or {}),
        examples=dict(data.get("examples") or {}),
        pack=str(data.get("pack", pack)),
        source=source,
        selector=selector,
        compiled=compiled,
        function=function,
        fix=dict(fix) if fix else None,
        fix_function=fix_function,
    )


def load_rule_text(text: str, source: str, pack: str = "user") -> list[Rule]:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f":{mark.line + 1}" if mark else ""
        raise RuleError(
            f"{source}{where}: 错误: 规则文件 YAML 格式错误：{getattr(exc, 'problem', exc)}"
        ) from None
    if isinstance(data, Mapping):
        pack = str(data.get("pack", pack))
        data = data.get("rules")
    if not isinstance(data, list):
        raise RuleError(f"{source}: 错误: 规则文件应包含 rules: 列表")
    functions = check_functions()
    rules = [build_rule(item, source, pack, functions) for item in data]
    ids = [r.id for r in rules]
    dupes = {i for i in ids if ids.count(i) > 1}
    if dupes:
        raise RuleError(f"{source}: 错误: 规则 id 重复：{sorted(dupes)}")
    return rules


def load_pack(name: str) -> list[Rule]:
    if name not in PACKS:
        raise RuleError(f"未知的规则包“{name}”；可用：{', '.join(PACKS)}")
    resource = files("kpilint.rules").joinpath(f"{name}.yaml")
    return load_rule_text(resource.read_text(encoding="utf-8"), f"rules/{name}.yaml", name)


def load_rule_file(path: str | Path) -> list[Rule]:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise RuleError(f"{path}: 错误: 无法读取规则文件：{exc.strerror}") from None
    return load_rule_text(text, str(path))


def all_rules(packs: Iterable[str] = PACKS, extra_files: Iterable[str | Path] = ()) -> list[Rule]:
    """Rules from packs and user files; a user rule with a pack rule's id replaces it."""
    by_id: dict[str, Rule] = {}
    for pack in packs:
        for rule in load_pack(pack):
            by_id[rule.id] = rule
    for path in extra_files:
        for rule in load_rule_file(path):
            by_id[rule.id] = rule
    return sorted(by_id.values(), key=lambda r: r.id)
