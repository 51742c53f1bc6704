"""Change sets: create one per stack, wait for it, and read what it would do, property by property."""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass, field
from typing import Any

from botocore.exceptions import ClientError

from archgen.deploy.manifest import DeployError

CAPABILITIES = ["CAPABILITY_IAM", "CAPABILITY_NAMED_IAM"]
_NO_CHANGES = ("didn't contain changes", "No updates are to be performed", "no changes")
MAX_BODY = 51_200  # larger templates go through S3 (TemplateURL)


@dataclass(frozen=True)
class PropertyChange:
    """One changed property of a resource, as the change set describes it (IncludePropertyValues)."""

    name: str                  # MemorySize, or the path when there is no name
    change_type: str = ""      # Add, Remove, Modify ('' when the API does not say)
    before: str | None = None
    after: str | None = None
    requires_recreation: str = ""   # Never, Conditionally, Always
    evaluation: str = ""            # Static, or Dynamic (known only when the change runs)
    cause: str = ""                 # DirectModification, ParameterReference, ResourceReference, ...

    def text(self) -> str:
        change = {"Add": "added", "Remove": "removed"}.get(self.change_type, "changed")
        values = ""
        if self.before is not None or self.after is not None:
            values = f": {_short(self.before)} -> {_short(self.after)}"
        why = f" (via {self.cause})" if self.cause and self.cause != "DirectModification" else ""
        replace = {"Always": ", replaces the resource",
                   "Conditionally": ", may replace the resource"}.get(self.requires_recreation, "")
        return f"{self.name} {change}{values}{why}{replace}"


@dataclass(frozen=True)
class ResourceChange:
    action: str               # Add, Modify, Remove, Import, Dynamic
    logical_id: str
    resource_type: str
    replacement: str = ""     # True, False, Conditional ('' when the API does not say)
    properties: tuple[PropertyChange, ...] = ()
    physical_id: str = ""


@dataclass
class ChangeSet:
    stack: str
    stack_name: str
    name: str
    kind: str                 # CREATE, UPDATE or IMPORT
    changes: list[ResourceChange] = field(default_factory=list)
    empty: bool = False
    id: str = ""

    def count(self, action: str) -> int:
        return sum(1 for c in self.changes if c.action == action)

    def replaced(self) -> list[ResourceChange]:
        """The resources this change set will (or may) replace: a new physical resource, the old one gone."""
        return [c for c in self.changes if c.action == "Modify" and c.replacement in ("True", "Conditional")]


def change_set_name(template: dict[str, str], parameters: list[dict[str, str]], kind: str = "") -> str:
    """Named after what it applies, so the same deploy asks for the same change set."""
    digest = hashlib.sha256(repr((sorted(template.items()), parameters, kind)).encode()).hexdigest()[:12]
    return f"archgen-{kind.lower() + '-' if kind == 'IMPORT' else ''}{digest}"


def create(cfn: Any, stack: str, stack_name: str, template: dict[str, str], parameters: list[dict[str, str]],
           tags: list[dict[str, str]], kind: str, to_import: list[dict[str, Any]] | None = None) -> ChangeSet:
    name = change_set_name(template, parameters, kind)
    result = ChangeSet(stack, stack_name, name, kind)
    if kind != "CREATE":
        _delete_leftover(cfn, stack_name, name)
    extra: dict[str, Any] = {"ResourcesToImport": to_import} if to_import else {}
    try:
        created = cfn.create_change_set(StackName=stack_name, ChangeSetName=name, ChangeSetType=kind,
                                        Parameters=parameters, Capabilities=CAPABILITIES, Tags=tags,
                                        **template, **extra)
    except ClientError as exc:
        if _is_no_change(str(exc)):
            result.empty = True
            return result
        raise DeployError(f"stack {stack}: the change set was refused: {_message(exc)}") from None
    result.id = created["Id"]
    _wait(cfn, result)
    return result


def _delete_leftover(cfn: Any, stack_name: str, name: str) -> None:
    """A change set of the same name left by an interrupted run is replaced, not an error."""
    summaries = cfn.list_change_sets(StackName=stack_name).get("Summaries", [])
    for summary in summaries:
        if summary["ChangeSetName"] == name:
            cfn.delete_change_set(StackName=stack_name, ChangeSetName=summary["ChangeSetId"])


def _wait(cfn: Any, change_set: ChangeSet, timeout: float = 600.0) -> None:
    deadline = time.monotonic() + timeout
    while True:
        described = cfn.describe_change_set(ChangeSetName=change_set.id, StackName=change_set.stack_name,
                                            IncludePropertyValues=True)
        status = described.get("Status", "CREATE_COMPLETE")
        if status == "FAILED":
            reason = described.get("StatusReason", "")
            if _is_no_change(reason):
                change_set.empty = True
                return
            raise DeployError(f"stack {change_set.stack}: change set failed: {reason}")
        if status == "CREATE_COMPLETE":
            entries = list(described.get("Changes", []))
            entries += _later_pages(cfn, change_set, described.get("NextToken"))
            # No resource changes is not "no changes": outputs or metadata may differ, and only
            # CloudFormation's own "didn't contain changes" (FAILED, above) means nothing to do.
            change_set.changes = [_change(c) for c in entries]
            return
        if time.monotonic() > deadline:
            raise DeployError(f"stack {change_set.stack}: change set still {status} after {timeout:.0f} s")
        time.sleep(1.0)


def _later_pages(cfn: Any, change_set: ChangeSet, token: str | None) -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = []
    while token:
        page = cfn.describe_change_set(ChangeSetName=change_set.id, StackName=change_set.stack_name,
                                       IncludePropertyValues=True, NextToken=token)
        entries += page.get("Changes", [])
        token = page.get("NextToken")
    return entries


def _change(entry: dict[str, Any]) -> ResourceChange:
    resource = entry.get("ResourceChange", {})
    properties = tuple(_property(d) for d in resource.get("Details", [])
                       if d.get("Target", {}).get("Attribute", "Properties") == "Properties")
    return ResourceChange(resource.get("Action", "?"), resource.get("LogicalResourceId", "?"),
                          resource.get("ResourceType", "?"), str(resource.get("Replacement", "")),
                          _merge(properties), str(resource.get("PhysicalResourceId", "")))


def _property(detail: dict[str, Any]) -> PropertyChange:
    target = detail.get("Target", {})
    name = target.get("Name") or str(target.get("Path", "?")).removeprefix("/Properties/")
    return PropertyChange(str(name), str(target.get("AttributeChangeType", "")), target.get("BeforeValue"),
                          target.get("AfterValue"), str(target.get("RequiresRecreation", "")),
                          str(detail.get("Evaluation", "")), str(detail.get("ChangeSource", "")))


def _merge(properties: tuple[PropertyChange, ...]) -> tuple[PropertyChange, ...]:
    """CloudFormation lists a property once per cause (a parameter and a direct edit): keep the first."""
    seen: dict[str, PropertyChange] = {}
    for change in properties:
        seen.setdefault(change.name, change)
    return tuple(seen.values())


def _short(value: str | None, limit: int = 60) -> str:
    if value is None:
        return "(none)"
    text = " ".join(str(value).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _is_no_change(text: str) -> bool:
    return any(marker.lower() in text.lower() for marker in _NO_CHANGES)


def _message(exc: ClientError) -> str:
    return str(exc.response.get("Error", {}).get("Message", exc))
