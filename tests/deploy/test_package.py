"""The function package: deterministic bytes, content-addressed key, caches left out."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from archgen.deploy.package import code_key, package
from tests.conftest import MODEL


def test_same_files_give_the_same_zip_whatever_their_dates(tmp_path: Path) -> None:
    source = tmp_path / "fn"
    (source / "pkg").mkdir(parents=True)
    (source / "handler.py").write_text("def handler(e, c):\n    return 1\n")
    (source / "pkg" / "util.py").write_text("X = 1\n")
    first = package(source)
    for path in source.rglob("*.py"):
        path.touch()
    (source / "__pycache__").mkdir()
    (source / "__pycache__" / "handler.cpython-311.pyc").write_bytes(b"junk")
    assert package(source) == first
    names = zipfile.ZipFile(io.BytesIO(first)).namelist()
    assert names == ["handler.py", "pkg/util.py"]


def test_a_code_change_is_a_new_key(tmp_path: Path) -> None:
    (tmp_path / "handler.py").write_text("A = 1\n")
    before = code_key("fn", package(tmp_path))
    (tmp_path / "handler.py").write_text("A = 2\n")
    assert code_key("fn", package(tmp_path)) != before
    assert before.startswith("functions/fn/") and before.endswith(".zip")


def test_the_default_function_packages() -> None:
    data = package(MODEL / "functions" / "items")
    assert "handler.py" in zipfile.ZipFile(io.BytesIO(data)).namelist()


def test_a_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="is not a folder"):
        package(tmp_path / "nope")


def test_deploy_refuses_a_missing_code_folder_before_its_first_stack(project: Path) -> None:
    """A model may be generated before its code is written; deploy must stop before any stack, not
    at the stack that uploads the code, with the earlier stacks already created."""
    from archgen.cli import main
    from archgen.deploy.gates import check_code
    from archgen.deploy.manifest import DeployError, read_manifest

    assert main(["--quiet", "--model", str(project / "model"), "synth"]) == 0
    specs = read_manifest(project).stacks
    check_code(project, list(specs))  # the default model's code is there
    for child in (project / "model" / "functions" / "items").iterdir():
        child.unlink()
    (project / "model" / "functions" / "items").rmdir()
    with pytest.raises(DeployError, match="nothing was deployed") as refused:
        check_code(project, list(specs))
    assert "items-fn:" in str(refused.value) and "fix settings.source" in str(refused.value)
