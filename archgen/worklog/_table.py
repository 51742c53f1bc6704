"""The task table of a page <-> `TaskTable` and `Task` rows.

Cells are split on unescaped pipes (`\\|` stays in its cell, as in GitHub markdown), task
and reference cells on `<br>`. A task cell item is `- item` (or plain text) and may carry
`&emsp; + sub-item`s. Every row must have one cell per header: a short or long row is an
error, never a silently shifted column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from archgen.worklog._text import Line, first_column, trim_blank
from archgen.worklog.errors import WorklogParseError
from archgen.worklog.model import ColumnRole, Task, TaskItem, TaskTable, column_role

_SEPARATOR_CELL = re.compile(r"^:?-+:?$")
_INDENT_ENTITY = r"(?:&emsp;|&ensp;|&nbsp;|&#8195;|&#x2003;)"
_SUB_ITEM = re.compile(rf"^(?:(?:{_INDENT_ENTITY}\s*)+[-+*•]|\+)\s+(?P<text>.*)$", re.I)
_TOP_ITEM = re.compile(r"^[-*•]\s+(?P<text>.*)$")
_BR_SPLIT = re.compile(r"\s*<br\s*/?>\s*", re.I)
_EMPTY_CELLS = ("", "-")
_SUB_PREFIX = "&emsp; + "


@dataclass
class _Cell:
    column: int  # 1-based column of the cell's text, for error positions
    text: str


def parse_table(lines: list[Line], where: str) -> tuple[TaskTable, list[Task]]:
    """The table of a task section; the section may hold nothing else."""
    body = trim_blank(lines)
    if not body:
        return TaskTable(), []
    rows = _table_lines(body, where)
    header = _split_row(*rows[0])
    roles = _roles(rows[0][0], header)
    _check_separator(rows, len(header))
    tasks: list[Task] = []
    marks: set[str] = set()
    for number, raw in rows[2:]:
        cells = _split_row(number, raw)
        _check_width(number, raw, cells, len(header))
        tasks.append(_task(number, dict(zip(roles, cells)), marks))
    table = TaskTable(columns=[cell.text for cell in header],
                      empty_cell="-" if "empty:-" in marks else "",
                      item_dashes="dash" in marks or "plain" not in marks)
    return table, tasks


def _table_lines(body: list[Line], where: str) -> list[Line]:
    number, raw = body[0]
    if not raw.lstrip().startswith("|"):
        raise WorklogParseError(number, first_column(raw),
                                f"expected the task table under '{where}' (a '| Day | Task | ... |' row): "
                                "move this text into its own ### section")
    count = next((i for i, (_, text) in enumerate(body) if not text.lstrip().startswith("|")), len(body))
    if count < 2:
        raise WorklogParseError(number, 1, "the task table has no separator row: add '| --- | --- |' "
                                           "under the header")
    for after, text in body[count:]:
        if text.strip():
            raise WorklogParseError(after, first_column(text),
                                    f"text after the task table under '{where}': start every table row "
                                    "with '|', or move the text into its own ### section")
    return body[:count]


def is_task_header(line: Line) -> bool:
    """Whether a table's first row reads as a task table header (every column known, day and task)."""
    roles = [column_role(cell.text) for cell in _split_row(*line)]
    return None not in roles and {"day", "task"} <= set(roles)


def _split_row(number: int, raw: str) -> list[_Cell]:
    """Cells of `| a | b |`; the closing pipe is optional, as in markdown."""
    cells: list[_Cell] = []
    start = raw.index("|") + 1
    escaped = False
    for index in range(start, len(raw)):
        char = raw[index]
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == "|":
            cells.append(_cell(raw, start, index))
            start = index + 1
    if raw[start:].strip():
        cells.append(_cell(raw, start, len(raw)))
    return cells


def _cell(raw: str, start: int, end: int) -> _Cell:
    text = raw[start:end]
    return _Cell(start + len(text) - len(text.lstrip()) + 1, text.strip())


