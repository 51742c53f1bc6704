"""What a stack keeps when it is deleted: the resources whose DeletionPolicy retains them.

Read from the templates, whatever they say (the model decides retention; deploy only follows it).
`destroy` records each kept resource's physical id, so the next deploy can adopt it by id even
where the template gives the resource no name (a KMS key, a user pool).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

RETAINING = frozenset({"Retain", "RetainExceptOnCreate"})
_PSEUDO = re.compile(r"\$\{(AWS::[A-Za-z]+)\}")


@dataclass(frozen=True)
class Kept:
    """One resource a deleted stack left in the account."""

    stack: str
    logical_id: str
    resource_type: str
    physical_id: str

    def line(self) -> str:
        return f"{self.stack}: {self.logical_id} ({self.resource_type}) {self.physical_id}"


def retained_types(template: dict[str, Any]) -> dict[str, str]:
    """{logical id: type} of the resources the template keeps when its stack is deleted."""
    return {name: str(body.get("Type", "")) for name, body in (template.get("Resources") or {}).items()
            if isinstance(body, dict) and body.get("DeletionPolicy") in RETAINING}


def kept_by(stack: str, template: dict[str, Any], summaries: list[dict[str, Any]]) -> list[Kept]:
    """The retained resources a stack really holds (from list_stack_resources), before it is deleted."""
    retained = retained_types(template)
    return [Kept(stack, s["LogicalResourceId"], s["ResourceType"], s["PhysicalResourceId"])
            for s in summaries
            if s["LogicalResourceId"] in retained and s.get("PhysicalResourceId")
            and not str(s.get("ResourceStatus", "")).startswith("DELETE_COMPLETE")]


@lru_cache(maxsize=None)
def primary_identifier(resource_type: str) -> tuple[str, ...]:
    """The properties that identify a resource of this type (the type's schema, as cfn-lint ships it)."""
    from cfnlint.schema import PROVIDER_SCHEMA_MANAGER

    try:
        schema = PROVIDER_SCHEMA_MANAGER.get_resource_schema("us-east-1", resource_type).schema
    except Exception:  # noqa: BLE001 - an unknown type has no identifier to import it by
        return ()
    return tuple(path.removeprefix("/properties/") for path in schema.get("primaryIdentifier", []))


@lru_cache(maxsize=None)
def create_only(resource_type: str) -> frozenset[str]:
    """The top-level properties whose change replaces the resource (createOnlyProperties)."""
    from cfnlint.schema import PROVIDER_SCHEMA_MANAGER

    try:
        schema = PROVIDER_SCHEMA_MANAGER.get_resource_schema("us-east-1", resource_type).schema
    except Exception:  # noqa: BLE001
        return frozenset()
    return frozenset(path.removeprefix("/properties/").split("/")[0] for path in schema.get("createOnlyProperties", []))


def identifier(resource_type: str, body: dict[str, Any], recorded: str | None,
               pseudo: dict[str, str]) -> dict[str, str] | None:
    """The ResourceIdentifier an import needs: the name the template sets (the same name, adopted),
    else the physical id destroy recorded; None when neither says which resource it is."""
    keys = primary_identifier(resource_type)
    if len(keys) != 1:
        return None
    [key] = keys
    named = literal((body.get("Properties") or {}).get(key), pseudo)
    if named:
        return {key: named}
    return {key: recorded} if recorded else None


def literal(value: Any, pseudo: dict[str, str]) -> str | None:
    """A property's value when it is a plain string or a Sub of pseudo parameters only."""
    if isinstance(value, str):
        return value
    if isinstance(value, dict) and set(value) == {"Fn::Sub"} and isinstance(value["Fn::Sub"], str):
        text = value["Fn::Sub"]
        names = _PSEUDO.findall(text)
        if all(name in pseudo for name in names) and "${" not in _PSEUDO.sub("", text):
            return _PSEUDO.sub(lambda m: pseudo[m.group(1)], text)
    return None
