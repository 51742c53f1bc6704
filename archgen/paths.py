"""Where a model's files are: a `--model` argument may name the model folder or its system.yaml."""

from __future__ import annotations

from pathlib import Path

SYSTEM_FILE = "system.yaml"
WORKLOG_DIR = "worklog"


MODEL_DIR = "model"


def model_paths(model: Path) -> tuple[Path, Path]:
    """(model folder, system file) for a `--model` argument naming either of them, or the project
    folder that holds the model folder (`--model examples/upload-pipeline`)."""
    if model.is_dir():
        if not (model / SYSTEM_FILE).is_file() and (model / MODEL_DIR / SYSTEM_FILE).is_file():
            model = model / MODEL_DIR
        return model, model / SYSTEM_FILE
    return model.parent, model
