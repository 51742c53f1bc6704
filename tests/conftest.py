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


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "long(n): a file that takes minutes, the n-th to start")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The files marked long first, in their order. pytest-xdist hands whole files to the two workers in
    this order (`make test` keeps it with --no-loadscope-reorder), so no long file starts last and leaves one
    worker running alone for minutes at the end (the fuzz did, for about six). Its first two files go one
    to each worker, and a worker whose file has two tests or fewer gets the next file too: so the two fuzz
    shards (two tests each) are 0 and 1, and the next long file 2."""
    def rank(item: pytest.Item) -> float:
        mark = item.get_closest_marker("long")
        return float("inf") if mark is None else mark.args[0]

    items.sort(key=rank)


@pytest.fixture(scope="session")
def graph() -> SystemGraph:
    """The default model, validated, as the renderers see it."""
    return SystemGraph(load_model(MODEL))


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the default model in a fresh folder (outputs go beside it), to edit freely."""
    shutil.copytree(MODEL, tmp_path / "model", ignore=shutil.ignore_patterns("__pycache__"))
    return tmp_path
