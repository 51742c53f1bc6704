"""The worklog part of the model: one `Week` per Hugo worklog page and language.

`model/worklog/week-NN.yaml` (the default language) and `week-NN.vi.yaml` (another language) read in
the order of their page, so a student can edit them by hand:

    week: 9
    language: vi                       # from the page name: _index.vi.md; 'en' is left out
    page: 1.9-Week9/_index.vi.md       # its Hugo name, inside the worklog folder: export writes it there
    title: Worklog Tuần 9
    front_matter: {date: '2025-11-07', weight: 9}     # the other front-matter keys, in page order
    objectives_heading: 'Mục tiêu tuần 9:'
    objectives:
      - Learn the overall Serverless architecture      # a bullet
      - text: 'Practice:'                              # a bullet with sub-bullets
        children: [create an alarm]
      - markdown: A paragraph the student wrote.       # anything else, kept as written
    tasks_heading: 'Các công việc cần triển khai trong tuần này:'
    tasks:
      - day: '2'
        items: [Learn Serverless architecture, {text: API Gateway, sub_items: [integration]}]
        start: 03/11/2025
        references: [Terraform Docs]
    achievements_heading: 'Kết quả đạt được tuần 9:'
    achievements:
      - deliverables: 'Practice / Deliverables:'      # where the deliverables go
    deliverables:
      - text: Full system architecture diagram.
        views: [architecture]
    sections:                                         # any other section
      - heading: 'Knowledge Gained This Week:'
        after: tasks
        items: [...]

Choices:
- The YAML holds the week's parts; how the page was written (front-matter text, bullet markers and
  indents, spacing, hard line breaks, cell padding) is kept by the page copy beside it
  (`model/worklog/pages/<page>`), so an unedited week exports to the same bytes and an edited one to
  a local change (`archgen.worklog.layout`).
- Nothing is dropped: what is not a bullet, a task row or a known section is kept as Markdown where
  it stood (`markdown:` items, `intro`, `tasks_before`/`tasks_after`).
- Deliverables are typed once. The achievements bullet titled "Practice / Deliverables" is replaced by
  a `DeliverablesSlot`; its sub-bullets live in `Week.deliverables`, each with the views it shows.
- A known section is on the page exactly when its heading is set (None = absent).
- The task table keeps its own header texts in page order; a column's role is read from its header
  (in either language); columns it does not know keep their cells in `extra`.
- Front-matter values stay as written: dates are the text of the date, never reinterpreted.
"""

from __future__ import annotations

import posixpath
import re
from typing import Any, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from archgen.worklog.vocabulary import column_role as _role

ColumnRole = Literal["day", "task", "start", "end", "references"]
Anchor = Literal["start", "objectives", "tasks", "achievements"]
DEFAULT_COLUMNS = ["Day", "Task", "Start Date", "End Date", "Reference Materials"]
DEFAULT_LANGUAGE = "en"
_UNESCAPED_PIPE = re.compile(r"(?<!\\)\|")
_BR = re.compile(r"<br\s*/?>", re.I)
_LANGUAGE = r"^[a-z]{2}(-[a-z]{2})?$"


def column_role(header: str) -> ColumnRole | None:
    """The role of a task-table column, read from its header text; None when unknown."""
    return _role(header)  # type: ignore[return-value]


class Markdown(BaseModel):
    """A block the importer keeps as written: a paragraph, a rule, a sub-heading, a quote, a table..."""

    model_config = ConfigDict(extra="forbid")

    markdown: str = Field(description="The block's markdown, without its indent.")


class Bullet(BaseModel):
    """A bullet with sub-bullets (a bullet without any is written as a plain string)."""

    model_config = ConfigDict(extra="forbid")

    text: str = Field(description="The bullet's markdown; continuation lines are joined with newlines.")
    children: list[Union[str, Bullet, Markdown]] = []


Item = Union[str, Bullet, Markdown]


class DeliverablesSlot(BaseModel):
    """Stands in the achievements for the bullet whose sub-bullets are `Week.deliverables`."""

    model_config = ConfigDict(extra="forbid")

    deliverables: str = Field(description="That bullet's own text, e.g. 'Practice / Deliverables:'.")


class Deliverable(BaseModel):
    """Something the week produced, with the diagram views of the system model that show it."""

    model_config = ConfigDict(extra="forbid")

    text: str
    views: list[str] = Field([], description="Ids of views in model/system.yaml (e.g. 'architecture').")
    children: list[Item] = Field([], description="Sub-bullets under this deliverable, if any.")


class TaskItem(BaseModel):
    """One `- item` of a task cell with its `&emsp; + sub-item`s."""

    model_config = ConfigDict(extra="forbid")

    text: str
    sub_items: list[str] = []


class Task(BaseModel):
    """One row of the task table; cells are kept as written (dates are not reinterpreted)."""

    # `day: 2` in hand-written YAML means the text "2"
    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True)

    day: str = Field("", description="As written: '2', '2 - 3', 'Monday', 'Thứ 2'; '' when none.")
    items: list[Union[str, TaskItem]] = []
    start: str | None = None
    end: str | None = None
    references: list[str] = []
    extra: list[str] = Field([], description="The cells of the columns without a role, in order.")


