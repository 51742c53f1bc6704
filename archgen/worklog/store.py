"""Weeks <-> files: the model's worklog folder in, Hugo pages out.

    model/worklog/week-09.yaml          the week's parts (default language)
    model/worklog/week-09.vi.yaml       the same week in Vietnamese
    model/worklog/pages/<Hugo name>     each page as imported (its layout), the folder's own _index
                                        pages, and the images beside them
    model/worklog/static/<path>         images the pages take from the Hugo site's static/ folder

The YAML is written for people: block style, keys in model order, defaults left out, unicode as is.
Imports are all or nothing: every page is read before any file is written, each file is replaced
atomically, and only when its bytes change. A week already in the model is replaced only with
`--replace`, after the difference is shown; `--check` writes nothing and says what would change.
"""

from __future__ import annotations

import difflib
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from archgen.inside import is_inside
from archgen.worklog.folder import Imported, ImportedPage, read_sources
from archgen.worklog.hugo import to_hugo
from archgen.worklog.images import PAGES_DIR
from archgen.worklog.model import DEFAULT_LANGUAGE, Week, Worklog

SCHEMA_COMMENT = "# yaml-language-server: $schema=../schema/worklog.schema.json"


class WorklogImportError(Exception):
    """Every page that could not be imported, one `file:line:col: message` per line."""

    def __init__(self, problems: list[str], warnings: list[str] | None = None) -> None:
        self.problems = problems
        self.warnings = warnings or []
        super().__init__("\n".join(problems))


@dataclass
class Changes:
    changed: list[Path] = field(default_factory=list)     # written, or (with check) would be
    unchanged: list[Path] = field(default_factory=list)
    removed: list[Path] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)     # the differences of the weeks replaced


class _Dumper(yaml.SafeDumper):
    """Indented block lists, no anchors/aliases (a repeated value is written out again)."""

    def ignore_aliases(self, data: Any) -> bool:
        return True

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def _represent_str(dumper: yaml.SafeDumper, text: str) -> yaml.ScalarNode:
    # multi-line text (markdown blocks, bullets with several lines) reads best as a `|` block
    style = "|" if "\n" in text else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


_Dumper.add_representer(str, _represent_str)


def week_to_yaml(week: Week, schema_comment: str | None = SCHEMA_COMMENT) -> str:
    """The week as YAML, deterministic; fields left at their default are left out."""
    data = week.model_dump(mode="python", exclude_defaults=True)
    if week.front_matter is None:
        data["front_matter"] = None  # no front matter at all, which is not the default
    text = yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True,
                     default_flow_style=False, width=float("inf"))
    return f"{schema_comment}\n{text}" if schema_comment else text


def week_from_data(data: dict[str, Any]) -> Week:
    """A week from loaded YAML data; raises pydantic's ValidationError when it does not fit."""
    return Week.model_validate(data)


def week_file_name(week: Week, suffix: str = ".yaml") -> str:
    language = "" if week.language == DEFAULT_LANGUAGE else f".{week.language}"
    return f"week-{week.week:02d}{language}{suffix}"


def page_name(week: Week) -> str:
    """Where export writes the week: its Hugo name, else week-NN.md (week-NN.vi.md)."""
    return week.page or week_file_name(week, ".md")


def import_worklog(sources: list[Path], worklog_dir: Path, *, replace: bool = False,
                   check: bool = False) -> Changes:
    """Pages or worklog folders into the model; raises WorklogImportError with nothing written."""
    found = read_sources(sources)
    if found.problems:
        raise WorklogImportError(found.problems, found.warnings)
    existing = _existing_weeks(worklog_dir)
    files: dict[Path, bytes] = {}
    removed: list[Path] = []
    conflicts: list[str] = []
    replaced: list[str] = []
    for page in found.pages:
        week = page.parsed.week
        old = existing.get((week.week, week.language))
        if old is not None:
            week = _keep_views(week, old[0])
            difference = _difference(worklog_dir, old[0], old[1], page)
            if difference and not replace:
                conflicts.append(f"{page.source}: week {week.week} ({week.language}) is already in "
                                 f"{old[1]} and differs:\n{difference}run again with --replace to replace it")
                continue
            if difference:
                replaced.append(difference)
            if old[0].page and old[0].page != week.page:
                removed.append(worklog_dir / PAGES_DIR / old[0].page)
        files[worklog_dir / week_file_name(week)] = week_to_yaml(week).encode("utf-8")
        files[worklog_dir / PAGES_DIR / page.name] = page.text.encode("utf-8")
    if conflicts:
        raise WorklogImportError(conflicts, found.warnings)
    files.update(_extras(found, worklog_dir))
    if not is_inside(worklog_dir, worklog_dir.parent):  # the model's worklog folder is a link out of it
        raise WorklogImportError([f"{worklog_dir}: leads outside the model folder (a symlink): nothing was written"],
                                 found.warnings)
    changes = Changes(warnings=found.warnings, replaced=replaced)
    _apply(files, [path for path in removed if path.is_file()], changes, check, worklog_dir)
    return changes


