"""The review workbook a finance bureau sends back: one row per project, the findings turned
into numbered opinions under the points the bureau reviews on.

`kpilint check --format review -o 初审意见.xlsx` (or `.md`, `.html`; Markdown on standard
output). Columns: 项目编码, 项目名称, 完整性审核, 可测性审核, 可行性审核, 初审小结. Each
rule says which point and sub-point it serves and which standard opinion it supports
(`review:` in its YAML, kpilint.framework.review); the findings of one rule on one project
make one opinion naming the indicators concerned, in the rule's wording or the bureau's
(`opinions:` in its configuration). A cell with nothing in it says 审核通过. The findings
behind every opinion are listed in a second sheet, and a pack's manual items (criteria a
person judges) in a third, so nothing the run found or could not judge is left unsaid.

Everything written comes from the input: the workbook holds text cells only (a text that a
spreadsheet would take for a formula is marked as text), Markdown and HTML are escaped.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from html import escape
from pathlib import PurePath
from typing import TYPE_CHECKING

from kpilint.engine.messages import format_message
from kpilint.findings import SEVERITY_RANK, Finding
from kpilint.framework.review import OTHER, POINTS
from kpilint.reporters import Report
from kpilint.reporters.terminal import printable

if TYPE_CHECKING:
    from kpilint.engine.rules import Rule

PASSED = "审核通过"
COLUMNS = ("项目编码", "项目名称", "完整性审核", "可测性审核", "可行性审核", "初审小结")
POINT_COLUMNS = {point: f"{point}审核" for point in POINTS}
DETAIL_COLUMNS = ("文件", "项目编码", "项目名称", "意见", "审核要点", "二级要点", "标准意见", "规则",
                  "规则名称", "级别", "位置", "一级指标", "二级指标", "指标", "指标值", "问题")  # fmt: skip
MANUAL_COLUMNS = ("编号", "审核要点", "二级要点", "审核细项", "标准意见", "说明", "意见表述")
SEVERITY_WORDS = {"error": "错误", "warning": "警告", "info": "提示"}
#: how many indicators an opinion names before it says 等 N 个
NAMED = 5


@dataclass(frozen=True)
class Opinion:
    """The findings of one rule on one project, as one opinion in the bureau's terms."""

    rule: str
    point: str  # 完整性 / 可测性 / 可行性, or 其他 for a rule that does not say
    aspect: str
    opinion: str  # the standard opinion it supports
    text: str
    severity: str  # the most severe of its findings
    findings: tuple[Finding, ...]


@dataclass
class ProjectReview:
    """One row of the review workbook."""

    path: str
    code: str
    name: str
    opinions: list[Opinion] = field(default_factory=list)
    error: str | None = None

    def under(self, point: str) -> list[Opinion]:
        return [o for o in self.opinions if o.point == point]

    def cells(self, manual: Sequence[Rule] = ()) -> dict[str, str]:
        """The six cells: each point's opinions numbered, 审核通过 where there are none."""
        row = {"项目编码": self.code, "项目名称": self.name}
        for point, column in POINT_COLUMNS.items():
            row[column] = _numbered(o.text for o in self.under(point)) or PASSED
        row["初审小结"] = self.summary(manual)
        return row

    def summary(self, manual: Sequence[Rule] = ()) -> str:
        """The conclusion: how many opinions under which points and what to do, the opinions
        of rules that name no point, and the items left for a person."""
        if self.error:
            return _numbered([f"文件无法读取，未能审核：{self.error}"])
        items = []
        required = [o for o in self.opinions if o.severity != "info"]
        hints = len(self.opinions) - len(required)
        if required:
            counts = "、".join(f"{p} {n} 条" for p in (*POINTS, OTHER)
                              if (n := sum(o.point == p for o in required)))  # fmt: skip
            items.append(f"共 {len(required)} 条须修改的意见（{counts}），请按意见修改后重新报送。")
        elif hints:
            items.append("未发现须修改的问题。")
        if hints:
            items.append(f"另有 {hints} 条提示（标“【提示】”）供参考，不要求修改。")
        items.extend(o.text for o in self.under(OTHER))
        if manual:
            items.append(f"待人工审核 {len(manual)} 项，见“人工审核项”。")
        if not items:
            return PASSED
        if not self.opinions:
            items.insert(0, "机器审核未发现问题。")
        return _numbered(items)


def _numbered(texts: Iterable[str]) -> str:
    return "\n".join(f"{n}. {text}" for n, text in enumerate(texts, 1))


