"""A model that declares no views still gets a drawing: the whole system, as `architecture`, on the site too."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from archgen.audit.diagrams import read_dot
from archgen.graph import DEFAULT_VIEW, SystemGraph
from archgen.pipeline import run
from archgen.validate import load_model

MINIMAL = Path(__file__).resolve().parents[1] / "validate" / "good" / "minimal.yaml"


WEEK = """week: 1
title: Week 1
objectives_heading: Objectives
objectives: [Draw the system.]
achievements_heading: Achievements
achievements: [Drew it., {deliverables: "Deliverables:"}]
deliverables:
  - text: The architecture diagram.
    views: [architecture]
"""


def _project(folder: Path, views: bool) -> Path:
    data = yaml.safe_load(MINIMAL.read_text("utf-8"))
    if not views:
        del data["views"]
    (folder / "model" / "worklog").mkdir(parents=True)
    (folder / "model" / "system.yaml").write_text(yaml.safe_dump(data, sort_keys=False), "utf-8")
    (folder / "model" / "worklog" / "week-01.yaml").write_text(WEEK, "utf-8")  # it shows the default view
    return folder / "model"


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The minimal model without its views section, every output generated."""
    model = _project(tmp_path_factory.mktemp("no-views"), views=False)
    result = run(model)
    assert result.report is not None and not result.stale
    return model.parent


def test_a_model_without_views_gets_the_whole_system_as_its_one_view(tmp_path: Path) -> None:
    graph = SystemGraph(load_model(_project(tmp_path, views=False)))
    assert list(graph.views) == [DEFAULT_VIEW]
    view = graph.views[DEFAULT_VIEW]
    assert view.components == tuple(graph.components)
    assert view.relations == tuple(graph.relations)
    assert view.flow is None


def test_declared_views_replace_the_default_one(tmp_path: Path) -> None:
    model = _project(tmp_path, views=True)
    graph = SystemGraph(load_model(model))
    assert list(graph.views) == list(yaml.safe_load(MINIMAL.read_text("utf-8"))["views"])
    assert graph.views[DEFAULT_VIEW].title == "Architecture" and graph.views[DEFAULT_VIEW].description == "Everything."


def test_the_default_view_is_drawn_with_every_component_and_relation(generated: Path) -> None:
    graph = SystemGraph(load_model(generated / "model"))
    for extension in ("dot", "png", "svg"):
        assert (generated / "diagrams" / f"{DEFAULT_VIEW}.{extension}").stat().st_size > 0
    drawing = read_dot(generated / "diagrams" / f"{DEFAULT_VIEW}.dot")
    assert sorted(drawing.nodes) == sorted(graph.components)
    assert sorted(drawing.arrows) == sorted(
        (r.source, r.target) for r in graph.relations)


def test_the_architecture_page_shows_the_default_view(generated: Path) -> None:
    page = (generated / "docs" / "architecture" / "index.md").read_text("utf-8")
    assert f'data="../diagrams/{DEFAULT_VIEW}.svg"' in page
    assert "The model declares no views" in page


def test_a_worklog_week_may_show_the_default_view(generated: Path) -> None:
    page = (generated / "docs" / "worklog" / "week-01.md").read_text("utf-8")
    assert f"](../diagrams/{DEFAULT_VIEW}.png)" in page
