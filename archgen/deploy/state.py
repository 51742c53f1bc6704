"""What the last deploy left, kept beside the templates for the next run and the site: each stack's
outputs (URLs, ids), and the resources a destroy kept (so the next deploy adopts them by id)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from archgen.write import atomic_write

OUTPUTS_FILE = "deploy/last-deploy.json"

# {stack: {logical id: {"type": ..., "physical_id": ...}}}
Retained = dict[str, dict[str, dict[str, str]]]


def _file(root: Path, folder: str) -> Path:
    """deploy/last-deploy.json, or deploy/<environment>/last-deploy.json for another environment."""
    return root / folder / Path(OUTPUTS_FILE).name


def _read(root: Path, folder: str = "deploy") -> dict[str, Any]:
    try:
        data = json.loads(_file(root, folder).read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _strings(value: Any) -> dict[str, str]:
    return {str(k): str(v) for k, v in value.items()} if isinstance(value, dict) else {}


def read_outputs(root: Path, folder: str = "deploy") -> dict[str, dict[str, str]]:
    stacks = _read(root, folder).get("stacks", {})
    return {str(k): _strings(v) for k, v in stacks.items() if isinstance(v, dict)} if isinstance(stacks, dict) else {}


def read_retained(root: Path, folder: str = "deploy") -> Retained:
    kept = _read(root, folder).get("retained", {})
    if not isinstance(kept, dict):
        return {}
    return {str(stack): {str(lid): _strings(entry) for lid, entry in resources.items() if isinstance(entry, dict)}
            for stack, resources in kept.items() if isinstance(resources, dict)}


def write_outputs(root: Path, outputs: dict[str, dict[str, str]], retained: Retained | None = None,
                  folder: str = "deploy") -> None:
    """Atomic, sorted, and only when different: an interrupted run never leaves half a file."""
    kept = read_retained(root, folder) if retained is None else retained
    data: dict[str, Any] = {"stacks": {name: dict(sorted(values.items()))
                                       for name, values in sorted(outputs.items()) if values}}
    if any(kept.values()):
        data["retained"] = {stack: dict(sorted(resources.items())) for stack, resources in sorted(kept.items())
                            if resources}
    text = (json.dumps(data, indent=2, sort_keys=True) + "\n").encode()
    target = _file(root, folder)
    if not target.is_file() or target.read_bytes() != text:
        atomic_write(target, text)
