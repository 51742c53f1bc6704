"""The Worklog pages, in every language the worklog is written in: an index, and one page per week.

Everything a week holds is shown, in the order of its page: objectives, the task table with every
item, date and reference, achievements, the extra sections and the markdown kept as written, and the
deliverables linked to the diagrams of the views they name. The students' text is untrusted: it
reaches the page only as sanitised HTML (`archgen.worklog.site_text`), its images only when they
are the model's, copied beside the pages.

Languages follow mkdocs-static-i18n's suffix layout: `worklog/week-09.md` is the default language
(English), `worklog/week-09.vi.md` the Vietnamese page. A week with no page in the default language
shows the page it has there too, so every week is in the navigation of every language.
"""

from __future__ import annotations

import posixpath
import re
from typing import Any, Callable
from urllib.parse import quote, unquote

from archgen.docs import site
from archgen.docs.markdown import INDENT, heading, join_lines, link, table
from archgen.docs.site import Page
from archgen.graph import SystemGraph
from archgen.worklog import vocabulary
from archgen.worklog.folder import INDEX_PAGE
from archgen.worklog.hugo import _section_order, parse_page
from archgen.worklog.images import model_path
from archgen.worklog.layout import Layout
from archgen.worklog.model import (DEFAULT_LANGUAGE, DeliverablesSlot, Markdown, Task, TaskItem, TaskTable, Week,
                                   Worklog, count_bullets, item_children, item_text)
from archgen.worklog.site_text import block_html, inline_html, plain_text, safe_url

IMAGES = "worklog/images"
_FILE_PART = re.compile(r"(?:^|/)(?:_?index(?:\.[a-z]{2}(?:-[a-z]{2})?)?\.(?:md|html))$", re.I)
_LANGUAGE_MD = re.compile(r"(?:\.[a-z]{2}(?:-[a-z]{2})?)?\.md$", re.I)


def worklog_of(graph: SystemGraph) -> Worklog:
    worklog = getattr(graph.model, "worklog", None)
    return worklog if isinstance(worklog, Worklog) else Worklog(list(graph.model.weeks))


def worklog_pages(graph: SystemGraph) -> list[Page]:
    worklog = worklog_of(graph)
    languages = worklog.languages() if len(worklog.languages()) > 1 else [DEFAULT_LANGUAGE]
    pages: list[Page] = []
    for language in languages:
        pages.append(_index(graph, worklog, language))
        for number in sorted({week.week for week in worklog.weeks}):
            week = worklog.in_language(number, language)
            if week is None and language == DEFAULT_LANGUAGE:
                week = next(w for w in worklog.primary() if w.week == number)
            if week is not None:
                pages.append(_week_page(graph, worklog, week, language))
    return pages


def worklog_files(graph: SystemGraph) -> dict[str, bytes]:
    """The images the pages show, copied under docs/ (mkdocs serves nothing else)."""
    return {f"{site.DOCS_DIR}/{IMAGES}/{name}": data for name, data in sorted(worklog_of(graph).files.items())}


def week_label(week: Week) -> str:
    """A week's title as safe text for any page that links to it."""
    return plain_text(week.title or f"{vocabulary.words(week.language)['week']} {week.week}")


def i18n_languages(graph: SystemGraph) -> list[dict[str, Any]]:
    """mkdocs-static-i18n's `languages`, when the worklog is in more than one; [] otherwise."""
    worklog = worklog_of(graph)
    languages = worklog.languages()
    if len(languages) < 2:
        return []
    numbers = sorted({week.week for week in worklog.weeks})
    entries = []
    for language in languages:
        words = vocabulary.words(language)
        entry: dict[str, Any] = {"locale": language, "name": vocabulary.language_name(language),
                                 "build": True, "default": language == DEFAULT_LANGUAGE}
        if language != DEFAULT_LANGUAGE and language in vocabulary.SITE_WORDS:
            translations = {"Worklog": words["worklog"]}
            translations.update({f"Week {n}": f"{words['week']} {n}" for n in numbers})
            entry["nav_translations"] = translations
        entries.append(entry)
    return entries


def _docs_path(path: str, language: str) -> str:
    return path if language == DEFAULT_LANGUAGE else re.sub(r"\.md$", f".{language}.md", path)


