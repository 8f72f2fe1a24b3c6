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

Parameters are checked when rules load: a built-in check declares the ones it reads, an
`assert` rule declares its own by their defaults, and a misspelt or mistyped parameter —
in a rule file or in a configuration's `params:` — is an error naming the file and line.
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

from kpilint import safe_yaml
from kpilint.checks import BUILTIN
from kpilint.checks.contract import (
    Check,
    CheckFunction,
    FixFunction,
    ParamType,
    param_errors,
    type_of_default,
)
from kpilint.checks.fixes import FIXES
from kpilint.engine.expression import (
    Compiled,
    ExpressionError,
    compile_expression,
    field_path,
    fields_read,
)
from kpilint.engine.messages import template_fields, template_problem
from kpilint.engine.selector import SelectorError, compile_selector
from kpilint.errors import KpilintError, ReadError, did_you_mean
from kpilint.escapes import one_line
from kpilint.files import read_text
from kpilint.findings import SEVERITIES
from kpilint.framework.review import TEXT_PLACEHOLDERS, opinion_problem, point_problem
from kpilint.safe_yaml import line_of

SCOPES = ("document", "project", "spend_plan", "indicator")
#: what a year-over-year rule (`kpilint diff`) looks at: a project or row of this year's
#: table with its counterpart of last year's (`_pair`), or one that has none (`_dropped`:
#: last year's, `_added`: this year's); see docs/diff.md
DIFF_SCOPES = ("project_pair", "project_dropped", "project_added",
               "indicator_pair", "indicator_dropped", "indicator_added")  # fmt: skip
MAX_RULE_FILE_BYTES = 10 * 1024 * 1024  # a bureau's rule file is a few kilobytes
PACKS = ("core", "hebei")
#: the packs of year-over-year rules, run by `kpilint diff` only
DIFF_PACKS = ("diff",)
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
    "premises",
    "on_uncertain",
    "absence",
    "review",
    "manual",
}

#: what a rule's verdict rests on, by the context paths it reads: a finding is asserted only
#: when each of these fields was read from its own cell (see `premises` in docs/writing-rules.md)
_INDICATOR_PREMISES = {
    "level1": ("level1",), "level2": ("level2",), "is_cost": ("level1", "level2"),
    "is_money_cost": ("level1", "level2"),
    "category_inferred": ("level1", "level2"), "name": ("name",), "name_unit": ("name",),
    "measures_satisfaction": ("name", "value"), "not_applicable": ("name", "value"),
    "description": ("description",), "basis": ("basis",), "has_basis_column": ("basis",),
    "text": ("value",), "value": ("value",), "concept": ("name",),
}  # fmt: skip
_PROJECT_PREMISES = {
    "code": ("code",), "name": ("name",), "purpose": ("purpose",), "budget": ("budget",),
    "goals": ("goals",), "indicators": ("indicators",), "level1s": ("indicators",),
    "level2s": ("indicators",), "has_cost": ("indicators",), "measures": ("indicators",),
    "plan": ("spend_plan",),
}  # fmt: skip
#: a rule whose reads are not known rests on every field of what it checks
_ALL_PREMISES = {
    "indicator": ("level1", "level2", "name", "value"),
    "project": ("name", "budget", "goals", "indicators"),
    "spend_plan": ("spend_plan", "budget"),
    "document": (),
    "project_pair": ("name", "budget", "goals", "indicators"),
    "project_added": ("name", "budget", "goals", "indicators"),
    "project_dropped": (),
    "indicator_pair": ("level1", "level2", "name", "value"),
    "indicator_added": ("level1", "level2", "name", "value"),
    "indicator_dropped": (),
}
ON_UNCERTAIN = ("info", "skip")


class RuleError(KpilintError):
    """A rule file that cannot be used: says which file, which rule, what is wrong."""


