"""The task section <-> markdown before the table, the table (`TaskTable`, `Task` rows), markdown after.

Cells are split on unescaped pipes (`\\|` stays in its cell, as in GitHub markdown), task and
reference cells on `<br>`. A task cell item is `- item` (or plain text) and may carry `&emsp; + sub-item`s.
A row shorter than the header is kept (GFM shows the missing cells empty); cells past the header are
kept on the page but not shown (GFM drops them), with a warning either way. An edited row is written
back cell by cell: the cells that did not change keep their text and padding.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from archgen.worklog._text import TABLE_ROW, fenced_spans, starts_block, trim_blank, typed_text
from archgen.worklog.errors import WorklogWarning
from archgen.worklog.layout import Emitter, Line, Recorder, raw_text
from archgen.worklog.model import ColumnRole, Task, TaskItem, TaskTable, column_role

_SEPARATOR_CELL = re.compile(r"^:?-+:?$")
_INDENT_ENTITY = r"(?:&emsp;|&ensp;|&nbsp;|&#8195;|&#x2003;)"
_SUB_ITEM = re.compile(rf"^(?:(?:{_INDENT_ENTITY}\s*)+[-+*•]|\+)\s+(?P<text>.*)$", re.I)
_TOP_ITEM = re.compile(r"^[-*•]\s+(?P<text>.*)$")
_BR = re.compile(r"\s*<br\s*/?>\s*", re.I)
_EMPTY_CELLS = ("", "-")
_SUB_PREFIX = "&emsp; + "


@dataclass
class TaskSection:
    before: str | None
    table: TaskTable | None
    tasks: list[Task]
    after: str | None


def find_table(lines: list[Line]) -> int | None:
    """The index of the first table header row (a `|` row with a separator row under it)."""
    fenced = fenced_spans(lines)
    for index in range(len(lines) - 1):
        if not fenced[index] and TABLE_ROW.match(lines[index].text) and _is_separator(lines[index + 1]):
            return index
    return None


def is_task_header(line: Line, heading_says_tasks: bool) -> bool:
    """A table is the task table when its header has a task column and either the heading says so
    or a day or date column backs it up ("| Service | Description |" alone is not a task table)."""
    roles = [column_role(cell) for cell in _cells(line.text)[0]]
    return "task" in roles and (heading_says_tasks or bool({"day", "start", "end"} & set(roles)))


def parse_task_section(lines: list[Line], scope: str, record: Recorder,
                       warnings: list[WorklogWarning]) -> TaskSection:
    start = find_table(lines)
    if start is None:
        return TaskSection(_markdown(lines, ("tmd", "before"), record), None, [], None)
    before = _markdown(lines[:start], ("tmd", "before"), record)
    end = start + 2
    while end < len(lines) and not lines[end].blank() and (TABLE_ROW.match(lines[end].text)
                                                            or not starts_block(lines[end])):
        end += 1
    table, tasks = _parse_table(lines[start:end], record, warnings)
    _warn_rows_after_blank(lines[end:], warnings)
    after = _markdown(lines[end:], ("tmd", "after"), record)
    return TaskSection(before, table, tasks, after)


def _markdown(lines: list[Line], key: tuple[str, str], record: Recorder) -> str | None:
    lead, body, trail = trim_blank(lines)
    for line in lead:
        record.gap(line.raw)
    if not body:
        for line in trail:
            record.gap(line.raw)
        return None
    text = typed_text([line.text for line in body])
    record.piece((*key, text), raw_text(body))
    for line in trail:
        record.gap(line.raw)
    return text


def _warn_rows_after_blank(rest: list[Line], warnings: list[WorklogWarning]) -> None:
    _, body, _ = trim_blank(rest)
    if body and TABLE_ROW.match(body[0].text):
        warnings.append(WorklogWarning(body[0].number, (
            "these '|' rows come after a blank line, so Hugo shows them as text, not as rows of the task "
            f"table: remove the blank line above line {body[0].number} to make them rows")))


def _parse_table(rows: list[Line], record: Recorder,
                 warnings: list[WorklogWarning]) -> tuple[TaskTable, list[Task]]:
    header, widths, closed = _cells(rows[0].text)
    columns = header  # the section is the task section only when this header has a task column
    roles = TaskTable(columns=columns).roles()
    record.piece(("th", json.dumps(header, ensure_ascii=False)), rows[0].raw)
    record.piece(("ts", len(header)), rows[1].raw)
    _, separator_widths, _ = _cells(rows[1].text)
    aligned = separator_widths == widths  # a padded table: new cells are padded to line up with it
    record.style("cell-widths", tuple(widths) if aligned else ())
    record.style("row-closed", closed)
    tasks: list[Task] = []
    marks: set[str] = set()
    for line in rows[2:]:
        cells, cell_widths, row_closed = _cells(line.text)
        _check_width(line, len(cells), len(header), warnings)
        task = _task(dict(enumerate(cells)), roles, marks, record)
        tasks.append(task)
        record.piece(("tr", task_key(task)), line.raw)
        record.style(("row", len(tasks) - 1), (tuple(_raw_cells(line.text)), row_closed))
    empty = "-" if "empty:-" in marks else ""
    return TaskTable(columns=columns, empty_cell=empty, item_dashes="dash" in marks or "plain" not in marks), tasks


def task_key(task: Task) -> str:
    return task.model_dump_json()


def _is_separator(line: Line) -> bool:
    cells, _, _ = _cells(line.text)
    return bool(cells) and all(_SEPARATOR_CELL.match(cell) for cell in cells)


def _raw_cells(text: str) -> list[str]:
    """The cells of `| a | b |` as written (padding kept); the closing pipe is optional."""
    cells: list[str] = []
    start = text.index("|") + 1 if "|" in text.lstrip()[:1] else 0
    escaped = False
    for index in range(start, len(text)):
        char = text[index]
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == "|":
            cells.append(text[start:index])
            start = index + 1
    if text[start:].strip():
        cells.append(text[start:])
    return cells


def _cells(text: str) -> tuple[list[str], list[int], bool]:
    raw = _raw_cells(text)
    return [cell.strip() for cell in raw], [len(cell) for cell in raw], text.rstrip().endswith("|")


def _check_width(line: Line, count: int, width: int, warnings: list[WorklogWarning]) -> None:
    if count < width:
        warnings.append(WorklogWarning(line.number, (
            f"this row has {count} cells but the header has {width}: kept, and the missing cells show "
            "empty (add '|  |' cells to say so)")))
    elif count > width:
        warnings.append(WorklogWarning(line.number, (
            f"this row has {count} cells but the header has {width}: kept on the page, but Hugo and the "
            "site do not show the cells past the header (write '\\|' for a '|' inside a cell)")))


def _task(cells: dict[int, str], roles: list[ColumnRole | None], marks: set[str], record: Recorder) -> Task:
    by_role = {role: cells.get(index, "") for index, role in enumerate(roles) if role is not None}
    for index, role in enumerate(roles):
        if role in ("start", "end", "references") and index in cells and cells[index] in _EMPTY_CELLS:
            marks.add(f"empty:{cells[index]}")
    extra = [cells.get(index, "") for index, role in enumerate(roles) if role is None]
    while extra and not extra[-1]:
        extra.pop()
    return Task(day=by_role.get("day", ""), items=_items(by_role.get("task", ""), marks, record),
                start=_optional(by_role.get("start")), end=_optional(by_role.get("end")),
                references=_pieces(by_role.get("references", ""), record), extra=extra)


def _optional(text: str | None) -> str | None:
    return None if text is None or text in _EMPTY_CELLS else text


def _pieces(text: str, record: Recorder) -> list[str]:
    if text in _EMPTY_CELLS:
        return []
    _separator(text, record)
    return [piece for piece in _BR.split(text) if piece]


def _separator(text: str, record: Recorder) -> None:
    found = _BR.search(text)
    if found:
        record.style("br", found.group())


def _items(text: str, marks: set[str], record: Recorder) -> list[str | TaskItem]:
    items: list[tuple[str, list[str]]] = []
    _separator(text, record)
    for piece in _BR.split(text):
        sub = _SUB_ITEM.match(piece)
        if sub and items:
            items[-1][1].append(sub["text"].strip())
        elif piece:
            top = _TOP_ITEM.match(piece)
            marks.add("dash" if top else "plain")
            items.append(((top["text"] if top else piece).strip(), []))
    return [TaskItem(text=text, sub_items=subs) if subs else text for text, subs in items]


def render_task_section(table: TaskTable, tasks: list[Task], before: str | None,
                        after: str | None, emit: Emitter) -> None:
    if before is not None:
        emit.piece(("tmd", "before", before), lambda: _lines(before, emit), default_gap="\n")
    columns = table.columns
    emit.piece(("th", json.dumps(columns, ensure_ascii=False)), lambda: _row(columns, None, emit),
               default_gap="\n" if before is not None else "")
    emit.piece(("ts", len(columns)), lambda: _row(["-" * 3] * len(columns), None, emit, dashes=True))
    for index, task in enumerate(tasks):
        emit.piece(("tr", task_key(task)), lambda index=index, task=task: _task_row(table, task, index, emit))
    if after is not None:
        emit.piece(("tmd", "after", after), lambda: _lines(after, emit), default_gap="\n")


def _lines(text: str, emit: Emitter) -> str:
    return "".join(line + emit.newline for line in text.split("\n"))


def _task_row(table: TaskTable, task: Task, index: int, emit: Emitter) -> str:
    """A changed row: cells equal to the same row of the page keep their text; the others are new."""
    cells = cell_texts(table, task, emit)
    base = emit.layout.style(("row", index), default=None)
    if base is not None:
        raw_cells, closed = base
        filled = max((i + 1 for i, cell in enumerate(cells) if cell), default=0)
        cells = cells[:max(len(raw_cells), filled)]  # a short row stays short where it is still empty
        old = _base_task(raw_cells, table)
        mine = cell_texts(table, old, emit) if old is not None else []
        kept = [raw if index < len(mine) and mine[index] == cells[index] else None
                for index, raw in enumerate(raw_cells[:len(cells)])]
        return _row(cells, kept, emit, closed=closed)
    return _row(cells, None, emit)


def _base_task(raw_cells: tuple[str, ...], table: TaskTable) -> Task | None:
    try:
        return _task(dict(enumerate(cell.strip() for cell in raw_cells)), table.roles(), set(), Recorder("\n"))
    except ValueError:
        return None


def cell_texts(table: TaskTable, task: Task, emit: Emitter | None = None) -> list[str]:
    """The text of each cell of a row, in the table's own conventions."""
    separator = emit.layout.style("br", default=" <br> ") if emit else " <br> "
    extras = iter(task.extra)
    cells: list[str] = []
    for role in table.roles():
        if role == "day":
            cells.append(task.day)
        elif role == "task":
            cells.append(separator.join(_item_text(item, table.item_dashes) for item in task.items))
        elif role == "references":
            cells.append(separator.join(task.references) or table.empty_cell)
        elif role in ("start", "end"):
            cells.append(getattr(task, role) or table.empty_cell)
        else:
            cells.append(next(extras, ""))
    return cells


def _item_text(item: str | TaskItem, dashes: bool) -> str:
    text, subs = (item, []) if isinstance(item, str) else (item.text, item.sub_items)
    return " <br> ".join([("- " if dashes else "") + text, *(_SUB_PREFIX + sub for sub in subs)])


def _row(cells: list[str], kept: list[str | None] | None, emit: Emitter, dashes: bool = False,
         closed: bool | None = None) -> str:
    widths = emit.layout.style("cell-widths", default=())
    closed = emit.layout.style("row-closed", default=True) if closed is None else closed
    out: list[str] = []
    for index, cell in enumerate(cells):
        if kept and index < len(kept) and kept[index] is not None:
            out.append(kept[index])  # type: ignore[arg-type]
            continue
        width = widths[index] if index < len(widths) else 0
        if dashes:
            out.append(" " + "-" * max(3, width - 2) + " " if width else " --- ")
        else:
            out.append(" " + cell.ljust(max(0, width - 2)) + " ")
    return "|" + "|".join(out) + ("|" if closed else "") + emit.newline

