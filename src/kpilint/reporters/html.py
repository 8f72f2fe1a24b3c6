"""A review report people would rather look at: one self-contained HTML file.

Each project table is drawn in the template's layout with the flagged cells
coloured by severity (message on hover, and listed under the table); an overview
counts findings by severity, rule and file, with a chart drawn as inline SVG.
Filters and a search box are a few lines of inline JavaScript that read only
data-* attributes. Safe by construction: every text that comes from an input goes
through `esc`, and no input text is ever placed inside a script.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping
from html import escape
from itertools import groupby

from kpilint.findings import SEVERITY_RANK, Finding
from kpilint.model import Document, Indicator, Project
from kpilint.reporters import Report
from kpilint.reporters.terminal import printable

LABELS = {
    "zh": {"title": "绩效目标表检查报告", "files": "文件", "projects": "项目", "findings": "问题", "error": "错误",
           "warning": "警告", "info": "提示", "by_rule": "按规则", "by_file": "按文件", "search": "搜索项目、指标…",
           "only": "只看有问题的项目", "all_rules": "全部规则", "budget": "预算数", "fiscal": "其中：财政资金",
           "other": "其他资金", "code": "项目编码", "name": "项目名称", "plan": "资金支出计划", "goals": "绩效目标",
           "purpose": "资金用途", "head": ["一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值", "指标值确定依据"],
           "none": "没有发现问题", "unreadable": "无法读取", "rules": "规则说明", "elapsed": "时间进度"},
    "en": {"title": "Performance-target review", "files": "files", "projects": "projects", "findings": "findings",
           "error": "errors", "warning": "warnings", "info": "notes", "by_rule": "By rule", "by_file": "By file",
           "search": "Search projects, indicators…", "only": "Only projects with findings", "all_rules": "All rules",
           "budget": "Budget", "fiscal": "of which fiscal", "other": "Other", "code": "Code", "name": "Project",
           "plan": "Spend plan", "goals": "Goals", "purpose": "Purpose",
           "head": ["Level 1", "Level 2", "Indicator", "Description", "Value", "Basis"], "none": "No findings",
           "unreadable": "unreadable", "rules": "Rules", "elapsed": "elapsed time"},
}  # fmt: skip

CSS = """
body{font-family:"Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:0;color:#222;background:#f6f7f9}
header{background:#1f3a5f;color:#fff;padding:16px 24px}header h1{margin:0 0 6px;font-size:22px}
.counts span{display:inline-block;margin-right:14px}.sev-error{color:#b00020}.sev-warning{color:#9a6700}.sev-info{color:#1f6feb}
header .sev-error,header .sev-warning,header .sev-info{color:#fff;font-weight:bold}
main{padding:16px 24px}section.overview{display:flex;gap:24px;flex-wrap:wrap}
.card{background:#fff;border:1px solid #dde1e6;border-radius:6px;padding:12px 16px;margin-bottom:16px}
.controls{position:sticky;top:0;background:#fff;z-index:2;display:flex;gap:12px;align-items:center;flex-wrap:wrap}
table.kpi{border-collapse:collapse;width:100%;background:#fff;font-size:13px}
table.kpi td,table.kpi th{border:1px solid #9aa3ad;padding:4px 6px;vertical-align:middle}
table.kpi th{background:#eef1f4}td.label{background:#f3f5f7;font-weight:bold;white-space:nowrap}
td.flag-error{background:#ffc7ce}td.flag-warning{background:#ffeb9c}td.flag-info{background:#ddebf7}
td.flagged{cursor:help;outline:2px solid rgba(0,0,0,.15)}
ul.findings{margin:8px 0 0;padding-left:20px;font-size:13px}ul.findings code{background:#eef1f4;padding:0 3px}
.hidden{display:none!important}.muted{color:#666;font-size:12px}a{color:#0b5cad}
"""

JS = """
(function(){
 const q=s=>Array.from(document.querySelectorAll(s));
 function apply(){
  const sev=new Set(q('input.sev:checked').map(i=>i.value));
  const rule=document.getElementById('rule').value;
  const text=document.getElementById('search').value.trim().toLowerCase();
  const only=document.getElementById('only').checked;
  q('[data-rule]').forEach(el=>{
   const ok=sev.has(el.dataset.severity)&&(!rule||el.dataset.rule.split(' ').includes(rule));
   el.classList.toggle('filtered',!ok);
   if(el.tagName==='LI'){el.classList.toggle('hidden',!ok);}
   if(el.tagName==='TD'){['flag-error','flag-warning','flag-info'].forEach(c=>el.classList.toggle(c,ok&&el.dataset.flag===c));}
  });
  q('article.project').forEach(a=>{
   const visible=a.querySelectorAll('li[data-rule]:not(.hidden)').length;
   const matches=!text||a.textContent.toLowerCase().includes(text);
   a.classList.toggle('hidden',!matches||(only&&!visible));
  });
 }
 q('input.sev,#rule,#search,#only').forEach(el=>el.addEventListener('input',apply));
 const p=new URLSearchParams(location.hash.slice(1));
 if(p.has('severity')){const s=p.get('severity').split(',');q('input.sev').forEach(i=>i.checked=s.includes(i.value));}
 if(p.has('rule'))document.getElementById('rule').value=p.get('rule');
 if(p.has('q'))document.getElementById('search').value=p.get('q');
 if(p.has('only'))document.getElementById('only').checked=true;
 apply();document.body.dataset.ready='1';
})();
"""


def esc(text: object) -> str:
    """The only way input text enters the page: controls and bidi overrides shown escaped."""
    return escape(printable("" if text is None else text), quote=True)


def _worst(findings: list[Finding]) -> str:
    return max(findings, key=lambda f: SEVERITY_RANK[f.severity]).severity


def _cell(text: str, flags: list[Finding], attrs: str = "") -> str:
    if not flags:
        return f"<td{attrs}>{esc(text)}</td>"
    worst = _worst(flags)
    tip = "\n".join(f"{f.rule} {f.name}: {f.message}" for f in flags)
    rules = " ".join(sorted({f.rule for f in flags}))
    return (f'<td{attrs} class="flagged flag-{worst}" data-flag="flag-{worst}" data-severity="{worst}" '
            f'data-rule="{esc(rules)}" title="{esc(tip)}">{esc(text)}</td>')  # fmt: skip


def _plan_svg(project: Project, labels: dict) -> str:
    plan = project.spend_plan
    points = (
        [
            (c.month, c.value.number)
            for c in plan.checkpoints
            if c.month and c.value.number is not None
        ]
        if plan
        else []
    )
    if not points or max(v for _, v in points) > 150:
        return ""
    w, h, pad = 180, 70, 6
    x = lambda m: pad + (w - 2 * pad) * m / 12  # noqa: E731
    y = lambda v: h - pad - (h - 2 * pad) * min(v, 110) / 110  # noqa: E731
    line = " ".join(f"{x(m):.1f},{y(v):.1f}" for m, v in [(0, 0), *points])
    return (f'<svg class="plan" width="{w}" height="{h}" role="img" aria-label="{esc(labels["plan"])}">'
            f'<line x1="{x(0)}" y1="{y(0)}" x2="{x(12)}" y2="{y(100)}" stroke="#aaa" stroke-dasharray="3 3"/>'
            f'<polyline points="{line}" fill="none" stroke="#1f6feb" stroke-width="2"/>'
            f'<text x="{w - pad}" y="{pad + 8}" font-size="9" text-anchor="end" fill="#888">{esc(labels["elapsed"])} ⋰</text>'
            "</svg>")  # fmt: skip


def _spans(indicators: tuple[Indicator, ...], key) -> dict[int, int]:
    """Row spans for runs of equal 一级 / (一级, 二级), like merged cells on paper."""
    spans, start = {}, 0
    for i in range(1, len(indicators) + 1):
        if i == len(indicators) or key(indicators[i]) != key(indicators[start]):
            spans[start] = i - start
            start = i
    return spans


def _project(project: Project, findings: list[Finding], doc: Document, labels: dict, n: int) -> str:
    by_row: dict[int, dict[str, list[Finding]]] = defaultdict(lambda: defaultdict(list))
    general: dict[str, list[Finding]] = defaultdict(list)
    rows_of: dict[tuple[str | None, str | None, str | None], int] = {}
    for i, ind in enumerate(project.indicators):  # a finding's row: the first that matches it
        rows_of.setdefault((ind.name, ind.value_text, ind.level2), i)
    for f in findings:
        index = rows_of.get((f.indicator, f.value, f.level2))
        field = _field_of(f)
        if index is not None:
            by_row[index][field].append(f)
        else:
            general[field].append(f)
    b = project.budget
    money = lambda v: "" if v is None else f"{v:,.2f}"  # noqa: E731
    rows = [
        f"<tr><td class='label'>{esc(labels['code'])}</td>{_cell(project.code or '', general['code'], ' colspan=2')}"
        f"<td class='label'>{esc(labels['name'])}</td>{_cell(project.name or '', general['name'], ' colspan=2')}</tr>",
        f"<tr><td class='label'>{esc(labels['budget'])} ({esc(doc.money_unit)})</td>{_cell(money(b.total), general['budget'])}"
        f"<td class='label'>{esc(labels['fiscal'])}</td>{_cell(money(b.fiscal), [])}"
        f"<td class='label'>{esc(labels['other'])}</td>{_cell(money(b.other), [])}</tr>",
        f"<tr><td class='label'>{esc(labels['purpose'])}</td>{_cell(project.purpose, general['purpose'], ' colspan=5')}</tr>",
    ]  # fmt: skip
    if project.spend_plan:
        cps = project.spend_plan.checkpoints
        head = "".join(f"<th>{esc(c.label)}</th>" for c in cps)
        vals = "".join(_cell(c.text, [f for f in general["spend_plan"] if f.line == (c.location.line if c.location else None)
                                       or f.cell == (f"{c.location.sheet}!{c.location.cell}" if c.location and c.location.sheet else None)])
                       for c in cps)  # fmt: skip
        rows.append(f"<tr><td class='label' rowspan=2>{esc(labels['plan'])}</td>{head}"
                    f"<td rowspan=2>{_plan_svg(project, labels)}</td></tr><tr>{vals}</tr>")  # fmt: skip
    rows.append(f"<tr><td class='label'>{esc(labels['goals'])}</td>"
                f"{_cell(' / '.join(project.goals), general['goals'], ' colspan=5')}</tr>")  # fmt: skip
    header = [_cell(h, general["indicators"]) if k == 0 and general["indicators"] else f"<th>{esc(h)}</th>"
              for k, h in enumerate(labels["head"])]  # fmt: skip
    rows.append("<tr>" + "".join(header) + "</tr>")
    span1 = _spans(project.indicators, lambda i: i.level1)
    span2 = _spans(project.indicators, lambda i: (i.level1, i.level2))
    for i, ind in enumerate(project.indicators):
        flags = by_row.get(i, {})
        cells = ""
        if i in span1:
            cells += _cell(ind.level1, flags.get("level1", []), f" rowspan={span1[i]}")
        if i in span2:
            cells += _cell(ind.level2, flags.get("level2", []), f" rowspan={span2[i]}")
        cells += _cell(ind.name, flags.get("name", []))
        cells += _cell(ind.description, flags.get("description", []))
        cells += _cell(ind.value_text, flags.get("value", []))
        cells += _cell(ind.basis, flags.get("basis", []))
        rows.append(f"<tr>{cells}</tr>")
    items = "".join(
        f'<li data-rule="{esc(f.rule)}" data-severity="{f.severity}"><span class="sev-{f.severity}">[{esc(labels[f.severity])}]</span> '
        f'<a href="#rule-{esc(f.rule)}"><code>{esc(f.rule)} {esc(f.name)}</code></a> {esc(f.message)} '
        f'<span class="muted">{esc(f.where)}</span></li>'
        for f in findings
    )  # fmt: skip
    listing = (
        f'<ul class="findings">{items}</ul>'
        if findings
        else f'<p class="muted">{esc(labels["none"])}</p>'
    )
    title = f"{n}. {esc(project.name or '')} <span class='muted'>{esc(project.code or '')}</span>"
    return (f'<article class="project card" data-findings="{len(findings)}"><h3>{title}</h3>'
            f'<table class="kpi">{"".join(rows)}</table>{listing}</article>')  # fmt: skip


def _field_of(f: Finding) -> str:
    """Which cell a finding is about: the rule's `field`, recorded in the finding's anchor."""
    field = f.anchor[-1] if f.anchor else "value"
    return {"total": "budget"}.get(str(field), str(field))


def _chart(counts: Counter, rules: dict, labels: dict) -> str:
    if not counts:
        return ""
    items = counts.most_common()
    top = items[0][1]
    bar_h, w = 18, 420
    parts = []
    for k, (rule, count) in enumerate(items):
        width = 8 + (w - 200) * count / top
        name = rules[rule].name if rule in rules else ""
        y = k * (bar_h + 4)
        parts.append(f'<text x="0" y="{y + 13}" font-size="11">{esc(rule)} {esc(name[:22])}</text>'
                     f'<rect x="190" y="{y}" width="{width:.1f}" height="{bar_h}" fill="#1f6feb"/>'
                     f'<text x="{194 + width:.1f}" y="{y + 13}" font-size="11">{count}</text>')  # fmt: skip
    height = len(items) * (bar_h + 4)
    return f'<svg width="{w + 40}" height="{height}" role="img" aria-label="{esc(labels["by_rule"])}">{"".join(parts)}</svg>'


def render(report: Report) -> str:
    """The page: each file whose document the run kept is drawn as its tables; the findings
    of any other file are listed."""
    documents = {fr.path: fr.document for fr in report.files if fr.document is not None}
    return render_html(report, documents)


def render_html(report: Report, documents: Mapping[str, Document]) -> str:
    labels = LABELS.get(report.lang, LABELS["zh"])
    s = report.summary()
    rules = {r.id: r for r in report.rules}
    by_rule = Counter(f.rule for f in report.findings)
    by_file = Counter(f.path for f in report.findings)
    body = []
    of_file: dict[str, list[Finding]] = defaultdict(list)  # once: the page is linear in files
    for f in report.findings:
        of_file[f.path].append(f)
    for path, doc in documents.items():
        findings = of_file.get(path, [])
        key = lambda f: (f.project_code or "", f.project_name or "")  # noqa: E731
        per_project = {k: list(g) for k, g in groupby(sorted(findings, key=key), key=key)}
        articles = [_project(p, per_project.get((p.code or "", p.name or ""), []), doc, labels, n)
                    for n, p in enumerate(doc.projects, 1)]  # fmt: skip
        loose = per_project.get(("", ""), [])
        extra = "".join(
            f'<li data-rule="{esc(f.rule)}" data-severity="{f.severity}">{esc(f.rule)} {esc(f.message)}</li>'
            for f in loose
        )
        body.append(f'<section class="document"><h2>{esc(path)} <span class="muted">{esc(doc.unit_name or "")} '
                    f'{esc(doc.year or "")}</span></h2>{"<ul class=findings>" + extra + "</ul>" if extra else ""}'
                    f'{"".join(articles)}</section>')  # fmt: skip
    for path in sorted(of_file.keys() - set(documents)):
        items = "".join(f'<li data-rule="{esc(f.rule)}" data-severity="{f.severity}">{esc(f.where)} {esc(f.rule)} '
                        f"{esc(f.name)} {esc(f.message)}</li>" for f in of_file[path])  # fmt: skip
        body.append(
            f'<section class="document card"><h2>{esc(path)}</h2><ul class="findings">{items}</ul></section>'
        )
    unreadable = "".join(f"<li>{esc(f.error)}</li>" for f in report.files if f.error)
    rule_options = "".join(f'<option value="{esc(r)}">{esc(r)} {esc(rules[r].name if r in rules else "")}</option>'
                           for r, _ in sorted(by_rule.items()))  # fmt: skip
    rule_table = "".join(f'<tr><td><a href="#rule-{esc(r)}">{esc(r)}</a></td><td>{esc(rules[r].name if r in rules else "")}</td>'
                         f"<td>{c}</td></tr>" for r, c in by_rule.most_common())  # fmt: skip
    file_table = "".join(
        f"<tr><td>{esc(p)}</td><td>{c}</td></tr>" for p, c in by_file.most_common()
    )
    explanations = "".join(
        f'<dt id="rule-{esc(r.id)}"><code>{esc(r.id)} {esc(r.name)}</code> <span class="sev-{r.severity}">{esc(r.severity)}</span></dt>'
        f'<dd>{esc(r.docs.get("what", ""))} <span class="muted">{esc(r.docs.get("fix", ""))}</span></dd>'
        for r in report.rules if r.id in by_rule
    )  # fmt: skip
    sev_boxes = "".join(f'<label><input type="checkbox" class="sev" value="{k}" checked> '
                        f'<span class="sev-{k}">{esc(labels[k])} {s[k]}</span></label>' for k in ("error", "warning", "info"))  # fmt: skip
    return f"""<!DOCTYPE html>
<html lang="{"en" if report.lang == "en" else "zh-CN"}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<title>{esc(labels["title"])}</title><style>{CSS}</style></head><body>
<header><h1>{esc(labels["title"])}</h1><div class="counts"><span>{esc(labels["files"])} {s["files"]}</span>
<span>{esc(labels["projects"])} {s["projects"]}</span><span>{esc(labels["findings"])} {s["findings"]}</span>
<span class="sev-error">{esc(labels["error"])} {s["error"]}</span><span class="sev-warning">{esc(labels["warning"])} {s["warning"]}</span>
<span class="sev-info">{esc(labels["info"])} {s["info"]}</span></div></header>
<main><section class="overview"><div class="card"><h3>{esc(labels["by_rule"])}</h3>{_chart(by_rule, rules, labels)}
<table class="kpi">{rule_table}</table></div><div class="card"><h3>{esc(labels["by_file"])}</h3><table class="kpi">{file_table}</table>
{"<h3>" + esc(labels["unreadable"]) + "</h3><ul>" + unreadable + "</ul>" if unreadable else ""}</div></section>
<div class="card controls">{sev_boxes}<select id="rule"><option value="">{esc(labels["all_rules"])}</option>{rule_options}</select>
<input id="search" type="search" placeholder="{esc(labels["search"])}"><label><input id="only" type="checkbox"> {esc(labels["only"])}</label></div>
{"".join(body)}<section class="card"><h3>{esc(labels["rules"])}</h3><dl>{explanations}</dl></section></main>
<script>{JS}</script></body></html>
"""
