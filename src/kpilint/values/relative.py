"""Values written against last year's: `不低于上年`, `较上年提高`, `与上年持平`.

Such a value is a target only once last year's figure is known: on its own it parses as
a qualitative word. `relative_to_last` says which comparison it states, so that a
year-over-year run (`kpilint diff`) can resolve it against the matched row of last year's
table (`不低于上年` with last year's `≥95%` is `≥95%`) and the ordinary checks can judge it.
A value that names a figure besides (`较上年增长5%`, `比上年提高2个百分点`) is a growth
target, not a restatement of last year's: it is left alone.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from kpilint.values.value import OP_SYMBOL

#: how a table says "last year"
_LAST = r"(?:上一?年度?|去年|前一年)(?:同期)?(?:的)?(?:水平|实际|完成值|完成数|数值|数|值|标准)?"
#: (comparison, the wordings that state it, each around `_LAST`)
_FORMS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (">=", (r"(?:不低于|不少于|不小于|不下降于|不减于|≥|>=|大于等于|大于或等于){last}",
            r"(?:达到|保持|维持){last}(?:以上)?", r"{last}(?:以上|及以上|或以上)",
            r"(?:较|比|与){last}(?:相比)?(?:不降低|不下降|不减少|只增不减|持平或(?:提高|增长|上升))")),
    (">", (r"(?:高于|超过|多于|大于|>){last}",
           r"(?:较|比){last}(?:相比)?(?:有所|进一步|稳步|明显|继续)?(?:提高|提升|增加|增长|上升|改善)")),
    ("=", (r"(?:与|同|和){last}(?:相比)?(?:持平|一致|相同|相当)", r"(?:持平于|等于|=){last}")),
    ("<=", (r"(?:不高于|不超过|不多于|不大于|≤|<=|小于等于){last}", r"{last}(?:以下|及以下|或以下)",
            r"(?:较|比){last}(?:相比)?(?:不增加|不上升|只减不增)")),
    ("<", (r"(?:低于|少于|小于|<){last}",
           r"(?:较|比){last}(?:相比)?(?:有所|进一步|稳步|明显|继续)?(?:下降|降低|减少|压减)")),
)  # fmt: skip
_PATTERNS = tuple(
    (op, re.compile("^(?:" + "|".join(f.format(last=_LAST) for f in forms) + ")$")) for op, forms in _FORMS
)
_NOISE = re.compile(r"[\s，。；、,.;]+")


@lru_cache(maxsize=1 << 12)
def relative_to_last(text: str) -> str | None:
    """The comparison (`>=`, `>`, `=`, `<=`, `<`) a value states against last year's
    figure, or None when it is not such a value (it names a figure, or says something else)."""
    word = _NOISE.sub("", unicodedata.normalize("NFKC", text or ""))
    if not word or len(word) > 24:
        return None
    for op, pattern in _PATTERNS:
        if pattern.match(word):
            return op
    return None


def resolved_text(op: str, number: float, unit: str) -> str:
    """`≥95%`: the target a relative value stands for, written as a table would."""
    shown = f"{number:.6g}" if number != int(number) else str(int(number))
    return f"{OP_SYMBOL[op]}{shown}{unit}"
