"""The document model: one shape for every reader, immutable, with source locations.

A Document holds projects; a Project holds its budget, spend plan, goals and
indicator rows. Every element carries a `Location` so that a finding can name
the line, the cell or the page. Locations and reader bookkeeping are excluded
from equality: a draft converted to YAML and read back equals the original.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields
from functools import lru_cache
from types import MappingProxyType

from kpilint import framework
from kpilint.framework import COUNT_WORDS
from kpilint.framework.concepts import not_applicable
from kpilint.framework.templates import money_units
from kpilint.texts import TEXTS, say_in
from kpilint.values import Value, parse_value

_NAME_UNIT = re.compile(r"[（(]\s*([^（()）]{1,8}?)\s*[)）]?\s*$")


@lru_cache(maxsize=1 << 14)
def declared_unit(name: str) -> str | None:
    """The unit an indicator name declares, in brackets at its end or as a count word."""
    m = _NAME_UNIT.search(name)
    if m:
        return m.group(1).strip()
    for word, unit in COUNT_WORDS.items():
        if name.endswith(word):
            return unit
    return None


@lru_cache(maxsize=1 << 16)
def _folded_value(text: str, comparator: str | None, unit: str | None, name: str) -> Value:
    """Rules read a row's value a dozen times; the row is immutable, so fold it once."""
    if comparator and comparator.strip() not in ("定性", "定量"):
        text = comparator.strip() + text
    if unit and text.strip() and not text.strip().endswith(unit.strip()):
        text = text + unit.strip()
    value = parse_value(text)
    if value.dimension == "dimensionless" and value.is_numeric:
        declared = declared_unit(name)
        if declared:
            folded = parse_value(text + declared)
            if folded.kind == value.kind:
                return folded
    return value


_NO_FIELDS: Mapping[str, Location] = MappingProxyType({})
_READ_DIRECTLY: Mapping[str, str] = MappingProxyType({})


def _state(obj: object) -> list[object]:
    """Pickle state of a model object: its read-only mappings travel as plain dicts, so a
    Document can be sent to another process (a Dask worker, a process pool) and back."""
    values = (getattr(obj, f.name) for f in fields(obj))  # type: ignore[arg-type]
    return [dict(v) if isinstance(v, MappingProxyType) else v for v in values]


def _restore(obj: object, state: list[object]) -> None:
    for f, v in zip(fields(obj), state, strict=True):  # type: ignore[arg-type]
        object.__setattr__(obj, f.name, MappingProxyType(v) if isinstance(v, dict) else v)


@dataclass(frozen=True, slots=True)
class Location:
    """Where something is: a line (and column), a sheet cell, or a page; one type for all."""

    path: str
    line: int | None = None
    column: int | None = None
    sheet: str | None = None
    cell: str | None = None
    page: int | None = None
    bbox: tuple[float, float, float, float] | None = None  # PDF: x0, top, x1, bottom in points
    offset: int | None = None  # YAML: where the scalar's text starts and ends in the file,
    end: int | None = None  # quotes included, so --fix can replace exactly that text

    def __str__(self) -> str:
        if self.sheet or self.cell:
            where = f"{self.sheet}!{self.cell}" if self.sheet else str(self.cell)
            return f"{self.path}:{where}"
        if self.page is not None:
            return f"{self.path}:第{self.page}页"
        if self.line is not None:
            return f"{self.path}:{self.line}:{self.column or 1}"
        return self.path


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """Something a reader could not place or understand (never a silent drop)."""

    code: str  # e.g. "unplaced-row", "unknown-key", "bad-type"
    message: str  # Chinese first
    location: Location


@dataclass(frozen=True, slots=True)
class Suppression:
    """A draft's `# kpilint: ignore[KPI305]` comment: silences findings on its own line."""

    line: int
    rules: tuple[str, ...]  # empty: every rule


@dataclass(frozen=True, slots=True)
class Budget:
    """预算数 / 财政资金 / 其他资金 / 上年结转, in the document's money unit (usually 万元).

    A multi-year project's table may give the 实施期 total beside the 年度 one: `total` is
    this year's budget (what the table's targets and cost caps answer to), `period_total`
    the whole implementation period's.
    """

    total: float | None = None
    fiscal: float | None = None
    other: float | None = None
    carryover: float | None = None
    period_total: float | None = None


@dataclass(frozen=True, slots=True)
class Checkpoint:
    """One column of 资金支出计划: `3月底` / `第一季度` and what was written under it."""

    label: str
    month: int | None
    text: str
    location: Location | None = field(default=None, compare=False)

    @property
    def value(self) -> Value:
        return parse_value(self.text)


