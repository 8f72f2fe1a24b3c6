"""`kpilint rules` lists the rules; `kpilint explain KPI203` prints one rule's documentation."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from kpilint.errors import KpilintError, did_you_mean
from kpilint.reporters.terminal import printable

if TYPE_CHECKING:  # the engine is imported when the command runs
    from kpilint.engine.rules import Rule


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "rules", help="列出规则 / list rules", description="列出所有规则（含未启用的规则包）。"
    )
    p.add_argument("--pack", action="append", help="只列出这些规则包")
    p.add_argument("--format", choices=("text", "json"), default="text", help="输出格式（默认 text）")
    p.set_defaults(run=run_rules)
    e = sub.add_parser(
        "explain", help="解释规则 / explain a rule", description="显示一条规则的说明和示例。"
    )
    e.add_argument("rule", metavar="RULE", help="规则 id 或名称，如 KPI203 或 cost-cap-not-budget")
    e.add_argument("--lang", choices=("zh", "en"), default="zh")
    e.set_defaults(run=run_explain)


def _rules() -> list[Rule]:
    from kpilint.config import load_config
    from kpilint.engine.rules import DIFF_PACKS, PACKS, all_rules

    return all_rules(PACKS + DIFF_PACKS, load_config().rules)  # the diff pack: `kpilint diff`


def run_rules(args: argparse.Namespace) -> int:
    from kpilint.config import load_config

    try:
        rules = _rules()
    except KpilintError as exc:
        print(exc, file=sys.stderr)
        return 2
    enabled = set(load_config().packs)
    rules = [r for r in rules if not args.pack or r.pack in args.pack]
    if args.format == "json":
        from kpilint.reporters.terminal import json_text

        sys.stdout.write(json_text([rule_json(r, r.pack in enabled or r.pack in ("user", "diff")) for r in rules], indent=1) + "\n")
        return 0
    for r in rules:
        mark = " " if r.pack in enabled or r.pack in ("user", "diff") else "*"
        level = "人工" if r.manual else r.severity  # a manual item is judged by a person, never run
        print(printable(f"{r.id} {r.name:<30} {level:<8} {r.pack:<6}{mark} {r.docs.get('what', '')}"))
    print("\n* 未启用的规则包：在 .kpilint.yaml 中加入 packs: [core, hebei]，或用 --pack 启用")
    return 0


def rule_json(rule: Rule, enabled: bool) -> dict:
    """A rule as `kpilint rules --format json` lists it: what a script needs to pick rules."""
    return {"id": rule.id, "name": rule.name, "severity": rule.severity, "pack": rule.pack, "enabled": enabled,
            "scope": rule.scope, "fixable": bool(rule.fix), "fix_safe": bool(rule.fix) and rule.fix_safe,
            "params": dict(rule.params), "what": rule.docs.get("what", ""), "fix": rule.docs.get("fix", "")}  # fmt: skip


_HEADINGS = {
    "zh": {"pack": "规则包", "what": "检查什么", "why": "为什么重要", "source": "依据", "allowed": "允许的写法（不报）",
           "required": "常见仍须报告的理由", "fix": "怎么改",
           "params": "参数（可在 .kpilint.yaml 的 params 中调整）", "message": "消息", "autofix": "自动修复",
           "safe": "  安全：kpilint check --fix", "unsafe": "  需确认：kpilint check --fix --unsafe-fixes（先用 --diff 查看）",
           "fail": "会报告的例子", "pass": "不会报告的例子"},
    "en": {"pack": "pack", "what": "What it checks", "why": "Why it matters", "source": "Basis",
           "allowed": "Allowed forms (not reported)", "required": "Still reported, usually because", "fix": "How to fix",
           "params": "Parameters (set them under params: in .kpilint.yaml)", "message": "Message", "autofix": "Automatic fix",
           "safe": "  safe: kpilint check --fix", "unsafe": "  a judgement: kpilint check --fix --unsafe-fixes (look with --diff first)",
           "fail": "Reported, for example", "pass": "Not reported, for example"},
}  # fmt: skip


def explain_text(rule: Rule, lang: str = "zh") -> str:
    from kpilint.engine.examples import example_yaml

    d = rule.docs
    h = _HEADINGS["en" if lang == "en" else "zh"]
    kind = "人工审核项，由审核人判断，不运行" if rule.manual else f"{rule.severity}, {rule.scope}"
    lines = [f"{rule.id} {rule.name}  [{kind}, {h['pack']} {rule.pack}]", ""]
    for key in ("what", "why", "source", "allowed", "required", "fix"):
        if d.get(key):
            lines += [f"## {h[key]}", str(d[key]).strip(), ""]
    if rule.params:
        lines += [f"## {h['params']}", *(f"  {k}: {v}" for k, v in rule.params.items()), ""]
    lines += [f"## {h['message']}\n  {rule.message.get(lang) or rule.message['zh']}", ""]
    if rule.fix:
        lines += [f"## {h['autofix']}", h["safe"] if rule.fix_safe else h["unsafe"], ""]
    for kind in ("fail", "pass"):
        label = h[kind]
        for snippet in rule.examples.get(kind, ()):
            shown = {k: v for k, v in snippet.items() if k != "source"}
            body = example_yaml(shown) if "document" in shown else _snippet(shown)
            source = f"（{snippet['source']}）" if snippet.get("source") else ""
            lines += [f"## {label}{source}", *("  " + x for x in body.rstrip().splitlines()), ""]
    return "\n".join(lines)


def _snippet(example: dict) -> str:
    import yaml

    return yaml.safe_dump(example, allow_unicode=True, sort_keys=False)


def run_explain(args: argparse.Namespace) -> int:
    try:
        rules = _rules()
    except KpilintError as exc:
        print(exc, file=sys.stderr)
        return 2
    wanted = args.rule.strip()
    for r in rules:
        if wanted in (r.id, r.name) or wanted.upper() == r.id:
            print(printable(explain_text(r, args.lang)))  # a user's rule file wrote the docs
            return 0
    guess = did_you_mean(wanted, [n for r in rules for n in (r.id, r.name)])
    print(f"kpilint: 错误: 没有规则“{wanted}”{guess}；用 kpilint rules 列出全部规则", file=sys.stderr)
    return 2