class _Invalid(Exception):
    """What is wrong with one rule, and the keys that lead to where it is written."""

    def __init__(self, message: str, *where: str) -> None:
        super().__init__(message)
        self.message, self.where = message, where


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
    examples: Mapping[str, list[Any]] = field(default_factory=dict)
    pack: str = "user"
    source: str = ""
    selector: Callable[[Mapping[str, Any]], bool] = field(default=lambda ctx: True, repr=False)
    compiled: Compiled | None = field(default=None, repr=False)
    function: CheckFunction[Any] | None = field(default=None, repr=False)
    fix: Mapping[str, Any] | None = None
    fix_function: FixFunction[Any] | None = field(default=None, repr=False)
    #: the parameters the rule reads and what each must be; None: a plug-in declared none
    param_types: Mapping[str, ParamType] | None = field(default=None, repr=False)
    #: the context paths its `where`, `assert` or declared check read, when they are all
    #: known (None: a check that declares nothing); what its outcome on a row depends on
    reads: frozenset[tuple[str, ...]] | None = field(default=None, repr=False)
    #: the fields its verdict rests on; where the reader did not read one of them from its
    #: own cell, the finding is told at info with the reason (`on_uncertain: info`) or not
    #: at all (`skip`)
    premises: tuple[str, ...] = ()
    on_uncertain: str = "info"
    #: the rule says something is missing: it is not run on a project read incompletely
    absence: bool = False
    #: the review point, sub-point and standard opinion its findings support, and the
    #: opinion's text (`review:`; see kpilint.framework.review); empty: not mapped
    review: Mapping[str, str] = field(default_factory=dict)
    #: a criterion a person judges (a bureau's checklist item no rule can decide): never
    #: run, listed by the review workbook as left for the reviewer
    manual: bool = False

    @property
    def fix_safe(self) -> bool:
        return bool(self.fix and self.fix.get("safe", False))

    def with_params(self, params: Mapping[str, Any], source: str = "params") -> Rule:
        """The rule with parameters a configuration sets; `source` names that configuration
        in the error a parameter the rule does not read, or of the wrong kind, raises."""
        from dataclasses import replace

        if self.param_types is not None:
            for _key, problem in param_errors(params, self.param_types):
                raise RuleError(f"{source}: 错误: params 中的规则 {self.id}（{self.name}）{problem}")
        return replace(self, params={**self.params, **params})

    def with_opinion(self, text: str, source: str = "opinions") -> Rule:
        """The rule with a bureau's own wording of its review opinion (`opinions:` in a
        configuration); the text may use the placeholders an opinion's text takes."""
        from dataclasses import replace

        if problem := review_text_problem(text):
            raise RuleError(f"{source}: 错误: opinions 中的规则 {self.id}（{self.name}）：{problem}")
        return replace(self, review={**self.review, "text": text})



def review_text_problem(text: object) -> str | None:
    """What is wrong with an opinion's text, or None: words with `{indicators}`, `{count}`
    or `{project}` in them, nothing else between braces."""
    if not isinstance(text, str) or not text.strip():
        return "审核意见应为非空的文字"
    if problem := template_problem(text):
        return problem
    unknown = sorted(template_fields(text) - set(TEXT_PLACEHOLDERS))
    if unknown:
        return f"审核意见中的 {{{unknown[0]}}} 不可用；可用：{'、'.join('{' + k + '}' for k in TEXT_PLACEHOLDERS)}"
    return None


def _review(data: Mapping[str, Any]) -> dict[str, str]:
    """A rule's `review:`: the point and sub-point it serves, the standard opinion it
    supports, and optionally the opinion's text (otherwise composed from its docs)."""
    given = data.get("review")
    if given is None:
        return {}
    if not isinstance(given, Mapping):
        raise _Invalid("review 应为映射：{point: 可测性, aspect: 目标可测性, opinion: 指标不够细化、量化, text: …}", "review")
    unknown = sorted(set(given) - {"point", "aspect", "opinion", "text"})
    if unknown:
        raise _Invalid(f"review 中的未知字段 {unknown}；可用：point, aspect, opinion, text", "review", unknown[0])
    if problem := point_problem(given.get("point"), given.get("aspect")):
        raise _Invalid(problem, "review", "point")
    if problem := opinion_problem(given.get("opinion")):
        raise _Invalid(problem, "review", "opinion")
    if "text" in given and (problem := review_text_problem(given["text"])):
        raise _Invalid(f"review.text：{problem}", "review", "text")
    return {str(k): str(v) for k, v in given.items()}


def _example_lists(examples: Mapping[str, Any]) -> dict[str, list[Any]]:
    """`fail:` and `pass:` each take one example or a list of them (every one is run)."""
    return {
        kind: list(given) if isinstance(given, list) else [given]
        for kind, given in dict(examples).items()
    }

def check_functions() -> dict[str, Check]:
    """Built-in checks plus plug-ins from the `kpilint.checks` entry-point group (a plug-in
    may register a bare function, whose parameters then go unchecked, or a `Check`)."""
    functions = dict(BUILTIN)
    for ep in entry_points(group="kpilint.checks"):
        loaded = ep.load()
        functions[ep.name] = loaded if isinstance(loaded, Check) else Check(loaded, params=None)
    return functions


