"""The Week model refuses what export could not write back, with the fix in the message."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import BaseModel, ValidationError

from archgen.worklog import model
from archgen.worklog.hugo import parse_hugo, to_hugo
from archgen.worklog.model import Week, column_role, count_bullets

MODELS = [value for value in vars(model).values()
          if isinstance(value, type) and issubclass(value, BaseModel) and value is not BaseModel]

BASE: dict[str, Any] = {
    "week": 4,
    "title": "Week 4 Worklog",
    "tasks_heading": "Tasks to be carried out this week:",
    "tasks": [{"day": 2, "items": ["Create the table"], "start": "01/02/2025"}],
    "achievements_heading": "Week 4 Achievements:",
    "achievements": ["Table created.", {"deliverables": "Deliverables:"}],
    "deliverables": [{"text": "Table design", "views": ["architecture"]}],
}


def _invalid(**changes: Any) -> str:
    with pytest.raises(ValidationError) as info:
        Week.model_validate({**BASE, **changes})
    return str(info.value)


def test_every_model_forbids_unknown_fields() -> None:
    assert {m.__name__ for m in MODELS} >= {"Week", "Task", "TaskItem", "TaskTable", "Bullet", "Section",
                                            "Deliverable", "DeliverablesSlot"}
    for cls in MODELS:
        assert cls.model_config.get("extra") == "forbid", cls.__name__


def test_base_is_valid_and_exports() -> None:
    week = Week.model_validate(BASE)
    assert week.tasks[0].day == "2"  # `day: 2` in YAML is the text "2"
    page = to_hugo(week)
    assert "* Deliverables:\n  * Table design" in page
    assert parse_hugo(page).deliverables[0].text == "Table design"


def test_column_roles() -> None:
    roles = {header: column_role(header) for header in
             ["Day", "Date", "Task", "Tasks", "Work Done", "Start Date", "End Date", "Completion Date",
              "Reference Materials", "Reference Material", "References", "Reference", "Notes",
              "Thứ", "Ngày", "Công việc", "Nhiệm vụ", "Ngày bắt đầu", "Ngày hoàn thành", "Nguồn tài liệu",
              "Tài liệu tham khảo"]}
    assert roles == {"Day": "day", "Date": "day", "Task": "task", "Tasks": "task", "Work Done": "task",
                     "Start Date": "start", "End Date": "end", "Completion Date": "end",
                     "Reference Materials": "references", "Reference Material": "references",
                     "References": "references", "Reference": "references", "Notes": None,
                     "Thứ": "day", "Ngày": "day", "Công việc": "task", "Nhiệm vụ": "task", "Ngày bắt đầu": "start",
                     "Ngày hoàn thành": "end", "Nguồn tài liệu": "references", "Tài liệu tham khảo": "references"}


def test_deliverables_need_a_slot() -> None:
    assert "add `- deliverables: 'Deliverables:'` to achievements" in _invalid(achievements=["Table created."])


def test_one_slot_only() -> None:
    slots = [{"deliverables": "Deliverables:"}, {"deliverables": "Practice / Deliverables:"}]
    assert "more than one 'deliverables:' entry" in _invalid(achievements=slots)


def test_dates_need_their_column() -> None:
    message = _invalid(table={"columns": ["Day", "Task", "References"]})
    assert "tasks[0].start is set but the table has no start column" in message


def test_columns_without_a_role_keep_their_cells_in_extra() -> None:
    table = {"columns": ["No.", "Day", "Task", "Date"]}
    week = Week.model_validate({**BASE, "table": table, "tasks": [{"day": 2, "items": ["a"], "extra": ["1", "x"]}]})
    assert week.table.roles() == [None, "day", "task", None]
    assert "extra has 3 cells but the table has 2" in _invalid(table=table, tasks=[{"items": ["a"], "extra": ["1", "2", "3"]}])


def test_table_needs_a_task_column() -> None:
    assert "needs a task column" in _invalid(table={"columns": ["Day"]})


def test_page_names_stay_inside_the_worklog_folder() -> None:
    for page in ("../outside.md", "/etc/x.md", "a/../../b.md", ".hidden/x.md", "a\\b.md", "x.txt"):
        assert "page" in _invalid(page=page), page
    assert Week.model_validate({**BASE, "page": "1.4-Week4/_index.vi.md"}).page == "1.4-Week4/_index.vi.md"


def test_content_needs_its_heading() -> None:
    assert "objectives are given but objectives_heading is not" in _invalid(objectives=["Learn IAM."])


def test_cell_text_must_fit_a_cell() -> None:
    assert "write '\\|'" in _invalid(tasks=[{"day": "2", "items": ["a | b"]}])
    assert "has a line break" in _invalid(tasks=[{"day": "2", "items": ["a\nb"]}])


def test_section_after_a_missing_section() -> None:
    message = _invalid(sections=[{"heading": "Notes", "after": "objectives"}])
    assert "comes after objectives, which this week does not have" in message


def test_markdown_items_are_kept_and_not_counted() -> None:
    week = Week.model_validate({**BASE, "objectives_heading": "Goals", "objectives": ["a", {"markdown": "para"}]})
    assert count_bullets(week.objectives) == 1


def test_unknown_field_is_refused() -> None:
    assert "Extra inputs are not permitted" in _invalid(objective=["typo"])