def _extras(found: Imported, worklog_dir: Path) -> dict[Path, bytes]:
    kept = {**found.index_pages, **found.sub_pages}  # pages that are not weeks: kept as written
    files = {worklog_dir / PAGES_DIR / name: text.encode("utf-8") for name, text in kept.items()}
    files.update({worklog_dir / name: data for name, data in found.images.items()})
    return files


def _existing_weeks(worklog_dir: Path) -> dict[tuple[int, str], tuple[Week, Path]]:
    """The weeks the model has; a file that does not read as a week is left to `validate` to report."""
    weeks: dict[tuple[int, str], tuple[Week, Path]] = {}
    for path in sorted(worklog_dir.glob("*.yaml")) if worklog_dir.is_dir() else []:
        if not is_inside(path, worklog_dir.parent):  # not read: validate reports it
            continue
        try:
            week = week_from_data(yaml.safe_load(path.read_text("utf-8")))
        except (OSError, UnicodeDecodeError, yaml.YAMLError, ValidationError, TypeError):
            continue
        weeks[(week.week, week.language)] = (week, path)
    return weeks


def _keep_views(week: Week, old: Week) -> Week:
    """A page carries no diagram links: a re-imported deliverable keeps the views the model gave it."""
    views = {deliverable.text: deliverable.views for deliverable in old.deliverables}
    if not any(not d.views and views.get(d.text) for d in week.deliverables):
        return week
    copy = week.model_copy(deep=True)
    for deliverable in copy.deliverables:
        deliverable.views = deliverable.views or list(views.get(deliverable.text, []))
    return Week.model_validate(copy.model_dump())


def _difference(worklog_dir: Path, old: Week, old_file: Path, page: ImportedPage) -> str:
    """The page the model would export now against the page being imported, as a unified diff."""
    current = to_hugo(old, _page_copy(worklog_dir, old))
    if current == page.text and old == _keep_views(page.parsed.week, old):
        return ""
    lines = difflib.unified_diff(current.splitlines(keepends=True), page.text.splitlines(keepends=True),
                                 f"{old_file.name} (in the model)", str(page.source), n=1)
    text = "".join(line if line.endswith("\n") else line + "\n" for line in lines)
    return text or f"  (the same page text; the model's {old_file.name} differs in what the page does not hold)\n"


def _page_copy(worklog_dir: Path, week: Week) -> str | None:
    if week.page is None:
        return None
    path = worklog_dir / PAGES_DIR / week.page
    try:
        inside = path.resolve().is_relative_to(worklog_dir.resolve())
        return path.read_bytes().decode("utf-8") if inside else None  # bytes: CRLF stays CRLF
    except (OSError, UnicodeDecodeError):
        return None


def export_worklog(worklog: Worklog, out_dir: Path, *, check: bool = False) -> Changes:
    """Each week under its Hugo name, the worklog folder's own pages, and the images beside them."""
    names: dict[str, Week] = {}
    problems = []
    for week in worklog.weeks:
        name = page_name(week)
        if name in names:
            problems.append(f"weeks {names[name].week} ({names[name].language}) and {week.week} "
                            f"({week.language}) both export to {name}: give each its own page")
        names[name] = week
    if problems:
        raise WorklogImportError(problems)
    files = {out_dir / name: to_hugo(week, worklog.pages.get(name)).encode("utf-8") for name, week in names.items()}
    kept = {**worklog.index_pages, **worklog.sub_pages}
    files.update({out_dir / name: text.encode("utf-8") for name, text in kept.items()})
    files.update({out_dir / name.split("/", 1)[1]: data for name, data in worklog.files.items()
                  if name.startswith(f"{PAGES_DIR}/")})  # static/ images stay in the site's static/
    changes = Changes()
    _apply(files, [], changes, check, out_dir)
    return changes


def _apply(files: dict[Path, bytes], removed: list[Path], changes: Changes, check: bool, root: Path) -> None:
    outside = [path for path in [*files, *removed] if not is_inside(path, root)]
    if outside:  # a symlink in the folder would take the write elsewhere
        raise WorklogImportError([f"{path}: leads outside {root} (a symlink?): nothing was written"
                                  for path in outside])
    for path, data in files.items():
        same = path.is_file() and path.read_bytes() == data
        (changes.unchanged if same else changes.changed).append(path)
    changes.removed = removed
    if not check:
        _write_all({path: files[path] for path in changes.changed})
        for path in removed:
            path.unlink(missing_ok=True)


def _write_all(files: dict[Path, bytes]) -> None:
    """Stage every changed file as a temp file first, then swap them all in."""
    staged: list[tuple[Path, Path]] = []
    try:
        for target, data in files.items():
            target.parent.mkdir(parents=True, exist_ok=True)
            staged.append((_stage(target, data), target))
    except BaseException:
        for temp, _ in staged:
            temp.unlink(missing_ok=True)
        raise
    for temp, target in staged:
        os.replace(temp, target)


def _stage(target: Path, data: bytes) -> Path:
    handle, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(name, 0o644)  # mkstemp makes 0600; the file is an ordinary project file
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise
    return Path(name)
