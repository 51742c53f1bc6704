"""Hugo worklog pages <-> `Week`: `parse_hugo(text)` and `to_hugo(week)`.

A page is YAML front matter, then `### ` sections. The objectives, the task table and the
achievements are recognised by their heading (and the table by itself), whatever their exact
wording; every other section is kept, in place, as an extra section. What cannot be taken in
whole raises `WorklogParseError` with the line, the column and the fix: an import is all or
nothing. Export writes the same layout back, deterministically, so that
`parse_hugo(to_hugo(week)) == week` for every imported week.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

import yaml
from pydantic import ValidationError

from archgen.worklog._lists import parse_bullets, render_bullets
from archgen.worklog._table import is_task_header, parse_table, render_table
from archgen.worklog._text import FENCE, HEADING, Line, raw_markdown, trim_blank
from archgen.worklog.errors import WorklogParseError
from archgen.worklog.model import (Anchor, Bullet, Deliverable, DeliverablesSlot, Section, Week,
                                   item_children, item_text)

__all__ = ["WorklogParseError", "parse_hugo", "to_hugo"]

_KINDS = ("objectives", "tasks", "achievements")
_OBJECTIVES = re.compile(r"objective|goal", re.I)
_TASKS = re.compile(r"\btasks?\b|work done|activities|schedule", re.I)
_ACHIEVEMENTS = re.compile(r"achievement|accomplish", re.I)
_WEEK_NUMBER = re.compile(r"\bweek\s*0*(\d{1,2})\b", re.I)
_VIEWS_NOTE = re.compile(r"\s*<!--\s*views:\s*(?P<views>[a-z0-9, -]*?)\s*-->\s*$")
_DELIVERABLES = re.compile(r"^[*_\s]*(?:practi[cs]e\s*(?:/|&|and)\s*)?deliverables?[*_\s]*:?[*_\s]*$", re.I)
_CLOSING_HASHES = re.compile(r"\s+#+$")
_PLAIN_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")


@dataclass
class _Chunk:
    heading: str
    line: int
    body: list[Line]


class _DuplicateKey(yaml.constructor.ConstructorError):
    """A key given twice: PyYAML would keep the last one silently."""


class _FrontMatterLoader(yaml.SafeLoader):
    """Dates stay the text they were written as; a repeated key is an error, not an overwrite."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        self.flatten_mapping(node)
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            if key in seen:
                raise _DuplicateKey(None, None, f"the key '{key}' is there twice in the front matter: "
                                                "keep one of them", key_node.start_mark)
            seen.add(key)
        return super().construct_mapping(node, deep)


_FrontMatterLoader.add_constructor("tag:yaml.org,2002:timestamp",
                                   lambda loader, node: loader.construct_scalar(node))


def parse_hugo(text: str) -> Week:
    """The week a Hugo worklog page describes; raises WorklogParseError rather than drop anything."""
    lines = _numbered_lines(text)
    front, title_line, body = _front_matter(lines)
    intro, chunks = _split_sections(body)
    title = front.pop("title")
    fields: dict[str, Any] = {
        "week": _week_number(title, chunks, title_line),
        "title": title,
        "front_matter": front,
        "intro": _intro(intro),
    }
    markers = _read_sections(chunks, fields)
    fields["bullet"] = next((marker for marker in markers if marker), "*")
    try:
        return Week(**fields)
    except ValidationError as exc:  # the parsers build valid weeks; this guards against a gap in them
        raise WorklogParseError(1, 1, f"the page does not fit the worklog model: {exc}") from None


def _numbered_lines(text: str) -> list[Line]:
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    return list(enumerate(text.split("\n"), start=1))


def _front_matter(lines: list[Line]) -> tuple[dict[str, Any], int, list[Line]]:
    """The front-matter mapping, the line of its title, and the page lines after it."""
    end = _front_matter_end(lines)
    for number, raw in lines[1:end]:
        if raw.startswith("#"):  # PyYAML drops comments: refuse rather than lose them
            raise WorklogParseError(number, 1, "a comment in the front matter would be lost: remove it "
                                               "or make it a key ('note: \"...\"')")
    data = _load_front_matter("\n".join(raw for _, raw in lines[1:end]))
    title_line = next((number for number, raw in lines[1:end] if raw.startswith("title:")), 1)
    if "title" not in data:
        raise WorklogParseError(1, 1, "the front matter has no title: add 'title: \"Week N Worklog\"'")
    if not isinstance(data["title"], str) or not data["title"].strip():
        raise WorklogParseError(title_line, 1, "the title must be text: write it in quotes")
    if not all(isinstance(key, str) for key in data):
        raise WorklogParseError(1, 1, "every front-matter key must be text: quote the numeric ones")
    return data, title_line, lines[end + 1:]


