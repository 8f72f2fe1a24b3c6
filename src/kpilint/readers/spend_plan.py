"""What month a spend-plan checkpoint label stands for (3月底 → 3, 第二季度 → 6): the
checkpoint words are the template's (`spend_plan_checkpoints` in templates.yaml)."""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from kpilint.framework.templates import vocabulary


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    words = vocabulary()
    quarters = "".join(map(re.escape, words.checkpoint_quarters))
    month = re.compile(rf"(\d{{1,2}}){re.escape(words.checkpoint_month)}")
    quarter = re.compile(rf"([{quarters}]){re.escape(words.checkpoint_quarter)}")
    #: a checkpoint label anywhere in flattened text (`3 月底`, `第一季度`)
    label = re.compile(
        rf"\d{{1,2}}\s*{re.escape(words.checkpoint_month)}底|第?[{quarters}]{re.escape(words.checkpoint_quarter)}"
    )
    return month, quarter, label


def month_of_label(label: str) -> int | None:
    text = unicodedata.normalize("NFKC", label).replace(" ", "")
    month, quarter, _ = _patterns()
    if m := month.search(text):
        number = int(m.group(1))
        return number if 1 <= number <= 12 else None
    words = vocabulary()
    if m := quarter.search(text):
        return words.checkpoint_quarters[m.group(1)]
    return next((n for word, n in words.checkpoint_words.items() if word in text), None)


def checkpoint_labels(text: str) -> list[re.Match[str]]:
    """The checkpoint labels printed in a flattened spend plan, in order."""
    return list(_patterns()[2].finditer(text))
