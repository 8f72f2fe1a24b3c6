"""`--format html`: a self-contained review page, safe by construction, checked in a real browser."""

from __future__ import annotations

import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import EXAMPLES, ROOT, SEEDS, kpilint

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]  # fmt: skip


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
            self.articles.append({"li": [], "td": set(), "hidden": "hidden" in a.get("class", "")})
        if tag == "li" and "data-rule" in a:
            (self.hidden_li if "hidden" in a.get("class", "") else self.shown_li).append(
                a["data-severity"]
            )
            if self.articles:
                self.articles[-1]["li"].append(a["data-rule"])
        if tag == "td" and "data-rule" in a and self.articles:
            self.articles[-1]["td"] |= set(a["data-rule"].split())


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
@pytest.mark.skipif(
    CHROMIUM is None, reason="Chromium is not installed (CI installs Debian's chromium)"
)
def test_in_a_real_browser_filters_work_and_a_screenshot_is_taken(tmp_path) -> None:
    paths = [str(SEEDS)] if SEEDS.is_dir() else [str(EXAMPLES)]
    report = _report(tmp_path, *paths)

    def browse(fragment: str, *extra: str) -> subprocess.CompletedProcess:
        profile = tmp_path / f"profile{len(fragment)}{len(extra)}"
        return subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *extra, report.as_uri() + fragment],
                              capture_output=True, text=True, timeout=120, check=False)  # fmt: skip

    everything = _parse(browse("", "--dump-dom").stdout)
    assert everything.shown_li and not everything.hidden_li
    errors_only = _parse(browse("#severity=error", "--dump-dom").stdout)
    assert errors_only.shown_li and set(errors_only.shown_li) == {"error"}
    assert "warning" in errors_only.hidden_li
    searched = _parse(browse("#q=群众满意度&only=1", "--dump-dom").stdout)
    assert any(a["hidden"] for a in searched.articles) and not all(
        a["hidden"] for a in searched.articles
    )
    shot = tmp_path / "report.png"
    browse("", f"--screenshot={shot}", "--window-size=1400,1800", "--hide-scrollbars")
    assert shot.exists() and shot.stat().st_size > 20_000
    if SEEDS.is_dir() and (ROOT / "docs" / "img").is_dir():
        shutil.copy(
            shot, tmp_path / "for-docs.png"
        )  # docs/img/report.png is taken the same way by hand