def _front_matter_end(lines: list[Line]) -> int:
    """The index of the closing '---' line."""
    opening = lines[0][1].rstrip()
    if opening == "+++":
        raise WorklogParseError(1, 1, "TOML front matter ('+++') is not supported: convert it to YAML "
                                      "between '---' lines")
    if opening != "---":
        raise WorklogParseError(1, 1, "a worklog page starts with front matter: add '---', 'title: ...', '---'")
    end = next((i for i, (_, raw) in enumerate(lines[1:], start=1) if raw.rstrip() == "---"), None)
    if end is None:
        raise WorklogParseError(1, 1, "the front matter is not closed: add a '---' line after it")
    return end


def _load_front_matter(text: str) -> dict[Any, Any]:
    try:
        data = yaml.load(text, Loader=_FrontMatterLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 2, mark.column + 1) if mark else (1, 1)  # +2: the '---' line
        message = str(exc.problem) if isinstance(exc, _DuplicateKey) else (
            f"front matter is not valid YAML: {exc.problem or exc.context}; "
            "fix it (quote text that has ': ' or '#')")
        raise WorklogParseError(line, column, message) from None
    except yaml.YAMLError as exc:
        raise WorklogParseError(1, 1, f"front matter is not valid YAML: {exc}") from None
    if not isinstance(data, dict):
        raise WorklogParseError(2, 1, "the front matter must be 'key: value' lines, starting with 'title: ...'")
    return data


def _split_sections(lines: list[Line]) -> tuple[list[Line], list[_Chunk]]:
    """The lines before the first `### ` heading, and each section; fenced code is never split."""
    intro: list[Line] = []
    chunks: list[_Chunk] = []
    in_fence = False
    for number, raw in lines:
        in_fence = in_fence != bool(FENCE.match(raw))
        heading = None if in_fence else HEADING.match(raw)
        if heading and heading["level"] == "###":
            text = _CLOSING_HASHES.sub("", heading["text"] or "").strip()
            if not text:
                raise WorklogParseError(number, 1, "empty '###' heading: give the section a title")
            chunks.append(_Chunk(text, number, []))
        else:
            (chunks[-1].body if chunks else intro).append((number, raw))
    return intro, chunks


def _intro(lines: list[Line]) -> str | None:
    in_fence = False
    for number, raw in lines:
        in_fence = in_fence != bool(FENCE.match(raw))
        if not in_fence and HEADING.match(raw):
            raise WorklogParseError(number, 1, "worklog sections use '### ' headings: make this heading "
                                               "a '### ' one")
    return raw_markdown(lines)


def _week_number(title: str, chunks: list[_Chunk], title_line: int) -> int:
    for text in [title, *(chunk.heading for chunk in chunks)]:
        match = _WEEK_NUMBER.search(text)
        if match:
            return int(match[1])
    raise WorklogParseError(title_line, 1, "no week number in the title or the headings: write it in the "
                                           "title, e.g. 'title: \"Week 9 Worklog\"'")


def _read_sections(chunks: list[_Chunk], fields: dict[str, Any]) -> list[str | None]:
    """Fill the known sections and the extra ones into `fields`; returns the bullet markers seen."""
    seen: list[str] = []
    markers: list[str | None] = []
    sections: list[Section] = []
    for chunk in chunks:
        kind = _kind_of(chunk, seen)
        where = f"'{chunk.heading}'"
        if kind is None:
            anchor: Anchor = seen[-1] if seen else "start"  # type: ignore[assignment]
            section, marker = _extra_section(chunk, anchor)
            sections.append(section)
            markers.append(marker)
            continue
        seen.append(kind)
        fields[f"{kind}_heading"] = chunk.heading
        if kind == "tasks":
            fields["table"], fields["tasks"] = parse_table(chunk.body, chunk.heading)
            continue
        items, marker = parse_bullets(chunk.body, where)
        markers.append(marker)
        if kind == "achievements":
            items, fields["deliverables"] = _split_deliverables(items)
        fields[kind] = items
    fields["sections"] = sections
    return markers