def _url_dir(path: str, language: str) -> str:
    """The folder URL a docs page is served at (directory URLs; other languages under /<lang>/)."""
    prefix = "" if language == DEFAULT_LANGUAGE else f"{language}/"
    stem = path[:-3]
    stem = stem[: -len("index")] if stem.endswith("index") else stem + "/"
    return prefix + stem


def _relative(from_dir: str, target: str) -> str:
    relative = posixpath.relpath(target.rstrip("/") or ".", from_dir.rstrip("/") or ".")
    if relative == ".":
        return "./"
    return relative + "/" if target.endswith("/") or not target else relative


class _Links:
    """Where the links and images of one page's text go on the site (None: not shown as a link)."""

    def __init__(self, worklog: Worklog, page: str, language: str, hugo_page: str | None) -> None:
        self.worklog, self.language, self.hugo_page, self.page_path = worklog, language, hugo_page, page
        self.here = _url_dir(page, language)
        self.weeks = _week_names(worklog)

    def page(self, target: str, anchor: str = "") -> str:
        url = _relative(self.here, _url_dir(target, self.language))
        return url + (f"#{anchor}" if anchor else "")

    def link(self, url: str) -> str | None:
        if safe_url(url):
            return url
        path = url.removeprefix("hugo-ref:")
        if re.match(r"^[a-z][a-z0-9+.-]*:|^//", path, re.I):
            return None  # javascript:, data:, file:, a host of its own... never a link
        return self.image(path) or self._week(path)

    def image(self, src: str) -> str | None:
        target = model_path(src, self.hugo_page)  # it decodes the URL's escapes
        if target is None or target not in self.worklog.files:
            return None
        return _relative(self.here, f"{IMAGES}/{quote(target)}")

    def _week(self, path: str) -> str | None:
        path = unquote(path.split("#", 1)[0].split("?", 1)[0]).strip().rstrip("/")
        path = _FILE_PART.sub("", path)
        name = _LANGUAGE_MD.sub("", path.rsplit("/", 1)[-1]).lower()
        number = self.weeks.get(name)
        return None if number is None else self.page(site.week_page(number))


def _week_names(worklog: Worklog) -> dict[str, int]:
    names: dict[str, int] = {}
    for week in worklog.weeks:
        names[f"week-{week.week:02d}"] = week.week
        if week.page:
            folder, _, file = week.page.rpartition("/")
            names[(folder.rsplit("/", 1)[-1] if folder and INDEX_PAGE.match(file) else
                   _LANGUAGE_MD.sub("", file)).lower()] = week.week
    return names


def _index(graph: SystemGraph, worklog: Worklog, language: str) -> Page:
    words = vocabulary.words(language)
    path = _docs_path(site.WORKLOG, language)
    links = _Links(worklog, site.WORKLOG, language, None)
    blocks = [heading(1, words["worklog"])]
    own = _index_page_text(worklog, language)
    if own:
        blocks.append([block_html(own, links.link, links.image), ""])
    elif language == DEFAULT_LANGUAGE:
        blocks.append(["What was done, week by week. Each week lives in `model/worklog/week-NN.yaml` (another "
                       "language in `week-NN.LANG.yaml`); `python generate.py import-worklog` reads Hugo "
                       "worklog pages or a whole worklog folder into it, and `python generate.py export-worklog` "
                       "writes them back.", ""])
    weeks = [worklog.in_language(w.week, language) or w for w in worklog.primary()]
    rows = [[f"[{words['week']} {w.week}]({link(site.WORKLOG, site.week_page(w.week))})", week_label(w),
             plain_text(_period(w)), str(count_bullets(w.objectives)), str(len(w.tasks)),
             str(len(w.deliverables))] for w in weeks]
    if rows:
        blocks.append(table([words["week"], words["title"], words["dates"], words["objectives"], words["tasks"],
                             words["deliverables"]], rows))
    else:
        blocks.append([words["no_weeks"], ""])
    return Page(path, words["worklog"], join_lines(blocks))


def _index_page_text(worklog: Worklog, language: str) -> str | None:
    """The body of the worklog folder's own Hugo page in this language, without its front matter."""
    for name, text in worklog.index_pages.items():
        match = INDEX_PAGE.match(name)
        if match and (match["lang"] or DEFAULT_LANGUAGE) == language:
            body = re.sub(r"\A\ufeff?(---|\+\+\+)\r?\n.*?\r?\n\1[ \t]*(\r?\n|\Z)", "", text, count=1, flags=re.S)
            return body.strip() or None
    return None


