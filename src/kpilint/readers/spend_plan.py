"""What month a spend-plan checkpoint label stands for (3月底 → 3, 第二季度 → 6)."""

from __future__ import annotations

import re
import unicodedata

_QUARTERS = {"一": 3, "二": 6, "三": 9, "四": 12, "1": 3, "2": 6, "3": 9, "4": 12}
_MONTH = re.compile(r"(\d{1,2})月")
_QUARTER = re.compile(r"([一二三四1-4])季度")


def month_of_label(label: str) -> int | None:
    text = unicodedata.normalize("NFKC", label).replace(" ", "")
    if m := _MONTH.search(text):
        month = int(m.group(1))
        return month if 1 <= month <= 12 else None
    if m := _QUARTER.search(text):
        return _QUARTERS[m.group(1)]
    if "年底" in text or "年末" in text or "全年" in text:
        return 12
    if "上半年" in text:
        return 6
    return None
