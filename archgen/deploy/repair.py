"""Bringing a stack to a status a change set can start from, whatever an earlier run left.

`settle` waits out an operation under way; `prepare` then deletes a stack that can only be
deleted (after asking, or with --yes), continues a rollback that failed, or says precisely what a
person must do. After it, the stack is either absent (create it) or updatable.
"""

from __future__ import annotations

from typing import Any

from archgen.deploy import events
from archgen.deploy.console import Console
from archgen.deploy.manifest import DeployError
from archgen.deploy.states import ABSENT, STUCK_ADVICE, WHY_RECREATE, Way, way_forward


def settle(cfn: Any, stack: str, stack_name: str, console: Console) -> str:
    """The stack's status once no operation is under way on it (followed live while one is)."""
    status = events.stack_status(cfn, stack_name)
    if way_forward(status) is not Way.WAIT:
        return status
    console.say(f"{stack}: {status}: waiting for the operation under way to finish")
    with console.progress(stack) as progress:
        status, _ = events.follow(cfn, stack, stack_name, progress.event, since=events.event_ids(cfn, stack_name))
    return status


def prepare(cfn: Any, stack: str, stack_name: str, console: Console, yes: bool) -> str:
    """Absent or updatable afterwards; the status it is in."""
    status = settle(cfn, stack, stack_name, console)
    way = way_forward(status)
    if way is Way.RECREATE:
        question = f"stack {stack_name} is {status} ({WHY_RECREATE[status]}): delete it and create it again?"
        if not yes and not console.confirm(question):
            raise DeployError(f"stack {stack}: {status} ({WHY_RECREATE[status]}); nothing done: deploy --yes "
                              "deletes it and creates it again")
        delete(cfn, stack, stack_name, console)
        return ABSENT
    if way is Way.CONTINUE_ROLLBACK:
        return continue_rollback(cfn, stack, stack_name, console)
    if way is Way.STUCK:
        advice = STUCK_ADVICE.get(status, "see its events in the CloudFormation console")
        raise DeployError(f"stack {stack}: {status}: {advice}")
    return status


def delete(cfn: Any, stack: str, stack_name: str, console: Console,
           retain: list[str] | None = None) -> list[events.StackEvent]:
    """Delete and follow to the end; a failure names the resource that would not go."""
    before = events.event_ids(cfn, stack_name)
    extra = {"RetainResources": retain} if retain else {}
    cfn.delete_stack(StackName=stack_name, **extra)
    with console.progress(stack) as progress:
        status, seen = events.follow(cfn, stack, stack_name, progress.event, since=before)
    if status != ABSENT:
        failure = events.first_failure(stack, stack_name, seen, status)
        raise DeployError(f"{failure.report(later=False)}\n  run the same command again once the cause is fixed")
    return seen


def continue_rollback(cfn: Any, stack: str, stack_name: str, console: Console) -> str:
    """UPDATE_ROLLBACK_FAILED: ask CloudFormation to finish the rollback, so the stack can be updated."""
    console.say(f"{stack}: UPDATE_ROLLBACK_FAILED: continuing the rollback (continue-update-rollback)")
    before = events.event_ids(cfn, stack_name)
    cfn.continue_update_rollback(StackName=stack_name)
    with console.progress(stack) as progress:
        status, seen = events.follow(cfn, stack, stack_name, progress.event, since=before)
    if status != "UPDATE_ROLLBACK_COMPLETE":
        failure = events.first_failure(stack, stack_name, seen, status)
        raise DeployError(
            f"{failure.report(later=False)}\n  the rollback cannot restore {failure.resource}: fix it by hand, or "
            f"skip it with `aws cloudformation continue-update-rollback --stack-name {stack_name} "
            f"--resources-to-skip {failure.resource}`, then deploy again")
    return status
