"""Hugo worklog pages <-> `Week`: `parse_page(text)` and `to_hugo(week, page_as_imported)`.

A page is front matter (YAML or TOML, or none), then sections under headings of one level (`##` or
`###`, whichever the page's objectives/tasks/achievements use). The objectives, the task table and
the achievements are recognised by their heading, in English or Vietnamese (and the table by its
header), in any order; every other section is kept in place as an extra section, and every block the
importer does not understand is kept as markdown where it stood, with a warning naming its line.
A page is refused only when it cannot be a week at all (no week number anywhere, empty, front matter
Hugo cannot read either), and the message says what would make it one.

Export writes the week back through the page's layout (`layout.py`): the same bytes when nothing was
edited, a change local to what was edited otherwise. Without a page (a week written by hand) it
writes the layout of the imported samples.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Hashable

from pydantic import ValidationError

from archgen.worklog import vocabulary
from archgen.worklog._front import FrontMatter, parse_front, render_front
from archgen.worklog._lists import ListParser, render_items
from archgen.worklog._table import find_table, is_task_header, parse_task_section, render_task_section
from archgen.worklog._text import fenced_spans, heading_of, trim_blank, typed_text
from archgen.worklog.errors import WorklogParseError, WorklogWarning
from archgen.worklog.layout import Emitter, Layout, Line, Recorder, raw_text, split_lines
from archgen.worklog.model import (DEFAULT_LANGUAGE, Bullet, Deliverable, DeliverablesSlot, Item, Markdown,
                                   Section, Week, item_children, item_text)

__all__ = ["ParsedPage", "WorklogParseError", "parse_hugo", "parse_page", "to_hugo"]

KINDS = ("objectives", "tasks", "achievements")
_VIEWS_NOTE = re.compile(r"\s*<!--\s*views:\s*(?P<views>[a-z0-9, _-]*?)\s*-->\s*$")


@dataclass
class ParsedPage:
    week: Week
    layout: Layout
    warnings: list[WorklogWarning]


@dataclass
class _Chunk:
    heading: Line
    level: int
    text: str
    body: list[Line]


def parse_hugo(text: str, page: str | None = None, language: str = DEFAULT_LANGUAGE) -> Week:
    return parse_page(text, page, language).week


def parse_page(text: str, page: str | None = None, language: str = DEFAULT_LANGUAGE) -> ParsedPage:
    """The week a Hugo worklog page describes, how it was written, and what was kept as written."""
    if not text.strip():
        raise WorklogParseError(1, 1, "the page is empty: a worklog week has a title or a section, e.g. "
                                      "'### Week 3 Objectives' with its bullets")
    lines = split_lines(text)
    record = Recorder(next((line.eol for line in lines if line.eol), "\n"))
    warnings: list[WorklogWarning] = []
    front, start = parse_front(lines, record)
    if front is None:
        warnings.append(WorklogWarning(1, "the page has no front matter: kept without one (Hugo then titles "
                                          "it from its folder); add '---', 'title: \"Week N\"', '---' to title it"))
    intro_lines, chunks = _split_sections(lines[start:])
    fields: dict[str, Any] = {"language": language, "page": page, "title": front.title if front else None,
                              "front_matter": front.data if front else None,
                              "intro": _markdown_piece(intro_lines, ("intro",), record)}
    _read_sections(chunks, fields, record, warnings)
    fields["week"] = _week_number(front, chunks, intro_lines, page, warnings)
    try:
        return ParsedPage(Week(**fields), record.finish(), warnings)
    except ValidationError as exc:  # the parsers build valid weeks; this guards against a gap in them
        raise WorklogParseError(1, 1, f"the page does not fit the worklog model: {exc}") from None


def _split_sections(lines: list[Line]) -> tuple[list[Line], list[_Chunk]]:
    """The lines before the first section, and each section under a heading of the section level."""
    fenced = fenced_spans(lines)
    headings = [(index, found) for index, line in enumerate(lines)
                if not fenced[index] and (found := heading_of(line)) is not None and found[1]]
    if not headings:
        return lines, []
    known = [level for _, (level, text) in headings if _names_a_kind(text)]
    level = known[0] if known else min(level for _, (level, _) in headings)
    cuts = [index for index, (found_level, _) in headings if found_level == level]
    chunks = []
    for position, cut in enumerate(cuts):
        end = cuts[position + 1] if position + 1 < len(cuts) else len(lines)
        chunks.append(_Chunk(lines[cut], level, heading_of(lines[cut])[1], lines[cut + 1:end]))  # type: ignore[index]
    return lines[:cuts[0]], chunks


def _names_a_kind(text: str) -> bool:
    text = vocabulary.nfc(text)
    return any(pattern.search(text) for pattern in (vocabulary.OBJECTIVES, vocabulary.TASKS,
                                                    vocabulary.ACHIEVEMENTS))


def _markdown_piece(lines: list[Line], key: tuple[Hashable, ...], record: Recorder) -> str | None:
    lead, body, trail = trim_blank(lines)
    for line in lead:
        record.gap(line.raw)
    text = typed_text([line.text for line in body]) if body else None
    if text is not None:
        record.piece((*key, text), raw_text(body))
    for line in trail:
        record.gap(line.raw)
    return text


def _kind_of(chunk: _Chunk, seen: set[str]) -> str | None:
    """Which known section a chunk is: each once, whatever the order; a later "Objectives for next
    week" is an extra section, not a second objectives list."""
    heading = vocabulary.nfc(chunk.text)
    says_tasks = bool(vocabulary.TASKS.search(heading))
    table = find_table(chunk.body)
    if "tasks" not in seen and table is not None and is_task_header(chunk.body[table], says_tasks):
        return "tasks"
    if vocabulary.OBJECTIVES.search(heading) and "objectives" not in seen:
        return "objectives"
    if says_tasks and "tasks" not in seen and not trim_blank(chunk.body)[1]:
        return "tasks"
    if vocabulary.ACHIEVEMENTS.search(heading) and "achievements" not in seen:
        return "achievements"
    return None


