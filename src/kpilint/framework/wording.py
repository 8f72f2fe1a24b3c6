"""What a value, a goal or a header field says — or fails to say — from its words.

`concepts.py` reads what an indicator's *name* measures; this module reads the other
texts a reviewer judges by their words: a value that only says things will get better
(`有所提高`: no level to assess), a value that is a note on where the figure will come
from (`以双方盖章的记录表为准`), a template leftover (`*`, `XX`, `待定`, `≥%`), a name that
measures budget execution (资金到位率, 支出进度). The words are data in `concepts.yaml`
(sections `vague`, `source_notes`, `placeholders`, `execution`); rule expressions call
the predicates below (`is_vague(text)`, `is_source_note(text)`, `is_placeholder(text)`,
`is_execution(name)`, `restates(text, name)`) and never list the words themselves.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib.resources import files

import yaml

from kpilint.framework.concepts import DEFINITIONS
from kpilint.framework.templates import squash

#: punctuation a text may end with without saying anything more
_TRAILING = "。.；;，,、！!"
#: numbering before a text (`1.`, `（一）`, `2、`)
_NUMBERING = re.compile(r"^\s*(?:[(（]?[0-9一二三四五六七八九十]+[)）.．、:：]\s*)+")
_BRACKETS = re.compile(r"[（(]([^（()）]*)[)）]")
_CLAUSES = re.compile(r"[，,；;。：:、]")
#: the numbering around a template's label (`1.目标内容1`, `（一）指标名称`)
_NUMBERED_LABEL = re.compile(r"^(?:[(（][一二三四五六七八九十]+[)）]|[\d.．、:：()（）\[\]【】])+|[\d.．、:：()（）]+$")
#: the label a template prints before each goal (`目标内容 1`), which is not the goal
_GOAL_LABEL = re.compile(r"^(?:目标内容|目标)\d*[.．、:：]?")
#: the most a goal may add to its project's name and still say nothing (`按期缴纳`)
MAX_ADDED = 4
#: a document's title or number: 《宝安区公共图书馆总分馆制建设实施方案》, 深宝文发〔2018〕21号
_DOCUMENT_MARK = re.compile(r"《[^》]{2,}》|<[^>]{4,}>|[〔\[【(（]\s*(?:19|20)\d\d\s*[〕\]】)）]\s*\d+\s*号")
#: an amount of money (53.63万元, 4000元, 20W) or a product (每社区2万元 × 13, 1000元/人)
_AMOUNT = re.compile(r"\d+(?:\.\d+)?\s*(?:万元|元|万|亿|[Ww](?![a-zA-Z]))|\d\s*[×*xX]\s*\d")
#: the most a vague value may say about what changes (`提高企业管理水平`)
MAX_VAGUE = 24


@dataclass(frozen=True)
class Wording:
    changes: tuple[str, ...]
    degrees: tuple[str, ...]
    clauses: tuple[str, ...]
    states: frozenset[str]
    grades: tuple[str, ...]
    levels: tuple[str, ...]
    reaches: tuple[str, ...]
    source_starts: tuple[str, ...]
    source_ends: tuple[str, ...]
    placeholder_whole: frozenset[str]
    placeholder_marks: tuple[str, ...]
    comparators: tuple[str, ...]
    execution: tuple[str, ...]
    documents: tuple[str, ...]
    cumulative: tuple[str, ...]
    standards: tuple[str, ...]


def _longest_first(words: list[str]) -> tuple[str, ...]:
    return tuple(sorted(words, key=len, reverse=True))


@cache
def wording() -> Wording:
    data = yaml.safe_load(
        files("kpilint.framework").joinpath(DEFINITIONS).read_text(encoding="utf-8")
    )
    vague, notes, holders, execution, bases = (
        data["vague"], data["source_notes"], data["placeholders"], data["execution"], data["bases"],
    )  # fmt: skip
    return Wording(
        changes=_longest_first(vague["changes"]),
        degrees=_longest_first(vague["degrees"]),
        clauses=_longest_first(vague["clauses"]),
        states=frozenset(vague["states"]),
        grades=tuple(vague["grades"]),
        levels=tuple(vague["levels"]),
        reaches=tuple(vague["reaches"]),
        source_starts=_longest_first(notes["starts"]),
        source_ends=_longest_first(notes["ends"]),
        placeholder_whole=frozenset(str(w) for w in holders["whole"]),
        placeholder_marks=tuple(holders["marks"]),
        comparators=_longest_first([str(c) for c in holders["comparators"]]),
        execution=_longest_first(execution["words"]),
        documents=tuple(bases["documents"]),
        cumulative=tuple(data["cumulative"]["words"]),
        standards=tuple(bases["standards"]),
    )


def _plain(text: str) -> str:
    """The text without spaces, numbering and the punctuation it ends with."""
    return _NUMBERING.sub("", squash(text or "")).rstrip(_TRAILING)


def _strip_degrees(text: str) -> str:
    words = wording()
    changed = True
    while changed and text:
        changed = False
        for degree in words.degrees:
            if text.startswith(degree) and len(text) > len(degree):
                text, changed = text[len(degree) :], True
                break
    return text


@lru_cache(maxsize=1 << 14)
def is_vague(text: str) -> bool:
    """A value that says things will change or be good without saying how far: `有所提高`,
    `进一步改善`, `得到加强`, `持续增长`, `提高企业管理水平`, `群众文化生活水平得到提升`, `及时`.
    Not a grade on a scale (`显著提升`, `明显改善`), not a change with a level or a baseline
    (`提高到95%`, `降至零`, `较上年提高`), not anything with a number in it."""
    words = wording()
    plain = _plain(text)
    if not plain or len(plain) > MAX_VAGUE or any(ch.isdigit() for ch in plain):
        return False
    if plain in words.states:
        return True
    if any(level in plain for level in words.levels) or _reaches_a_level(plain):
        return False
    bare = _strip_degrees(plain)
    if bare.startswith(words.grades):
        return False  # a grade on a scale: 显著提升, 有效明显改善
    if any(bare.startswith(change) for change in words.changes):
        return True  # (adverbs) change (what changes): 进一步提高, 提高企业管理水平
    for clause in words.clauses:  # subject + clause + change: 生活水平得到提升
        at = plain.find(clause)
        if at > 0 and any(plain[at:].endswith(c) for c in words.changes):
            return True
    # subject + change at the end: 执法能力建设提升, 污染物排放量降低
    return any(plain.endswith(change) for change in words.changes) and len(plain) > 2


def _reaches_a_level(text: str) -> bool:
    """`降至`, `提高到`, `提升为`: a change that names the level it reaches."""
    words = wording()
    return any(change + reach in text for change in words.changes for reach in words.reaches)


@lru_cache(maxsize=1 << 14)
def is_source_note(text: str) -> bool:
    """A value that says where the figure will come from instead of what it should be:
    `以双方盖章的故障排除记录表为准`, `根据实际情况确定`, `详见实施方案`."""
    words = wording()
    plain = _plain(text)
    if not plain or any(ch.isdigit() for ch in plain):
        return False
    if plain.startswith(("详见", "见附")):
        return True
    return plain.startswith(words.source_starts) and plain.endswith(words.source_ends)


@lru_cache(maxsize=1 << 14)
def is_placeholder(text: str) -> bool:
    """A template leftover: a cell that is nothing but `*`, `待定`, `详见附件`, `目标内容1` or a
    comparator with no number (`≥%`); or a text still holding a mark that stands for the
    unit's own words (`为贯彻落实XXX文件`, `《XX办法》`)."""
    words = wording()
    plain = squash(text or "").rstrip(_TRAILING)
    if not plain:
        return False
    if any(mark in plain for mark in words.placeholder_marks):
        return True
    if set(plain) <= {"*", "＊"}:
        return True
    # a template's label with its number and nothing after it (`1. 目标内容 1`); not `7*24`
    bare = _NUMBERED_LABEL.sub("", plain)
    if plain in words.placeholder_whole or (len(bare) >= 2 and bare in words.placeholder_whole):
        return True
    for comparator in words.comparators:
        if plain.startswith(comparator):
            rest = plain[len(comparator) :].lstrip("".join(words.comparators))
            return not any(ch.isdigit() for ch in rest) and len(rest) <= 3 and not _is_word(rest)
    return False


