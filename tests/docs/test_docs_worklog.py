"""A week's page shows everything the week holds, in every language, and none of its text runs as HTML."""

from __future__ import annotations

import copy
import html
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
from markdown_it import MarkdownIt

from archgen.docs import site
from archgen.docs.worklog import worklog_files, worklog_pages
from archgen.graph import SystemGraph
from archgen.worklog.hugo import parse_hugo
from archgen.worklog.model import Week, Worklog, texts_of
from tests.conftest import SAMPLES
from tests.worklog.hugo_site import week_page

SAMPLE_PAGES = sorted(SAMPLES.glob("*.md"))
MKDOCS_EXTENSIONS = ["admonition", "attr_list", "md_in_html", "tables", "pymdownx.details", "pymdownx.superfences"]
HOSTILE = [
    "<script>window.pwned = 1</script>", '<img src=x onerror="window.pwned = 2">', "[click](javascript:alert(3))",
    "<a href='javascript:alert(4)'>a</a>", "<javascript:alert(5)>", "![x](javascript:alert(6))",
    '<div onclick="alert(7)" style="x">d</div>', "`[c](javascript:alert(8))`", "text {: onclick=\"alert(9)\" }",
    "[r]: javascript:alert(10)\n\n[r]", "<iframe src=//evil></iframe>", "<svg onload=alert(11)>",
    "[e](&#106;avascript:alert(12))", "<a href=\"data:text/html,<script>alert(13)</script>\">d</a>",
    "{{< figure src=\"javascript:alert(14)\" >}}", "<style>body{display:none}</style>", "<form><input></form>",
    '<a href="vbscript:msgbox(15)">v</a>', "<details open ontoggle=alert(16)>x</details>",
]


def flat(text: str) -> str:
    return " ".join(text.split())


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.tags: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {name: value or "" for name, value in attrs}))

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def live_html(rendered_html: str) -> list[str]:
    """What in the HTML would run or load: script-like tags, event handlers, styles, unsafe URLs."""
    parser = _Text()
    parser.feed(rendered_html)
    found = []
    for tag, attrs in parser.tags:
        if tag in ("script", "iframe", "svg", "style", "form", "input", "object", "embed", "math", "base", "meta"):
            found.append(tag)
        for name, value in attrs.items():
            url = re.sub(r"[\s\x00-\x1f]", "", html.unescape(value)).lower()
            if name.startswith("on") or name in ("style", "srcdoc", "formaction"):
                found.append(f"{tag} {name}")
            if name in ("href", "src") and not (url.startswith(("http:", "https:", "mailto:", "#", "../", "./"))
                                               or re.match(r"^[\w./-]+(#[\w-]+)?$", url)):
                found.append(f"{tag} {name}={value}")
    return found


def shown(rendered_html: str) -> str:
    parser = _Text()
    parser.feed(rendered_html)
    return flat(html.unescape(" ".join(parser.parts)))


def built(page: str) -> str:
    """The page as mkdocs' markdown renders it (the site's extensions)."""
    return markdown.markdown(page, extensions=MKDOCS_EXTENSIONS)


def graph_with(graph: SystemGraph, weeks: list[Week], files: dict[str, bytes] | None = None) -> SystemGraph:
    model = copy.copy(graph.model)
    model.worklog = Worklog(weeks, files=files)
    model.weeks = model.worklog.primary()
    return SystemGraph(model, graph.registry)


def pages_of(graph: SystemGraph, weeks: list[Week]) -> dict[str, str]:
    return {page.path: page.text for page in worklog_pages(graph_with(graph, weeks))}


def missing(graph: SystemGraph, week: Week) -> list[str]:
    page = shown(built(pages_of(graph, [week])[site.week_page(week.week)]))
    expected = [shown(MarkdownIt("commonmark").enable("table").render(text)) for text in texts_of(week)]
    page = page.replace(":", "")
    return [text for text in expected if text and "notice" not in text and text.replace(":", "") not in page]


@pytest.mark.parametrize("sample", SAMPLE_PAGES, ids=lambda p: p.name)
def test_an_imported_sample_loses_nothing_on_its_page(graph: SystemGraph, sample: Path) -> None:
    assert missing(graph, parse_hugo(sample.read_text("utf-8"))) == []


@pytest.mark.parametrize("number", [1, 4, 5, 6, 9, 10, 12])
def test_fixture_weeks_lose_nothing_in_either_language(graph: SystemGraph, number: int) -> None:
    for language in ("en", "vi"):
        assert missing(graph, parse_hugo(week_page(number, language), None, language)) == []


def test_the_model_weeks_lose_nothing_on_their_pages(graph: SystemGraph) -> None:
    for week in graph.model.weeks:
        assert missing(graph, week) == []


def test_each_language_has_its_pages_and_a_week_in_one_language_is_in_the_default_site(graph: SystemGraph) -> None:
    en = parse_hugo(week_page(1, "en"))
    vi = parse_hugo(week_page(1, "vi"), None, "vi")
    only_vi = parse_hugo(week_page(2, "vi"), None, "vi")
    pages = pages_of(graph, [en, vi, only_vi])
    assert set(pages) == {"worklog/index.md", "worklog/index.vi.md", "worklog/week-01.md", "worklog/week-01.vi.md",
                          "worklog/week-02.md", "worklog/week-02.vi.md"}
    assert pages["worklog/week-01.vi.md"].startswith("# Worklog Tuần 1\n") and "## Mục tiêu tuần 1" in pages["worklog/week-01.vi.md"]
    assert pages["worklog/week-02.md"].startswith("# Worklog Tuần 2\n\n*Tiếng Việt*")
    assert "[Tuần 1](week-01.md)" in pages["worklog/index.vi.md"]


