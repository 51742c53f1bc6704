"""Fixtures for the site: a generated project in a scratch folder, and its site built by `mkdocs build --strict`."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from archgen.pipeline import run
from tests.conftest import MODEL

MKDOCS = [sys.executable, "-m", "mkdocs"]
QUIET = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}  # material's end-of-life banner is not a build warning


def prepare(folder: Path) -> Path:
    """Generate the model in `folder` (mkdocs finds the installed `archgen` plugin from anywhere)."""
    run(folder / "model")
    return folder


def make_project(folder: Path) -> Path:
    shutil.copytree(MODEL, folder / "model", ignore=shutil.ignore_patterns("__pycache__"))
    return prepare(folder)


@dataclass(frozen=True)
class BuiltSite:
    project: Path
    site: Path
    output: str
    seconds: float


def build_site(project: Path) -> BuiltSite:
    site = project / "site"
    start = time.perf_counter()
    done = subprocess.run([*MKDOCS, "build", "--strict", "-f", str(project / "mkdocs.yml"), "-d", str(site)],
                          capture_output=True, text=True, env=QUIET, timeout=300)
    seconds = time.perf_counter() - start
    assert done.returncode == 0, done.stdout + done.stderr
    return BuiltSite(project, site, done.stdout + done.stderr, seconds)


@pytest.fixture
def generated_project(project: Path) -> Path:
    """The shared `project` fixture (a copy of model/), generated, ready for mkdocs."""
    return prepare(project)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    return build_site(make_project(tmp_path_factory.mktemp("site-project")))