def _is_word(rest: str) -> bool:
    """`≥合格`, `≤核定人数`: a comparator before words is a qualitative target, not a gap."""
    return len(rest) >= 2 and not rest.endswith(("元", "%", "％", "次", "人", "个", "天", "年", "月"))


@lru_cache(maxsize=1 << 14)
def is_execution(name: str) -> bool:
    """A name that measures budget execution (预算执行率, 资金到位率, 支出进度, 资金使用率,
    结余率), which the evaluation framework scores as process, not as output or benefit.
    `宣传到位率` is not, nor a subsidy's `支付到位率`: the words are the framework's own."""
    plain = squash(name or "")
    return any(w in plain for w in wording().execution)


def _comparable(text: str) -> str:
    return _plain(text).replace("（", "(").replace("）", ")")


@lru_cache(maxsize=1 << 14)
def restates(value: str, name: str) -> bool:
    """A value that only repeats its indicator's name (or the explanation in its brackets,
    or its last clause): `区域环境质量保持稳定` for `区域环境质量保持稳定`, `全年信息系统出现
    重大故障次数` for `重大故障次数（全年信息系统出现重大故障次数）`. A value is a target; this
    one says what is measured a second time and no level."""
    v, n = _comparable(value), _comparable(name)
    if len(v) < 4 or any(ch.isdigit() for ch in v):
        return False
    if v == n or v == _BRACKETS.sub("", n):
        return True
    if v in (m.group(1) for m in _BRACKETS.finditer(n)):
        return True
    clauses = [c for c in _CLAUSES.split(n) if c]
    return len(clauses) > 1 and v == clauses[-1]


