"""E122 on hostile template files: outside the folder through a link, not UTF-8, too large; none crashes
the generator, each is one error at the relation's field, and a good one generates."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from archgen.errors import ModelInvalid
from archgen.validate import load_model

GOOD = Path(__file__).resolve().parent / "fixtures" / "E122" / "good.yaml"


def _model(tmp_path: Path) -> Path:
    folder = tmp_path / "model"
    shutil.copytree(GOOD.parent / "templates", folder / "templates")
    shutil.copyfile(GOOD, folder / "system.yaml")
    return folder


def _errors(folder: Path) -> list[str]:
    with pytest.raises(ModelInvalid) as raised:
        load_model(folder)
    return [str(error) for error in raised.value.errors]


def test_the_good_template_loads(tmp_path: Path) -> None:
    assert load_model(_model(tmp_path)).relations


def test_a_link_out_of_the_folder_is_refused(tmp_path: Path) -> None:
    folder = _model(tmp_path)
    (tmp_path / "secret.vtl").write_text("outside")
    (folder / "templates" / "put.vtl").unlink()
    (folder / "templates" / "put.vtl").symlink_to(tmp_path / "secret.vtl")
    (message,) = _errors(folder)
    assert "request_template: E122 'templates/put.vtl' leaves the model folder" in message


def test_a_template_that_is_not_utf8_is_refused(tmp_path: Path) -> None:
    folder = _model(tmp_path)
    (folder / "templates" / "put.vtl").write_bytes(b'{"TableName": "caf\xe9"}')
    (message,) = _errors(folder)
    assert "is not UTF-8 text" in message


def test_a_template_too_large_for_api_gateway_is_refused(tmp_path: Path) -> None:
    folder = _model(tmp_path)
    (folder / "templates" / "put.vtl").write_text("#" * (300 * 1024 + 1))
    (message,) = _errors(folder)
    assert "larger than API Gateway's 300 KB" in message