def build_rule(data: Any, source: str, pack: str, functions: Mapping[str, Check]) -> Rule:
    """One rule from its YAML data; `_Invalid` says what is wrong and where."""
    if not isinstance(data, Mapping):
        raise _Invalid("每条规则应为映射")
    rid = str(data.get("id", ""))
    unknown = set(data) - _KEYS
    if unknown:
        raise _Invalid(f"未知字段 {sorted(unknown)}；可用：{sorted(_KEYS)}", sorted(unknown)[0])
    if not _ID.match(rid):
        raise _Invalid("id 应为大写字母加数字，如 KPI301 或 HB001", "id")
    name = str(data.get("name", ""))
    if not _NAME.match(name):
        raise _Invalid("name 应为小写英文短横线名，如 satisfaction-not-percent", "name")
    severity = data.get("severity", "warning")
    if severity not in SEVERITIES:
        raise _Invalid(f"severity 应为 {'/'.join(SEVERITIES)}", "severity")
    scope = data.get("scope", "indicator")
    if scope not in SCOPES + DIFF_SCOPES:
        raise _Invalid(f"scope 应为 {'/'.join(SCOPES + DIFF_SCOPES)}", "scope")
    message = data.get("message")
    if isinstance(message, str):
        message = {"zh": message, "en": message}
    if not isinstance(message, Mapping) or "zh" not in message:
        raise _Invalid("message 应给出 zh（中文）和 en（英文）消息", "message")
    for lang, template in message.items():
        if not isinstance(template, str):
            raise _Invalid(f"message.{lang} 应为文字，实际为 {type(template).__name__}", "message", str(lang))
        if problem := template_problem(template):
            raise _Invalid(f"message.{lang}：{problem}", "message", str(lang))
    where = data.get("where")
    if isinstance(where, Mapping):  # a field may be named as the form names it (政策依据)
        where = {field_path(str(key), scope): spec for key, spec in where.items()}
    try:
        selector = compile_selector(where)
    except SelectorError as exc:
        raise _Invalid(str(exc), "where") from None
    if "assert" in data and not isinstance(data["assert"], str):
        raise _Invalid("assert 应为一个表达式（文字），如 value.number >= params.floor", "assert")
    try:
        compiled = compile_expression(data["assert"], scope) if "assert" in data else None
    except ExpressionError as exc:
        raise _Invalid(f"assert：{exc}", "assert") from None
    check = data.get("check")
    spec = None
    if check is not None:
        fname = str(check.get("function")) if isinstance(check, Mapping) else None
        if fname is None or fname not in functions:
            known = ", ".join(sorted(functions))
            raise _Invalid(f"未知的检查函数“{fname}”；可用：{known}", "check")
        spec = functions[fname]
    if check is not None and compiled is not None:
        raise _Invalid("assert 与 check 只能二选一", "check")
    params = data.get("params") or {}
    if not isinstance(params, Mapping):
        raise _Invalid("params 应为“参数: 值”的映射", "params")
    param_types = _param_types(data, params, spec, scope)
    _check_shapes(data)
    fix = data.get("fix")
    fix_function = None
    if fix is not None:
        fix_name = fix.get("function") if isinstance(fix, Mapping) else None
        if fix_name not in FIXES:
            raise _Invalid(f"未知的修复函数“{fix_name}”；可用：{', '.join(sorted(FIXES))}", "fix")
        if not isinstance(fix.get("safe", False), bool):
            raise _Invalid("fix.safe 应为 true 或 false", "fix", "safe")
        fix_function = FIXES[fix_name]
    return Rule(
        id=rid,
        name=name,
        severity=severity,
        scope=scope,
        message=dict(message),
        target=str(data.get("field", "value")),
        where=where,
        assertion=data.get("assert"),
        check=check,
        params=dict(params),
        overrides=tuple(data.get("overrides") or ()),
        docs=dict(data.get("docs") or {}),
        examples=_example_lists(data.get("examples") or {}),
        pack=str(data.get("pack", pack)),
        source=source,
        selector=selector,
        compiled=compiled,
        function=spec.function if spec else None,
        fix=dict(fix) if fix else None,
        fix_function=fix_function,
        param_types=param_types,
        reads=(reads := _reads(data, spec, scope)),
        premises=_premises(data, scope, reads),
        on_uncertain=_choice(data, "on_uncertain", ON_UNCERTAIN, "info"),
        absence=_flag(data, "absence"),
        review=_review(data),
        manual=_manual(data),
    )