@lru_cache(maxsize=1 << 14)
def adds_nothing(goal: str, name: str) -> bool:
    """A goal that says no more than its project's name: the name itself (`安可设备购置` for
    the project 安可设备购置, after the template's `目标内容 1`), a part of it, or the name
    with a verb before it (`按期缴纳总工会房屋租金` for 唐山市总工会房屋租金). A goal says
    what the money will achieve; this one only says what it is for."""
    g, n = _GOAL_LABEL.sub("", _plain(goal)), _plain(name)
    if len(g) < 2 or len(n) < 2 or len(g) > len(n) + MAX_ADDED:
        return False
    kept = "".join(ch for ch in g if ch in n)
    return len(g) - len(kept) <= MAX_ADDED and kept in n and len(kept) * 2 >= len(n)


@lru_cache(maxsize=1 << 14)
def cites_document(text: str) -> bool:
    """A 政策依据 that names what the project rests on: a title in 《》, a document number
    (〔2018〕21号), or the kind of document (条例, 办法, 通知, 方案…). Background that only
    describes the work (`社区工作站是政府在社区的服务平台…`) cites nothing."""
    plain = squash(text or "")
    return bool(_DOCUMENT_MARK.search(plain)) or any(w in plain for w in wording().documents)


@lru_cache(maxsize=1 << 14)
def states_amount(text: str) -> bool:
    """A 测算依据 that shows how the money was worked out: an amount (食堂生鲜53.63万元), a
    product (2万元 × 13个社区), or the standard it applies (补贴标准1000元/人, 按实际合同)."""
    plain = squash(text or "")
    return bool(_AMOUNT.search(plain)) or any(w in plain for w in wording().standards)


@lru_cache(maxsize=1 << 14)
def is_cumulative(text: str) -> bool:
    """A name or value that counts across years (`累计纳入名录的企业数量`, `历年累计`)."""
    plain = squash(text or "")
    return any(w in plain for w in wording().cumulative)
