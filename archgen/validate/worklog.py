"""The worklog files: one week each, typed, with deliverables pointing at views that exist."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import ValidationError

from archgen.errors import ModelError, suggest
from archgen.load import Document
from archgen.validate.pydantic_errors import convert
from archgen.worklog.model import Week


def check_weeks(folder: Path, view_ids: set[str] | None, errors: list[ModelError]) -> list[Week]:
    """Every `*.yaml` under the worklog folder, in name order; `view_ids` None skips view checks."""
    from archgen.validate import load_document  # the loader helper lives with the orchestration

    weeks: list[Week] = []
    seen: dict[int, str] = {}
    for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
        document = load_document(path, errors)
        if document is None:
            continue
        week = _check_week(document, errors)
        if week is None:
            continue
        if week.week in seen:
            errors.append(document.error(("week",), f"week {week.week} is also in {seen[week.week]}: "
                                                    "keep one file per week"))
            continue
        seen[week.week] = document.file
        if view_ids is not None:
            _check_deliverables(document, week, view_ids, errors)
        weeks.append(week)
    return sorted(weeks, key=lambda w: w.week)


def _check_week(document: Document, errors: list[ModelError]) -> Week | None:
    if not isinstance(document.data, dict):
        errors.append(document.error((), "a worklog file must be a mapping (week, title, objectives, ...)"))
        return None
    try:
        return Week.model_validate(document.data)
    except ValidationError as exc:
        errors.extend(convert(document, (), exc, Week))
        return None


def _check_deliverables(document: Document, week: Any, view_ids: set[str], errors: list[ModelError]) -> None:
    for index, deliverable in enumerate(week.deliverables):
        for position, view in enumerate(deliverable.views):
            if view not in view_ids:
                errors.append(document.error(("deliverables", index, "views", position),
                                             f"unknown view '{view}'{suggest(view, view_ids)}"))
