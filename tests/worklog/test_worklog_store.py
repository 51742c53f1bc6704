"""Week files: readable YAML, all-or-nothing imports, atomic writes, page export."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml

from archgen.worklog.hugo import parse_hugo, to_hugo
from archgen.worklog.model import Week
from archgen.worklog.store import (SCHEMA_COMMENT, WorklogImportError, export_weeks, import_pages,
                                   week_from_data, week_to_yaml)

SAMPLES = Path(__file__).resolve().parents[2] / ".." / "shared" / "samples" / "worklogs"

BAD_PAGE = '---\ntitle: "Week 12 Worklog"\n---\n### Week 12 Objectives:\n\nJust a paragraph.\n'


@pytest.fixture
def samples() -> Path:
    if not SAMPLES.is_dir():
        pytest.skip(f"sample pages folder {SAMPLES.resolve()} is absent (it lives in shared/, beside the repo)")
    return SAMPLES


def _copy(samples: Path, folder: Path, *names: str) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name in names:
        (folder / name).write_text((samples / name).read_text(encoding="utf-8"), encoding="utf-8")
        paths.append(folder / name)
    return paths


def test_yaml_is_readable(samples: Path) -> None:
    week = parse_hugo((samples / "week-09-seed.md").read_text(encoding="utf-8"))
    text = week_to_yaml(week)
    lines = text.split("\n")
    assert lines[0] == SCHEMA_COMMENT
    assert lines[1:4] == ["week: 9", "title: Week 9 Worklog", "front_matter:"]
    assert "BE – FE – Auth – Edge" in text  # unicode as is, not escaped
    assert any(len(line) > 300 for line in lines)  # the long overview line is not folded
    assert "table:" not in text and "references:" not in text and "bullet:" not in text  # defaults left out
    assert "{" not in text and "[" not in text  # block style only
    keys = [line.split(":")[0] for line in lines if line and not line.startswith((" ", "#"))]
    assert keys == ["week", "title", "front_matter", "objectives_heading", "objectives", "tasks_heading",
                    "tasks", "achievements_heading", "achievements", "deliverables"]


def test_yaml_without_schema_comment() -> None:
    week = Week(week=1, title="Week 1")
    assert week_to_yaml(week, schema_comment=None) == "week: 1\ntitle: Week 1\n"
    assert week_from_data({"week": 1, "title": "Week 1"}) == week


def test_import_writes_one_file_per_week(samples: Path, tmp_path: Path) -> None:
    pages = _copy(samples, tmp_path / "pages", "week-09-seed.md", "week-10-weekday-names.md")
    written = import_pages(pages, tmp_path / "model" / "worklog")
    assert [path.name for path in written] == ["week-09.yaml", "week-10.yaml"]
    assert sorted(p.name for p in (tmp_path / "model" / "worklog").iterdir()) == ["week-09.yaml", "week-10.yaml"]
    for page, path in zip(pages, written):
        loaded = week_from_data(yaml.safe_load(path.read_text(encoding="utf-8")))
        assert loaded == parse_hugo(page.read_text(encoding="utf-8"))


def test_import_leaves_unchanged_files_alone(samples: Path, tmp_path: Path) -> None:
    pages = _copy(samples, tmp_path / "pages", "week-09-seed.md")
    [path] = import_pages(pages, tmp_path / "worklog")
    os.utime(path, ns=(1_000_000_000, 1_000_000_000))
    import_pages(pages, tmp_path / "worklog")
    assert path.stat().st_mtime_ns == 1_000_000_000


def test_import_writes_nothing_when_one_page_is_bad(samples: Path, tmp_path: Path) -> None:
    pages = _copy(samples, tmp_path / "pages", "week-09-seed.md", "week-10-day-ranges.md")
    bad = tmp_path / "pages" / "week-12.md"
    bad.write_text(BAD_PAGE, encoding="utf-8")
    worklog = tmp_path / "worklog"
    with pytest.raises(WorklogImportError) as info:
        import_pages([pages[0], bad, pages[1]], worklog)
    assert info.value.problems == [f"{bad}:6:1: text outside the bullet list of 'Week 12 Objectives:': make "
                                   "it a bullet ('* ...'), indent it under one, or move it into its own "
                                   "### section"]
    assert not worklog.exists()


def test_import_refuses_two_pages_of_one_week(samples: Path, tmp_path: Path) -> None:
    pages = _copy(samples, tmp_path / "pages", "week-10-day-ranges.md", "week-10-devops-no-dates.md")
    with pytest.raises(WorklogImportError, match="week 10 is also in .*week-10-day-ranges.md"):
        import_pages(pages, tmp_path / "worklog")
    assert not (tmp_path / "worklog").exists()


def test_import_reports_unreadable_pages(tmp_path: Path) -> None:
    latin = tmp_path / "latin.md"
    latin.write_bytes(b"---\ntitle: \"Week 1 caf\xe9\"\n---\n")
    with pytest.raises(WorklogImportError) as info:
        import_pages([latin, tmp_path / "missing.md"], tmp_path / "worklog")
    assert [problem.split(": ", 1)[1] for problem in info.value.problems] == [
        "the page is not UTF-8 text: save it as UTF-8", "cannot read the page: No such file or directory"]


def test_export_writes_pages(samples: Path, tmp_path: Path) -> None:
    weeks = [parse_hugo((samples / name).read_text(encoding="utf-8"))
             for name in ("week-09-seed.md", "week-10-devops-no-dates.md")]
    written = export_weeks(weeks, tmp_path / "site")
    assert [path.name for path in written] == ["week-09.md", "week-10.md"]
    assert [path.read_text(encoding="utf-8") for path in written] == [to_hugo(week) for week in weeks]
    assert sorted(p.name for p in (tmp_path / "site").iterdir()) == ["week-09.md", "week-10.md"]  # no temp files


def test_export_refuses_two_weeks_of_one_number(tmp_path: Path) -> None:
    week = Week(week=3, title="Week 3")
    with pytest.raises(WorklogImportError, match="week 3 is given more than once"):
        export_weeks([week, week], tmp_path)
    assert list(tmp_path.iterdir()) == []
