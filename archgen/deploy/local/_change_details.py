"""Change sets that say what changes, as CloudFormation's do with IncludePropertyValues.

moto's change set lists a Modify per resource whose template text differs, with no Details, no
Replacement and no PhysicalResourceId, and misses a resource whose only change is a parameter it
refers to (a new code key). Here each UPDATE change set's Modify entries are computed from the
stack's current template and parameters against the new ones: one Detail per changed top-level
property, with its values before and after, whether it was a direct edit or a parameter, and
whether it replaces the resource (the type's createOnlyProperties in cfn-lint's schemas: the
same data CloudFormation's registry publishes).
"""

from __future__ import annotations

import json
from typing import Any

from moto.cloudformation.models import Change, ChangeSet

from archgen.deploy.retained import create_only

_MOTO_DIFF = ChangeSet.diff


def _resolve(value: Any, parameters: dict[str, Any]) -> Any:
    """A Ref to a parameter replaced by the parameter's value; everything else as written."""
    if isinstance(value, list):
        return [_resolve(item, parameters) for item in value]
    if isinstance(value, dict):
        if set(value) == {"Ref"} and value["Ref"] in parameters:
            return parameters[value["Ref"]]
        return {key: _resolve(item, parameters) for key, item in value.items()}
    return value


def _text(value: Any) -> str | None:
    if value is None:
        return None
    return value if isinstance(value, str) else json.dumps(value, sort_keys=True)


def property_details(resource_type: str, before: dict[str, Any], after: dict[str, Any],
                     old_parameters: dict[str, Any], new_parameters: dict[str, Any]) -> list[dict[str, Any]]:
    """One Detail per top-level property that differs once parameters are resolved."""
    details = []
    replacing = create_only(resource_type)
    old_props, new_props = before.get("Properties") or {}, after.get("Properties") or {}
    for name in sorted(set(old_props) | set(new_props)):
        old, new = old_props.get(name), new_props.get(name)
        old_value, new_value = _resolve(old, old_parameters), _resolve(new, new_parameters)
        if old_value == new_value:
            continue
        change_type = "Add" if name not in old_props else "Remove" if name not in new_props else "Modify"
        details.append({
            "Target": {"Attribute": "Properties", "Name": name, "Path": f"/Properties/{name}",
                       "RequiresRecreation": "Always" if name in replacing else "Never",
                       "AttributeChangeType": change_type,
                       "BeforeValue": _text(old_value), "AfterValue": _text(new_value)},
            "Evaluation": "Static",
            "ChangeSource": "DirectModification" if old != new else "ParameterReference",
        })
    return details


def _other_attributes_differ(before: dict[str, Any], after: dict[str, Any]) -> bool:
    strip = ("Properties", "Metadata")
    return {k: v for k, v in before.items() if k not in strip} != {k: v for k, v in after.items() if k not in strip}


def _diff(change_set: ChangeSet) -> list[Change]:
    changes = _MOTO_DIFF(change_set)
    if change_set.change_set_type != "UPDATE":
        return changes
    stack = change_set.stack
    old_resources = (stack.template_dict or {}).get("Resources") or {}
    new_resources = (change_set.template_dict or {}).get("Resources") or {}
    old_parameters = dict(stack.resource_map.resolved_parameters)
    new_parameters = {**old_parameters, **(change_set.parameters or {})}
    kept = [c for c in changes if c.action != "Modify"]
    for name in sorted(set(old_resources) & set(new_resources)):
        before, after = old_resources[name], new_resources[name]
        details = property_details(after.get("Type", ""), before, after, old_parameters, new_parameters)
        if not details and not _other_attributes_differ(before, after) and before.get("Metadata") == after.get(
                "Metadata"):
            continue
        change = Change(action="Modify", logical_resource_id=name, resource_type=after.get("Type", ""))
        change.details = details  # type: ignore[attr-defined]
        replaces = any(d["Target"]["RequiresRecreation"] == "Always" for d in details)
        change.replacement = "True" if replaces else "False"  # type: ignore[attr-defined]
        resource = stack.resource_map._parsed_resources.get(name)
        change.physical_resource_id = getattr(resource, "physical_resource_id", None)  # type: ignore[attr-defined]
        kept.append(change)
    return kept


def install_change_details() -> None:
    ChangeSet.diff = _diff  # type: ignore[method-assign]
