"""Shared fixtures: the repository, its default model, and a scratch copy of it to change."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from archgen.graph import SystemGraph
from archgen.validate import load_model

REPO = Path(__file__).resolve().parents[1]
MODEL = REPO / "model"
SAMPLES = REPO.parent / "shared" / "samples" / "worklogs"


@pytest.fixture(scope="session")
def graph() -> SystemGraph:
    """The default model, validated, as the renderers see it."""
    return SystemGraph(load_model(MODEL))


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the default model in a fresh folder (outputs go beside it), to edit freely."""
    shutil.copytree(MODEL, tmp_path / "model", ignore=shutil.ignore_patterns("__pycache__"))
    return tmp_path
