"""cfn-lint's copy of the CloudFormation registry's resource schemas, read as the data files they are.

cfn-lint ships, per region, a map of resource type -> schema file (`data/schemas/providers/<region>.json`)
and the schemas themselves (`data/schemas/resources/<hash>.json`). Importing cfn-lint to reach them
takes seconds (its package imports the whole linter); the files are found here without importing it,
as archgen/grants.py finds SAM's profiles. Only what the data alone cannot say (the attributes cfn-lint
accepts in a GetAtt beyond a type's read-only properties) asks cfn-lint itself.
"""

from __future__ import annotations

import importlib.util
import json
from functools import lru_cache
from pathlib import Path
from typing import Any

FALLBACK_REGION = "us-east-1"  # cfn-lint's own fallback for a region it has no file for


@lru_cache(maxsize=1)
def _root() -> Path | None:
    spec = importlib.util.find_spec("cfnlint")
    if spec is None or not spec.submodule_search_locations:
        return None
    root = Path(next(iter(spec.submodule_search_locations))) / "data" / "schemas"
    return root if (root / "providers").is_dir() else None


@lru_cache(maxsize=None)
def types(region: str) -> dict[str, str]:
    """Resource type -> its schema file's hash, in `region` (empty when cfn-lint is not installed)."""
    root = _root()
    if root is None:
        return {}
    path = root / "providers" / f"{region}.json"
    if not path.is_file():
        path = root / "providers" / f"{FALLBACK_REGION}.json"
    return json.loads(path.read_text("utf-8"))  # type: ignore[no-any-return]


@lru_cache(maxsize=None)
def schema(region: str, type_name: str) -> dict[str, Any] | None:
    digest, root = types(region).get(type_name), _root()
    if digest is None or root is None:
        return None
    return json.loads((root / "resources" / f"{digest}.json").read_text("utf-8"))  # type: ignore[no-any-return]


def read_only(found: dict[str, Any]) -> set[str]:
    """The read-only properties, `A` or `A.B` for nested ones: what a GetAtt of the type may name."""
    return {pointer.removeprefix("/properties/").replace("/", ".") for pointer in found.get("readOnlyProperties", [])}


def attribute_exists(region: str, type_name: str, attribute: str) -> tuple[bool, list[str]]:
    """Whether a GetAtt may name `attribute`, and the attributes it may name; read-only properties first,
    cfn-lint itself for the rest (types whose writable properties are attributes too)."""
    found = schema(region, type_name) or {}
    known = read_only(found)
    if attribute in known:
        return True, sorted(known)
    from cfnlint.schema import PROVIDER_SCHEMA_MANAGER

    accepted = list(PROVIDER_SCHEMA_MANAGER.get_type_getatts(type_name, region))
    return attribute in accepted, sorted(accepted)
