"""The worklog part of the model: one `Week` per Hugo worklog page, in `model/worklog/week-NN.yaml`.

A week reads in the order of its page, so a student can edit it by hand:

    week: 9
    title: Week 9 Worklog
    front_matter:            # every other Hugo front-matter key, in page order
      date: '2025-11-07'
      weight: 9
    objectives_heading: 'Week 9 Objectives:'
    objectives:
      - Learn the overall Serverless architecture ...
    tasks_heading: 'Tasks to be carried out this week:'
    tasks:
      - day: '2'
        items:
          - Learn Serverless architecture
          - text: API Gateway, Lambda, DynamoDB
            sub_items: [integration mechanisms]
        start: 03/11/2025
        end: 03/11/2025
        references: [Terraform Docs]
    achievements_heading: 'Week 9 Achievements:'
    achievements:
      - Automated infrastructure provisioning.        # a bullet without sub-bullets
      - text: 'Theory Learned:'                       # a bullet with sub-bullets
        children: [Serverless architecture ...]
      - deliverables: 'Practice / Deliverables:'      # where the deliverables go
    deliverables:
      - text: Full system architecture diagram (BE – FE – Auth – Edge).
        views: [architecture]
    sections:                                         # any other `### ` section
      - heading: 'Knowledge Gained This Week:'
        after: tasks
        items: [...]

Choices:
- Deliverables are typed once. The achievements item titled "Practice / Deliverables" (or
  "Deliverables") is replaced by a `DeliverablesSlot` that keeps only that title; its children
  live in `Week.deliverables`, each with the `views` it shows. Export puts them back as the
  slot's sub-bullets. A week with deliverables must have exactly one slot (validated), so
  nothing typed there can silently go missing from the page.
- A known section is on the page exactly when its heading field is set (None = absent), so an
  empty section and a missing one stay different, and headings keep their own wording.
- Lists take plain strings for items without children: the common case stays one line of YAML.
- Extra sections say which known section they follow (`after`); their body is kept as bullet
  items when it is a plain list, else as raw markdown (`body`), so nothing is dropped.
- The task table keeps its own header texts in page order (`table.columns`); a column's role
  (day, task, start, end, references) is read from its header, so a table without dates stays
  without dates and a renamed header ("Completion Date", "Work Done") is written back as is.
- Front-matter values stay as written: dates are the text of the date, never reinterpreted.
"""

from __future__ import annotations

import re
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

ColumnRole = Literal["day", "task", "start", "end", "references"]
Anchor = Literal["start", "objectives", "tasks", "achievements"]
DEFAULT_COLUMNS = ["Day", "Task", "Start Date", "End Date", "Reference Materials"]

# Header text -> role. A day column's header is the whole word ("Day", "Date"), so that
# "Start Date" reads as a start column;
# references are tried before task so "Reference Materials" never reads as a task column.
_COLUMN_ROLES: tuple[tuple[ColumnRole, re.Pattern[str]], ...] = (
    ("day", re.compile(r"^(days?|dates?|weekdays?|day of (the )?week)$", re.I)),
    ("start", re.compile(r"\b(start|begin)", re.I)),
    ("end", re.compile(r"\b(end|completion|completed|complete|finish|finished|due)\b", re.I)),
    ("references", re.compile(r"\b(refs?|references?|resources?|materials?|sources?|links?|docs?)\b", re.I)),
    ("task", re.compile(r"\b(tasks?|work|activit(y|ies)|contents?|description|to ?do)\b", re.I)),
)
_UNESCAPED_PIPE = re.compile(r"(?<!\\)\|")
_BR = re.compile(r"<br\s*/?>", re.I)


def column_role(header: str) -> ColumnRole | None:
    """The role of a task-table column, read from its header text; None when unknown."""
    for role, pattern in _COLUMN_ROLES:
        if pattern.search(header.strip()):
            return role
    return None


class Bullet(BaseModel):
    """A bullet with sub-bullets (a bullet without any is written as a plain string)."""

    model_config = ConfigDict(extra="forbid")

    text: str = Field(description="The bullet's markdown; continuation lines are joined with newlines.")
    children: list[str | Bullet] = []


class DeliverablesSlot(BaseModel):
    """Stands in the achievements for the bullet whose sub-bullets are `Week.deliverables`."""

    model_config = ConfigDict(extra="forbid")

    deliverables: str = Field(description="That bullet's own text, e.g. 'Practice / Deliverables:'.")


class Deliverable(BaseModel):
    """Something the week produced, with the diagram views of the system model that show it."""

    model_config = ConfigDict(extra="forbid")

    text: str
    views: list[str] = Field([], description="Ids of views in model/system.yaml (e.g. 'architecture').")
    children: list[str | Bullet] = Field([], description="Sub-bullets under this deliverable, if any.")


class TaskItem(BaseModel):
    """One `- item` of a task cell with its `&emsp; + sub-item`s."""

    model_config = ConfigDict(extra="forbid")

    text: str
    sub_items: list[str] = []


