"""Reader for YAML drafts (草稿): one department per file, or one project per file.

The YAML is composed (not constructed) with PyYAML's C loader when available,
so every scalar keeps its line and column and nothing in the file can build a
Python object. Scalars are read as the text the user typed (`12.00`, not 12.0).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import replace

import yaml
from yaml.events import (
    AliasEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
)
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from kpilint.draft_format import KEYS, alias_table, unknown_key_message
from kpilint.errors import ReadError
from kpilint.framework.templates import money_units
from kpilint.model import (
    Budget,
    Checkpoint,
    Diagnostic,
    Document,
    Indicator,
    Location,
    Project,
    ProjectHeader,
    SpendPlan,
    Suppression,
)
from kpilint.readers.spend_plan import month_of_label
from kpilint.safe_yaml import YamlLimitError, compose_text, no_cycle_collection
from kpilint.texts import say

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_NULL = "tag:yaml.org,2002:null"
_STR, _SEQ, _MAP = "tag:yaml.org,2002:str", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"
_NULLS = frozenset(("", "~", "null", "Null", "NULL"))


class Loader(_BaseLoader):  # type: ignore[misc,valid-type]
    """The C loader with the one tag decision a draft needs: is this scalar empty?

    Every scalar is read as the text typed, so PyYAML's implicit resolvers (ints,
    floats, booleans, dates: a regex per scalar, run in Python) would be wasted work;
    they are a fifth of composing time."""

    def descend_resolver(self, current_node: Node | None, current_index: object) -> None:
        pass

    def ascend_resolver(self) -> None:
        pass

    def resolve(self, kind: type, value: object, implicit: tuple[bool, bool]) -> str:
        if kind is ScalarNode:
            return _NULL if implicit[0] and value in _NULLS else _STR
        return _SEQ if kind is SequenceNode else _MAP


_ALIASES = {section: alias_table(section) for section in KEYS}
_HEADER = tuple(ProjectHeader.FIELDS)


_PROJECT_KEYS = frozenset(("projects", "项目", "预算项目", "项目列表", "indicators", "绩效指标"))


def is_draft_text(text: str) -> bool:
    """Does this YAML look like a kpilint draft (and not, say, a CI config)? Text that is
    not YAML at all is not one (standard input may be published text)."""
    return draft_verdict(text) is True


def holds_nothing(text: str) -> bool:
    """YAML that says nothing: an empty file, blanks, only comments, `---` documents with
    no value or a bare null. A draft not yet written, not YAML of some other kind."""
    try:
        return all(_says_nothing(event) for event in yaml.parse(text, Loader=Loader))
    except yaml.YAMLError:
        return False


def _says_nothing(event: yaml.Event) -> bool:
    if isinstance(event, ScalarEvent):
        return event.implicit[0] and event.value in _NULLS
    return not isinstance(event, (MappingStartEvent, SequenceStartEvent, AliasEvent))


def draft_verdict(text: str) -> bool | None:
    """True for a draft, False for YAML that is something else, None for text that breaks
    as YAML before it says (a `.yaml` a walk must report, not skip).

    Reads parser events only as far as the first top-level key that decides it, so
    a directory walk does not compose every draft twice."""
    depth, key_turn = 0, False  # key_turn: the next top-level node is a key
    try:
        for event in yaml.parse(text, Loader=Loader):
            if isinstance(event, (MappingStartEvent, SequenceStartEvent)):
                if depth == 0 and not isinstance(event, MappingStartEvent):
                    return False
                depth += 1
                if depth == 1:
                    key_turn = True
                    continue
            elif isinstance(event, (MappingEndEvent, SequenceEndEvent)):
                depth -= 1
                if depth == 0:
                    return False
            elif not isinstance(event, (ScalarEvent, AliasEvent)):
                continue  # stream and document boundaries
            elif depth == 0:
                return False  # a bare scalar document
            elif (
                depth == 1
                and key_turn
                and isinstance(event, ScalarEvent)
                and event.value in _PROJECT_KEYS
            ):
                return True
            if depth == 1:
                key_turn = not key_turn
    except yaml.YAMLError:
        return None
    return False


class FieldLocations(Mapping[str, Location]):
    """Where each field of a row is, as Locations made only when a finding asks for one:
    a check reads a handful of the hundred thousand a large repository holds."""

    __slots__ = ("_marks", "_path")

    def __init__(self, path: str, marks: dict[str, tuple[int, int, int, int]]) -> None:
        self._path, self._marks = path, marks  # field -> (line, column, offset, end)

    def __getitem__(self, key: str) -> Location:
        line, column, offset, end = self._marks[key]
        return Location(self._path, line, column, offset=offset, end=end)

    def __contains__(self, key: object) -> bool:
        return key in self._marks

    def get(self, key: str, default: Location | None = None) -> Location | None:  # type: ignore[override]
        marks = self._marks.get(key)
        if marks is None:
            return default
        line, column, offset, end = marks
        return Location(self._path, line, column, offset=offset, end=end)

    def __iter__(self) -> Iterator[str]:
        return iter(self._marks)

    def __len__(self) -> int:
        return len(self._marks)

    def __reduce__(self) -> tuple[object, ...]:
        return (FieldLocations, (self._path, self._marks))


def _marks(f: dict[str, tuple[Node, Node]]) -> dict[str, tuple[int, int, int, int]]:
    out = {}
    for key, (_, node) in f.items():
        start = node.start_mark
        out[key] = (start.line + 1, start.column + 1, start.index, node.end_mark.index)
    return out


#: (section, the keys of a mapping as written) -> their English names, for key lists with
#: nothing to report (every key known, none twice): rows repeat the same few key lists
_KNOWN_KEYS: dict[tuple[str, tuple[object, ...]], tuple[str, ...]] = {}


class _Walker:
    def __init__(self, path: str) -> None:
        self.path = path
        self.diagnostics: list[Diagnostic] = []

    def loc(self, node: Node) -> Location:
        start, end = node.start_mark, node.end_mark
        return Location(
            self.path, start.line + 1, start.column + 1, offset=start.index, end=end.index
        )

    def warn(self, code: str, message: str, node: Node) -> None:
        self.diagnostics.append(Diagnostic(code, message, self.loc(node)))

    def mapping(self, node: Node, section: str) -> dict[str, tuple[Node, Node]]:
        """Keys (aliases resolved) -> (key node, value node); unknown keys reported."""
        if not isinstance(node, MappingNode):
            self.warn("bad-type", say("draft-want-mapping", what=_kind(node)), node)
            return {}
        written = (section, tuple([k.value if type(k) is ScalarNode else None for k, _ in node.value]))
        remembered = _KNOWN_KEYS.get(written)
        if remembered is not None:
            return dict(zip(remembered, node.value, strict=True))
        out: dict[str, tuple[Node, Node]] = {}
        aliases = _ALIASES[section]
        for key_node, value_node in node.value:
            key = str(key_node.value) if isinstance(key_node, ScalarNode) else ""
            english = aliases.get(key.strip())
            if english is None:
                self.warn("unknown-key", unknown_key_message(section, key), key_node)
            elif english in out:
                self.warn("duplicate-key", say("draft-duplicate-key", key=key), key_node)
                out[english] = (key_node, value_node)
            else:
                out[english] = (key_node, value_node)
        if len(out) == len(node.value) and len(_KNOWN_KEYS) < 4096 and None not in written[1]:
            _KNOWN_KEYS[written] = tuple(out)
        return out

    def text(self, node: Node | None) -> str:
        if node is None or (isinstance(node, ScalarNode) and node.tag == _NULL):
            return ""
        if isinstance(node, ScalarNode):
            return str(node.value)
        self.warn("bad-type", say("draft-want-text", what=_kind(node)), node)
        return ""

    def number(self, node: Node | None) -> float | None:
        text = self.text(node).strip().replace(",", "")
        if not text:
            return None
        for unit in sorted(money_units(), key=len, reverse=True):
            text = text.removesuffix(unit)
        try:
            return float(text)
        except ValueError:
            self.warn("bad-number", say("draft-not-number", text=self.text(node)), node)  # type: ignore[arg-type]
            return None

    def sequence(self, node: Node | None) -> list[Node]:
        if node is None or (isinstance(node, ScalarNode) and node.tag == _NULL):
            return []
        if isinstance(node, SequenceNode):
            return list(node.value)
        self.warn("bad-type", say("draft-want-list", what=_kind(node)), node)
        return []

    # --- the draft -------------------------------------------------------
    def document(self, root: Node) -> Document:
        if not isinstance(root, MappingNode):
            raise ReadError(
                self.path,
                say("draft-not-mapping", what=_kind(root)),
                root.start_mark.line + 1,
                hint=say("draft-example-hint"),
            )
        keys = {k.value for k, _ in root.value if isinstance(k, ScalarNode)}
        single = not keys & {"projects", "项目", "预算项目", "项目列表"}
        fields = self.mapping(root, "document") if not single else {}
        if single:  # one project per file, optionally with a department block
            project_fields = {k: v for k, v in root.value if _key_text(k) != "department"}
            dept = next((v for k, v in root.value if _key_text(k) == "department"), None)
            projects: tuple[Project, ...] = (
                self.project(
                    MappingNode(
                        "tag:yaml.org,2002:map",
                        list(project_fields.items()),
                        root.start_mark,
                        root.end_mark,
                    )
                ),
            )
        else:
            dept = fields.get("department", (None, None))[1]
            projects = tuple(self.project(n) for n in self.sequence(fields["projects"][1]))
        d = self.mapping(dept, "department") if dept is not None else {}
        money_unit = self.text(d.get("money_unit", (None, None))[1]).strip() or "万元"
        if money_unit not in money_units():
            self.warn(
                "bad-money-unit", say("draft-money-unit", unit=money_unit), d["money_unit"][1]
            )
            money_unit = "万元"
        year_text = self.text(d.get("year", (None, None))[1]).strip().removesuffix("年")
        year = int(year_text) if year_text.isdigit() else None
        if year_text and year is None:
            self.warn("bad-number", say("draft-not-year", year=year_text), d["year"][1])
        return Document(
            path=self.path,
            unit_code=self.text(d.get("code", (None, None))[1]).strip() or None,
            unit_name=self.text(d.get("name", (None, None))[1]).strip() or None,
            year=year,
            money_unit=money_unit,
            overall_goals=self.text(d.get("goals", (None, None))[1]),
            projects=projects,
            template="yaml-draft",
            diagnostics=tuple(self.diagnostics),
        )

    def project(self, node: Node) -> Project:
        f = self.mapping(node, "project")
        get = lambda key: f.get(key, (None, None))[1]  # noqa: E731
        budget_node = get("budget")
        if isinstance(budget_node, MappingNode):
            b = self.mapping(budget_node, "budget")
            budget = Budget(
                *(
                    self.number(b.get(k, (None, None))[1])
                    for k in ("total", "fiscal", "other", "carryover", "period_total")
                )
            )
        else:
            budget = Budget(total=self.number(budget_node))
        goals_node = get("goals")
        if isinstance(goals_node, SequenceNode):
            goals = tuple(self.text(n) for n in goals_node.value)
        else:
            goals = (self.text(goals_node),) if self.text(goals_node) else ()
        percent_node = get("spend_plan_percent")
        declared = self.text(percent_node).strip().lower() not in ("false", "no", "否", "0")
        return Project(
            code=self.text(get("code")).strip() or None,
            name=self.text(get("name")).strip() or None,
            budget=budget,
            purpose=self.text(get("purpose")),
            spend_plan=self.spend_plan(get("spend_plan"), declared),
            goals=goals,
            indicators=tuple(self.indicator(n) for n in self.sequence(get("indicators"))),
            header=ProjectHeader(**{k: self.text(get(k)).strip() for k in _HEADER if k in f}),
            location=self.loc(node),
            fields=FieldLocations(self.path, _marks(f)),
        )

    def spend_plan(self, node: Node | None, declared: bool) -> SpendPlan | None:
        if node is None or (isinstance(node, ScalarNode) and node.tag == _NULL):
            return None
        if not isinstance(node, MappingNode):
            self.warn("bad-type", say("draft-spend-plan-shape"), node)
            return None
        points = tuple(
            Checkpoint(
                label=str(k.value),
                month=month_of_label(str(k.value)),
                text=self.text(v),
                location=self.loc(v),
            )
            for k, v in node.value
        )
        return SpendPlan(points, declared_percent=declared, location=self.loc(node))

    def indicator(self, node: Node) -> Indicator:
        f = self.mapping(node, "indicator")
        text, marks = self.row_fields(f)
        optional = lambda key: text.get(key) if key in f else None  # noqa: E731
        return Indicator(
            level1=text.get("level1", "").strip(),
            level2=text.get("level2", "").strip(),
            name=text.get("name", "").strip(),
            description=text.get("description", "").strip(),
            value_text=text.get("value", "").strip(),
            basis=text.get("basis", "").strip(),
            unit=optional("unit"),
            comparator=optional("comparator"),
            weight=optional("weight"),
            location=self.loc(node),
            fields=FieldLocations(self.path, marks),
        )

    def row_fields(self, f: dict[str, tuple[Node, Node]]) -> tuple[dict[str, str], dict[str, tuple[int, int, int, int]]]:
        """Each field's text and where it is (`_marks`), in one pass over a row's fields: the
        two things a row keeps of its nodes, for each of a province's million rows."""
        texts: dict[str, str] = {}
        marks: dict[str, tuple[int, int, int, int]] = {}
        for key, (_, value) in f.items():
            texts[key] = ("" if value.tag == _NULL else value.value) if type(value) is ScalarNode else self.text(value)
            start = value.start_mark
            marks[key] = (start.line + 1, start.column + 1, start.index, value.end_mark.index)
        return texts, marks