def _read_sections(chunks: list[_Chunk], fields: dict[str, Any], record: Recorder,
                   warnings: list[WorklogWarning]) -> None:
    seen: set[str] = set()
    last = "start"
    sections: list[Section] = []
    for chunk in chunks:
        kind = _kind_of(chunk, seen)
        record.style("h-level", chunk.level)
        if kind is None:
            sid = ("x", chunk.text, sum(1 for s in sections if s.heading == chunk.text))
            record.piece(("h", sid, chunk.text), chunk.heading.raw)
            items = ListParser(chunk.body, ("sec", *sid[1:]), record, None, f"'{chunk.text}'").items()
            sections.append(Section(heading=chunk.text, after=last, items=items))  # type: ignore[arg-type]
            continue
        seen.add(kind)
        last = kind
        record.piece(("h", kind, chunk.text), chunk.heading.raw)
        fields[f"{kind}_heading"] = chunk.text
        if kind == "tasks":
            found = parse_task_section(chunk.body, kind, record, warnings)
            fields.update(tasks_before=found.before, tasks_after=found.after, tasks=found.tasks)
            if found.table is not None:
                fields["table"] = found.table
            continue
        items = ListParser(chunk.body, kind, record, warnings, f"'{chunk.text}'").items()
        if kind == "achievements":
            items, fields["deliverables"] = _split_deliverables(items)
        fields[kind] = items
    fields["sections"] = sections


def _week_number(front: FrontMatter | None, chunks: list[_Chunk], intro: list[Line], page: str | None,
                 warnings: list[WorklogWarning]) -> int:
    texts = [("the title", front.title or "" if front else ""), *(("a heading", c.text) for c in chunks),
             *(("a heading", found[1]) for line in intro if (found := heading_of(line)) is not None),
             ("the page's name", page or "")]
    said = [(where, number) for where, text in texts if (number := vocabulary.week_number(text)) is not None]
    if said:
        where, number = said[0]
        other = next(((w, n) for w, n in said if n != number), None)
        if other is not None:  # a title copied from another week's page, most often
            warnings.append(WorklogWarning(1, f"{where} says week {number} but {other[0]} says week {other[1]}: "
                                              f"read as week {number}; correct the one that is wrong"))
        return number
    line = 2 if front is not None else 1
    raise WorklogParseError(line, 1, "no week number in the title, the headings or the file name, so this "
                                     "cannot be a worklog week: write it in the title (title: \"Week 3\" or "
                                     "\"Tuần 3\"), or name the folder or file after it (1.3-Week3/, week-03.md)")


