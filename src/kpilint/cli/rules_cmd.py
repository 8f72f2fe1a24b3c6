"""`kpilint rules` lists the rules; `kpilint explain KPI203` prints one rule's documentation."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from kpilint.errors import KpilintError
from kpilint.reporters.terminal import printable

if TYPE_CHECKING:  # the engine is imported when the command runs
    from kpilint.engine.rules import Rule


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "rules", help="列出规则 / list rules", description="列出所有规则（含未启用的规则包）。"
    )
    p.add_argument("--pack", action="append", help="只列出这些规则包")
    p.set_defaults(run=run_rules)
    e = sub.add_parser(
        "explain", help="解释规则 / explain a rule", description="显示一条规则的说明和示例。"
    )
    e.add_argument("rule", metavar="RULE", help="规则 id 或名称，如 KPI203 或 cost-cap-not-budget")
    e.add_argument("--lang", choices=("zh", "en"), default="zh")
    e.set_defaults(run=run_explain)


def _rules() -> list[Rule]:
    from kpilint.config import discover
    from kpilint.engine.rules import DIFF_PACKS, PACKS, all_rules

    return all_rules(PACKS + DIFF_PACKS, discover().rules)  # the diff pack: `kpilint diff`


def run_rules(args: argparse.Namespace) -> int:
    from kpilint.config import discover

    try:
        rules = _rules()
    except KpilintError as exc:
        print(exc, file=sys.stderr)
        return 2
    enabled = set(discover().packs)
    for r in rules:
        if args.pack and r.pack not in args.pack:
            continue
        mark = " " if r.pack in enabled or r.pack in ("user", "diff") else "*"
        print(printable(f"{r.id} {r.name:<30} {r.severity:<8} {r.pack:<6}{mark} {r.docs.get('what', '')}"))
    print("\n* 未启用的规则包：在 .kpilint.yaml 中加入 packs: [core, hebei]，或用 --pack 启用")
    return 0


def explain_text(rule: Rule, lang: str = "zh") -> str:
    from kpilint.engine.examples import example_yaml

    d = rule.docs
    lines = [f"{rule.id} {rule.name}  [{rule.severity}, {rule.scope}, 规则包 {rule.pack}]", ""]
    for key, label in (
        ("what", "检查什么"),
        ("why", "为什么重要"),
        ("source", "依据"),
        ("allowed", "允许的写法（不报）"),
        ("required", "常见仍须报告的理由"),
        ("fix", "怎么改"),
    ):
        if d.get(key):
            lines += [f"## {label}", str(d[key]).strip(), ""]
    if rule.params:
        lines += [
            "## 参数（可在 .kpilint.yaml 的 params 中调整）",
            *(f"  {k}: {v}" for k, v in rule.params.items()),
            "",
        ]
    lines += [f"## 消息\n  {rule.message.get(lang) or rule.message['zh']}", ""]
    if rule.fix:
        lines += [
            "## 自动修复",
            "  安全：kpilint check --fix"
            if rule.fix_safe
            else "  需确认：kpilint check --fix --unsafe-fixes（先用 --diff 查看）",
            "",
        ]
    for kind, label in (("fail", "会报告的例子"), ("pass", "不会报告的例子")):
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
    print(f"kpilint: 错误: 没有规则“{wanted}”；用 kpilint rules 列出全部规则", file=sys.stderr)
    return 2
