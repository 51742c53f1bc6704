"""Following a stack while CloudFormation works on it: its events as progress, its end state, its failure."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any, Callable

from botocore.exceptions import ClientError

from archgen.deploy.manifest import DeployError

DONE = ("_COMPLETE", "_FAILED")
IN_PROGRESS = "_IN_PROGRESS"


@dataclass(frozen=True)
class StackEvent:
    id: str
    logical_id: str
    resource_type: str
    status: str
    reason: str


@dataclass(frozen=True)
class Failure:
    stack: str
    resource: str
    resource_type: str
    status: str
    reason: str
    stack_status: str

    def report(self, later: bool = True) -> str:
        text = (f"stack {self.stack} failed at resource {self.resource} ({self.resource_type}): {self.status}: "
                f"{self.reason}\n  the stack was left in {self.stack_status}")
        return text + ("; later stacks were not started" if later else "")


def stack_status(cfn: Any, stack_name: str) -> str:
    """The stack's status; DELETE_COMPLETE for a stack that does not exist (or no longer)."""
    try:
        stacks = cfn.describe_stacks(StackName=stack_name)["Stacks"]
    except ClientError as exc:  # a deleted stack is no longer described
        if "does not exist" in str(exc):
            return "DELETE_COMPLETE"
        raise
    return str(stacks[0]["StackStatus"]) if stacks else "DELETE_COMPLETE"


def follow(cfn: Any, stack: str, stack_name: str, on_event: Callable[[StackEvent], None],
           since: set[str] | None = None, timeout: float = 3600.0) -> tuple[str, list[StackEvent]]:
    """Report new events until the stack settles; return its final status and every new event."""
    seen = set(since or ())
    events: list[StackEvent] = []
    deadline = time.monotonic() + timeout
    while True:
        for event in _new_events(cfn, stack_name, seen):
            events.append(event)
            on_event(event)
        status = stack_status(cfn, stack_name)
        if not status.endswith(IN_PROGRESS) and status.endswith(DONE):
            for event in _new_events(cfn, stack_name, seen):  # the last ones may land with the status
                events.append(event)
                on_event(event)
            return status, events
        if time.monotonic() > deadline:
            raise DeployError(f"stack {stack}: still {status} after {timeout:.0f} s")
        time.sleep(0.5)


def event_ids(cfn: Any, stack_name: str) -> set[str]:
    """The events already there, so a follow reports only what this run causes."""
    return {e.id for e in _all_events(cfn, stack_name)}


def _new_events(cfn: Any, stack_name: str, seen: set[str]) -> list[StackEvent]:
    fresh = [e for e in _all_events(cfn, stack_name) if e.id not in seen]
    seen.update(e.id for e in fresh)
    return fresh


def _all_events(cfn: Any, stack_name: str) -> list[StackEvent]:
    try:
        pages = cfn.get_paginator("describe_stack_events").paginate(StackName=stack_name)
        raw = [event for page in pages for event in page["StackEvents"]]
    except ClientError as exc:
        if "does not exist" in str(exc):
            return []
        raise
    # the API lists newest first; progress reads oldest first
    return [StackEvent(e["EventId"], e["LogicalResourceId"], e.get("ResourceType", ""), e["ResourceStatus"],
                       e.get("ResourceStatusReason", "") or "") for e in reversed(raw)]


def first_failure(stack: str, stack_name: str, events: list[StackEvent], final: str) -> Failure:
    """The resource that failed first, with its reason (the stack-level summary only when nothing else)."""
    failed = [e for e in events if e.status.endswith("_FAILED")]
    resources = [e for e in failed if e.logical_id != stack_name] or failed
    if not resources:
        return Failure(stack, stack_name, "AWS::CloudFormation::Stack", final, "no event names a cause", final)
    first = resources[0]
    return Failure(stack, first.logical_id, first.resource_type, first.status, first.reason or "(no reason given)",
                   final)


def succeeded(status: str, action: str) -> bool:
    return status == f"{action}_COMPLETE"