class Task(BaseModel):
    """One row of the task table; cells are kept as written (dates are not reinterpreted)."""

    # `day: 2` in hand-written YAML means the text "2"
    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True)

    day: str = Field(description="As written: '2', '2 - 3', 'Monday', 'Tue - Wed'.")
    items: list[str | TaskItem] = []
    start: str | None = None
    end: str | None = None
    references: list[str] = []


class TaskTable(BaseModel):
    """How the task table is written: its headers in order and its cell conventions."""

    model_config = ConfigDict(extra="forbid")

    columns: list[str] = Field(list(DEFAULT_COLUMNS),
                               description="Header texts in order; each must name a day, task, start, "
                                           "end or references column. Day and task are required.")
    empty_cell: Literal["", "-"] = Field("", description="What an empty date or reference cell holds.")
    item_dashes: bool = Field(True, description="Write task items as '- item'.")

    @field_validator("columns")
    @classmethod
    def _known_roles(cls, columns: list[str]) -> list[str]:
        roles = [column_role(header) for header in columns]
        for header, role in zip(columns, roles):
            if role is None:
                raise ValueError(f"unknown column '{header}': name it like Day, Task, Start Date, End Date "
                                 "or References")
            if roles.count(role) > 1:
                raise ValueError(f"two {role} columns ('{header}'): keep one")
        for needed in ("day", "task"):
            if needed not in roles:
                raise ValueError(f"the table needs a {needed} column: add '{needed.title()}'")
        return columns

    def roles(self) -> list[ColumnRole]:
        return [role for role in map(column_role, self.columns) if role is not None]


class Section(BaseModel):
    """Any other `### ` section of the page, in page order after the known section it follows."""

    model_config = ConfigDict(extra="forbid")

    heading: str
    after: Anchor = Field("tasks", description="The known section it follows; 'start' = before them all.")
    items: list[str | Bullet] = Field([], description="Its bullets, when it is a plain bullet list.")
    body: str | None = Field(None, description="Its markdown as written, when it is not a plain list.")


class Week(BaseModel):
    """One worklog page: front matter, objectives, the task table, achievements and other sections."""

    model_config = ConfigDict(extra="forbid")

    week: int = Field(ge=0, le=99)
    title: str
    front_matter: dict[str, Any] = Field({}, description="The other front-matter keys, in page order.")
    intro: str | None = Field(None, description="Markdown between the front matter and the first heading.")
    objectives_heading: str | None = None
    objectives: list[str | Bullet] = []
    tasks_heading: str | None = None
    table: TaskTable = TaskTable()
    tasks: list[Task] = []
    achievements_heading: str | None = None
    achievements: list[str | Bullet | DeliverablesSlot] = []
    deliverables: list[Deliverable] = []
    sections: list[Section] = []
    bullet: Literal["*", "-", "+"] = Field("*", description="The bullet marker the page uses.")

    @model_validator(mode="after")
    def _consistent(self) -> Week:
        # each check guards one way export could drop or garble what the YAML says
        _check_headings(self)
        _check_table(self)
        _check_deliverables(self)
        _check_sections(self)
        return self


def item_text(item: str | Bullet | TaskItem) -> str:
    return item if isinstance(item, str) else item.text


def item_children(item: str | Bullet) -> list[str | Bullet]:
    return [] if isinstance(item, str) else item.children


def _check_headings(week: Week) -> None:
    for name in ("objectives", "tasks", "achievements"):
        heading = getattr(week, f"{name}_heading")
        if heading is None and getattr(week, name):
            raise ValueError(f"{name} are given but {name}_heading is not: add the section's heading")
        if heading is not None and ("\n" in heading or not heading.strip()):
            raise ValueError(f"{name}_heading must be one non-empty line")
    if week.tasks_heading is None and week.table != TaskTable():
        raise ValueError("table is given but tasks_heading is not: add the task section's heading")


def _check_table(week: Week) -> None:
    roles = set(week.table.roles())
    for index, task in enumerate(week.tasks):
        where = f"tasks[{index}]"
        for role in ("start", "end"):
            if getattr(task, role) is not None and role not in roles:
                raise ValueError(f"{where}.{role} is set but the table has no {role} column: "
                                 f"add one to table.columns or remove the {role}")
        if task.references and "references" not in roles:
            raise ValueError(f"{where}.references is set but the table has no references column: "
                             "add 'References' to table.columns")
        for text, is_item in _cell_texts(task):
            _check_cell_text(where, text, is_item)


def _cell_texts(task: Task) -> list[tuple[str, bool]]:
    """Each text of a row, and whether it is one of a cell's `<br>`-separated items."""
    texts = [(task.day, False), (task.start or "", False), (task.end or "", False)]
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
        if section.items and section.body is not None:
            raise ValueError(f"sections[{index}] has both items and body: keep one")
        if section.after != "start" and getattr(week, f"{section.after}_heading") is None:
            raise ValueError(f"sections[{index}] comes after {section.after}, which this week does "
                             f"not have: set `after` to a section it has, or 'start'")
        if "\n" in section.heading or not section.heading.strip():
            raise ValueError(f"sections[{index}].heading must be one non-empty line")