def _manual(data: Mapping[str, Any]) -> bool:
    """A manual item: a criterion with its review point, and nothing to run."""
    manual = _flag(data, "manual")
    if manual:
        ran = sorted(k for k in ("where", "assert", "check", "fix", "examples") if k in data)
        if ran:
            raise _Invalid(f"人工审核项（manual: true）由人判断，不能有 {ran[0]}", ran[0])
        if "review" not in data:
            raise _Invalid("人工审核项（manual: true）须写 review：它属于哪个审核要点、对应哪条标准意见", "manual")
    return manual


#: the fields a rule file's author writes as data, and the shape each must have
_SHAPES: tuple[tuple[str, str, Callable[[Any], bool]], ...] = (
    ("docs", "“项: 文字”的映射，如 {what: …, why: …, fix: …}",
     lambda v: isinstance(v, Mapping) and all(isinstance(x, str) for x in v.values())),
    ("examples", "{fail: …, pass: …} 的映射", lambda v: isinstance(v, Mapping)),
    ("overrides", "规则 id 的列表", lambda v: isinstance(v, list) and all(isinstance(x, str) for x in v)),
    ("field", "字段名（文字），如 value", lambda v: isinstance(v, str)),
    ("pack", "规则包名（文字）", lambda v: isinstance(v, str)),
)  # fmt: skip


def _check_shapes(data: Mapping[str, Any]) -> None:
    """Each data field of a rule has the shape it must have: a wrong type is the author's
    mistake, named with its line, not an error inside kpilint."""
    for key, wanted, fits in _SHAPES:
        value = data.get(key)
        if value is not None and not fits(value):
            raise _Invalid(f"{key} 应为{wanted}，实际为 {type(value).__name__}", key)


def _choice(data: Mapping[str, Any], key: str, allowed: tuple[str, ...], default: str) -> str:
    value = data.get(key, default)
    if value not in allowed:
        raise _Invalid(f"{key} 应为 {' / '.join(allowed)}，实际为 {value!r}", key)
    return str(value)


def _flag(data: Mapping[str, Any], key: str) -> bool:
    value = data.get(key, False)
    if not isinstance(value, bool):
        raise _Invalid(f"{key} 应为 true 或 false，实际为 {value!r}", key)
    return value


def _premises(data: Mapping[str, Any], scope: str, reads: frozenset[tuple[str, ...]] | None) -> tuple[str, ...]:
    """The fields a verdict rests on: as the rule declares them, else what its `where` and
    `assert` read (a check that declares nothing rests on every field of its element)."""
    declared = data.get("premises")
    if declared is not None:
        if not isinstance(declared, list) or not all(isinstance(p, str) for p in declared):
            raise _Invalid("premises 应为字段名列表，如 [level2, value]", "premises")
        return tuple(declared)
    if reads is None or (not reads and "check" in data):
        return _ALL_PREMISES[scope]
    table = _INDICATOR_PREMISES if scope.startswith("indicator") else _PROJECT_PREMISES
    found = dict.fromkeys(f for path in sorted(reads) for f in table.get(path[0], ()))
    return tuple(found)


def _reads(data: Mapping[str, Any], spec: Check | None, scope: str) -> frozenset[tuple[str, ...]] | None:
    """Every context path the rule's outcome depends on (parameters aside), or None when a
    check function does not declare what it reads."""
    where = data.get("where")
    paths = {tuple(field_path(str(key), scope).split(".")) for key in where} if isinstance(where, Mapping) else set()
    if spec is not None:
        if spec.reads is None:
            return None
        paths |= {tuple(path.split(".")) for path in spec.reads}
    if "assert" in data:
        paths |= fields_read(str(data["assert"]), scope)
    return frozenset(p for p in paths if p[0] != "params")