def _period(week: Week) -> str:
    dates = [d for task in week.tasks for d in (task.start, task.end) if d]
    if not dates:
        return "—"
    return dates[0] if dates[0] == dates[-1] else f"{dates[0]} – {dates[-1]}"


def _week_page(graph: SystemGraph, worklog: Worklog, week: Week, language: str) -> Page:
    path = _docs_path(site.week_page(week.week), language)
    links = _Links(worklog, site.week_page(week.week), language, week.page)
    text: Callable[[str], str] = lambda markdown: block_html(markdown, links.link, links.image)
    blocks = [heading(1, week_label(week))]
    if week.language != language:
        blocks.append([f"*{plain_text(vocabulary.language_name(week.language))}*", ""])
    if week.intro:
        blocks.append([text(week.intro), ""])
    layout = _layout(worklog, week)
    for sid, title, _ in _section_order(week, layout):
        blocks.append(heading(2, plain_text(title.strip().rstrip(":").strip() or title)))
        blocks.append(_section_body(graph, week, sid, links, text))
    blocks += _day_pages(worklog, week, links)
    blocks.append(_gallery(graph, site.week_page(week.week), week, language))
    label = f"{vocabulary.words(DEFAULT_LANGUAGE)['week']} {week.week}"
    return Page(path, label, join_lines(blocks))


def _day_pages(worklog: Worklog, week: Week, links: _Links) -> list[list[str]]:
    """The pages inside the week's folder (its days), each under its own title, as written."""
    folder = (week.page or "").rpartition("/")[0]
    blocks: list[list[str]] = []
    for name, text in sorted(worklog.sub_pages.items()) if folder else []:
        suffix = re.search(r"\.([a-z]{2}(?:-[a-z]{2})?)\.md$", name)
        if not name.startswith(folder + "/") or (suffix[1] if suffix else DEFAULT_LANGUAGE) != week.language:
            continue
        title = re.search(r"^title\s*[:=]\s*[\"']?(.*?)[\"']?\s*$", text, re.M)
        body = re.sub(r"\A\ufeff?(---|\+\+\+)\r?\n.*?\r?\n\1[ \t]*(\r?\n|\Z)", "", text, count=1, flags=re.S)
        day = _Links(worklog, links.page_path, links.language, name)
        blocks += [heading(2, plain_text(title[1] if title else name.rsplit("/", 2)[-2])),
                   [block_html(body, day.link, day.image), ""]]
    return blocks


def _layout(worklog: Worklog, week: Week) -> Layout:
    page = worklog.pages.get(week.page or "")
    try:
        return parse_page(page, week.page, week.language).layout if page else Layout()
    except Exception:  # noqa: BLE001 - a damaged page copy only loses the page's section order
        return Layout()


def _section_body(graph: SystemGraph, week: Week, sid: Any, links: _Links, text: Callable[[str], str]) -> list[str]:
    if sid == "tasks":
        lines = [text(week.tasks_before), ""] if week.tasks_before else []
        lines += _task_table(week.table, week.tasks, links) if week.tasks else []
        return lines + ([text(week.tasks_after), ""] if week.tasks_after else [])
    if sid == "objectives":
        return _list(week.objectives, links)
    if sid == "achievements":
        return _list(week.achievements, links, _deliverables(graph, week, links))
    return _list(next(s.items for n, s in _extras(week) if n == sid), links)


def _list(items: list[Any], links: _Links, deliverables: list[str] | None = None, depth: int = 0) -> list[str]:
    """Bullets as a markdown list of safe inline HTML; markdown blocks as safe HTML blocks where they stood."""
    lines: list[str] = [""]
    for item in items:
        pad = INDENT * depth
        if isinstance(item, Markdown):
            lines += ["", pad + block_html(item.markdown, links.link, links.image), ""]
        elif isinstance(item, DeliverablesSlot):
            lines.append(f"{pad}- {_inline(item.deliverables, links)}")
            lines += [INDENT * (depth + 1) + line if line else "" for line in deliverables or []]
        else:
            lines.append(f"{pad}- {_inline(item_text(item), links)}")
            lines += _list(item_children(item), links, None, depth + 1)[1:]
    return [*lines, ""] if depth == 0 else lines


def _inline(text: str, links: _Links) -> str:
    return inline_html(text, links.link, links.image) or "&#8203;"


