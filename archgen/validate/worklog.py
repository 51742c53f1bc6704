"""The worklog files: one week per file and language, typed, with deliverables pointing at views that
exist; the pages as imported and the images they show, read from inside the worklog folder only."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import ValidationError

from archgen.errors import ModelError, suggest
from archgen.load import Document
from archgen.validate.pydantic_errors import convert
from archgen.worklog.folder import INDEX_PAGE
from archgen.worklog.images import PAGES_DIR, image_refs, model_path, read_inside
from archgen.worklog.model import Week, Worklog, texts_of


def load_worklog(folder: Path, view_ids: set[str] | None, errors: list[ModelError]) -> Worklog:
    """Every `*.yaml` under the worklog folder, in name order; `view_ids` None skips view checks."""
    weeks = check_weeks(folder, view_ids, errors)
    pages = {week.page: text for week in weeks if week.page
             for text in [_read_text(folder / PAGES_DIR / week.page, folder)] if text is not None}
    index_pages = _index_pages(folder)
    sub_pages = _sub_pages(folder, {week.page for week in weeks if week.page})
    files: dict[str, bytes] = {}
    for week in weeks:
        _images(folder, week.page, "\n".join(texts_of(week)), files)
    for name, text in {**index_pages, **sub_pages}.items():
        _images(folder, name, text, files)
    return Worklog(weeks, index_pages, pages, files, sub_pages)


def check_weeks(folder: Path, view_ids: set[str] | None, errors: list[ModelError]) -> list[Week]:
    from archgen.validate import load_document  # the loader helper lives with the orchestration

    weeks: list[Week] = []
    seen: dict[tuple[int, str], str] = {}
    for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
        document = load_document(path, errors, folder.parent)  # the model folder holds the worklog
        if document is None:
            continue
        week = _check_week(document, errors)
        if week is None:
            continue
        key = (week.week, week.language)
        if key in seen:
            errors.append(document.error(("week",), f"week {week.week} ({week.language}) is also in "
                                                    f"{seen[key]}: keep one file per week and language"))
            continue
        seen[key] = document.file
        if view_ids is not None:
            _check_deliverables(document, week, view_ids, errors)
        weeks.append(week)
    return sorted(weeks, key=lambda w: (w.week, w.language))


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


def _read_text(path: Path, folder: Path) -> str | None:
    """A page copy, when it is a file really inside the worklog folder (a symlink out is ignored)."""
    try:
        if not path.resolve(strict=True).is_relative_to(folder.resolve()) or not path.is_file():
            return None
        return path.read_bytes().decode("utf-8")  # as written: read_text would turn CRLF into LF
    except (OSError, RuntimeError, UnicodeDecodeError):
        return None


def _index_pages(folder: Path) -> dict[str, str]:
    pages_dir = folder / PAGES_DIR
    found = {}
    for path in sorted(pages_dir.glob("_index*.md")) if pages_dir.is_dir() else []:
        text = _read_text(path, folder) if INDEX_PAGE.match(path.name) else None
        if text is not None:
            found[path.name] = text
    return found


def _sub_pages(folder: Path, week_pages: set[str]) -> dict[str, str]:
    """The pages inside a week's folder that are not weeks themselves (a week's days), as written."""
    pages_dir = folder / PAGES_DIR
    week_folders = {page.rsplit("/", 1)[0] for page in week_pages if "/" in page}
    found = {}
    for path in sorted(pages_dir.rglob("*.md")) if pages_dir.is_dir() else []:
        name = path.relative_to(pages_dir).as_posix()
        if name in week_pages or not any(name.startswith(f + "/") for f in week_folders):
            continue
        text = _read_text(path, folder)
        if text is not None:
            found[name] = text
    return found


def _images(folder: Path, page: str | None, text: str, files: dict[str, bytes]) -> None:
    for ref in image_refs(text):
        target = model_path(ref.src, page)
        if target is not None and target not in files:
            data, _ = read_inside(folder, target)
            if data is not None:
                files[target] = data