@dataclass(frozen=True, slots=True)
class SpendPlan:
    checkpoints: tuple[Checkpoint, ...] = ()
    declared_percent: bool = True  # the header said （%）or 累计进度%
    location: Location | None = field(default=None, compare=False)


@dataclass(frozen=True, slots=True)
class Indicator:
    """One indicator row: 一级, 二级, 三级 (name), description, 指标值, 依据.

    `unit` and `comparator` hold the separate 度量单位 / 指标值类型 columns some
    templates have; `value` folds them into the parsed 指标值.
    """

    level1: str
    level2: str
    name: str
    description: str = ""
    value_text: str = ""
    basis: str = ""
    unit: str | None = None
    comparator: str | None = None
    weight: str | None = None
    location: Location | None = field(default=None, compare=False)
    fields: Mapping[str, Location] = field(
        default_factory=lambda: _NO_FIELDS, compare=False, repr=False
    )
    #: the table has no 一级/二级 columns: level1/level2 were inferred from the name (or,
    #: when empty, could not be)
    category_inferred: bool = field(default=False, compare=False)
    #: how the reader obtained a field that was not read from its own cell (PROVENANCE);
    #: a field absent here was read directly
    provenance: Mapping[str, str] = field(
        default_factory=lambda: _READ_DIRECTLY, compare=False, repr=False
    )

    @property
    def declared_unit(self) -> str | None:
        """The unit the name declares: `群众满意度（%）` → `%`, `培训次数` → `次`."""
        return declared_unit(self.name)

    @property
    def value(self) -> Value:
        """The 指标值 with the separate comparator and unit columns folded in, and, for a
        bare number, the unit its name declares (`保障时限(年)` + `1` reads `1年`)."""
        return _folded_value(self.value_text, self.comparator, self.unit, self.name)

    @property
    def is_empty(self) -> bool:
        return not (self.name or self.description or self.value_text or self.basis)

    @property
    def not_applicable(self) -> bool:
        """A frame row written `不适用` (its name says so, or it has no name and its value
        does): the template asks for it so, it is not a missing value, and completeness rules
        judge its category by the other rows. `不发生…事件 | 无` is an indicator (zero events)."""
        return not_applicable(self.name) or (not self.name and not_applicable(self.value_text))

    @property
    def is_cost(self) -> bool:
        """A cost row (成本指标 as its 一级 or 二级): capped by the budget, measured in money."""
        return framework.is_cost(self.level1, self.level2)

    @property
    def is_money_cost(self) -> bool:
        """A cost measured in money (经济成本, or an undivided 成本指标): what money rules judge."""
        return framework.is_money_cost(self.level1, self.level2)

    def where(self, field_name: str) -> Location | None:
        """The location of one field (指标值, 依据…), falling back to the row."""
        return self.fields.get(field_name, self.location)

    def how_obtained(self, field_name: str) -> str | None:
        """How the reader obtained a field when it did not read it from its own cell."""
        if field_name in ("level1", "level2") and self.category_inferred:
            return self.provenance.get(field_name, "inferred")
        return self.provenance.get(field_name)

    def doubt(self, field_name: str) -> str | None:
        """How a field was obtained, when that leaves it in doubt. A category cell cut by a
        page and joined into a name the framework knows is read: the framework vouches for
        the join. Anything else not read from its own cell is in doubt."""
        how = self.how_obtained(field_name)
        if how == "joined" and field_name in ("level1", "level2"):
            name = self.level1 if field_name == "level1" else self.level2
            return None if framework.is_framework_category(name) else how
        return how

    __getstate__ = _state
    __setstate__ = _restore


@dataclass(frozen=True, slots=True)
class ProjectHeader:
    """What a declaration's header says about a project besides its code, name and money.

    Real templates carry these fields (the Shenzhen 申报表: 申请单位, 一级预算单位, 实施期限,
    项目类型, 是否新增项目, 分配方式, 政策依据, 测算依据, 长期目标; Hebei and other cities:
    主管部门, 实施单位, 项目属性, 起止日期), and a bureau's review starts from them. Each is
    kept as written ("" when the table has no such field), so a rule can ask whether it was
    filled and what it says; `FIELDS` names them in Chinese. The year's goals stay in
    `Project.goals`, the amounts in `Budget` (年度 `total`, 中期/实施期 `period_total`).
    """

    supervising_department: str = ""  # 主管部门 / 一级预算单位
    implementing_unit: str = ""  # 实施单位 / 申请单位
    period: str = ""  # 实施期限 / 起止日期 / 项目期限, as written (`3`, `2023年1月-12月`)
    project_type: str = ""  # 项目类型 / 项目属性 (`03 专项资金项目`, `延续项目`)
    new_project: str = ""  # 是否新增项目 (`是` / `否`)
    allocation: str = ""  # 分配方式 (`因素法和项目法`)
    policy_basis: str = ""  # 政策依据: why the project exists (documents cited)
    calculation_basis: str = ""  # 测算依据: how the amount was worked out
    long_term_goals: str = ""  # 长期目标 / 实施期总目标 (the years beyond this one)

    #: field -> its Chinese name, in the order tables print them
    FIELDS = MappingProxyType({
        "supervising_department": "主管部门", "implementing_unit": "实施单位", "period": "实施期限",
        "project_type": "项目类型", "new_project": "是否新增项目", "allocation": "分配方式",
        "policy_basis": "政策依据", "calculation_basis": "测算依据", "long_term_goals": "长期目标",
    })  # fmt: skip

    def items(self) -> Iterable[tuple[str, str]]:
        """(field, text) of the fields that were filled, in the order of `FIELDS`."""
        return ((f, text) for f in self.FIELDS if (text := getattr(self, f)))