def _deliverables(graph: SystemGraph, week: Week, links: _Links) -> list[str]:
    """Each deliverable, linked (as a markdown link mkdocs checks) to the diagrams of its views."""
    lines: list[str] = []
    noun = vocabulary.words(week.language)["diagram"]
    for deliverable in week.deliverables:
        views = [graph.views[v] for v in deliverable.views if v in graph.views]
        shown = ", ".join(f"[{plain_text(view.title)}]({link(site.week_page(week.week), site.DIAGRAMS, view.id)})"
                          for view in views)
        lines.append(f"- {_inline(deliverable.text, links)}" + (f" ({noun}: {shown})" if shown else ""))
        lines += _list(deliverable.children, links, None, 1)[1:]
    return lines


def _extras(week: Week) -> list[tuple[Any, Any]]:
    counts: dict[str, int] = {}
    found = []
    for section in week.sections:
        found.append((("x", section.heading, counts.get(section.heading, 0)), section))
        counts[section.heading] = counts.get(section.heading, 0) + 1
    return found


def _task_table(table_: TaskTable, tasks: list[Task], links: _Links) -> list[str]:
    roles = table_.roles()
    headers = [plain_text(header) for header in table_.columns]
    return table(headers, [_row(task, roles, links) for task in tasks])


def _row(task: Task, roles: list[Any], links: _Links) -> list[str]:
    inline = lambda markdown: inline_html(markdown, links.link, links.image)  # noqa: E731
    extras = iter(task.extra)
    cells = []
    for role in roles:
        if role == "day":
            cells.append(_date(inline(task.day), shaped=True))
        elif role == "task":
            cells.append(_item_list(task.items, inline))
        elif role in ("start", "end"):
            cells.append(_date(inline(getattr(task, role) or "")))
        elif role == "references":
            cells.append("<br>".join(inline(reference) for reference in task.references))
        else:  # a column of the student's own ("Date", "Status"): a date in it is held whole too
            cells.append(_date(inline(next(extras, "")), shaped=True))
    return cells


_DATE_TOKEN = 16  # characters of HTML: the longest ISO date with time, 2025-09-22T09:00, is 16
# Numbers joined by one separator: 22/09/2025, 2025-09-22, 22.09, 9/22 (outside the date columns, only these)
_DATE_SHAPE = re.compile(r"\d{1,4}([/.-])\d{1,2}(\1\d{1,4})?(T\d{2}:\d{2})?")


def _date(html: str, shaped: bool = False) -> str:
    """A date written as one short token (22/09/2025, 2025-09-22) is kept whole: the tables' cells wrap
    anywhere, so that no table is wider than the screen, and a narrow date column broke it as 22/09/202|5.
    Longer or spaced text ("Mon 22 Sep", "ongoing since week 2") wraps as every cell does. In a column
    that is not a date column (`shaped`), only a token shaped like a date is held."""
    if not html or len(html) > _DATE_TOKEN or " " in html or (shaped and not _DATE_SHAPE.fullmatch(html)):
        return html
    return f'<span class="archgen-date">{html}</span>'


def _item_list(items: list[str | TaskItem], inline: Callable[[str], str]) -> str:
    """The cell's items as an HTML list (a table cell cannot hold a markdown list)."""
    if len(items) == 1 and isinstance(items[0], str):
        return inline(items[0])
    entries = []
    for item in items:
        if isinstance(item, str):
            entries.append(f"<li>{inline(item)}</li>")
        else:
            subs = "".join(f"<li>{inline(sub)}</li>" for sub in item.sub_items)
            entries.append(f"<li>{inline(item.text)}" + (f"<ul>{subs}</ul>" if subs else "") + "</li>")
    return f"<ul>{''.join(entries)}</ul>" if entries else ""


def _gallery(graph: SystemGraph, path: str, week: Week, language: str) -> list[str]:
    """The diagrams the week delivered, so a reviewer sees them without leaving the page."""
    shown = [(d, graph.views[v]) for d in week.deliverables for v in d.views if v in graph.views]
    if not shown:
        return []
    lines = heading(2, vocabulary.words(language)["diagrams"])
    for deliverable, view in shown:
        lines += [f"**{plain_text(view.title)}**: {inline_html(deliverable.text, lambda _: None, lambda _: None)}",
                  "", site.image_markdown(path, view), ""]
    return lines
