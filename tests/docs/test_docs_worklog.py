"""A week's page shows everything the week holds: the model's weeks and every sample page, imported."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Iterator

import pytest

from archgen.docs import site
from archgen.docs.worklog import worklog_pages
from archgen.graph import SystemGraph
from archgen.worklog.hugo import parse_hugo
from archgen.worklog.model import Bullet, DeliverablesSlot, TaskItem, Week
from tests.conftest import SAMPLES

SAMPLE_PAGES = sorted(SAMPLES.glob("*.md"))


def flat(text: str) -> str:
    return " ".join(text.split())


def bullet_texts(items: list[object]) -> Iterator[str]:
    for item in items:
        if isinstance(item, str):
            yield item
        elif isinstance(item, Bullet):
            yield item.text
            yield from bullet_texts(item.children)
        elif isinstance(item, DeliverablesSlot):
            yield item.deliverables


def week_texts(week: Week) -> Iterator[str]:
    """Every piece of text a week holds that its page must show."""
    yield week.title
    if week.intro:
        yield week.intro
    yield from bullet_texts(week.objectives)
    for task in week.tasks:
        yield from [task.day, *(d for d in (task.start, task.end) if d), *task.references]
        for item in task.items:
            yield item if isinstance(item, str) else item.text
            yield from item.sub_items if isinstance(item, TaskItem) else []
    yield from bullet_texts(week.achievements)
    for deliverable in week.deliverables:
        yield deliverable.text
        yield from bullet_texts(deliverable.children)
    for section in week.sections:
        yield section.heading.rstrip(":")
        yield from bullet_texts(section.items)
        if section.body:
            yield section.body
    for heading in (week.objectives_heading, week.tasks_heading, week.achievements_heading):
        if heading:
            yield heading.rstrip(":")


def page_of(graph: SystemGraph, week: Week) -> str:
    model = copy.copy(graph.model)
    model.weeks = [week]
    pages = {page.path: page.text for page in worklog_pages(SystemGraph(model, graph.registry))}
    return pages[site.week_page(week.week)]


def missing_from_page(graph: SystemGraph, week: Week) -> list[str]:
    page = flat(page_of(graph, week))
    return [text for text in week_texts(week) if flat(text) not in page]


def test_the_samples_are_there() -> None:
    assert SAMPLE_PAGES, f"no sample worklog pages in {SAMPLES}"


@pytest.mark.parametrize("sample", SAMPLE_PAGES, ids=lambda p: p.name)
def test_an_imported_sample_loses_nothing_on_its_page(graph: SystemGraph, sample: Path) -> None:
    week = parse_hugo(sample.read_text("utf-8"))
    assert list(week_texts(week))
    assert missing_from_page(graph, week) == []


def test_the_model_weeks_lose_nothing_on_their_pages(graph: SystemGraph) -> None:
    assert graph.model.weeks
    for week in graph.model.weeks:
        assert missing_from_page(graph, week) == []


def test_task_table_keeps_the_pages_own_columns(graph: SystemGraph) -> None:
    for sample in SAMPLE_PAGES:
        week = parse_hugo(sample.read_text("utf-8"))
        header = "| " + " | ".join(week.table.columns) + " |"
        assert header in page_of(graph, week).splitlines(), sample.name


def test_worklog_index_lists_every_week(graph: SystemGraph) -> None:
    index = next(page for page in worklog_pages(graph) if page.path == site.WORKLOG)
    for week in graph.model.weeks:
        assert f"](week-{week.week:02d}.md)" in index.text and week.title in index.text