class TaskTable(BaseModel):
    """How the task table is written: its headers in order and its cell conventions."""

    model_config = ConfigDict(extra="forbid")

    columns: list[str] = Field(list(DEFAULT_COLUMNS),
                               description="Header texts in order. The first column naming a day, task, "
                                           "start, end or references takes that role; a task column is "
                                           "required, the others are kept in each row's `extra`.")
    empty_cell: Literal["", "-"] = Field("", description="What an empty date or reference cell holds.")
    item_dashes: bool = Field(True, description="Write task items as '- item'.")

    @field_validator("columns")
    @classmethod
    def _has_task_column(cls, columns: list[str]) -> list[str]:
        if "task" not in [column_role(header) for header in columns]:
            raise ValueError("the table needs a task column: add 'Task' (or 'Công việc')")
        return columns

    def roles(self) -> list[ColumnRole | None]:
        """Each column's role; a second column of a role, or an unknown one, is None (an extra)."""
        seen: set[str] = set()
        roles: list[ColumnRole | None] = []
        for header in self.columns:
            role = column_role(header)
            roles.append(role if role is not None and role not in seen else None)
            if role is not None:
                seen.add(role)
        return roles


class Section(BaseModel):
    """Any other section of the page, in page order after the known section it follows."""

    model_config = ConfigDict(extra="forbid")

    heading: str
    after: Anchor = Field("tasks", description="The known section it follows; 'start' = before them all.")
    items: list[Item] = Field([], description="Its bullets and markdown blocks, in page order.")


class Week(BaseModel):
    """One worklog page: front matter, objectives, the task table, achievements and other sections."""

    model_config = ConfigDict(extra="forbid")

    week: int = Field(ge=0, le=99)
    language: str = Field(DEFAULT_LANGUAGE, pattern=_LANGUAGE, description="The page's language (Hugo's).")
    page: str | None = Field(None, description="Its Hugo file name inside the worklog folder, e.g. "
                                               "'1.9-Week9/_index.vi.md'; export writes it there.")
    title: str | None = None
    front_matter: dict[str, Any] | None = Field({}, description="The other front-matter keys, in page "
                                                                "order; null when the page has none.")
    intro: str | None = Field(None, description="Markdown between the front matter and the first section.")
    objectives_heading: str | None = None
    objectives: list[Item] = []
    tasks_heading: str | None = None
    tasks_before: str | None = Field(None, description="Markdown between the heading and the table.")
    table: TaskTable = TaskTable()
    tasks: list[Task] = []
    tasks_after: str | None = Field(None, description="Markdown after the table, in the same section.")
    achievements_heading: str | None = None
    achievements: list[Union[str, Bullet, Markdown, DeliverablesSlot]] = []
    deliverables: list[Deliverable] = []
    sections: list[Section] = []
    bullet: Literal["*", "-", "+"] = Field("*", description="The bullet marker of a page written anew.")

    @field_validator("page")
    @classmethod
    def _relative_page(cls, page: str | None) -> str | None:
        return None if page is None else safe_relative(page, ".md")

    @model_validator(mode="after")
    def _consistent(self) -> Week:
        # each check guards one way export could drop or garble what the YAML says
        _check_headings(self)
        _check_table(self)
        _check_deliverables(self)
        _check_sections(self)
        if self.title is not None and self.front_matter is None:
            raise ValueError("title is set but front_matter is null (no front matter): set front_matter: {}")
        return self


def safe_relative(path: str, suffix: str = "") -> str:
    """A forward-slash path inside its folder: no absolute path, no '..', no backslash."""
    normal = posixpath.normpath(path)
    if ("\\" in path or path.startswith("/") or normal.startswith("..") or normal != path
            or any(part.startswith(".") for part in path.split("/")) or "\0" in path):
        raise ValueError(f"'{path}' must be a plain relative path inside the worklog folder (no '..', "
                         "no leading '/' or '.', forward slashes)")
    if suffix and not path.endswith(suffix):
        raise ValueError(f"'{path}' must end with '{suffix}'")
    return path


def item_text(item: str | Bullet | TaskItem | Markdown) -> str:
    if isinstance(item, Markdown):
        return item.markdown
    return item if isinstance(item, str) else item.text


def item_children(item: Item) -> list[Item]:
    return item.children if isinstance(item, Bullet) else []


def texts_of(week: Week) -> list[str]:
    """Every markdown text of a week, in page order (what the site renders, where images are named)."""
    texts = [week.intro or "", *_item_texts(week.objectives), week.tasks_before or ""]
    for task in week.tasks:
        texts += [task.day, *map(item_text, task.items), *task.references, *task.extra]
        texts += [sub for item in task.items if isinstance(item, TaskItem) for sub in item.sub_items]
    texts += [week.tasks_after or "", *_item_texts([i for i in week.achievements if not isinstance(i, DeliverablesSlot)])]
    for deliverable in week.deliverables:
        texts += [deliverable.text, *_item_texts(deliverable.children)]
    for section in week.sections:
        texts += [section.heading, *_item_texts(section.items)]
    return [text for text in texts if text]