def _category_uncertain(ind: Indicator) -> bool:
    """A row whose category was not read from its own cell and is not one the framework
    knows: where it belongs (and so what the project lacks) is not known."""
    for level, name in (("level1", ind.level1), ("level2", ind.level2)):
        how = ind.how_obtained(level)
        if how == "guessed" or (how and not framework.is_framework_category(name)):
            return True
    return False


#: how a reader may have obtained a field other than by reading it from its own cell. A
#: rule whose verdict rests on such a field does not assert it (engine: `premises`).
PROVENANCE = {k: TEXTS[f"read-{k}"][0] for k in ("joined", "inferred", "guessed", "period")}

#: the fields of rows and projects, as messages name them (kpilint.texts `field-…`)
FIELD_WORDS = {k[len("field-"):]: zh for k, (zh, _) in TEXTS.items() if k.startswith("field-")}


def provenance_text(field_name: str, how: str, lang: str = "zh") -> str:
    """`一级指标由跨页或换行拼接得到`: one uncertain premise in words, in the report's language."""
    def word(key: str, fallback: str) -> str:
        return say_in(lang, key) if key in TEXTS else fallback

    return say_in(lang, "premise-as-read", field=word(f"field-{field_name}", field_name),
                  how=word(f"read-{how}", how))  # fmt: skip


#: reading notes a reader may attach to a project
READING_NOTES = {
    "no-category-columns": "本表没有一级/二级指标栏，指标类别按名称推断",
    "category-unknown": "部分指标无法从名称推断类别",
    "rows-unplaced": "本项目附近有未能归位的行",
    "name-from-heading": "表内没有项目名称，项目名称取自表前的标题",
    "fields-guessed": "部分栏目读取不确定",
    "category-uncertain": "部分指标的类别由跨页拼接或推断得到，且不在指标框架中",
}


def reading_notes_text(notes: tuple[str, ...]) -> str:
    """A project's reading notes in words, as messages and rules show them."""
    return "；".join(READING_NOTES.get(n, n) for n in notes)


@dataclass(frozen=True, slots=True)
class Project:
    code: str | None
    name: str | None
    budget: Budget = Budget()
    purpose: str = ""
    spend_plan: SpendPlan | None = None
    goals: tuple[str, ...] = ()
    indicators: tuple[Indicator, ...] = ()
    header: ProjectHeader = ProjectHeader()
    location: Location | None = field(default=None, compare=False)
    fields: Mapping[str, Location] = field(
        default_factory=lambda: _NO_FIELDS, compare=False, repr=False
    )
    #: why the reading of this project may be incomplete (READING_NOTES), so rules about
    #: what is missing can say so instead of asserting a defect
    reading_notes: tuple[str, ...] = field(default=(), compare=False)
    #: how the reader obtained a field (name, budget, goals…) that it did not read from its
    #: own cell (PROVENANCE); a field absent here was read directly
    provenance: Mapping[str, str] = field(
        default_factory=lambda: _READ_DIRECTLY, compare=False, repr=False
    )

    def where(self, field_name: str) -> Location | None:
        return self.fields.get(field_name, self.location)

    @property
    def filled_rows(self) -> tuple[Indicator, ...]:
        """The indicator rows that say something and apply: what completeness rules count
        (a frame row left empty or written 不适用 is no indicator of its category)."""
        return tuple(i for i in self.indicators if not i.is_empty and not i.not_applicable)

    def how_obtained(self, field_name: str) -> str | None:
        """How the reader obtained a field when it did not read it from its own cell."""
        return self.provenance.get(field_name)

    doubt = how_obtained

    @property
    def reading_complete(self) -> bool:
        """Whether every part of the table was read and placed with certainty: only then may
        a rule say that something is missing from it."""
        return not self.incomplete_reasons

    @property
    def incomplete_reasons(self) -> tuple[str, ...]:
        """Why the reading may be incomplete (READING_NOTES codes), the reader's notes first."""
        reasons = list(self.reading_notes)
        if "guessed" in self.provenance.values():
            reasons.append("fields-guessed")
        if any(_category_uncertain(i) for i in self.indicators):
            reasons.append("category-uncertain")
        return tuple(reasons)

    __getstate__ = _state
    __setstate__ = _restore


