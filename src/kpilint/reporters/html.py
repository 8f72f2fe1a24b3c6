"""A review report people would rather look at: one self-contained HTML file.

Each project table is drawn in the template's layout with the flagged cells
coloured by severity (message on hover, and listed under the table); an overview
counts findings by severity, rule and file, with a chart drawn as inline SVG.
Filters and a search box are a few lines of inline JavaScript that read only
data-* attributes. Safe by construction: every text that comes from an input goes
through `esc`, and no input text is ever placed inside a script.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Mapping
from html import escape
from urllib.parse import quote

from kpilint.findings import SEVERITY_RANK, Finding
from kpilint.model import Document, Indicator, Project
from kpilint.reporters import Report
from kpilint.reporters.terminal import printable

LABELS = {
    "zh": {"title": "绩效目标表检查报告", "files": "文件", "projects": "项目", "findings": "问题", "error": "错误",
           "warning": "警告", "info": "提示", "by_rule": "按规则", "by_file": "按文件", "search": "搜索项目、指标…",
           "only": "只看有问题的项目", "all_rules": "全部规则", "all_files": "全部文件", "budget": "预算数",
           "fiscal": "其中：财政资金", "other": "其他资金", "code": "项目编码", "name": "项目名称", "plan": "资金支出计划",
           "goals": "绩效目标", "purpose": "资金用途",
           "head": {"level1": "一级指标", "level2": "二级指标", "name": "三级指标", "description": "绩效指标描述",
                    "comparator": "指标值类型", "value": "指标值", "unit": "度量单位", "basis": "指标值确定依据",
                    "weight": "分值"},
           "none": "没有发现问题", "unreadable": "无法读取", "rules": "规则说明", "elapsed": "时间进度",
           "page": "第{}页", "document": "整个文件", "clear": "清除筛选"},
    "en": {"title": "Performance-target review", "files": "files", "projects": "projects", "findings": "findings",
           "error": "errors", "warning": "warnings", "info": "notes", "by_rule": "By rule", "by_file": "By file",
           "search": "Search projects, indicators…", "only": "Only projects with findings", "all_rules": "All rules",
           "all_files": "All files", "budget": "Budget", "fiscal": "of which fiscal", "other": "Other", "code": "Code",
           "name": "Project", "plan": "Spend plan", "goals": "Goals", "purpose": "Purpose",
           "head": {"level1": "Level 1", "level2": "Level 2", "name": "Indicator", "description": "Description",
                    "comparator": "Comparator", "value": "Value", "unit": "Unit", "basis": "Basis", "weight": "Weight"},
           "none": "No findings", "unreadable": "unreadable", "rules": "Rules", "elapsed": "elapsed time",
           "page": "page {}", "document": "whole file", "clear": "Clear filters"},
}  # fmt: skip

#: the indicator columns in the order of the template; the optional ones are shown where the
#: table had them (a separate 度量单位 or 指标值类型 column), so the page shows what was read
COLUMNS = ("level1", "level2", "name", "description", "comparator", "value", "unit", "basis", "weight")
OPTIONAL = ("comparator", "unit", "weight")

CSS = """
*{box-sizing:border-box}
body{font-family:"Noto Sans CJK SC","WenQuanYi Micro Hei","Microsoft YaHei",sans-serif;margin:0;color:#222;background:#f6f7f9;overflow-wrap:anywhere}
header{background:#1f3a5f;color:#fff;padding:12px 16px}header h1{margin:0 0 6px;font-size:20px}
.counts span{display:inline-block;margin-right:12px}.sev-error{color:#b00020}.sev-warning{color:#9a6700}.sev-info{color:#1f6feb}
header .sev-error,header .sev-warning,header .sev-info{color:#fff;font-weight:bold}
main{padding:12px 16px;max-width:100%}section.overview{display:flex;gap:16px;flex-wrap:wrap}
section.overview>.card{flex:1 1 320px;min-width:0}
.card{background:#fff;border:1px solid #dde1e6;border-radius:6px;padding:10px 12px;margin-bottom:12px;min-width:0;max-width:100%}
.controls{position:sticky;top:0;background:#fff;z-index:2;display:flex;gap:8px 12px;align-items:center;flex-wrap:wrap}
.controls select,.controls input[type=search]{max-width:100%;min-width:0}
.scroll{overflow-x:auto;max-width:100%}
table.kpi{border-collapse:collapse;background:#fff;font-size:13px;width:100%}
table.kpi td,table.kpi th{border:1px solid #9aa3ad;padding:4px 6px;vertical-align:middle;min-width:3em}
table.kpi th{background:#eef1f4}td.label{background:#f3f5f7;font-weight:bold}
td.flag-error{background:#ffc7ce}td.flag-warning{background:#ffeb9c}td.flag-info{background:#ddebf7}
td.flagged{outline:2px solid rgba(0,0,0,.15)}
a.mark{display:inline-block;font-size:11px;margin-left:4px;padding:0 3px;border-radius:3px;background:#fff;border:1px solid #9aa3ad;text-decoration:none;white-space:nowrap}
ul.findings{margin:8px 0 0;padding-left:20px;font-size:13px}ul.findings code{background:#eef1f4;padding:0 3px}
ul.findings li:target{background:#fff3bf}
details>summary{cursor:pointer;list-style:revert}details>summary h3{display:inline;font-size:16px;margin:0}
.badge{display:inline-block;border-radius:9px;padding:0 7px;font-size:12px;background:#eef1f4;margin-left:6px}
svg.chart{width:100%;height:auto;max-width:520px}
.hidden{display:none!important}.muted{color:#666;font-size:12px}a{color:#0b5cad}
"""

JS = """
(function(){
 const q=s=>Array.from(document.querySelectorAll(s));
 const byId=id=>document.getElementById(id);
 function read(){
  const p=new URLSearchParams(location.hash.slice(1));
  if(!Array.from(p.keys()).some(k=>['severity','rule','file','q','only'].includes(k)))return false;
  const s=(p.get('severity')||'error,warning,info').split(',');
  q('input.sev').forEach(i=>i.checked=s.includes(i.value));
  byId('rule').value=p.get('rule')||'';byId('file').value=p.get('file')||'';
  byId('search').value=p.get('q')||'';byId('only').checked=p.has('only');
  return true;
 }
 function write(){
  const p=new URLSearchParams();
  const sev=q('input.sev:checked').map(i=>i.value);
  if(sev.length<3)p.set('severity',sev.join(','));
  if(byId('rule').value)p.set('rule',byId('rule').value);
  if(byId('file').value)p.set('file',byId('file').value);
  if(byId('search').value)p.set('q',byId('search').value);
  if(byId('only').checked)p.set('only','1');
  const h=p.toString();
  history.replaceState(null,'',h?'#'+h:location.pathname+location.search);
 }
 function apply(){
  const sev=new Set(q('input.sev:checked').map(i=>i.value));
  const rule=byId('rule').value,file=byId('file').value;
  const text=byId('search').value.trim().toLowerCase();
  const only=byId('only').checked,narrowed=!!(rule||text||sev.size<3);
  q('[data-rule]').forEach(el=>{
   const ok=sev.has(el.dataset.severity)&&(!rule||el.dataset.rule.split(' ').includes(rule));
   el.classList.toggle('filtered',!ok);
   if(el.tagName==='LI'){el.classList.toggle('hidden',!ok);}
   if(el.tagName==='TD'){['flag-error','flag-warning','flag-info'].forEach(c=>el.classList.toggle(c,ok&&el.dataset.flag===c));}
  });
  q('section[data-file]').forEach(sec=>sec.classList.toggle('hidden',!!file&&sec.dataset.file!==file));
  q('article.project').forEach(a=>{
   const visible=a.querySelectorAll('li[data-rule]:not(.hidden)').length;
   const matches=!text||a.textContent.toLowerCase().includes(text);
   a.classList.toggle('hidden',!matches||((only||rule)&&!visible));
   const d=a.querySelector('details');
   if(d&&narrowed&&visible)d.open=true;
  });
 }
 function changed(){apply();write();}
 q('input.sev,#rule,#file,#search,#only').forEach(el=>el.addEventListener('input',changed));
 byId('clear').addEventListener('click',()=>{history.replaceState(null,'',location.pathname+location.search);q('input.sev').forEach(i=>i.checked=true);
  byId('rule').value='';byId('file').value='';byId('search').value='';byId('only').checked=false;apply();});
 window.addEventListener('hashchange',()=>{if(read())apply();});
 read();apply();document.body.dataset.ready='1';
})();
"""


def esc(text: object) -> str:
    """The only way input text enters the page: controls and bidi overrides shown escaped."""
    return escape(printable("" if text is None else text), quote=True)


def _fragment(text: str) -> str:
    """A rule or file as the page's address names it (`#file=…`): the text the page shows,
    percent-encoded, so the filter compares like with like (a file name's undecodable byte
    is its visible escape here as on the page, never an encoding error)."""
    return esc(quote(printable(text)))


def _worst(findings: list[Finding]) -> str:
    return max(findings, key=lambda f: SEVERITY_RANK[f.severity]).severity


class _Ids:
    """Each listed finding's anchor on the page (`#f-12`), which its marks in the table link to."""

    def __init__(self) -> None:
        self.of: dict[int, int] = {}

    def __call__(self, f: Finding) -> str:
        return f"f-{self.of.setdefault(id(f), len(self.of) + 1)}"


def _cell(text: str, flags: list[Finding], ids: _Ids, attrs: str = "", tag: str = "td") -> str:
    """A cell as read; a flagged one coloured by its worst finding, with a mark per finding that
    shows the rule without hovering and links to the finding's message in the list."""
    if not flags:
        return f"<{tag}{attrs}>{esc(text)}</{tag}>"
    worst = _worst(flags)
    tip = "\n".join(f"{f.rule} {f.name}: {f.message}" for f in flags)
    rules = " ".join(sorted({f.rule for f in flags}))
    marks = "".join(f'<a class="mark sev-{f.severity}" href="#{ids(f)}">{esc(f.rule)}</a>' for f in flags)
    return (f'<{tag}{attrs} class="flagged flag-{worst}" data-flag="flag-{worst}" data-severity="{worst}" '
            f'data-rule="{esc(rules)}" title="{esc(tip)}">{esc(text)}{marks}</{tag}>')  # fmt: skip


def _plan_svg(project: Project, labels: dict) -> str:
    plan = project.spend_plan
    points = [(c.month, c.value.number) for c in plan.checkpoints
              if c.month and c.value.number is not None] if plan else []  # fmt: skip
    if not points or max(v for _, v in points) > 150:
        return ""
    w, h, pad = 180, 70, 6
    x = lambda m: pad + (w - 2 * pad) * m / 12  # noqa: E731
    y = lambda v: h - pad - (h - 2 * pad) * min(v, 110) / 110  # noqa: E731
    line = " ".join(f"{x(m):.1f},{y(v):.1f}" for m, v in [(0, 0), *points])
    return (f'<svg class="plan" width="{w}" height="{h}" viewBox="0 0 {w} {h}" role="img" aria-label="{esc(labels["plan"])}">'
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


def _field_of(f: Finding) -> str:
    """Which cell a finding is about: the rule's `field`, recorded in the finding's anchor."""
    field = f.anchor[-1] if f.anchor else "value"
    return {"total": "budget"}.get(str(field), str(field))


def placed(doc: Document, findings: list[Finding]) -> tuple[dict[int, list[Finding]], list[Finding]]:
    """Each finding under the project it is about — by the project's place in its document (the
    finding's anchor, which the engine records), never by name, which 17 projects may share —
    and what is about the document as a whole. A finding with no anchor (an unused inline
    ignore) goes to the project whose lines hold it."""
    per: dict[int, list[Finding]] = defaultdict(list)
    loose: list[Finding] = []
    starts = [p.location.line for p in doc.projects if p.location is not None and p.location.line]
    by_line = len(starts) == len(doc.projects) and starts == sorted(starts)
    for f in findings:
        a = f.anchor
        if a and isinstance(a[0], int) and 0 <= a[0] < len(doc.projects):
            per[a[0]].append(f)
        elif not a and by_line and f.line and f.line >= starts[0]:
            per[bisect_right(starts, f.line) - 1].append(f)
        else:
            loose.append(f)
    return per, loose


def _where(project: Project, labels: dict) -> str:
    """Where a project stands in its document: page, sheet or line."""
    loc = project.location
    if loc is None:
        return ""
    if loc.page is not None:
        return labels["page"].format(loc.page)
    if loc.sheet:
        return loc.sheet
    return f"{loc.path.rsplit('/', 1)[-1]}:{loc.line}" if loc.line else ""


def _project(project: Project, findings: list[Finding], doc: Document, labels: dict, n: int, ids: _Ids) -> str:
    by_row: dict[int, dict[str, list[Finding]]] = defaultdict(lambda: defaultdict(list))
    general: dict[str, list[Finding]] = defaultdict(list)
    for f in findings:
        a = f.anchor
        row = a[1] if len(a) >= 3 and isinstance(a[1], int) and 0 <= a[1] < len(project.indicators) else None
        (by_row[row] if row is not None else general)[_field_of(f)].append(f)
    columns = [c for c in COLUMNS if c not in OPTIONAL or any(getattr(i, c) for i in project.indicators)]
    b = project.budget
    money = lambda v: "" if v is None else f"{v:,.2f}"  # noqa: E731
    shown = {"code", "name", "budget", "fiscal", "other", "purpose", "spend_plan", "goals"}
    loose = [f for field, fs in general.items() if field not in shown for f in fs]
    rows = [
        f"<tr><td class='label'>{esc(labels['code'])}</td>{_cell(project.code or '', general['code'], ids, ' colspan=2')}"
        f"<td class='label'>{esc(labels['name'])}</td>{_cell(project.name or '', general['name'] + loose, ids, ' colspan=2')}</tr>",
        f"<tr><td class='label'>{esc(labels['budget'])} ({esc(doc.money_unit)})</td>{_cell(money(b.total), general['budget'], ids)}"
        f"<td class='label'>{esc(labels['fiscal'])}</td>{_cell(money(b.fiscal), general['fiscal'], ids)}"
        f"<td class='label'>{esc(labels['other'])}</td>{_cell(money(b.other), general['other'], ids)}</tr>",
        f"<tr><td class='label'>{esc(labels['purpose'])}</td>{_cell(project.purpose, general['purpose'], ids, ' colspan=5')}</tr>",
    ]  # fmt: skip
    if project.spend_plan:
        cps = project.spend_plan.checkpoints
        plan_flags, on_cells = general["spend_plan"], set[int]()
        vals = []
        for c in cps:
            at = [f for f in plan_flags if c.location is not None and (
                (f.line is not None and f.line == c.location.line and f.column == c.location.column)
                or (f.cell is not None and c.location.sheet and f.cell == f"{c.location.sheet}!{c.location.cell}"))]  # fmt: skip
            on_cells.update(id(f) for f in at)
            vals.append(_cell(c.text, at, ids))
        rest = [f for f in plan_flags if id(f) not in on_cells]
        head = "".join(f"<th>{esc(c.label)}</th>" for c in cps)
        rows.append(f"<tr>{_cell(labels['plan'], rest, ids, ' class=label rowspan=2')}{head}"
                    f"<td rowspan=2>{_plan_svg(project, labels)}</td></tr><tr>{''.join(vals)}</tr>")  # fmt: skip
    elif general["spend_plan"]:
        rows.append(f"<tr>{_cell(labels['plan'], general['spend_plan'], ids, ' colspan=6')}</tr>")
    rows.append(f"<tr><td class='label'>{esc(labels['goals'])}</td>"
                f"{_cell(' / '.join(project.goals), general['goals'], ids, ' colspan=5')}</tr>")  # fmt: skip
    indicator_rows = [
        "<tr>" + "".join(f"<th>{esc(labels['head'][c])}</th>" for c in columns) + "</tr>"
    ]
    span1 = _spans(project.indicators, lambda i: i.level1)
    span2 = _spans(project.indicators, lambda i: (i.level1, i.level2))
    for i, ind in enumerate(project.indicators):
        flags = by_row.get(i, {})
        other = [f for field, fs in flags.items() if field not in columns for f in fs]
        cells = ""
        for col in columns:  # level1 and level2 come before name: a merged cell's finding moves there
            text = getattr(ind, "value_text" if col == "value" else col) or ""
            here = list(flags.get(col, [])) + (other if col == "name" else [])
            if col == "level1" and i in span1:
                cells += _cell(text, here, ids, f" rowspan={span1[i]}")
            elif col == "level2" and i in span2:
                cells += _cell(text, here, ids, f" rowspan={span2[i]}")
            elif col not in ("level1", "level2"):
                cells += _cell(text, here, ids)
            else:  # inside a merged cell drawn on an earlier row: marked on this row's name
                other.extend(here)
        indicator_rows.append(f"<tr>{cells}</tr>")
    items = "".join(_item(f, labels, ids) for f in findings)
    listing = f'<ul class="findings">{items}</ul>' if findings else f'<p class="muted">{esc(labels["none"])}</p>'
    where = _where(project, labels)
    title = (f"{n}. {esc(project.name or '')} <span class='muted'>{esc(project.code or '')}"
             f"{' · ' + esc(where) if where else ''}</span>"
             f"<span class='badge'>{len(findings)}</span>")  # fmt: skip
    return (f'<article class="project card" data-findings="{len(findings)}"><details{" open" if findings else ""}>'
            f"<summary><h3>{title}</h3></summary>"
            f'<div class="scroll"><table class="kpi">{"".join(rows)}</table></div>'
            f'<div class="scroll"><table class="kpi">{"".join(indicator_rows)}</table></div>'
            f"{listing}</details></article>")  # fmt: skip


def _item(f: Finding, labels: dict, ids: _Ids | None = None, where: bool = True) -> str:
    anchor = f' id="{ids(f)}"' if ids is not None else ""
    return (f'<li{anchor} data-rule="{esc(f.rule)}" data-severity="{f.severity}"><span class="sev-{f.severity}">'
            f'[{esc(labels[f.severity])}]</span> <a href="#rule-{esc(f.rule)}"><code>{esc(f.rule)} {esc(f.name)}</code></a> '
            f'{esc(f.message)}{" <span class=muted>" + esc(f.where) + "</span>" if where else ""}</li>')  # fmt: skip


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
        parts.append(f'<a href="#rule={_fragment(rule)}"><text x="0" y="{y + 13}" font-size="11">{esc(rule)} {esc(name[:22])}</text>'
                     f'<rect x="190" y="{y}" width="{width:.1f}" height="{bar_h}" fill="#1f6feb"/>'
                     f'<text x="{194 + width:.1f}" y="{y + 13}" font-size="11">{count}</text></a>')  # fmt: skip
    height = len(items) * (bar_h + 4)
    return (f'<svg class="chart" viewBox="0 0 {w + 40} {height}" width="{w + 40}" height="{height}" role="img" '
            f'aria-label="{esc(labels["by_rule"])}">{"".join(parts)}</svg>')  # fmt: skip


def render(report: Report) -> str:
    """The page: each file whose document the run kept is drawn as its tables; the findings
    of any other file are listed."""
    documents = {fr.path: fr.document for fr in report.files if fr.document is not None}
    return render_html(report, documents)


def render_html(report: Report, documents: Mapping[str, Document]) -> str:
    labels = LABELS.get(report.lang, LABELS["zh"])
    s = report.summary()
    rules = {r.id: r for r in report.rules}
    by_path: dict[str, list[Finding]] = defaultdict(list)
    for f in report.findings:  # indexed once: the page is linear in findings and files
        by_path[f.path].append(f)
    by_rule = Counter(f.rule for f in report.findings)
    ids = _Ids()
    body = []
    for path, doc in documents.items():
        per_project, loose = placed(doc, by_path.get(path, []))
        articles = [_project(p, per_project.get(n - 1, []), doc, labels, n, ids) for n, p in enumerate(doc.projects, 1)]
        extra = "".join(_item(f, labels, ids) for f in loose)
        body.append(f'<section class="document" data-file="{esc(path)}"><h2>{esc(path)} <span class="muted">'
                    f'{esc(doc.unit_name or "")} {esc(doc.year or "")}</span></h2>'
                    f'{"<ul class=findings>" + extra + "</ul>" if extra else ""}{"".join(articles)}</section>')  # fmt: skip
    for path in sorted(set(by_path) - set(documents)):
        items = "".join(_item(f, labels, ids) for f in by_path[path])
        body.append(f'<section class="document card" data-file="{esc(path)}"><h2>{esc(path)}</h2>'
                    f'<ul class="findings">{items}</ul></section>')  # fmt: skip
    unreadable = "".join(f"<li>{esc(f.error)}</li>" for f in report.files if f.error)
    name_of = lambda r: rules[r].name if r in rules else ""  # noqa: E731
    rule_options = "".join(f'<option value="{esc(r)}">{esc(r)} {esc(name_of(r))}</option>' for r in sorted(by_rule))
    rule_table = "".join(f'<tr><td><a href="#rule={_fragment(r)}">{esc(r)}</a></td><td>{esc(name_of(r))}</td>'
                         f'<td><a href="#rule={_fragment(r)}">{c}</a></td></tr>' for r, c in by_rule.most_common())  # fmt: skip
    files = sorted(by_path.items(), key=lambda kv: -len(kv[1]))
    file_options = "".join(f'<option value="{esc(p)}">{esc(p)}</option>' for p, _ in sorted(by_path.items()))
    file_table = "".join(f'<tr><td><a href="#file={_fragment(p)}">{esc(p)}</a></td>'
                         f'<td><a href="#file={_fragment(p)}">{len(fs)}</a></td></tr>' for p, fs in files)  # fmt: skip
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
<div class="scroll"><table class="kpi">{rule_table}</table></div></div><div class="card"><h3>{esc(labels["by_file"])}</h3>
<div class="scroll"><table class="kpi">{file_table}</table></div>
{"<h3>" + esc(labels["unreadable"]) + "</h3><ul>" + unreadable + "</ul>" if unreadable else ""}</div></section>
<div class="card controls">{sev_boxes}<select id="rule"><option value="">{esc(labels["all_rules"])}</option>{rule_options}</select>
<select id="file"><option value="">{esc(labels["all_files"])}</option>{file_options}</select>
<input id="search" type="search" placeholder="{esc(labels["search"])}"><label><input id="only" type="checkbox"> {esc(labels["only"])}</label>
<button id="clear" type="button">{esc(labels["clear"])}</button></div>
{"".join(body)}<section class="card"><h3>{esc(labels["rules"])}</h3><dl>{explanations}</dl></section></main>
<script>{JS}</script></body></html>
"""