def _item_texts(items: list[Any]) -> list[str]:
    texts: list[str] = []
    for item in items:
        texts.append(item_text(item))
        texts += _item_texts(item_children(item))
    return texts


def count_bullets(items: list[Any]) -> int:
    """How many items of a list are bullets (the markdown kept between them is not counted)."""
    return sum(1 for item in items if isinstance(item, (str, Bullet)))


def _check_headings(week: Week) -> None:
    for name in ("objectives", "tasks", "achievements"):
        heading = getattr(week, f"{name}_heading")
        if heading is None and getattr(week, name):
            raise ValueError(f"{name} are given but {name}_heading is not: add the section's heading")
        if heading is not None and ("\n" in heading or not heading.strip()):
            raise ValueError(f"{name}_heading must be one non-empty line")
    if week.tasks_heading is None and (week.table != TaskTable() or week.tasks_before or week.tasks_after):
        raise ValueError("table is given but tasks_heading is not: add the task section's heading")


def _check_table(week: Week) -> None:
    roles = set(week.table.roles())
    extras = week.table.roles().count(None)
    for index, task in enumerate(week.tasks):
        where = f"tasks[{index}]"
        for role in ("start", "end", "references", "day"):
            value = getattr(task, role)
            if value and role not in roles:
                raise ValueError(f"{where}.{role} is set but the table has no {role} column: "
                                 f"add one to table.columns or remove the {role}")
        if len(task.extra) > extras:
            raise ValueError(f"{where}.extra has {len(task.extra)} cells but the table has {extras} "
                             "columns without a role")
        for text, is_item in _cell_texts(task):
            _check_cell_text(where, text, is_item)


def _cell_texts(task: Task) -> list[tuple[str, bool]]:
    """Each text of a row, and whether it is one of a cell's `<br>`-separated items."""
    texts = [(task.day, False), (task.start or "", False), (task.end or "", False)]
    texts += [(cell, False) for cell in task.extra]
    texts.extend((reference, True) for reference in task.references)
    for item in task.items:
        texts.append((item_text(item), True))
        texts.extend((sub, True) for sub in (item.sub_items if isinstance(item, TaskItem) else []))
    return texts


def _check_cell_text(where: str, text: str, is_item: bool) -> None:
    if "\n" in text:
        raise ValueError(f"{where}: '{text[:30]}' has a line break: a table cell is one line "
                         "(use another item instead)")
    if _UNESCAPED_PIPE.search(text):
        raise ValueError(f"{where}: '{text[:30]}' has a '|': write '\\|' in a table cell")
    if is_item and _BR.search(text):  # the page splits items at <br>: it would come back as two
        raise ValueError(f"{where}: '{text[:30]}' has a <br>: make each line its own item")


def _check_deliverables(week: Week) -> None:
    slots = [item for item in week.achievements if isinstance(item, DeliverablesSlot)]
    if len(slots) > 1:
        raise ValueError("achievements have more than one 'deliverables:' entry: keep one")
    if week.deliverables and not slots:
        raise ValueError("deliverables are given but no achievements entry says where they go: add "
                         "`- deliverables: 'Deliverables:'` to achievements")


def _check_sections(week: Week) -> None:
    for index, section in enumerate(week.sections):
        if section.after != "start" and getattr(week, f"{section.after}_heading") is None:
            raise ValueError(f"sections[{index}] comes after {section.after}, which this week does "
                             f"not have: set `after` to a section it has, or 'start'")
        if "\n" in section.heading or not section.heading.strip():
            raise ValueError(f"sections[{index}].heading must be one non-empty line")


class Worklog:
    """Every week of the model in every language, the worklog folder's own pages, and their images."""

    def __init__(self, weeks: list[Week], index_pages: dict[str, str] | None = None,
                 pages: dict[str, str] | None = None, files: dict[str, bytes] | None = None,
                 sub_pages: dict[str, str] | None = None) -> None:
        self.weeks = sorted(weeks, key=lambda w: (w.week, w.language != DEFAULT_LANGUAGE, w.language))
        self.index_pages = index_pages or {}  # Hugo name ('_index.vi.md') -> text, kept as written
        self.pages = pages or {}              # Hugo name -> the page as imported (its layout)
        self.files = files or {}              # model/worklog-relative path -> bytes of an image
        self.sub_pages = sub_pages or {}      # Hugo name -> a page inside a week's folder (a day), as written

    def languages(self) -> list[str]:
        """The default language first, then the others the weeks are written in."""
        others = sorted({week.language for week in self.weeks} - {DEFAULT_LANGUAGE})
        return [DEFAULT_LANGUAGE, *others]

    def primary(self) -> list[Week]:
        """One week per number: its default-language page, else its first language."""
        chosen: dict[int, Week] = {}
        for week in self.weeks:
            chosen.setdefault(week.week, week)
        return list(chosen.values())

    def in_language(self, number: int, language: str) -> Week | None:
        return next((w for w in self.weeks if w.week == number and w.language == language), None)