def _roles(number: int, header: list[_Cell]) -> list[ColumnRole]:
    roles: list[ColumnRole] = []
    for cell in header:
        role = column_role(cell.text)
        if role is None:
            raise WorklogParseError(number, cell.column,
                                    f"unknown column '{cell.text}': the task table takes Day, Task, "
                                    "Start Date, End Date and References columns; rename it to one of them")
        if role in roles:
            raise WorklogParseError(number, cell.column, f"second {role} column '{cell.text}': keep one")
        roles.append(role)
    for needed in ("day", "task"):
        if needed not in roles:
            raise WorklogParseError(number, 1, f"the task table has no {needed} column: add a "
                                               f"'{needed.title()}' column")
    return roles


def _check_separator(rows: list[Line], width: int) -> None:
    number, raw = rows[1]
    cells = _split_row(number, raw)
    if len(cells) != width or not all(_SEPARATOR_CELL.match(cell.text) for cell in cells):
        raise WorklogParseError(number, first_column(raw),
                                f"the second table row must be the separator, one '---' per column "
                                f"({width}): write '|" + " --- |" * width + "'")


def _check_width(number: int, raw: str, cells: list[_Cell], width: int) -> None:
    if len(cells) == width:
        return
    if len(cells) > width:
        raise WorklogParseError(number, cells[width].column,
                                f"this row has {len(cells)} cells but the header has {width}: remove the "
                                "extra cell, or write '\\|' for a '|' inside a cell")
    raise WorklogParseError(number, len(raw.rstrip()) + 1,
                            f"this row has {len(cells)} cells but the header has {width}: add the missing "
                            "cells ('|  |' for an empty one)")


def _task(number: int, cells: dict[ColumnRole, _Cell], marks: set[str]) -> Task:
    for role in ("start", "end", "references"):
        if role in cells and cells[role].text in _EMPTY_CELLS:
            marks.add(f"empty:{cells[role].text}")
    references = cells.get("references")
    return Task(day=cells["day"].text,
                items=_items(number, cells["task"], marks),
                start=_optional(cells.get("start")),
                end=_optional(cells.get("end")),
                references=[] if references is None else _pieces(references.text))


def _optional(cell: _Cell | None) -> str | None:
    return None if cell is None or cell.text in _EMPTY_CELLS else cell.text


def _pieces(text: str) -> list[str]:
    return [] if text in _EMPTY_CELLS else [piece for piece in _BR_SPLIT.split(text) if piece]


def _items(number: int, cell: _Cell, marks: set[str]) -> list[str | TaskItem]:
    items: list[tuple[str, list[str]]] = []
    for piece in _BR_SPLIT.split(cell.text):
        sub = _SUB_ITEM.match(piece)
        if sub and not items:
            raise WorklogParseError(number, cell.column,
                                    f"sub-item '{piece}' has no item before it in its cell: put a "
                                    "'- item <br>' before it, or drop the '+'")
        if sub:
            items[-1][1].append(sub["text"].strip())
        elif piece:
            top = _TOP_ITEM.match(piece)
            marks.add("dash" if top else "plain")
            items.append(((top["text"] if top else piece).strip(), []))
    return [TaskItem(text=text, sub_items=subs) if subs else text for text, subs in items]


def render_table(table: TaskTable, tasks: list[Task]) -> list[str]:
    """The pipe table, columns padded to line up (as the pages are written)."""
    roles = table.roles()
    rows = [list(table.columns)] + [[_cell_text(task, role, table) for role in roles] for task in tasks]
    widths = [max(3, *(len(row[index]) for row in rows)) for index in range(len(roles))]
    lines = [_row(rows[0], widths), _row(["-" * width for width in widths], widths)]
    return lines + [_row(row, widths) for row in rows[1:]]


def _row(cells: list[str], widths: list[int]) -> str:
    return "| " + " | ".join(cell.ljust(width) for cell, width in zip(cells, widths)) + " |"


def _cell_text(task: Task, role: ColumnRole, table: TaskTable) -> str:
    if role == "day":
        return task.day
    if role == "task":
        return " <br> ".join(_item_text(item, table.item_dashes) for item in task.items)
    if role == "references":
        return " <br> ".join(task.references) or table.empty_cell
    return getattr(task, role) or table.empty_cell


def _item_text(item: str | TaskItem, dashes: bool) -> str:
    text, subs = (item, []) if isinstance(item, str) else (item.text, item.sub_items)
    return " <br> ".join([("- " if dashes else "") + text, *(_SUB_PREFIX + sub for sub in subs)])
