"""The Week model refuses what export could not write back, with the fix in the message."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import BaseModel, ValidationError

from archgen.worklog import model
from archgen.worklog.hugo import parse_hugo, to_hugo
from archgen.worklog.model import Week, column_role

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
              "Reference Materials", "Reference Material", "References", "Reference", "Notes"]}
    assert roles == {"Day": "day", "Date": "day", "Task": "task", "Tasks": "task", "Work Done": "task",
                     "Start Date": "start", "End Date": "end", "Completion Date": "end",
                     "Reference Materials": "references", "Reference Material": "references",
                     "References": "references", "Reference": "references", "Notes": None}


def test_deliverables_need_a_slot() -> None:
    assert "add `- deliverables: 'Deliverables:'` to achievements" in _invalid(achievements=["Table created."])


def test_one_slot_only() -> None:
    slots = [{"deliverables": "Deliverables:"}, {"deliverables": "Practice / Deliverables:"}]
    assert "more than one 'deliverables:' entry" in _invalid(achievements=slots)


def test_dates_need_their_column() -> None:
    message = _invalid(table={"columns": ["Day", "Task", "References"]})
    assert "tasks[0].start is set but the table has no start column" in message


def test_unknown_column() -> None:
    assert "unknown column 'Notes'" in _invalid(table={"columns": ["Day", "Task", "Notes"]})


def test_table_needs_day_and_task() -> None:
    assert "needs a day column" in _invalid(table={"columns": ["Task"]})


def test_content_needs_its_heading() -> None:
    assert "objectives are given but objectives_heading is not" in _invalid(objectives=["Learn IAM."])


def test_cell_text_must_fit_a_cell() -> None:
    assert "write '\\|'" in _invalid(tasks=[{"day": "2", "items": ["a | b"]}])
    assert "has a line break" in _invalid(tasks=[{"day": "2", "items": ["a\nb"]}])


def test_section_after_a_missing_section() -> None:
    message = _invalid(sections=[{"heading": "Notes", "after": "objectives"}])
    assert "comes after objectives, which this week does not have" in message


def test_section_has_items_or_body() -> None:
    assert "both items and body" in _invalid(sections=[{"heading": "Notes", "items": ["a"], "body": "b"}])


def test_unknown_field_is_refused() -> None:
    assert "Extra inputs are not permitted" in _invalid(objective=["typo"])
