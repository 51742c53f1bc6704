"""A project generated once from the default model, and a fresh copy of it for each test to break."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from archgen.pipeline import run
from tests.conftest import MODEL


@pytest.fixture(scope="session")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every output of the default model, generated once (the diagrams take a few seconds)."""
    root = tmp_path_factory.mktemp("audited")
    shutil.copytree(MODEL, root / "model", ignore=shutil.ignore_patterns("__pycache__"))
    run(root / "model")
    return root


@pytest.fixture
def outputs(generated: Path, tmp_path: Path) -> Path:
    """A copy of the generated project, to change on purpose."""
    return shutil.copytree(generated, tmp_path / "project")
