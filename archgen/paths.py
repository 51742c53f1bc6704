"""Where a model's files are: a `--model` argument may name the model folder or its system.yaml."""

from __future__ import annotations

from pathlib import Path

SYSTEM_FILE = "system.yaml"
WORKLOG_DIR = "worklog"


def model_paths(model: Path) -> tuple[Path, Path]:
    """(model folder, system file) for a `--model` argument naming either of them."""
    if model.is_dir():
        return model, model / SYSTEM_FILE
    return model.parent, model
