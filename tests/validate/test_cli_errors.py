"""A bad model at the command line: every error, exit 2, no traceback, and no output touched."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.validate.corpus import bad_models

REPO = Path(__file__).resolve().parents[2]


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def generate(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(REPO / "generate.py"), *args], cwd=root,
                          capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project copy generated once from the valid default model."""
    import shutil

    root = tmp_path_factory.mktemp("generated")
    shutil.copytree(REPO / "model", root / "model", ignore=shutil.ignore_patterns("__pycache__"))
    assert generate(root, "--quiet").returncode == 0
    return root


@pytest.mark.parametrize("case", bad_models()[::6], ids=lambda p: p.stem)
def test_bad_model_exits_2_and_touches_nothing(generated: Path, case: Path) -> None:
    system = generated / "model" / "system.yaml"
    good = system.read_bytes()
    try:
        system.write_bytes(case.read_bytes())
        before = snapshot(generated)
        result = generate(generated)
        assert result.returncode == 2
        assert "Traceback" not in result.stderr
        assert all(re.match(r"model/[\w/.-]+\.yaml:\d+:\d+: ", line)
                   for line in result.stderr.splitlines()[:-1]), result.stderr
        assert result.stderr.rstrip().endswith("nothing was written")
        assert result.stdout == ""
        assert snapshot(generated) == before
    finally:
        system.write_bytes(good)


def test_validate_command_reports_the_same_errors(generated: Path) -> None:
    system = generated / "model" / "system.yaml"
    good = system.read_bytes()
    try:
        system.write_bytes(good.replace(b"to: items-table,", b"to: items-tabel,", 1))
        result = generate(generated, "validate")
        assert result.returncode == 2
        assert "unknown component 'items-tabel' (did you mean 'items-table'?)" in result.stderr
    finally:
        system.write_bytes(good)
