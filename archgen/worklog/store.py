"""Weeks <-> files: `model/worklog/week-NN.yaml` in, `week-NN.md` Hugo pages out.

The YAML is written for people: block style, keys in model order, defaults left out,
unicode as is, long lines kept whole, multi-line text as `|` blocks. Imports are all or
nothing: every page is parsed before any file is written, and each file is replaced
atomically (temp file + os.replace), and only when its bytes change.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

import yaml

from archgen.worklog.errors import WorklogParseError
from archgen.worklog.hugo import parse_hugo, to_hugo
from archgen.worklog.model import Week

SCHEMA_COMMENT = "# yaml-language-server: $schema=../schema/worklog.schema.json"


class WorklogImportError(Exception):
    """Every page that could not be imported, one `file:line:col: message` per line."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


class _Dumper(yaml.SafeDumper):
    """Indented block lists, no anchors/aliases (a repeated value is written out again)."""

    def ignore_aliases(self, data: Any) -> bool:
        return True

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def _represent_str(dumper: yaml.SafeDumper, text: str) -> yaml.ScalarNode:
    # multi-line text (raw section bodies, bullets with paragraphs) reads best as a `|` block
    style = "|" if "\n" in text else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


_Dumper.add_representer(str, _represent_str)


def week_to_yaml(week: Week, schema_comment: str | None = SCHEMA_COMMENT) -> str:
    """The week as YAML, deterministic; fields left at their default are left out."""
    data = week.model_dump(mode="python", exclude_defaults=True)
    text = yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True,
                     default_flow_style=False, width=float("inf"))
    return f"{schema_comment}\n{text}" if schema_comment else text


def week_from_data(data: dict[str, Any]) -> Week:
    """A week from loaded YAML data; raises pydantic's ValidationError when it does not fit."""
    return Week.model_validate(data)


def week_file_name(week: Week, suffix: str) -> str:
    return f"week-{week.week:02d}{suffix}"


def import_pages(paths: list[Path], worklog_dir: Path) -> list[Path]:
    """Parse every page, then write `week-NN.yaml` for each; nothing is written if any page fails."""
    weeks, problems = _parse_all(paths)
    problems += _duplicate_weeks(weeks)
    if problems:
        raise WorklogImportError(problems)
    files = {worklog_dir / week_file_name(week, ".yaml"): week_to_yaml(week) for _, week in weeks}
    return _write_all(files)


def export_weeks(weeks: list[Week], out_dir: Path) -> list[Path]:
    """Write `week-NN.md` Hugo pages; two weeks with the same number are refused before writing."""
    numbers = [week.week for week in weeks]
    twice = sorted({number for number in numbers if numbers.count(number) > 1})
    if twice:
        raise WorklogImportError([f"week {number} is given more than once: export each week once"
                                  for number in twice])
    return _write_all({out_dir / week_file_name(week, ".md"): to_hugo(week) for week in weeks})


def _parse_all(paths: list[Path]) -> tuple[list[tuple[Path, Week]], list[str]]:
    weeks: list[tuple[Path, Week]] = []
    problems: list[str] = []
    for path in paths:
        try:
            weeks.append((path, parse_hugo(path.read_text(encoding="utf-8"))))
        except WorklogParseError as exc:
            problems.append(f"{path}:{exc.line}:{exc.column}: {exc.message}")
        except UnicodeDecodeError:
            problems.append(f"{path}:1:1: the page is not UTF-8 text: save it as UTF-8")
        except OSError as exc:
            problems.append(f"{path}:1:1: cannot read the page: {exc.strerror}")
    return weeks, problems


def _duplicate_weeks(weeks: list[tuple[Path, Week]]) -> list[str]:
    first: dict[int, Path] = {}
    problems: list[str] = []
    for path, week in weeks:
        if week.week in first:
            problems.append(f"{path}:1:1: week {week.week} is also in {first[week.week]}: "
                            "import one page per week")
        first.setdefault(week.week, path)
    return problems


def _write_all(files: dict[Path, str]) -> list[Path]:
    """Stage every changed file as a temp file first, then swap them all in."""
    staged: list[tuple[Path, Path]] = []
    try:
        for target, text in files.items():
            data = text.encode("utf-8")
            if target.is_file() and target.read_bytes() == data:
                continue  # unchanged: leave the file (and watchers of it) alone
            target.parent.mkdir(parents=True, exist_ok=True)
            staged.append((_stage(target, data), target))
    except BaseException:
        for temp, _ in staged:
            temp.unlink(missing_ok=True)
        raise
    for temp, target in staged:
        os.replace(temp, target)
    return list(files)


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
