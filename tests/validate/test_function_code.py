"""A function's handler must be in its code folder, with its runtime's file name: an error at the setting
that names it (or at `source`, for the default handler), saying what the folder holds instead; and every
runtime's folder packages with its handler at the root of the zip."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from archgen.deploy.package import package
from archgen.errors import ModelInvalid
from archgen.validate import load_model

MINIMAL = Path(__file__).resolve().parent / "good" / "minimal.yaml"
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def _model(tmp_path: Path, settings: str, files: dict[str, str]) -> Path:
    model = tmp_path / "model"
    (model / "functions" / "items").mkdir(parents=True)
    for name, text in files.items():
        (model / "functions" / "items" / name).parent.mkdir(parents=True, exist_ok=True)
        (model / "functions" / "items" / name).write_text(text)
    text = MINIMAL.read_text().replace("      source: functions/items\n", "      source: functions/items\n" + settings)
    (model / "system.yaml").write_text(text)
    return model


def _errors(model: Path) -> list[str]:
    try:
        load_model(model)
    except ModelInvalid as invalid:
        return [str(error) for error in invalid.errors]
    return []


@pytest.mark.parametrize(("settings", "files"), [
    ("", {"handler.py": ""}),
    ("", {"handler/__init__.py": ""}),
    ("      runtime: nodejs22.x\n", {"index.mjs": ""}),
    ("      runtime: nodejs20.x\n", {"index.js": ""}),
    ("      runtime: nodejs24.x\n", {"index.cjs": ""}),
    ("      runtime: nodejs22.x\n      handler: src/app.main\n", {"src/app.mjs": ""}),
    ("      runtime: python3.14\n      handler: app/main.run\n", {"app/main.py": ""}),
], ids=["python", "python-package", "esm", "commonjs", "cjs", "node-subfolder", "python-subfolder"])
def test_a_handler_in_its_folder_is_fine(tmp_path: Path, settings: str, files: dict[str, str]) -> None:
    assert _errors(_model(tmp_path, settings, files)) == []


def test_a_missing_default_handler_is_an_error_at_the_source(tmp_path: Path) -> None:
    model = _model(tmp_path, "", {"main.py": "", "util.py": ""})
    [error] = _errors(model)
    line = (model / "system.yaml").read_text().splitlines()[int(error.split(":")[1]) - 1]
    assert line.strip() == "source: functions/items"
    assert "the handler 'handler.handler' (the default handler) needs 'handler.py' or 'handler/__init__.py'" in error
    assert "the folder holds main.py, util.py: set 'handler' to module.function of one of them" in error


def test_node_code_under_a_python_runtime_says_to_set_the_runtime(tmp_path: Path) -> None:
    [error] = _errors(_model(tmp_path, "      handler: index.handler\n", {"index.mjs": "", "package.json": "{}"}))
    assert "components.fn.settings.handler:" in error
    assert "needs 'index.py' or 'index/__init__.py' in functions/items/ for runtime python3.12" in error
    assert "code for a nodejs runtime: set 'runtime' to match the code" in error


def test_a_node_handler_with_the_wrong_module_name_is_an_error_at_the_handler(tmp_path: Path) -> None:
    [error] = _errors(_model(tmp_path, "      runtime: nodejs22.x\n      handler: app.handler\n", {"index.mjs": ""}))
    assert "'app.js', 'app.mjs' or 'app.cjs'" in error and "settings.handler" in error


def test_an_empty_folder_says_to_add_the_handler(tmp_path: Path) -> None:
    [error] = _errors(_model(tmp_path, "", {"README.md": ""}))
    assert error.endswith("none is there: add it, or point 'source' at the folder that holds the code")


def test_a_folder_that_does_not_exist_is_left_to_the_path_checks(tmp_path: Path) -> None:
    model = _model(tmp_path, "", {})
    (model / "functions" / "items").rmdir()
    assert _errors(model) == []


@pytest.mark.parametrize("folder", ["upload-pipeline/model/functions/upload_url", "upload-pipeline/model/functions/thumbnail",
                                    "url-shortener/model/functions/redirect", "url-shortener/model/functions/links"])
def test_each_example_function_packages_with_its_handler_at_the_root(folder: str) -> None:
    names = zipfile.ZipFile(io.BytesIO(package(EXAMPLES / folder))).namelist()
    assert any(name in names for name in ("handler.py", "index.mjs", "app.mjs")), names
    assert all("/" not in name or name.startswith("node_modules/") for name in names)


def test_node_modules_ship_with_the_code_and_the_zip_is_deterministic(tmp_path: Path) -> None:
    (tmp_path / "node_modules" / "tiny").mkdir(parents=True)
    (tmp_path / "node_modules" / "tiny" / "index.js").write_text("module.exports = 1;\n")
    (tmp_path / "index.mjs").write_text("export const handler = async () => 1;\n")
    (tmp_path / "package.json").write_text('{"type": "module"}\n')
    first = package(tmp_path)
    assert zipfile.ZipFile(io.BytesIO(first)).namelist() == ["index.mjs", "node_modules/tiny/index.js",
                                                              "package.json"]
    assert package(tmp_path) == first
