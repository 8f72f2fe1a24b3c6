"""`kpilint check --statistics`: how many findings of each rule, most first — what a bureau
looks at before deciding which rule to fix across a province's drafts, or to tune."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from kpilint.findings import SEVERITY_RANK, Finding, natural
from kpilint.reporters import FileResult, Tally
from kpilint.reporters.terminal import printable
from kpilint.reporters.text import TextWriter


class StatisticsWriter(TextWriter):
    """One line a rule: count, id, `[*]`/`[*?]` when --fix can repair some of them, name and
    severity; then the text report's last lines. Findings are counted, never held."""

    def start(self) -> None:
        super().start()
        self.counts: Counter[tuple[str, str, str]] = Counter()
        self.fixable: dict[str, str] = {}

    def findings_text(self, findings: Sequence[Finding]) -> str | None:
        return None  # counted here, across files, not written file by file

    def file(self, result: FileResult) -> None:
        for f in result.findings:
            self.counts[(f.rule, f.name, f.severity)] += 1
            if f.fixable and result.fixes_in_place:
                mark = "[*]" if f.fix_safe else "[*?]"
                self.fixable[f.rule] = "[*]" if "[*]" in (mark, self.fixable.get(f.rule)) else mark

    def finish(self, tally: Tally) -> None:
        rows = sorted(self.counts.items(), key=lambda kv: (-kv[1], -SEVERITY_RANK[kv[0][2]], natural(kv[0][0])))
        width = max((len(str(n)) for _, n in rows), default=1)
        ids = max((len(printable(r, newlines=False)) for (r, _, _), _ in rows), default=0)
        for (rule, name, severity), n in rows:
            mark, sev = self.fixable.get(rule, ""), f"[{severity}]"
            line = f"{n:>{width}}  {printable(rule, newlines=False):<{ids}} {mark:<4} {sev:<9} {printable(name, newlines=False)}"
            self.out.write(line.rstrip() + "\n")
        self.wrote = bool(rows)
        super().finish(tally)