def _named(findings: Sequence[Finding]) -> str:
    """The indicators an opinion is about, each with its value (指标“群众满意度”（≥90）), a
    row without a name by its category (“产出指标/数量指标”一栏), or 本项目."""
    names: list[str] = []
    for f in findings:
        if f.indicator:
            name = f"“{f.indicator}”" + (f"（{f.value}）" if f.value else "")
        elif f.level1 or f.level2:
            name = f"“{'/'.join(x for x in (f.level1, f.level2) if x)}”一栏"
        else:
            continue
        if name not in names:
            names.append(name)
    if not names:
        return "本项目"
    prefix = "指标" if any(f.indicator for f in findings) else ""
    more = f"等 {len(names)} 个" if len(names) > NAMED else ""
    return prefix + "、".join(names[:NAMED]) + more


def opinion_of(rule: Rule | None, findings: Sequence[Finding], project: str) -> Opinion:
    """One rule's findings on one project as an opinion. A rule that maps to no point, or a
    finding of no rule (a limit, an internal error), is an opinion under 其他 in the rule's
    own messages."""
    worst = max(findings, key=lambda f: SEVERITY_RANK[f.severity]).severity
    review = dict(rule.review) if rule else {}
    if review.get("text"):
        text = format_message(review["text"], {"indicators": _named(findings), "count": len(findings),
                                               "project": project})  # fmt: skip
    else:
        said = list(dict.fromkeys(f.message for f in findings))
        text = "；".join(said[:3]) + (f" 等 {len(said)} 处" if len(said) > 3 else "")
        fix = rule.docs.get("fix") if rule else None
        text = f"{text.rstrip('。')}。建议：{fix}" if fix else text
    if worst == "info":
        text = f"【提示】{text}"
    return Opinion(
        rule=findings[0].rule, point=review.get("point", OTHER), aspect=review.get("aspect", ""),
        opinion=review.get("opinion", OTHER), text=text, severity=worst, findings=tuple(findings),
    )  # fmt: skip


def reviews(report: Report) -> list[ProjectReview]:
    """A row per project of every file (those without findings too, when the run kept the
    documents), a row for a file's findings that belong to no project, a row per file that
    could not be read; in the order the files and projects were read."""
    rules = {rule.id: rule for rule in report.rules}
    rows: list[ProjectReview] = []
    for result in report.by_file():
        per_project: dict[tuple[str, str], list[Finding]] = {}
        for f in result.findings:
            per_project.setdefault((f.project_code or "", f.project_name or ""), []).append(f)
        keys = [(p.code or "", p.name or "") for p in result.document.projects] if result.document else []
        keys += [k for k in per_project if k not in keys]
        file_name = PurePath(result.path).name
        if result.error:
            rows.append(ProjectReview(result.path, "", f"（文件 {file_name}）", error=result.error))
        for key in dict.fromkeys(keys):
            code, name = key
            row = ProjectReview(result.path, code, name or f"（文件 {file_name} 整体）")
            by_rule: dict[str, list[Finding]] = {}
            for f in per_project.get(key, ()):
                by_rule.setdefault(f.rule, []).append(f)
            row.opinions = sorted(
                (opinion_of(rules.get(rid), found, row.name) for rid, found in by_rule.items()),
                key=lambda o: (-SEVERITY_RANK[o.severity], o.rule),
            )
            rows.append(row)
    return rows


def manual_items(rules: Iterable[Rule]) -> list[Rule]:
    """The criteria the rules leave for a person (`manual: true`), in the pack's order."""
    return [rule for rule in rules if rule.manual]


def detail_rows(rows: Sequence[ProjectReview]) -> list[Mapping[str, str]]:
    """Every finding behind every opinion, with the cell and number of its opinion."""
    out: list[Mapping[str, str]] = []
    for row in rows:
        for point in (*POINTS, OTHER):
            for n, opinion in enumerate(row.under(point), 1):
                where = f"{POINT_COLUMNS[point]} 第 {n} 条" if point in POINTS else "初审小结"
                for f in opinion.findings:
                    out.append({
                        "文件": f.path, "项目编码": row.code, "项目名称": row.name, "意见": where,
                        "审核要点": opinion.point, "二级要点": opinion.aspect, "标准意见": opinion.opinion,
                        "规则": f.rule, "规则名称": f.name, "级别": SEVERITY_WORDS.get(f.severity, f.severity),
                        "位置": f.where, "一级指标": f.level1 or "", "二级指标": f.level2 or "",
                        "指标": f.indicator or "", "指标值": f.value or "", "问题": f.message,
                    })  # fmt: skip
    return out


def manual_rows(rules: Iterable[Rule]) -> list[Mapping[str, str]]:
    return [
        {"编号": rule.id, "审核要点": rule.review.get("point", ""), "二级要点": rule.review.get("aspect", ""),
         "审核细项": rule.message["zh"], "标准意见": rule.review.get("opinion", ""),
         "说明": str(rule.docs.get("what", "")), "意见表述": rule.review.get("text", "")}
        for rule in manual_items(rules)
    ]  # fmt: skip