def _split_deliverables(items: list[Item]) -> tuple[list[Any], list[Deliverable]]:
    """The first "Practice / Deliverables" bullet becomes a slot; its sub-bullets the deliverables."""
    for index, item in enumerate(items):
        if isinstance(item, Bullet) and vocabulary.DELIVERABLES.match(vocabulary.nfc(item.text)) \
                and not any(isinstance(child, Markdown) for child in item.children):
            deliverables = [_deliverable(child) for child in item.children]  # type: ignore[arg-type]
            return [*items[:index], DeliverablesSlot(deliverables=item.text), *items[index + 1:]], deliverables
    return list(items), []


def _deliverable(item: str | Bullet) -> Deliverable:
    """A deliverable bullet, with the views an exported page noted in an HTML comment (Hugo hides it)."""
    text = item_text(item)
    noted = _VIEWS_NOTE.search(text)
    views = [v.strip() for v in noted["views"].split(",") if v.strip()] if noted else []
    return Deliverable(text=text[:noted.start()].rstrip() if noted else text, views=views,
                       children=item_children(item))


def _with_views(deliverable: Deliverable) -> str:
    """Export keeps the link to the diagrams a page cannot show, so importing it gives the same week."""
    note = f" <!-- views: {', '.join(deliverable.views)} -->" if deliverable.views else ""
    return deliverable.text + note


# ---- export ---------------------------------------------------------------------------------------

def to_hugo(week: Week, page_as_imported: str | None = None) -> str:
    """The page for a week: through the layout of the page it was imported from, when there is one."""
    layout = parse_page(page_as_imported, week.page, week.language).layout if page_as_imported else None
    emit = Emitter(layout)
    if week.front_matter is not None:
        fmt = next((key[1] for key in emit.layout.order if key[0] == "fm-open"), "yaml")
        render_front(FrontMatter(str(fmt), week.title, week.front_matter), emit)
    if week.intro is not None:
        intro = week.intro
        emit.piece(("intro", intro), lambda: _text_lines(intro, emit), default_gap="\n")
    level = emit.layout.style("h-level", default=3)
    for sid, heading, body in _section_order(week, emit.layout):
        emit.piece(("h", sid, heading), lambda heading=heading: "#" * level + " " + heading + emit.newline,
                   default_gap="\n")
        body(emit)
    return emit.text()


def _text_lines(text: str, emit: Emitter) -> str:
    return "".join(line + emit.newline for line in text.split("\n"))


def _section_order(week: Week, layout: Layout) -> list[tuple[Any, str, Any]]:
    """Sections in the page's order; sections the page did not have go after the one they follow."""
    canonical: list[tuple[Any, str, Any]] = []
    counts: dict[str, int] = {}
    for anchor in ("start", *KINDS):
        heading = getattr(week, f"{anchor}_heading", None) if anchor != "start" else None
        if heading is not None:
            canonical.append((anchor, heading, _known_body(week, anchor)))
        for section in week.sections:
            if section.after == anchor:
                sid = ("x", section.heading, counts.get(section.heading, 0))
                counts[section.heading] = sid[2] + 1
                canonical.append((sid, section.heading, _extra_body(week, section, sid)))
    page_order = list(dict.fromkeys(key[1] for key in layout.order if key[0] == "h"))
    placed = [entry for sid in page_order for entry in canonical if entry[0] == sid]
    for position, entry in enumerate(canonical):
        if entry in placed:
            continue
        before = next((placed.index(c) for c in reversed(canonical[:position]) if c in placed), -1)
        placed.insert(before + 1, entry)
    return placed


def _known_body(week: Week, kind: str) -> Any:
    def body(emit: Emitter) -> None:
        if kind == "tasks":
            render_task_section(week.table, week.tasks, week.tasks_before, week.tasks_after, emit)
        elif kind == "objectives":
            render_items(week.objectives, kind, emit, week.bullet)
        else:
            render_items(_achievement_items(week), kind, emit, week.bullet)
    return body


def _extra_body(week: Week, section: Section, sid: tuple[str, str, int]) -> Any:
    return lambda emit: render_items(section.items, ("sec", *sid[1:]), emit, week.bullet)


def _achievement_items(week: Week) -> list[Item]:
    items: list[Item] = []
    for item in week.achievements:
        if isinstance(item, DeliverablesSlot):
            children: list[Item] = [Bullet(text=_with_views(d), children=d.children) if d.children
                                    else _with_views(d) for d in week.deliverables]
            items.append(Bullet(text=item.deliverables, children=children) if children else item.deliverables)
        else:
            items.append(item)
    return items
