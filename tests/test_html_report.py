"""`--format html`: a self-contained review page, safe by construction, checked in a real browser."""

from __future__ import annotations

import os
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import EXAMPLES, SEEDS, kpilint

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


class _Page(HTMLParser):
    """Per project: the rules of listed findings and of marked cells, and what is hidden."""

    def __init__(self) -> None:
        super().__init__()
        self.articles: list[dict] = []
        self.scripts = 0
        self.hidden_li: list[str] = []
        self.shown_li: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        a = dict(attrs)
        if tag == "script":
            self.scripts += 1
        if tag == "article":
            self.articles.append({"li": [], "td": set(), "hidden": "hidden" in a.get("class", ""), "lines": [],
                                  "open": None, "th": []})  # fmt: skip
        if tag == "details" and self.articles:
            self.articles[-1]["open"] = "open" in a
        if tag == "th" and self.articles:
            self._th = True
        if tag == "li":
            self._li = "data-rule" in a
        if tag == "li" and "data-rule" in a:
            (self.hidden_li if "hidden" in a.get("class", "") else self.shown_li).append(
                a["data-severity"]
            )
            if self.articles:
                self.articles[-1]["li"].append(a["data-rule"])
        if tag == "td" and "data-rule" in a and self.articles:
            self.articles[-1]["td"] |= set(a["data-rule"].split())
        if tag == "span" and a.get("class") == "muted" and self.articles and self._li:
            self._where = True

    _th = _li = _where = False

    def handle_endtag(self, tag: str) -> None:
        if tag == "th":
            self._th = False
        if tag == "span":
            self._where = False

    def handle_data(self, data: str) -> None:
        if self._th and self.articles:
            self.articles[-1]["th"].append(data)
        if self._where and self.articles:
            self.articles[-1]["lines"].append(data)


def _parse(html: str) -> _Page:
    page = _Page()
    page.feed(html)
    return page


def _report(tmp_path: Path, *paths: str) -> Path:
    out = tmp_path / "report.html"
    result = kpilint(
        "check", *paths, "--pack", "core,hebei", "--format", "html", "--output", str(out)
    )
    assert result.returncode in (0, 1), result.stderr
    return out


def test_every_finding_has_a_marked_cell_in_its_project(tmp_path) -> None:
    paths = [str(EXAMPLES)] + ([str(SEEDS)] if SEEDS.is_dir() else [])
    page = _parse(_report(tmp_path, *paths).read_text("utf-8"))
    assert page.articles and sum(len(a["li"]) for a in page.articles) > 10
    for article in page.articles:
        assert set(article["li"]) <= article["td"], article


def test_input_text_cannot_become_markup(tmp_path) -> None:
    hostile = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    text = (
        (EXAMPLES / "defects.yaml")
        .read_text("utf-8")
        .replace("name: 老科协活动经费", f"name: '{hostile}'")
    )
    text = text.replace(
        "value: ≥90, basis: 年度工作计划}", f"value: '≥90{hostile}', basis: 年度工作计划}}"
    )
    draft = tmp_path / "x.yaml"
    draft.write_text(text, encoding="utf-8")
    html = _report(tmp_path, str(draft)).read_text("utf-8")
    page = _parse(html)
    assert page.scripts == 1  # ours, holding no input text
    assert "<img" not in html and "onerror=alert" not in html.replace("onerror=alert(1)&gt;", "")
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert (
        "default-src 'none'" in html
    )  # and a Content-Security-Policy that loads nothing from outside


def test_english_page(tmp_path) -> None:
    out = tmp_path / "en.html"
    kpilint(
        "check",
        str(EXAMPLES / "defects.yaml"),
        "--format",
        "html",
        "--lang",
        "en",
        "--output",
        str(out),
    )
    html = out.read_text("utf-8")
    assert (
        'lang="en"' in html
        and "Performance-target review" in html
        and "is not a percentage" in html
    )


