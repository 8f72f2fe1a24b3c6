"""Where a value sits in the prose of a cell, so the grammar can read just the value.

Real tables wrap values in words: a label before (`更新率＞95％`, `聘用不超过30名编外人员`),
a note after or in brackets (`100%全覆盖`, `4份（…（六期）…）`), several values in one cell
(`国家级≤100万元/家；省级≤80万元/家`). These helpers only look at the text: they split a
cell into pieces, peel brackets and numbering off a piece, list the places where a value
may start, and say what a label implies (`每季度` a period, `不少于…的` a comparator,
`同比增长` a direction). Which reading wins is decided in parser.py, with the grammar.

All text here is normalised (normalise.py): NFKC, so `（` is `(` and `；` is `;`.
"""

from __future__ import annotations

import re

from kpilint.values.units import POPULATION_PER, is_population, lookup_unit
from kpilint.values.value import OP_SYMBOL

OPENING = {"(": ")", "《": "》", "“": "”", "【": "】", "[": "]", "「": "」", "‘": "’"}
CLOSING = {close: open_ for open_, close in OPENING.items()}

# Separators between the values of one cell, strongest first. `;` always separates
# (several indicators or tiers); the weaker ones only between pieces that each hold a number.
LEVELS = (";", ",且", "、")


def _words(text: str) -> tuple[str, ...]:
    """A list of words written as one line of text, for the tables below."""
    return tuple(text.split())


# Comparator words that may open a value: the grammar's OP_WORD and CONTROL (a test keeps
# the two lists the same).
OP_WORDS = {
    ">=": _words("不少于 不低于 至少 大于等于 大于或等于 达到 不小于 不得低于 不得少于 最低 最少"),
    "<=": _words(
        "不超过 不超 不高于 不多于 小于等于 小于或等于 不大于 不得超过 不得高于 不得多于 最高 最多 控制在"
    ),
    ">": ("超过", "高于", "大于", "多于"),
    "<": ("低于", "不足", "小于", "少于"),
    "=": ("等于",),
}
OP_OF_WORD = {word: op for op, words in OP_WORDS.items() for word in words}
OP_OF_SYMBOL = {symbol: op for op, symbol in OP_SYMBOL.items()}
_WORDS = sorted([*OP_OF_WORD, "约", "大约", "百分之"], key=len, reverse=True)
_ANCHOR_OP = re.compile("[≥≤<>=]|" + "|".join(_WORDS))
# A number starts a value unless it continues a name or another number (PM2.5, 4M, 1,000).
_ANCHOR_NUMBER = re.compile(r"(?<![\d.,A-Za-z/])\d")
# A count in Chinese numerals after a period (`每年一次`, `一年两次`, `每半年一次`): a rate,
# the form real tables write most; elsewhere a Chinese numeral is a word (`一体化`, `三农`).
_PERIOD_WORDS = _words("半年 季度 学期 星期 半月 期 季 年 月 周 旬 天 日")  # longest first
_PERIODS = "|".join(_PERIOD_WORDS)
_ONE_PERIOD = re.compile(rf"(?:[一1]个?)?({_PERIODS})")  # 一年 of 一年一次, 半年 of 半年一次
# 每两个月, 每2年: a period of several units, kept as written in `per` (两个月)
_SEVERAL_PERIODS = re.compile(rf"(?:[两二三四五六七八九十]|\d{{1,2}})个?(?:{_PERIODS})")
_ANCHOR_CN_RATE = re.compile(
    rf"(?:每(?:[两二三四五六七八九十]|\d{{1,2}})?个?|^|(?<![\u4e00-\u9fff\d])[一1]个?)(?:{_PERIODS})"
    r"(?=[一二两三四五六七八九十]+[次个项份批轮期场](?!性))"
)
_OP_ALTERNATIVES = "|".join([*sorted(OP_OF_WORD, key=len, reverse=True), "[≥≤<>=]"])
_LEADING_OP = re.compile(_OP_ALTERNATIVES)
_LABEL_OP = re.compile(f"({_OP_ALTERNATIVES})" + r"(?!.*\d)")