def test_shortcodes_render_never_raw(graph: SystemGraph) -> None:
    week = parse_hugo(week_page(1, "en") + "\n{{< youtube abc >}} {{< unknown >}}inner text{{< /unknown >}}\n")
    page = built(pages_of(graph, [week])[site.week_page(1)])
    assert re.search(r'<div class="admonition warning">\s*<p class="admonition-title">Warning</p>', page)
    assert "{{" not in page and "inner text" in page


def test_images_show_only_when_they_are_the_models(graph: SystemGraph) -> None:
    week = parse_hugo(week_page(2, "en"), "1.2-Week2/_index.md")
    files = {"pages/1.2-Week2/console.png": b"\x89PNG\r\n\x1a\n"}
    graph2 = graph_with(graph, [week], files)
    page = {p.path: p.text for p in worklog_pages(graph2)}[site.week_page(2)]
    assert '<img src="../images/pages/1.2-Week2/console.png" alt="VPC console">' in page
    assert "diagram.png" not in page  # not in the model: its caption shows instead
    assert worklog_files(graph2) == {"docs/worklog/images/pages/1.2-Week2/console.png": b"\x89PNG\r\n\x1a\n"}


@pytest.mark.parametrize("hostile", HOSTILE)
def test_hostile_text_never_becomes_live_html_anywhere_on_the_page(graph: SystemGraph, hostile: str) -> None:
    one_line = hostile.replace("\n", " ")
    page = (f'---\ntitle: {json.dumps("Week 3 " + one_line)}\n---\n\n{hostile}\n\n### Objectives {one_line}\n\n* {one_line}\n\n'
            f"{hostile}\n\n### Tasks\n| Day | Task {one_line} | References |\n| --- | --- | --- |\n"
            f"| {one_line} | - {one_line} | {one_line} |\n\n{hostile}\n\n### Achievements\n\n* Deliverables:\n"
            f"  * {one_line}\n\n### {one_line}\n\n{hostile}\n")
    week = parse_hugo(page)
    week.deliverables[0].views = ["architecture"]
    for path, text in pages_of(graph, [week]).items():
        assert live_html(built(text)) == [], path


def test_the_check_finds_live_html_in_unsanitised_markdown() -> None:
    raw = built('<script>x</script>\n\n[a](javascript:x)\n\n<img src=x onerror=y>\n\n<p style="a">s</p>')
    assert live_html(raw) == ["script", "a href=javascript:x", "img onerror", "p style"]


def test_a_date_token_is_kept_whole_and_other_date_text_wraps(graph: SystemGraph) -> None:
    """Cells wrap anywhere (no table wider than the screen), which broke a narrow date column as
    22/09/202|5 (a real page with five columns): a one-token date is held whole, nothing else is."""
    hostile = "<script>x</script>"
    page = ("---\ntitle: Week 3\n---\n\n### Tasks\n| Day | Task | Start Date | Completion Date |\n"
            "| --- | --- | --- | --- |\n"
            "| Mon | - Set up Hugo | 22/09/2025 | 2025-09-22T09:00 |\n"
            f"| Tue | - Read | ongoing since week 2 | {hostile} |\n")
    text = pages_of(graph, [parse_hugo(page)])[site.week_page(3)]
    assert ('| <span class="archgen-date">22/09/2025</span> | <span class="archgen-date">2025-09-22T09:00</span> |'
            in text)
    assert "| ongoing since week 2 |" in text and "ongoing since week 2</td>" in built(text)
    assert live_html(built(text)) == [] and "<script" not in text  # raw HTML is dropped, as everywhere


def test_a_date_in_a_column_of_the_students_own_is_kept_whole_and_nothing_else_there(graph: SystemGraph) -> None:
    """"| Thứ | Công việc | Ngày | Trạng thái |" (a real bilingual site): 'Ngày' after the day is a column of
    its own, whose 04/11/2025 broke as 04/11/202|5; its status text, a number or a word is not a date."""
    page = ("---\ntitle: Week 3\n---\n\n### Tasks\n| Thứ | Công việc | Ngày | Trạng thái | Giờ |\n"
            "| --- | --- | --- | --- | --- |\n"
            "| Hai | - Gặp gỡ team | 04/11/2025 | ✅ Hoàn thành | 8 |\n"
            "| 2025-11-05 | - Học EC2 | 5.11 | done | 4/5/6/7 |\n")
    text = pages_of(graph, [parse_hugo(page)])[site.week_page(3)]
    assert '| Hai | Gặp gỡ team | <span class="archgen-date">04/11/2025</span> | ✅ Hoàn thành | 8 |' in text
    assert ('| <span class="archgen-date">2025-11-05</span> | Học EC2 | '
            '<span class="archgen-date">5.11</span> | done | 4/5/6/7 |') in text