@pytest.mark.slow
@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (CI installs Debian's chromium)")
@pytest.mark.parametrize("width", [1440, 390])
def test_in_a_real_browser_at_desktop_and_phone_widths(tmp_path, width: int) -> None:
    """Chromium (Playwright driving the system's browser): no horizontal page scroll (tables
    scroll in their box), rule marks visible in the cells without hovering, rule counts and
    file names that filter to their findings, filters kept in the address, clean projects
    collapsed. The screenshots in docs/img are these (KPILINT_SCREENSHOTS=docs/img)."""
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is a test extra")
    folder = tmp_path / "2026草稿"
    folder.mkdir()
    for source in [*(sorted(SEEDS.glob("*.txt"))[:2] if SEEDS.is_dir() else []), EXAMPLES / "defects.yaml",
                   EXAMPLES / "clean.yaml"]:
        shutil.copy(source, folder / source.name)
    report = tmp_path / "report.html"
    out = kpilint("check", "2026草稿", "--pack", "core,hebei", "--format", "html", "-o", "report.html", cwd=tmp_path)
    assert out.returncode == 1, out.stderr
    with sync_api.sync_playwright() as play:
        browser = play.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": width, "height": 1000})
        page.goto(report.as_uri())
        page.wait_for_selector("body[data-ready='1']")
        width_of = "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        scroll, client = page.evaluate(width_of)
        assert scroll <= client, f"the page scrolls sideways at {width} px: {scroll} > {client}"
        boxes = page.evaluate("Array.from(document.querySelectorAll('.scroll')).filter(d => d.scrollWidth > d.clientWidth).length")
        if width == 390:
            assert boxes > 0  # the wide indicator tables scroll inside their box
        mark = page.locator("td.flagged a.mark").first
        assert mark.is_visible() and mark.inner_text().startswith("KPI")  # no hover needed
        assert page.locator("article.project details:not([open])").count() > 0  # clean ones collapsed
        shots = Path(os.environ.get("KPILINT_SCREENSHOTS", tmp_path))
        page.screenshot(path=str(shots / f"report-{width}.png"))
        page.locator("article.project details[open]").last.scroll_into_view_if_needed()
        page.screenshot(path=str(shots / f"report-{width}-table.png"))
        rule = page.locator("section.overview table a[href^='#rule=']").first
        wanted = rule.inner_text()
        rule.click()
        assert f"rule={wanted}" in page.url
        shown = page.locator("li[data-rule]:visible")
        assert shown.count() > 0 and set(shown.evaluate_all("els => els.map(e => e.dataset.rule)")) == {wanted}
        page.goto(report.as_uri() + "#severity=error")
        page.wait_for_selector("body[data-ready='1']")
        levels = set(page.locator("li[data-rule]:visible").evaluate_all("els => els.map(e => e.dataset.severity)"))
        assert levels == {"error"}
        page.fill("#search", "满意度")
        page.wait_for_function("location.hash.includes('q=')", timeout=10_000)
        assert "q=%E6%BB%A1" in page.url and "severity=error" in page.url  # the filters stay in the address
        file_link = page.locator("section.overview table a[href^='#file=']").first
        file_link.click()
        files = page.locator("section.document:visible").evaluate_all("els => els.map(e => e.dataset.file)")
        assert len(set(files)) == 1 and "file=" in page.url
        browser.close()


def test_projects_of_one_name_keep_their_own_findings(tmp_path) -> None:
    """Seventeen projects named 其他运行经费 in one published table are common: each card holds
    the findings of its own project (by its place in the document), never its namesakes'."""
    text = (EXAMPLES / "defects.yaml").read_text("utf-8")
    for code in ("13082626P002089100022", "13082626P002090100033"):
        text = text.replace(f"code: {code}\n", "code: ''\n")
    text = text.replace("name: 老科协活动经费", "name: 其他运行经费").replace("name: 科普宣传设备购置", "name: 其他运行经费")
    draft = tmp_path / "same.yaml"
    draft.write_text(text, "utf-8")
    out = kpilint("check", str(draft), "--format", "json")
    import json

    lines = [{f["line"] for f in json.loads(out.stdout)["findings"] if f["line"] and (f["line"] < 26) == first}
             for first in (True, False)]  # the second project starts on line 26  # fmt: skip
    page = _parse(_report(tmp_path, str(draft)).read_text("utf-8"))
    assert len(page.articles) == 2 and all(lines)
    for article, own in zip(page.articles, lines, strict=True):
        listed = {int(m.group(1)) for w in article["lines"] if (m := re.search(r":(\d+):\d+$", w))}
        assert len(listed) == len(own), article["lines"]
        assert listed == own, (listed, own)
        assert set(article["li"]) <= article["td"]


def test_a_table_s_unit_and_comparator_columns_are_shown_as_read(tmp_path) -> None:
    draft = tmp_path / "cols.yaml"
    draft.write_text(
        "projects:\n  - code: '1'\n    name: 甲\n    budget: 1\n    goals: [目标]\n    indicators:\n"
        "      - {level1: 满意度指标, level2: 服务对象满意度指标, name: 群众满意度, value: '95', 度量单位: '%',"
        " 指标值类型: '≥', basis: 计划}\n", "utf-8")  # fmt: skip
    html = _report(tmp_path, str(draft)).read_text("utf-8")
    page = _parse(html)
    assert {"指标值类型", "度量单位"} <= set(page.articles[0]["th"])
    assert "<td>≥</td>" in html and "<td>%</td>" in html


def test_clean_projects_are_collapsed_and_projects_with_findings_open(tmp_path) -> None:
    page = _parse(_report(tmp_path, str(EXAMPLES / "clean.yaml"), str(EXAMPLES / "defects.yaml")).read_text("utf-8"))
    opened = [a["open"] for a in page.articles]
    assert opened == [bool(a["li"]) for a in page.articles] and True in opened and False in opened
