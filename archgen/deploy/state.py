"""The outputs of the last deploy (URLs, ids), kept beside the templates for the next run and the site."""

from __future__ import annotations

import json
from pathlib import Path

from archgen.write import atomic_write

OUTPUTS_FILE = "deploy/last-deploy.json"


def read_outputs(root: Path) -> dict[str, dict[str, str]]:
    try:
        data = json.loads((root / OUTPUTS_FILE).read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    stacks = data.get("stacks", {}) if isinstance(data, dict) else {}
    return {str(k): {str(a): str(b) for a, b in v.items()} for k, v in stacks.items() if isinstance(v, dict)}


def write_outputs(root: Path, outputs: dict[str, dict[str, str]]) -> None:
    """Atomic, sorted, and only when different: an interrupted run never leaves half a file."""
    data = {"stacks": {name: dict(sorted(values.items())) for name, values in sorted(outputs.items()) if values}}
    text = (json.dumps(data, indent=2, sort_keys=True) + "\n").encode()
    target = root / OUTPUTS_FILE
    if not target.is_file() or target.read_bytes() != text:
        atomic_write(target, text)
