"""ContinueUpdateRollback, which moto's CloudFormation does not have (no API action at all).

A stack whose update failed and whose rollback failed too stays in UPDATE_ROLLBACK_FAILED; in
CloudFormation the way on is to continue the rollback (after fixing the cause, or skipping the
resources that cannot be restored). Here the rollback `_lifecycle` attempted is run again.
"""

from __future__ import annotations

from typing import Any

from moto.cloudformation.exceptions import ValidationError
from moto.cloudformation.models import CloudFormationBackend
from moto.cloudformation.responses import CloudFormationResponse
from moto.core.responses import EmptyResult

from archgen.deploy.local._lifecycle import _finish_rollback, _set_status


def continue_update_rollback(backend: CloudFormationBackend, stack_name: str,
                             resources_to_skip: list[str]) -> None:
    """ContinueUpdateRollback, which moto lacks: retry the rollback of a stack in UPDATE_ROLLBACK_FAILED;
    a resource to skip is left as it is now and counted as rolled back."""
    stacks = [s for s in backend.stacks.values() if stack_name in (s.name, s.stack_id) and s.status != "DELETE_COMPLETE"]
    if not stacks or stacks[0].status != "UPDATE_ROLLBACK_FAILED":
        status = stacks[0].status if stacks else "absent"
        raise ValidationError(message=f"Stack {stack_name} is in {status} state and can not continue its rollback: "
                                      "only UPDATE_ROLLBACK_FAILED can")
    stack = stacks[0]
    previous, parameters = stack.archgen_rollback_to  # type: ignore[attr-defined]
    current = stack.resource_map._resource_json_map
    target = {**previous, "Resources": {name: current.get(name, body) if name in resources_to_skip else body
                                        for name, body in previous["Resources"].items()}}
    _set_status(stack, "UPDATE_ROLLBACK_IN_PROGRESS", "Continue rollback requested by user")
    _finish_rollback(stack, target, parameters)


def _respond(self: CloudFormationResponse) -> Any:
    continue_update_rollback(self.cloudformation_backend, self._get_param("StackName"),
                             self._get_param("ResourcesToSkip", []))
    return EmptyResult()


def install_continue_rollback() -> None:
    CloudFormationResponse.continue_update_rollback = _respond  # type: ignore[attr-defined]