# `1:`, `2、`, `3.`, `(4)`: the numbering of several indicators packed in one cell.
_NUMBERING = re.compile(r"^(?:\(?(\d{1,2})\)|(\d{1,2}|[一二三四五六七八九十])[:、.])(?=[^\d])")
# Prose is words: a label or note needs a Han character or a Latin letter, not only
# connectors and symbols (`至` in `1-2人至3次` joins two values; it is not a label).
_PROSE = re.compile(r"[A-Za-z\u4e00-\u9fff]")
_CONNECTORS = frozenset("至到和及或与且")
# A label may not end inside a date: the 30 of `2021年2月30日前` is a day, not a value.
_DATE_SO_FAR = re.compile(r"\d[年月/]$")
_ORDINAL = ("第", "编号", "序号", "号")
_TRAILING_LABEL = "的:,;、至"
_FILLERS = "有为是"  # 至少有324个: words that join a comparator to its number
# Words after a date or a count that say the target is to be done by then (`4月底前完成`).
DONE_VERBS = _words(
    "完成 完工 竣工 建成 实现 交付 验收 办结 结束 上线 提交 出具 印发 发放 拨付 支付 到位"
)
# A label ending in a change word makes the value a change (`同比增长5%`, `效率提升≥1%`).
_CHANGE = dict.fromkeys(
    ("增长", "增加", "提升", "提高", "上升", "增幅"), "increase"
) | dict.fromkeys(("下降", "降低", "减少", "压减"), "decrease")
# A label ending in a comparison word makes the next number a baseline (`比2025年提升`).
_BASELINE = ("比", "较", "相比", "相较", "对比", "同比", "环比", "比较")
# A label ending in 后 measures a lag (`在接到维护通知后4小时`: within 4 hours).
_AFTER = "后"
# A label ending in 次月 makes a day count a day of the next month (`每季度末，次月20日之前`).
_NEXT_MONTH = ("次月", "下月", "下一月")


def has_cn_rate(text: str) -> bool:
    """A count in Chinese numerals after a period: `每年一次`, `一年两次`."""
    return _ANCHOR_CN_RATE.search(text) is not None


def has_digit(text: str) -> bool:
    return any(c.isdigit() for c in text)


def is_prose(text: str) -> bool:
    """Words, not just symbols or connectors."""
    return any(_PROSE.match(c) and c not in _CONNECTORS for c in text)


def _depths(text: str) -> list[int]:
    """Bracket depth at each character (brackets themselves count as inside)."""
    depth, out, stack = 0, [], []
    for char in text:
        if char in OPENING:
            stack.append(OPENING[char])
            depth += 1
            out.append(depth)
        elif stack and char == stack[-1]:
            out.append(depth)
            stack.pop()
            depth -= 1
        else:
            out.append(depth)
    return out


def split_top(text: str, separators: str) -> list[tuple[int, str]]:
    """Pieces of `text` between top-level separators, with their offsets.

    Brackets hide separators (`≥95%(扣除停电、自然灾害…)` is one piece) and a comma
    between digits is a thousands separator, not a break."""
    depths = _depths(text)
    pieces: list[tuple[int, str]] = []
    start = 0
    for i, char in enumerate(text):
        if char not in separators or depths[i]:
            continue
        if (
            char == ","
            and 0 < i < len(text) - 1
            and text[i - 1].isdigit()
            and text[i + 1].isdigit()
        ):
            continue
        pieces.append((start, text[start:i]))
        start = i + 1
    pieces.append((start, text[start:]))
    return [(offset, piece) for offset, piece in pieces if piece]


def merge_wordy(pieces: list[tuple[int, str]], text: str) -> list[tuple[int, str]]:
    """Join number-free pieces to a neighbour: the next one (as its label: `每天早餐、午餐
    合计用餐不少于95人`), or the previous one at the end (as its note: `6500元/人、月`)."""
    if len(pieces) < 2:
        return pieces
    spans: list[list[int]] = []
    pending: int | None = None
    for offset, piece in pieces:
        if has_digit(piece) or has_cn_rate(piece):
            spans.append([offset if pending is None else pending, offset + len(piece)])
            pending = None
        elif pending is None:
            pending = offset
    if not spans:
        return [(pieces[0][0], text[pieces[0][0] : pieces[-1][0] + len(pieces[-1][1])])]
    if pending is not None:
        spans[-1][1] = pieces[-1][0] + len(pieces[-1][1])
    return [(a, text[a:b]) for a, b in spans]


def numbering(text: str) -> tuple[str, str]:
    """`1:≥95%` → ("1", "≥95%"): the item number of a packed cell, and the rest."""
    m = _NUMBERING.match(text)
    if not m or m.end() == len(text):
        return "", text
    return m.group(1) or m.group(2), text[m.end() :]


def _matching_open(text: str, close_at: int) -> int | None:
    """Index of the bracket that the bracket at `close_at` closes, or None."""
    close = text[close_at]
    open_ = CLOSING.get(close)
    if open_ is None:
        return None
    depth = 0
    for i in range(close_at, -1, -1):
        if text[i] == close:
            depth += 1
        elif text[i] == open_:
            depth -= 1
            if depth == 0:
                return i
    return None