def _tables(report: Report) -> list[tuple[str, Sequence[str], list[Mapping[str, str]]]]:
    rows = reviews(report)
    manual = manual_items(report.rules)
    tables: list[tuple[str, Sequence[str], list[Mapping[str, str]]]] = [
        ("初审意见", COLUMNS, [row.cells(manual) for row in rows]),
        ("问题明细", DETAIL_COLUMNS, list(detail_rows(rows))),
    ]
    if manual:
        tables.append(("人工审核项", MANUAL_COLUMNS, list(manual_rows(report.rules))))
    return tables


# --- Markdown -------------------------------------------------------------------------------
#: what would make a table cell's text markup: emphasis, code, links, strike-through, a new cell
_MD_SPECIAL = str.maketrans({c: f"\\{c}" for c in "\\`*_[]|~"})


def md_cell(text: str) -> str:
    """A table cell's text as Markdown that shows it and does nothing: markup characters
    escaped, HTML written as entities, control characters shown, lines as <br>."""
    lines = printable(text, newlines=True).split("\n")
    return "<br>".join(escape(line, quote=False).translate(_MD_SPECIAL) for line in lines)


def render_markdown(report: Report) -> str:
    out = ["# 绩效目标初审意见", ""]
    for title, columns, rows in _tables(report):
        out += [f"## {title}", "", "| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
        out += ["| " + " | ".join(md_cell(row.get(c, "")) for c in columns) + " |" for row in rows]
        out.append("")
    return "\n".join(out)


# --- HTML -----------------------------------------------------------------------------------
_CSS = """body{font-family:"Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:16px;color:#222}
h1{font-size:20px}h2{font-size:16px;margin-top:24px}table{border-collapse:collapse;font-size:13px}
td,th{border:1px solid #9aa3ad;padding:4px 6px;vertical-align:top;text-align:left;white-space:pre-wrap}
th{background:#eef1f4}td.passed{color:#1a7f37}td.code{white-space:nowrap}"""


def _html_cell(text: str, column: str) -> str:
    css = ' class="passed"' if text == PASSED else ' class="code"' if column == "项目编码" else ""
    return f"<td{css}>{escape(printable(text), quote=True)}</td>"


def render_html(report: Report) -> str:
    """The same tables as a self-contained page (no script): to look at, or to print."""
    parts = ['<!DOCTYPE html><html lang="zh"><head><meta charset="utf-8">',
             f"<title>绩效目标初审意见</title><style>{_CSS}</style></head><body><h1>绩效目标初审意见</h1>"]  # fmt: skip
    for title, columns, rows in _tables(report):
        head = "".join(f"<th>{escape(c)}</th>" for c in columns)
        body = "".join("<tr>" + "".join(_html_cell(row.get(c, ""), c) for c in columns) + "</tr>" for row in rows)
        parts.append(f"<h2>{escape(title)}</h2><table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")
    parts.append("</body></html>")
    return "".join(parts)


# --- the workbook ---------------------------------------------------------------------------
_WIDTHS = {"项目编码": 24, "项目名称": 30, "完整性审核": 60, "可测性审核": 60, "可行性审核": 50,
           "初审小结": 50, "问题": 60, "意见表述": 60, "说明": 50, "文件": 30, "位置": 30}  # fmt: skip


def workbook_bytes(report: Report) -> bytes:
    """The review as an .xlsx: the opinions, the findings behind them, the manual items."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    from kpilint.writers.xlsx import text_cell

    book = Workbook()
    book.remove(book.active)
    for title, columns, rows in _tables(report):
        sheet = book.create_sheet(title)
        for col, name in enumerate(columns, 1):
            cell = text_cell(sheet.cell(row=1, column=col), name)
            cell.font, cell.fill = Font(bold=True), PatternFill("solid", fgColor="EEF1F4")
            sheet.column_dimensions[get_column_letter(col)].width = _WIDTHS.get(name, 14)
        for r, row in enumerate(rows, 2):
            for col, name in enumerate(columns, 1):
                cell = text_cell(sheet.cell(row=r, column=col), row.get(name, ""))
                cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.freeze_panes = "C2" if title == "初审意见" else "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


#: the forms of the review, by the output file's suffix (Markdown where there is none)
RENDERERS = {".md": render_markdown, ".html": render_html, ".htm": render_html}


def render(report: Report) -> str:
    """The review as Markdown (what `--format review` writes to standard output)."""
    return render_markdown(report)
