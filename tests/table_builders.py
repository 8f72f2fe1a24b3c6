"""Build real .xlsx and .docx fixtures from documents, the way departments' templates look:
merged 一级/二级 cells, merged label cells, percent-formatted numbers. Used by the tests."""

from __future__ import annotations

from pathlib import Path

from kpilint.model import Document


def xlsx_stacked(
    doc: Document, path: Path, *, merge_levels: bool = True, percent_numbers: bool = True
) -> None:
    """All projects stacked on one sheet; levels merged down; `10%` stored as 0.1 formatted 0%."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "绩效目标表"
    r = 1

    def put(row: int, col: int, value, fmt: str | None = None) -> None:
        cell = ws.cell(row, col, value)
        if fmt:
            cell.number_format = fmt

    for n, p in enumerate(doc.projects, start=1):
        put(r, 1, f"{n}.{p.name}绩效目标表")
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=6)
        put(r + 1, 1, f"{doc.unit_code} {doc.unit_name}")
        put(r + 1, 6, f"单位：{doc.money_unit}")
        (
            put(r + 2, 1, "项目编码"),
            put(r + 2, 2, p.code),
            put(r + 2, 4, "项目名称"),
            put(r + 2, 5, p.name),
        )
        ws.merge_cells(start_row=r + 2, start_column=5, end_row=r + 2, end_column=6)
        put(r + 3, 1, "预算规模及资金用途")
        ws.merge_cells(start_row=r + 3, start_column=1, end_row=r + 4, end_column=1)
        b = p.budget
        put(r + 3, 2, "预算数"), put(r + 3, 3, b.total, "0.00")
        put(r + 3, 4, "其中：财政资金"), put(r + 3, 5, b.fiscal, "0.00")
        put(r + 3, 6, "其他资金"), put(r + 3, 7, b.other, "0.00")
        put(r + 4, 2, p.purpose)
        put(r + 5, 1, "资金支出计划（%）" if p.spend_plan.declared_percent else "资金支出计划")
        for k, c in enumerate(p.spend_plan.checkpoints):
            put(r + 5, 2 + k, c.label)
            if percent_numbers and c.text.endswith("%"):
                put(r + 6, 2 + k, float(c.text[:-1]) / 100, "0%")
            else:
                put(r + 6, 2 + k, c.text)
        put(r + 7, 1, "绩效目标")
        for k, goal in enumerate(p.goals):
            put(r + 7 + k, 2, goal)
        r += 7 + max(1, len(p.goals))
        for k, head in enumerate(
            ["一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值", "指标值确定依据"], 1
        ):
            put(r, k, head)
        r += 1
        start = {1: r, 2: r}
        previous = {1: None, 2: None}
        for ind in p.indicators:
            for col, text in ((1, ind.level1), (2, (ind.level1, ind.level2))):
                if merge_levels and text == previous[col]:
                    if r - start[col] >= 1:
                        pass  # merged below, after the run ends
                else:
                    if merge_levels and previous[col] is not None and r - 1 > start[col]:
                        ws.merge_cells(
                            start_row=start[col], start_column=col, end_row=r - 1, end_column=col
                        )
                    start[col] = r
                    put(r, col, ind.level1 if col == 1 else ind.level2)
                previous[col] = text
            for k, text in enumerate([ind.name, ind.description, ind.value_text, ind.basis], 3):
                put(r, k, text)
            r += 1
        for col in (1, 2):
            if merge_levels and r - 1 > start[col]:
                ws.merge_cells(
                    start_row=start[col], start_column=col, end_row=r - 1, end_column=col
                )
        r += 2
    wb.save(path)


def docx_tables(doc: Document, path: Path) -> None:
    """One Word table per project, with a title paragraph, merged label cells and merged levels."""
    import docx

    document = docx.Document()
    for n, p in enumerate(doc.projects, start=1):
        document.add_paragraph(f"{n}.{p.name}绩效目标表")
        document.add_paragraph(f"{doc.unit_code} {doc.unit_name} 单位：{doc.money_unit}")
        rows = 7 + max(1, len(p.goals)) + len(p.indicators)
        table = document.add_table(rows=rows, cols=7)
        cell = table.cell
        cell(0, 0).text, cell(0, 1).text, cell(0, 3).text = "项目编码", p.code or "", "项目名称"
        cell(0, 4).merge(cell(0, 6)).text = p.name or ""
        cell(1, 0).merge(cell(2, 0)).text = "预算规模及资金用途"
        b = p.budget
        for col, label, amount in (
            (1, "预算数", b.total),
            (3, "其中：财政资金", b.fiscal),
            (5, "其他资金", b.other),
        ):
            cell(1, col).text = label
            cell(1, col + 1).text = "" if amount is None else f"{amount:.2f}"
        cell(2, 1).merge(cell(2, 6)).text = p.purpose
        cell(3, 0).text = "资金支出计划（%）" if p.spend_plan.declared_percent else "资金支出计划"
        for k, c in enumerate(p.spend_plan.checkpoints):
            cell(3, 1 + k).text, cell(4, 1 + k).text = c.label, c.text
        row = 5
        for k, goal in enumerate(p.goals or [""]):
            if k == 0:
                cell(row, 0).text = "绩效目标"
            cell(row, 1).merge(cell(row, 6)).text = goal
            row += 1
        for k, head in enumerate(
            ["一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值", "指标值确定依据"]
        ):
            cell(row, k).text = head
        row += 1
        first = row
        for i, ind in enumerate(p.indicators):
            for k, text in enumerate(
                [ind.level1, ind.level2, ind.name, ind.description, ind.value_text, ind.basis]
            ):
                cell(row + i, k).text = text
        # merge runs of the same 一级 (the text stays once, in the top cell)
        i = 0
        while i < len(p.indicators):
            j = i
            while (
                j + 1 < len(p.indicators) and p.indicators[j + 1].level1 == p.indicators[i].level1
            ):
                j += 1
            if j > i:
                for k in range(i + 1, j + 1):
                    cell(first + k, 0).text = ""
                cell(first + i, 0).merge(cell(first + j, 0))
                cell(first + i, 0).text = p.indicators[i].level1
            i = j + 1
    document.save(path)