def peel(text: str) -> tuple[str, str]:
    """(body, bracketed tail): `100%(受理后…)` → ("100%", "(受理后…)").

    A bracket wrapping the whole value is dropped (`(=100%)`); a bracket that holds a unit
    stays, for the grammar reads it (`≤1500(毫秒)`, `100万(条)`, `≥330台(套)`)."""
    while len(text) > 2 and text[-1] in CLOSING:
        start = _matching_open(text, len(text) - 1)
        if start is None:
            break
        inner = text[start + 1 : -1]
        if start == 0:
            if text[0] != "(" or not inner:
                break
            text = inner
            continue
        if lookup_unit(inner) is not None or lookup_unit(text[start:]) is not None:
            break
        return text[:start], text[start:]
    return text, ""


def unwrap(note: str) -> str:
    """A note that is one bracket group loses the brackets; 《titles》 keep theirs."""
    if len(note) > 1 and note[0] == "(" and _matching_open(note, len(note) - 1) == 0:
        return note[1:-1]
    return note


def anchors(text: str) -> list[int]:
    """Where a value may start in `text`, in the order to try them: at a comparator
    (so a label may hold a condition: `购置价格10万元以下≤2000元/辆`), at a count in
    Chinese numerals after its period (`一年一次`), at the start, then at each number."""
    depths = _depths(text)
    found: list[int] = []
    for m in _ANCHOR_OP.finditer(text):
        if not depths[m.start()]:
            found.append(m.start())
    # a Chinese count after its period before the start: 一年一次 is once a year, not 1 年
    found.extend(m.end() for m in _ANCHOR_CN_RATE.finditer(text) if not depths[m.start()])
    found.append(0)
    found.extend(m.start() for m in _ANCHOR_NUMBER.finditer(text) if not depths[m.start()])
    return list(dict.fromkeys(found))


def usable_label(label: str) -> bool:
    """Could this text be the label of a value that follows it? Not if it is only
    symbols, nor a baseline (`比2025年`), nor part of a date (`2021年2月`), nor an ordinal
    (`第`), nor the start of a range (`1-2人至` of `1-2人至3次`; but `…分辨率至` of `提高…分辨率至1KM以内` is words)."""
    if not is_prose(label) or label.endswith(_BASELINE) or _DATE_SO_FAR.search(label):
        return False
    if label.endswith(_ORDINAL):  # 第3次会议: an ordinal, not a count
        return False
    return label[-1] not in "-~—–至到" or not has_digit(label)


def drop_leading_op(label: str) -> str:
    """`不超过预算` → `预算`, `≤电脑` → `电脑`: the comparator is the value's `op` now."""
    m = _LEADING_OP.match(label)
    return label[m.end() :] if m and m.end() < len(label) else label


def clean_label(label: str) -> str:
    return label.rstrip(_TRAILING_LABEL)


def label_op(label: str) -> tuple[str | None, bool]:
    """The comparator in a label that applies to the number after it (no number between),
    and whether the label reads as one target. It does when the comparator is next to the
    number (`保证每年至少有`) or opens the label: `不少于全市跨境电商企业数的` (60%) is ≥ a share
    of a baseline, `≤电脑` and `不超过预算` are ≤. It does not when words come before it too:
    `实际聘用编外人员数量大于预算编外人员数` (80%) compares two quantities."""
    found = list(_LABEL_OP.finditer(label))
    if not found:
        return None, True
    m = found[-1]
    op = OP_OF_SYMBOL.get(m.group(1)) or OP_OF_WORD[m.group(1)]
    between = label[m.end() :]
    before = label[: m.start()].removeprefix("按")
    return op, not between.strip(_FILLERS) or not before


# What may follow 每 to name the period or item of a rate (longest first).
_PER_WORDS = (*_PERIOD_WORDS, *_words("人 次 户 家 个 台 辆"))


def label_per(label: str) -> str:
    """`每季度…` → 季度, `一年` (of `一年一次`) → 年, `每万人…` → 万人: the period, item or
    population the value is counted per."""
    at = label.rfind("每")
    if at < 0:
        one = _ONE_PERIOD.fullmatch(label)
        return label_per("每" + one.group(1)) if one else ""
    rest = label[at + 1 :]
    population = POPULATION_PER.match(rest)
    if population:
        return population.group()
    if is_population(rest):  # 每10万≤10: a population closing the label needs no noun
        return rest
    several = _SEVERAL_PERIODS.match(rest)
    if several:
        return several.group()
    if rest[:1] == "个" and rest[1:].startswith(_PERIOD_WORDS):  # 每个月
        rest = rest[1:]
    for word in _PER_WORDS:
        if rest.startswith(word):
            unit = lookup_unit(word)
            return unit.symbol if unit else word
    return ""


def label_direction(label: str) -> str | None:
    for word, direction in _CHANGE.items():
        if label.endswith(word):
            return direction
    return None


def is_lag(label: str) -> bool:
    return label.endswith(_AFTER)


def is_next_month(label: str) -> bool:
    return label.endswith(_NEXT_MONTH)


def done_verb(note: str) -> bool:
    return note.startswith(DONE_VERBS)
