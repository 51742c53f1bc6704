"""Aurora engine versions, from the data files cfn-lint keeps for its RDS rules (E3690's list of versions,
W3690's list of deprecated ones), read without importing cfn-lint (as archgen/kinds/_cfn_schemas.py does)."""

from __future__ import annotations

import importlib.util
import json
from functools import lru_cache
from pathlib import Path
from typing import Any

FOLDER = ("data", "schemas", "extensions", "aws_rds_dbcluster")


@lru_cache(maxsize=None)
def _versions(filename: str) -> dict[str, list[str]]:
    """engine -> versions, from one of cfn-lint's `if Engine is X then EngineVersion in [...]` files."""
    spec = importlib.util.find_spec("cfnlint")
    if spec is None or not spec.submodule_search_locations:
        return {}
    path = Path(next(iter(spec.submodule_search_locations))).joinpath(*FOLDER, filename)
    if not path.is_file():
        return {}
    found: dict[str, list[str]] = {}
    for branch in json.loads(path.read_text("utf-8")).get("allOf", []):
        engine = branch.get("if", {}).get("properties", {}).get("Engine", {}).get("const")
        listed = _enum(branch)
        if engine and listed:
            found.setdefault(engine, []).extend(listed)
    return found


def _enum(branch: dict[str, Any]) -> list[str]:
    """The versions a branch names: under `if` (the deprecated file) or `then` (the file of known ones)."""
    for part in ("if", "then"):
        version = branch.get(part, {}).get("properties", {}).get("EngineVersion", {})
        if isinstance(version.get("enum"), list):
            return [str(v) for v in version["enum"]]
    return []


def known(engine: str) -> list[str]:
    """The versions cfn-lint knows for the engine (empty: cfn-lint is not installed, nothing to check)."""
    return _versions("engine_version.json").get(engine, [])


def deprecated(engine: str, version: str) -> bool:
    return version in _versions("engine_version_deprecated.json").get(engine, [])