def _kind(node: Node) -> str:
    if isinstance(node, MappingNode):
        return say("a-mapping")
    if isinstance(node, SequenceNode):
        return say("a-list")
    text = str(node.value)
    return say("a-text", text=f"{text[:40]}…" if len(text) > 40 else text)


def _key_text(key: Node) -> str | None:
    """What a top-level key names (English), only ever from a scalar: a key that is itself a
    collection is never formatted (nested aliases would make that text exponential)."""
    return _ALIASES["document"].get(str(key.value)) if isinstance(key, ScalarNode) else None


_SUPPRESSION = re.compile(r"#\s*kpilint:\s*ignore(?:\[([A-Za-z0-9_,\s-]+)\])?")


def find_suppressions(text: str) -> tuple[Suppression, ...]:
    """The `# kpilint: ignore[...]` comments of a draft, line by line."""
    found = []
    for number, line in enumerate(text.splitlines(), 1):
        if "kpilint" not in line:
            continue
        if m := _SUPPRESSION.search(line):
            rules = tuple(r.strip() for r in (m.group(1) or "").split(",") if r.strip())
            found.append(Suppression(number, rules))
    return tuple(found)


def read_draft(text: str, path: str) -> Document:
    """Parse a draft, with its inline suppressions; malformed YAML raises ReadError with the
    line and a hint."""
    doc = _read_draft(text, path)
    return replace(doc, suppressions=find_suppressions(text)) if "kpilint" in text else doc


def _read_draft(text: str, path: str) -> Document:
    try:
        root = compose_text(text, Loader)
    except YamlLimitError as exc:
        mark = exc.problem_mark
        raise ReadError(path, say("yaml-limit", problem=exc.problem), mark.line + 1 if mark else None,
                        mark.column + 1 if mark else None, hint=say("yaml-limit-hint")) from None  # fmt: skip
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "格式错误"
        raise ReadError(
            path,
            say("yaml-syntax", problem=problem),
            line=mark.line + 1 if mark else None,
            column=mark.column + 1 if mark else None,
            hint=say("yaml-syntax-hint"),
        ) from None
    except yaml.YAMLError as exc:
        raise ReadError(path, say("yaml-syntax", problem=exc)) from None
    if root is None or (isinstance(root, ScalarNode) and root.tag == _NULL):  # empty, or `---` alone
        return Document(path=path, template="yaml-draft")
    with no_cycle_collection():
        return _Walker(path).document(root)
