"""`kpilint show PATH...`: the document as kpilint understood it."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from kpilint.errors import KpilintError
from kpilint.reporters.terminal import json_text, printable

if TYPE_CHECKING:  # the core and the readers are imported when the command runs
    from kpilint.model import Coverage, Document


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "show",
        help="显示读取结果 / show what was read",
        description="显示 kpilint 从文件中读到的内容：项目、预算、支出计划、指标行及解析后的指标值。",
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help="文件或目录；- 表示标准输入")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.set_defaults(run=run)


def document_json(doc: Document) -> dict[str, Any]:
    return {
        "path": doc.path,
        "unit_code": doc.unit_code,
        "unit_name": doc.unit_name,
        "year": doc.year,
        "money_unit": doc.money_unit,
        "template": doc.template,
        "encoding": doc.encoding,
        "stats": dict(doc.stats),
        "coverage": coverage_json(doc.accounting()),
        "projects": [
            {
                "code": p.code,
                "name": p.name,
                "budget": {
                    "total": p.budget.total,
                    "fiscal": p.budget.fiscal,
                    "other": p.budget.other,
                }
                | ({"period_total": p.budget.period_total} if p.budget.period_total is not None else {}),
                "purpose": p.purpose,
                "spend_plan": [
                    {"label": c.label, "month": c.month, "text": c.text}
                    for c in (p.spend_plan.checkpoints if p.spend_plan else ())
                ],
                "goals": list(p.goals),
                **{f: getattr(p.header, f) for f in p.header.FIELDS},
                "indicators": [
                    {
                        "level1": i.level1,
                        "level2": i.level2,
                        "name": i.name,
                        "description": i.description,
                        "value": i.value_text,
                        "basis": i.basis,
                        "line": i.location.line if i.location else None,
                    }
                    | {k: v for k in ("unit", "comparator", "weight") if (v := getattr(i, k))}
                    for i in p.indicators
                ],
            }
            for p in doc.projects
        ],
        "department_tables": [
            {
                "title": table.title,
                "page": table.location.page if table.location else None,
                "budget": {"total": table.budget.total, "fiscal": table.budget.fiscal, "other": table.budget.other},
                "goals": list(table.goals),
                "indicators": [
                    {"level1": i.level1, "level2": i.level2, "name": i.name, "value": i.value_text}
                    for i in table.indicators
                ],
                "unplaced_rows": table.unplaced_rows,
            }
            for table in doc.department_tables
        ],
        "diagnostics": [
            {"code": d.code, "message": d.message, "location": str(d.location)}
            for d in doc.diagnostics
        ],
    }


PAGE_CLASS_NAMES = {
    "target_table": "项目指标表", "continuation": "续页", "department_table": "部门整体表",
    "self_evaluation": "自评表", "blank_template": "空白表样", "goals_only_list": "目标清单",
    "other": "其他",
}  # fmt: skip


def coverage_json(cov: Coverage) -> dict[str, Any]:
    return {
        "pages": cov.pages,
        "pages_by_class": cov.by_class(),
        "pages_of_class": {c: list(cov.pages_of(c)) for c in cov.by_class()},
        "tables": cov.tables,
        "projects": cov.projects,
        "rows": cov.rows,
        "unplaced_rows": cov.unplaced_rows,
        "unread_pages": list(cov.unread_pages),
        "unread_tables": list(cov.unread_tables),
    }


def coverage_line(cov: Coverage) -> str:
    """The accounting in one line: every page, every table, every row, and what was not read."""
    from kpilint.readers.page_classes import page_list

    parts = []
    if cov.pages:
        classes = "，".join(f"{PAGE_CLASS_NAMES[c]} {n}" for c, n in cov.by_class().items())
        parts.append(f"共 {cov.pages} 页（{classes}）")
    parts.append(f"表格 {cov.tables}，项目 {cov.projects}，指标行 {cov.rows}，未归位的行 {cov.unplaced_rows}")
    if cov.unread_pages:
        parts.append(f"未读出的指标表页：{page_list(cov.unread_pages)}")
    if cov.unread_tables:
        parts.append(f"未读出的指标表：{'、'.join(cov.unread_tables)}")
    if cov.unplaced_rows:
        parts.append(f"有 {cov.unplaced_rows} 行未能归入项目，未经检查（见下方提示）")
    elif cov.pages and not cov.unread_pages:
        parts.append("没有未读出的指标表页")
    return "；".join(parts)


def _money(x: float | None, unit: str) -> str:
    return "—" if x is None else f"{x:,.2f} {unit}"


def print_document(doc: Document, out: Any = sys.stdout) -> None:
    w = lambda s="": print(printable(s), file=out)  # noqa: E731  (a name can hold escapes)
    w(f"== {doc.path}  [{doc.template}, {doc.encoding or '?'}]")
    w(
        f"单位: {doc.unit_code or '—'} {doc.unit_name or ''}  年度: {doc.year or '—'}  "
        f"金额单位: {doc.money_unit}  项目数: {len(doc.projects)}"
    )
    for n, p in enumerate(doc.projects, 1):
        b = p.budget
        w(f"\n[{n}] {p.name or '（无名称）'}  项目编码: {p.code or '—'}")
        w(
            f"    预算数 {_money(b.total, doc.money_unit)}  财政资金 {_money(b.fiscal, doc.money_unit)}"
            f"  其他资金 {_money(b.other, doc.money_unit)}"
        )
        if p.spend_plan:
            plan = "  ".join(f"{c.label}={c.text or '（空）'}" for c in p.spend_plan.checkpoints)
            w(f"    资金支出计划{'（%）' if p.spend_plan.declared_percent else ''}: {plan}")
        if b.period_total is not None:
            w(f"    实施期（中期规划）资金总额 {_money(b.period_total, doc.money_unit)}")
        for g in p.goals:
            w(f"    绩效目标: {g}")
        for f, text in p.header.items():
            w(f"    {p.header.FIELDS[f]}: {text}")
        for i in p.indicators:
            v = i.value
            parsed = {
                "empty": "（空）",
                "invalid": f"无法解析: {v.error}",
                "qualitative": f"定性 {v.grade}",
            }.get(v.kind) or v.render()
            line = f"{i.location.line}" if i.location and i.location.line else ""
            w(
                f"    {line:>5} {i.level1}/{i.level2}/{i.name or '（空）'}: {i.value_text or '（空）'}"
                f"  → {parsed}  依据: {i.basis or '（空）'}"
            )
    for table in doc.department_tables:
        where = f"（{table.location}）" if table.location else ""
        w(f"\n[部门整体] {table.title or '部门整体绩效目标表'}{where}  预算数 {_money(table.budget.total, doc.money_unit)}"
          f"  指标行 {len(table.indicators)}  未归位的行 {table.unplaced_rows}")  # fmt: skip
        for i in table.indicators:
            w(f"          {i.level1}/{i.level2}/{i.name or '（空）'}: {i.value_text or '（空）'}")
    w(f"  读取统计: {coverage_line(doc.accounting())}")
    for d in doc.diagnostics:
        w(f"  ! {d.location}: {d.message}")


def run(args: argparse.Namespace) -> int:
    from kpilint.config import load_config
    from kpilint.core import load_each

    status = 0
    docs = []
    try:
        config = load_config()
        for note in config.ignored:
            print(note, file=sys.stderr)
        results = load_each(args.paths, config)
        for result in results:
            if result.document is None:
                print(result.error, file=sys.stderr)
                status = 2
            elif args.format == "json":
                docs.append(document_json(result.document))
            else:
                print_document(result.document)
    except KpilintError as exc:
        print(exc, file=sys.stderr)
        return 2
    if args.format == "json":
        sys.stdout.write(json_text({"documents": docs}, indent=1) + "\n")
    return status