def _kind_of(chunk: _Chunk, seen: list[str]) -> str | None:
    """Which known section a chunk is, if any: each once, in the order objectives, tasks, achievements.

    A later "Objectives for next week" is an extra section, not a second objectives list.
    """
    last = max((_KINDS.index(kind) for kind in seen), default=-1)
    table = _first_table_line(chunk.body)
    if table is not None:
        if "tasks" in seen or not (_TASKS.search(chunk.heading) or is_task_header(table)):
            return None  # another table (a second one, a cost table...) is kept as written
        if last > _KINDS.index("tasks"):
            raise WorklogParseError(chunk.line, 1, f"the task table under '{chunk.heading}' comes after the "
                                                   "achievements: move that section before them")
        return "tasks"
    blank = not trim_blank(chunk.body)
    if _OBJECTIVES.search(chunk.heading) and last < 0:
        return "objectives"
    if _TASKS.search(chunk.heading) and blank and last < 1:
        return "tasks"
    if _ACHIEVEMENTS.search(chunk.heading) and last < 2:
        return "achievements"
    return None


def _first_table_line(lines: list[Line]) -> Line | None:
    in_fence = False
    for number, raw in lines:
        in_fence = in_fence != bool(FENCE.match(raw))
        if not in_fence and raw.lstrip().startswith("|"):
            return number, raw
    return None


def _extra_section(chunk: _Chunk, anchor: Anchor) -> tuple[Section, str | None]:
    """A plain bullet list becomes items; anything else is kept as markdown, as written."""
    try:
        items, marker = parse_bullets(trim_blank(chunk.body), f"'{chunk.heading}'")
        return Section(heading=chunk.heading, after=anchor, items=items), marker
    except WorklogParseError:
        return Section(heading=chunk.heading, after=anchor, body=raw_markdown(chunk.body)), None


def _split_deliverables(items: list[str | Bullet]) -> tuple[list[Any], list[Deliverable]]:
    """The first "Practice / Deliverables" bullet becomes a slot; its sub-bullets the deliverables."""
    for index, item in enumerate(items):
        if _DELIVERABLES.match(item_text(item)):
            deliverables = [_deliverable(child) for child in item_children(item)]
            slot = DeliverablesSlot(deliverables=item_text(item))
            return [*items[:index], slot, *items[index + 1:]], deliverables
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


def to_hugo(week: Week) -> str:
    """The page for a week, in the layout of the imported pages; same week, same text."""
    blocks: list[list[str]] = [_front_matter_lines(week)]
    if week.intro:
        blocks.append(week.intro.split("\n"))
    for anchor in ("start", *_KINDS):
        if anchor != "start" and getattr(week, f"{anchor}_heading") is not None:
            blocks.append(_known_block(week, anchor))
        blocks.extend(_section_block(section, week.bullet) for section in week.sections
                      if section.after == anchor)
    return "\n\n".join("\n".join(block) for block in blocks) + "\n"


def _front_matter_lines(week: Week) -> list[str]:
    lines = ["---", f"title: {_quoted(week.title)}"]
    for key, value in week.front_matter.items():
        name = key if _PLAIN_KEY.match(key) else _quoted(key)
        if isinstance(value, str):
            lines.append(f"{name}: {_quoted(value)}")
        else:  # numbers, booleans, lists: PyYAML writes them the way it reads them back
            dumped = yaml.safe_dump({"k": value}, default_flow_style=False, allow_unicode=True,
                                    sort_keys=False, width=float("inf")).rstrip().split("\n")
            lines.extend([name + dumped[0][1:], *dumped[1:]])
    return [*lines, "---"]


def _quoted(text: str) -> str:
    # a JSON string is a YAML double-quoted scalar: the pages quote their text this way
    return json.dumps(text, ensure_ascii=False)


def _known_block(week: Week, kind: str) -> list[str]:
    heading = [f"### {getattr(week, f'{kind}_heading')}"]
    if kind == "tasks":
        return heading + render_table(week.table, week.tasks)
    items = week.objectives if kind == "objectives" else _achievement_bullets(week)
    return heading + ([""] + render_bullets(items, week.bullet) if items else [])


def _achievement_bullets(week: Week) -> list[str | Bullet]:
    bullets: list[str | Bullet] = []
    for item in week.achievements:
        if isinstance(item, DeliverablesSlot):
            children: list[str | Bullet] = [Bullet(text=_with_views(d), children=d.children) if d.children
                                            else _with_views(d) for d in week.deliverables]
            bullets.append(Bullet(text=item.deliverables, children=children) if children
                           else item.deliverables)
        else:
            bullets.append(item)
    return bullets


def _section_block(section: Section, marker: str) -> list[str]:
    heading = [f"### {section.heading}"]
    if section.items:
        return heading + [""] + render_bullets(section.items, marker)
    return heading + ([""] + section.body.split("\n") if section.body else [])
