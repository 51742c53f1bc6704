"""Change sets: create one per stack, wait for it, and read what it would do."""

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
class ResourceChange:
    action: str               # Add, Modify, Remove
    logical_id: str
    resource_type: str
    replacement: str = ""     # True, False, Conditional ('' when the API does not say)


@dataclass
class ChangeSet:
    stack: str
    stack_name: str
    name: str
    kind: str                 # CREATE or UPDATE
    changes: list[ResourceChange] = field(default_factory=list)
    empty: bool = False
    id: str = ""

    def count(self, action: str) -> int:
        return sum(1 for c in self.changes if c.action == action)


def stack_exists(cfn: Any, stack_name: str) -> bool:
    try:
        stacks = cfn.describe_stacks(StackName=stack_name)["Stacks"]
    except ClientError as exc:
        if "does not exist" in str(exc):
            return False
        raise
    return bool(stacks) and stacks[0]["StackStatus"] != "DELETE_COMPLETE"


def change_set_name(template: dict[str, str], parameters: list[dict[str, str]]) -> str:
    """Named after what it applies, so the same deploy asks for the same change set."""
    digest = hashlib.sha256(repr((sorted(template.items()), parameters)).encode()).hexdigest()[:12]
    return f"archgen-{digest}"


def create(cfn: Any, stack: str, stack_name: str, template: dict[str, str],
           parameters: list[dict[str, str]], tags: list[dict[str, str]]) -> ChangeSet:
    kind = "UPDATE" if stack_exists(cfn, stack_name) else "CREATE"
    name = change_set_name(template, parameters)
    result = ChangeSet(stack, stack_name, name, kind)
    if kind == "UPDATE":
        _delete_leftover(cfn, stack_name, name)
    try:
        created = cfn.create_change_set(StackName=stack_name, ChangeSetName=name, ChangeSetType=kind,
                                        Parameters=parameters, Capabilities=CAPABILITIES, Tags=tags,
                                        **template)
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
        described = cfn.describe_change_set(ChangeSetName=change_set.id, StackName=change_set.stack_name)
        status = described.get("Status", "CREATE_COMPLETE")
        if status == "FAILED":
            reason = described.get("StatusReason", "")
            if _is_no_change(reason):
                change_set.empty = True
                return
            raise DeployError(f"stack {change_set.stack}: change set failed: {reason}")
        if status == "CREATE_COMPLETE":
            change_set.changes = [_change(c) for c in described.get("Changes", [])]
            change_set.empty = not change_set.changes and change_set.kind == "UPDATE"
            return
        if time.monotonic() > deadline:
            raise DeployError(f"stack {change_set.stack}: change set still {status} after {timeout:.0f} s")
        time.sleep(1.0)


def _change(entry: dict[str, Any]) -> ResourceChange:
    resource = entry.get("ResourceChange", {})
    return ResourceChange(resource.get("Action", "?"), resource.get("LogicalResourceId", "?"),
                          resource.get("ResourceType", "?"), str(resource.get("Replacement", "")))


def _is_no_change(text: str) -> bool:
    return any(marker.lower() in text.lower() for marker in _NO_CHANGES)


def _message(exc: ClientError) -> str:
    return str(exc.response.get("Error", {}).get("Message", exc))