@dataclass(frozen=True, slots=True)
class DepartmentTable:
    """A department-wide table (部门整体绩效目标表): the department's own targets, amounts and
    indicators, never a project's. Rules can address it apart from the projects."""

    title: str | None = None
    budget: Budget = Budget()
    goals: tuple[str, ...] = ()
    indicators: tuple[Indicator, ...] = ()
    location: Location | None = field(default=None, compare=False)
    #: rows of the table the reader could not place (a department table prints more than
    #: targets: tasks, their budgets); they are counted, not reported as the projects' are
    unplaced_rows: int = field(default=0, compare=False)

    __getstate__ = _state
    __setstate__ = _restore


#: the classes a page of a published document falls into (see readers/page_classes.py)
PAGE_CLASSES = ("target_table", "continuation", "department_table", "self_evaluation",
                "blank_template", "goals_only_list", "other")  # fmt: skip


@dataclass(frozen=True, slots=True)
class Coverage:
    """What a reader made of all of its input, so that nothing disappears unnoticed.

    `page_classes` holds one class per page (PDFs; empty for other inputs); every page
    that looks like a target table and gave neither a project nor a row is listed in
    `unread_pages`, and the reader reports it as a diagnostic too.
    """

    page_classes: tuple[str, ...] = ()
    tables: int = 0
    projects: int = 0
    rows: int = 0
    unplaced_rows: int = 0
    unread_pages: tuple[int, ...] = ()
    #: tables (Word, workbooks: `表3`, a sheet) that look like target tables and gave nothing
    unread_tables: tuple[str, ...] = ()

    @classmethod
    def of(cls, projects: Iterable[Project], diagnostics: Iterable[Diagnostic], tables: int = 0,
           page_classes: tuple[str, ...] = (), unread_pages: tuple[int, ...] = (),
           unread_tables: tuple[str, ...] = ()) -> Coverage:  # fmt: skip
        """The counts of a reading: rows are the indicator rows that carry anything."""
        projects = tuple(projects)
        return cls(
            page_classes=page_classes,
            tables=tables,
            projects=len(projects),
            rows=sum(1 for p in projects for i in p.indicators if not i.is_empty),
            unplaced_rows=sum(1 for d in diagnostics if d.code == "unplaced-row"),
            unread_pages=unread_pages,
            unread_tables=unread_tables,
        )

    @property
    def pages(self) -> int:
        return len(self.page_classes)

    def pages_of(self, page_class: str) -> tuple[int, ...]:
        """1-based numbers of the pages of one class."""
        return tuple(n for n, c in enumerate(self.page_classes, 1) if c == page_class)

    def by_class(self) -> dict[str, int]:
        return {c: n for c in PAGE_CLASSES if (n := self.page_classes.count(c))}


@dataclass(frozen=True, slots=True)
class Document:
    path: str = field(compare=False)
    unit_code: str | None = None
    unit_name: str | None = None
    year: int | None = None
    money_unit: str = "万元"
    overall_goals: str = ""
    projects: tuple[Project, ...] = ()
    template: str = field(default="", compare=False)  # which layout the reader saw
    diagnostics: tuple[Diagnostic, ...] = field(default=(), compare=False)
    encoding: str | None = field(default=None, compare=False)
    #: a draft's inline `# kpilint: ignore` comments, as its reader found them
    suppressions: tuple[Suppression, ...] = field(default=(), compare=False)
    #: what the reader saw: tables found, rows it could not place, tables skipped…
    stats: Mapping[str, int] = field(default_factory=lambda: MappingProxyType({}), compare=False)
    #: set by readers that see more than projects (pages, tables); see `accounting()`
    coverage: Coverage | None = field(default=None, compare=False)
    #: department-wide tables (部门整体), kept apart from the projects
    department_tables: tuple[DepartmentTable, ...] = ()

    __getstate__ = _state
    __setstate__ = _restore

    def accounting(self) -> Coverage:
        """What the reader made of its input: its own coverage, or the counts of the projects."""
        return self.coverage or Coverage.of(self.projects, self.diagnostics)

    @property
    def money_factor(self) -> float:
        """Yuan per money unit (万元 → 10000), to compare budgets with parsed values."""
        return money_units().get(self.money_unit, 1e4)