def _param_types(
    data: Mapping[str, Any], params: Mapping[str, Any], spec: Check | None, scope: str
) -> dict[str, ParamType] | None:
    """The parameters a rule reads: its check function's declaration, or for any other rule
    the ones it gives defaults for. The rule's own values must fit them."""
    if spec is not None:
        if spec.params is None:
            return None
        given = {**{k: v for k, v in data["check"].items() if k != "function"}, **params}
        for key, problem in param_errors(given, spec.params):
            raise _Invalid(problem, "params" if key in params else "check", key)
        return dict(spec.params)
    types = {}
    for key, value in params.items():
        kind = type_of_default(value)
        if kind is None:
            raise _Invalid(f"参数“{key}”的值 {value!r} 不是数字、文字、列表或映射", "params", key)
        types[str(key)] = kind
    if "assert" in data:
        for path in fields_read(str(data["assert"]), scope):
            if path[0] == "params" and len(path) > 1 and path[1] not in types:
                known = "、".join(types) or "（无）"
                raise _Invalid(f"表达式用到 params.{path[1]}，但 params 中没有“{path[1]}”；已声明：{known}",
                               "assert")  # fmt: skip
    return types


def _line_of(root: yaml.Node | None, index: int, where: tuple[str, ...]) -> int | None:
    """The line of rule number `index` in a rule file, or of the key `where` leads to in it."""
    if isinstance(root, yaml.MappingNode):
        return line_of(root, "rules", index, *where)
    return line_of(root, index, *where)


def load_rule_text(text: str, source: str, pack: str = "user") -> list[Rule]:
    """Rules from a rule file's text, composed within the YAML bounds (depth, aliases)."""
    try:
        root = safe_yaml.compose(text)
        if twice := safe_yaml.duplicate_key(root):
            raise RuleError(f"{source}:{twice[1]}: 错误: 键“{one_line(twice[0])}”在同一处写了两次；只保留一处")
        data = safe_yaml.construct(root)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f":{mark.line + 1}" if mark else ""
        raise RuleError(
            f"{source}{where}: 错误: 规则文件 YAML 格式错误：{getattr(exc, 'problem', exc)}"
        ) from None
    shared: Mapping[str, Any] = {}
    if isinstance(data, Mapping):
        pack = str(data.get("pack", pack))
        shared = data.get("params") or {}
        if not isinstance(shared, Mapping):
            raise RuleError(f"{source}: 错误: 规则文件的 params 应为“名称: 值”的映射（本文件各规则共用的词表、模式）")
        unknown = sorted(str(k) for k in data if k not in ("pack", "rules", "params"))
        if unknown:
            raise RuleError(f"{source}: 错误: 规则文件中的未知字段 {unknown}；可用：pack, rules, params")
        data = data.get("rules")
    if not isinstance(data, list):
        raise RuleError(f"{source}: 错误: 规则文件应包含 rules: 列表")
    functions = check_functions()
    rules = []
    for index, item in enumerate(data):
        try:
            rules.append(build_rule(_with_shared(item, shared), source, pack, functions))
        except _Invalid as exc:
            line = _line_of(root, index, exc.where)
            rid = item.get("id") if isinstance(item, Mapping) else None
            who = f"规则 {one_line(rid)}" if rid else f"第 {index + 1} 条规则"
            raise RuleError(f"{source}{f':{line}' if line else ''}: 错误: {who}：{exc.message}") from None
    ids = [r.id for r in rules]
    dupes = {i for i in ids if ids.count(i) > 1}
    if dupes:
        raise RuleError(f"{source}: 错误: 规则 id 重复：{sorted(dupes)}")
    return rules


def _with_shared(item: Any, shared: Mapping[str, Any]) -> Any:
    """A rule with the file's shared parameters (`params:` beside `rules:`: a bureau's named
    word lists and patterns) as defaults of its own; only an `assert` rule takes them (a
    check function declares the parameters it reads)."""
    if not shared or not isinstance(item, Mapping) or "assert" not in item:
        return item
    own = item.get("params") or {}
    return {**item, "params": {**shared, **own}} if isinstance(own, Mapping) else item


def load_pack(name: str) -> list[Rule]:
    if name not in PACKS + DIFF_PACKS:
        known = PACKS + DIFF_PACKS
        raise RuleError(f"kpilint: 错误: 未知的规则包“{name}”{did_you_mean(name, known)}；可用：{'、'.join(known)}")
    resource = files("kpilint.rules").joinpath(f"{name}.yaml")
    return load_rule_text(resource.read_text(encoding="utf-8"), f"rules/{name}.yaml", name)


def load_rule_file(path: str | Path) -> list[Rule]:
    """A user's rule file: a regular file of at most MAX_RULE_FILE_BYTES, in UTF-8."""
    try:
        text = read_text(str(path), MAX_RULE_FILE_BYTES, "rule-file")
    except ReadError as exc:
        raise RuleError(str(exc)) from None
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
