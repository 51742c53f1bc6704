"""Where a model's files are: a `--model` argument may name the model folder or its system.yaml."""

from __future__ import annotations

from pathlib import Path

SYSTEM_FILE = "system.yaml"
WORKLOG_DIR = "worklog"


MODEL_DIR = "model"


class OutsideModel(ValueError):
    """A path named in the model that is not a file inside the model folder; the message says why."""


def model_file(model_dir: Path, relative: str) -> Path:
    """The file `relative` names inside `model_dir`, symlinks resolved first: a path that leaves the
    folder (`..`, an absolute path, a link pointing out) or names no file raises OutsideModel."""
    if Path(relative).is_absolute():
        raise OutsideModel(f"'{relative}' is an absolute path: name the file relative to the model folder")
    root = model_dir.resolve()
    found = (model_dir / relative).resolve()
    if found != root and root not in found.parents:
        raise OutsideModel(f"'{relative}' leads outside the model folder: keep the file inside it")
    if not found.is_file():
        raise OutsideModel(f"'{relative}' is not a file in the model folder: create it, or fix the path")
    return found


def model_paths(model: Path) -> tuple[Path, Path]:
    """(model folder, system file) for a `--model` argument naming either of them, or the project
    folder that holds the model folder (`--model examples/upload-pipeline`)."""
    if model.is_dir() or (not model.exists() and model.suffix not in (".yaml", ".yml")):  # a folder to make
        if not (model / SYSTEM_FILE).is_file() and (model / MODEL_DIR / SYSTEM_FILE).is_file():
            model = model / MODEL_DIR
        return model, model / SYSTEM_FILE
    return model.parent, model
