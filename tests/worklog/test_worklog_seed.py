"""The default model's worklog: week 9 imported from the seed page, deliverables linked to views."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from archgen.worklog.hugo import parse_hugo, to_hugo
from archgen.worklog.model import Week
from archgen.worklog.store import SCHEMA_COMMENT, week_from_data, week_to_yaml

REPO = Path(__file__).resolve().parents[2]
WEEK_09 = REPO / "model" / "worklog" / "week-09.yaml"
SEED = REPO / ".." / "shared" / "samples" / "worklogs" / "week-09-seed.md"
VIEWS = ["architecture", "request-flow", "security", "cicd", "auth-flow"]


def _week() -> Week:
    return week_from_data(yaml.safe_load(WEEK_09.read_text(encoding="utf-8")))


def test_file_points_at_its_schema() -> None:
    assert WEEK_09.read_text(encoding="utf-8").split("\n")[0] == SCHEMA_COMMENT


def test_deliverables_name_their_views() -> None:
    week = _week()
    assert [d.views for d in week.deliverables] == [[view] for view in VIEWS]
    assert week.deliverables[1].text.startswith("Request flow")


def test_file_is_written_as_the_store_writes_it() -> None:
    assert week_to_yaml(_week()) == WEEK_09.read_text(encoding="utf-8")


def test_seed_text_is_there_word_for_word() -> None:
    if not SEED.is_file():
        pytest.skip(f"seed page {SEED.resolve()} is absent (it lives in shared/, beside the repo)")
    seed = parse_hugo(SEED.read_text(encoding="utf-8"))
    week = _week()
    unlinked = week.model_copy(update={"deliverables": [d.model_copy(update={"views": []})
                                                        for d in week.deliverables]})
    assert unlinked == seed
    assert to_hugo(unlinked) == to_hugo(seed)


def test_export_keeps_the_deliverables_links_to_views_so_reimport_is_the_same_week() -> None:
    week = _week()
    page = to_hugo(week)
    assert "<!-- views: architecture -->" in page  # an HTML comment: Hugo shows nothing of it
    assert parse_hugo(page) == week
