"""Fixtures for the diagrams: each view's DOT, its final layout read back, and a generated project."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from archgen.graph import SystemGraph
from archgen.pipeline import run
from archgen.render.diagram import ICON_ROOT, view_dot
from archgen.render.diagrams_renderer import lay_out
from tests.conftest import MODEL
from tests.diagrams.layout import Layout, layout


@pytest.fixture(scope="session")
def dots(graph: SystemGraph) -> dict[str, str]:
    """view id -> the DOT text the generator writes for it."""
    return {view_id: view_dot(graph, view) for view_id, view in graph.views.items()}


@pytest.fixture(scope="session")
def layouts(dots: dict[str, str]) -> dict[str, Layout]:
    """view id -> Graphviz's layout of it as drawn (after the generator's label placement)."""
    return {view_id: layout(lay_out(dot.encode()), str(ICON_ROOT)) for view_id, dot in dots.items()}


@pytest.fixture(scope="session")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project with the default model whose diagrams were generated once (cold)."""
    root = tmp_path_factory.mktemp("generated")
    shutil.copytree(MODEL, root / "model", ignore=shutil.ignore_patterns("__pycache__"))
    run(root / "model", only={"diagrams"})
    return root


@pytest.fixture
def generated_copy(generated: Path, tmp_path: Path) -> Path:
    """A copy of the generated project (manifest included), to run again and change freely."""
    copy = tmp_path / "project"
    shutil.copytree(generated, copy)
    return copy
