"""What moto's CloudFormation leaves out of a stack's life, put back for the deploy tests.

moto 5.2 creates resources inside the API call: a resource that fails makes the call fail (an
HTTP error) and leaves the stack IN_PROGRESS forever; it never rolls back, records no resource
events, skips unknown types silently, drops a resource it cannot update from the stack, leaves
the Outputs empty after a change set, ignores DependsOn for a resource another one refers to,
deletes in any order, and mixes up two stacks' change sets of the same name. Here a failed
resource fails the stack instead, with its reason in describe_stack_events, and the stack rolls
back as CloudFormation's would; the rest is put right where it happens, below.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

from moto.cloudformation import parsing
from moto.cloudformation.exceptions import AlreadyExistsException
from moto.cloudformation.models import CloudFormationBackend, Event, Stack, cloudformation_backends
from moto.cloudformation.parsing import OutputMap, ResourceMap
from moto.cloudformation.utils import generate_stack_id

from archgen.deploy.local._convert import error_reason
from archgen.deploy.local._import import apply_import

# moto's own functions, kept before install() replaces them.
_MOTO_UPDATE_RESOURCE = parsing.parse_and_update_resource
_MOTO_DELETE_RESOURCE = ResourceMap._delete_resource
_MOTO_CREATE_RESOURCE_MAP = Stack._create_resource_map


class ResourceFailed(Exception):
    """One resource of a stack failed; the stack fails with this reason."""

    def __init__(self, logical_id: str, resource_type: str, action: str, reason: str) -> None:
        super().__init__(f"{logical_id} ({resource_type}): {reason}")
        self.logical_id = logical_id
        self.resource_type = resource_type
        self.action = action
        self.reason = reason


# --- resource events ---------------------------------------------------------------------------

def _stack_of(resources: ResourceMap) -> Stack | None:
    return getattr(resources, "archgen_stack", None)


def _record(resources: ResourceMap, logical_id: str, resource: Any, resource_type: str, status: str,
            reason: str | None = None) -> None:
    stack = _stack_of(resources)
    if stack is None:  # a resource map moto made without a stack (stack sets): nothing to tell
        return
    event = Event(stack_id=stack.stack_id, stack_name=stack.name, logical_resource_id=logical_id,
                  physical_resource_id=getattr(resource, "physical_resource_id", None) or "",
                  resource_type=resource_type, resource_status=status, resource_status_reason=reason,
                  resource_properties=None)
    event.sendToSns(stack.account_id, stack.region_name, stack.notification_arns)
    stack.events.append(event)


def _create_resource_map(stack: Stack) -> ResourceMap:
    resources = _MOTO_CREATE_RESOURCE_MAP(stack)
    resources.archgen_stack = stack  # type: ignore[attr-defined]  # so resource events find their stack
    return resources


# --- resources: create, update, delete ---------------------------------------------------------

def _unsupported(logical_id: str, resource_type: str, action: str) -> ResourceFailed:
    return ResourceFailed(logical_id, resource_type, action,
                          f"Unrecognized resource type {resource_type}: moto's CloudFormation does not "
                          "create it and archgen.deploy.local has no adapter for it")


def _create_dependencies(resources: ResourceMap, resource_json: dict[str, Any]) -> None:
    """Create the resources named in DependsOn. moto honours DependsOn only in its walk over the
    template: a resource it creates early because another one refers to it skipped them."""
    depends_on = resource_json.get("DependsOn") or []
    names = [depends_on] if isinstance(depends_on, str) else depends_on
    unknown = [name for name in names if name not in resources._resource_json_map]
    if unknown:
        raise ValueError(f"Template format error: Unresolved resource dependencies {unknown} in the Resources block")
    for name in names:
        resources[name]  # noqa: B018 - the lookup is what creates it


def create_resource(logical_id: str, resource_json: dict[str, Any], resources: ResourceMap,
                    account_id: str, region_name: str) -> Any:
    """moto's parse_and_create_resource, with events, and failures as ResourceFailed."""
    condition = resource_json.get("Condition")
    if condition and not resources.lazy_condition_map[condition]:
        return None
    resource_type = resource_json["Type"]
    if resource_type in parsing.NULL_MODELS:
        return None
    if parsing.resource_class_from_type(resource_type) is None:
        raise _unsupported(logical_id, resource_type, "CREATE")
    try:  # what it depends on, then what it refers to (resolving Ref/GetAtt creates it), first
        _create_dependencies(resources, resource_json)
        resource_class, cleaned, physical_name = parsing.parse_resource_and_generate_name(
            logical_id, resource_json, resources)
    except ResourceFailed:
        raise
    except Exception as error:
        raise ResourceFailed(logical_id, resource_type, "CREATE", error_reason(error)) from error
    _record(resources, logical_id, None, resource_type, "CREATE_IN_PROGRESS")
    try:
        resource = resource_class.create_from_cloudformation_json(
            physical_name, cleaned, account_id, region_name,
            LogicalId=logical_id, StackId=resources.stack_id, ResourceType=resource_type)
    except Exception as error:
        raise ResourceFailed(logical_id, resource_type, "CREATE", error_reason(error)) from error
    resource.cf_resource_type = resource_type
    resource.logical_resource_id = logical_id
    _creation_order(resources).append(logical_id)
    _record(resources, logical_id, resource, resource_type, "CREATE_COMPLETE")
    return resource


def _attempted_updates(resources: ResourceMap) -> set[str]:
    """The resources this stack operation has started to update (reset by each operation)."""
    if not hasattr(resources, "archgen_attempted"):
        resources.archgen_attempted = set()  # type: ignore[attr-defined]
    return resources.archgen_attempted  # type: ignore[attr-defined,no-any-return]


def update_resource(logical_id: str, resource_json: dict[str, Any], resources: ResourceMap,
                    account_id: str, region_name: str) -> Any:
    """moto's parse_and_update_resource, with events; a type moto cannot update is kept as it
    was (moto would put None in its place and every Ref to it would silently vanish)."""
    resource_type = resource_json["Type"]
    resource_class = parsing.resource_class_from_type(resource_type)
    if resource_class is None:
        raise _unsupported(logical_id, resource_type, "UPDATE")
    original = resources._parsed_resources.get(logical_id)
    if hasattr(resource_class.update_from_cloudformation_json, "__isabstractmethod__"):
        _record(resources, logical_id, original, resource_type, "UPDATE_COMPLETE",
                f"moto cannot update {resource_type}: kept as it was")
        return original
    attempted = _attempted_updates(resources)
    if logical_id not in attempted:  # moto retries a failed update up to four times: one event
        attempted.add(logical_id)
        _record(resources, logical_id, original, resource_type, "UPDATE_IN_PROGRESS")
    try:
        updated = _MOTO_UPDATE_RESOURCE(logical_id, resource_json, resources, account_id, region_name)
    except ResourceFailed:
        raise
    except Exception as error:
        raise ResourceFailed(logical_id, resource_type, "UPDATE", error_reason(error)) from error
    _record(resources, logical_id, updated, resource_type, "UPDATE_COMPLETE")
    return updated


def _creation_order(resources: ResourceMap) -> list[str]:
    if not hasattr(resources, "archgen_created"):
        resources.archgen_created = []  # type: ignore[attr-defined]
    return resources.archgen_created  # type: ignore[attr-defined,no-any-return]


def delete_resources(resources: ResourceMap) -> None:
    """ResourceMap.delete in reverse creation order, dependents before what they refer to, as
    CloudFormation does (moto walks a set, so a bucket may go before its policy, which then fails)."""
    templates = resources._resource_json_map
    created = [name for name in reversed(_creation_order(resources)) if name in templates]
    for logical_id in created + [name for name in templates if name not in created]:
        resource = resources._parsed_resources.get(logical_id)
        if templates[logical_id].get("DeletionPolicy") == "Retain" or resource is None or isinstance(resource, str):
            continue
        resources._delete_resource(resource, templates[logical_id])
        resources._parsed_resources.pop(logical_id)
        if logical_id in created:
            _creation_order(resources).remove(logical_id)


def delete_resource(resources: ResourceMap, resource: Any, resource_json: dict[str, Any]) -> None:
    """moto's ResourceMap._delete_resource, with an event (failures stay moto's: it retries)."""
    _MOTO_DELETE_RESOURCE(resources, resource, resource_json)
    resource_class = parsing.resource_class_from_type(resource_json["Type"])
    deletes = hasattr(resource, "delete") or not hasattr(
        resource_class.delete_from_cloudformation_json, "__isabstractmethod__")
    reason = None if deletes else f"moto cannot delete {resource_json['Type']}: it stays in its service"
    _record(resources, resource.logical_resource_id, resource, resource_json["Type"], "DELETE_COMPLETE", reason)


# --- stacks: failure and rollback --------------------------------------------------------------

_OPERATIONS = itertools.count(1)
_CURRENT = [0]


def current_operation() -> int:
    """A number per stack operation (an update, its rollback, a continued rollback): moto retries a
    failing resource several times inside one operation, so a resource that must fail for a whole
    operation tells them apart by this."""
    return _CURRENT[0]


def _attempt(stack: Stack, action: str, work: Callable[[], Any]) -> ResourceFailed | None:
    """Run a stack operation; its failure, if any, as a ResourceFailed (never an HTTP error)."""
    _CURRENT[0] = next(_OPERATIONS)
    _attempted_updates(stack.resource_map).clear()
    try:
        work()
    except ResourceFailed as failure:
        return failure
    except Exception as error:  # not one resource's fault: the stack itself failed
        return ResourceFailed(stack.name, "AWS::CloudFormation::Stack", action, error_reason(error))
    return None


def _set_status(stack: Stack, status: str, reason: str | None = None) -> None:
    stack.status = status
    stack._add_stack_event(status, resource_status_reason=reason)


def _forget_resources(stack: Stack) -> None:
    """After a rollback the stack has no resources and no outputs; moto would otherwise create
    them again, lazily, the next time someone describes the stack."""
    stack.resource_map._resource_json_map = {}
    stack.output_map = OutputMap(stack.resource_map, {"Outputs": {}}, stack.stack_id)


def _roll_back_creation(stack: Stack, failure: ResourceFailed) -> None:
    _record(stack.resource_map, failure.logical_id, None, failure.resource_type, "CREATE_FAILED", failure.reason)
    _set_status(stack, "ROLLBACK_IN_PROGRESS",
                f"The following resource(s) failed to create: [{failure.logical_id}]. Rollback requested by user.")
    cleanup = _attempt(stack, "DELETE", stack.resource_map.delete)
    _forget_resources(stack)
    if cleanup:
        _set_status(stack, "ROLLBACK_FAILED", cleanup.reason)
    else:
        _set_status(stack, "ROLLBACK_COMPLETE")


def _roll_back_update(stack: Stack, previous: dict[str, Any], parameters: dict[str, Any],
                      failure: ResourceFailed) -> None:
    _record(stack.resource_map, failure.logical_id, None, failure.resource_type,
            f"{failure.action}_FAILED", failure.reason)
    _set_status(stack, "UPDATE_ROLLBACK_IN_PROGRESS",
                f"The following resource(s) failed to {failure.action.lower()}: [{failure.logical_id}].")
    _finish_rollback(stack, previous, parameters)


def _finish_rollback(stack: Stack, previous: dict[str, Any], parameters: dict[str, Any]) -> None:
    undo = _attempt(stack, "UPDATE", lambda: stack.resource_map.update(previous, parameters))
    stack.output_map = stack._create_output_map()
    if undo:
        _record(stack.resource_map, undo.logical_id, None, undo.resource_type, "UPDATE_FAILED", undo.reason)
        stack.archgen_rollback_to = (previous, parameters)  # type: ignore[attr-defined]
        _set_status(stack, "UPDATE_ROLLBACK_FAILED", undo.reason)
    else:
        _set_status(stack, "UPDATE_ROLLBACK_COMPLETE")


def _publish_exports(backend: CloudFormationBackend, stack: Stack) -> None:
    """The stack's exports as its current outputs say (moto registers them at creation only)."""
    for name in [name for name, export in backend.exports.items() if export.exporting_stack_id == stack.stack_id]:
        del backend.exports[name]
    backend._validate_export_uniqueness(stack)
    for export in stack.exports:
        backend.exports[export.name] = export


# --- the operations moto's API calls -----------------------------------------------------------

def create_stack(backend: CloudFormationBackend, name: str, template: str, parameters: dict[str, Any],
                 notification_arns: list[str] | None = None, tags: dict[str, str] | None = None,
                 role_arn: str | None = None, enable_termination_protection: bool | None = False,
                 timeout_in_mins: int | None = None, stack_policy_body: str | None = None) -> Stack:
    """CloudFormationBackend.create_stack: the call succeeds; the stack completes or rolls back."""
    if name in [stack.name for stack in backend.stacks.values()]:
        raise AlreadyExistsException(f"Stack {name} already exists")
    stack = Stack(stack_id=generate_stack_id(name, backend.region_name, backend.account_id), name=name,
                  template=template, parameters=parameters, account_id=backend.account_id,
                  region_name=backend.region_name, notification_arns=notification_arns, tags=tags,
                  role_arn=role_arn, cross_stack_resources=backend.exports,
                  enable_termination_protection=enable_termination_protection,
                  timeout_in_mins=timeout_in_mins, stack_policy_body=stack_policy_body)
    backend.stacks[stack.stack_id] = stack
    stack._add_stack_event("CREATE_IN_PROGRESS", resource_status_reason="User Initiated")
    failure = _attempt(stack, "CREATE", stack.create_resources)
    if failure:
        _roll_back_creation(stack, failure)
    else:
        _publish_exports(backend, stack)
    return stack


def _change_set(backend: CloudFormationBackend, name_or_arn: str, stack_name: str | None) -> Any:
    """The change set an ARN names, or the newest of that name on that stack (moto looks at the
    name only and takes the first, so two stacks' change sets of the same name get mixed up)."""
    if name_or_arn in backend.change_sets:
        return backend.change_sets[name_or_arn]
    for change_set in reversed(backend.change_sets.values()):
        if change_set.change_set_name == name_or_arn and stack_name in (None, change_set.stack_name,
                                                                        change_set.stack_id):
            return change_set
    return backend.describe_change_set(name_or_arn)  # raises moto's ValidationError


def _drop_other_change_sets(backend: CloudFormationBackend, executed: Any) -> None:
    """CloudFormation deletes a stack's other change sets once one is executed: they no longer
    describe a change to the stack as it now is."""
    for arn, change_set in list(backend.change_sets.items()):
        if change_set.stack_id == executed.stack_id and change_set is not executed:
            del backend.change_sets[arn]


def execute_change_set(backend: CloudFormationBackend, change_set_name: str, stack_name: str | None = None) -> None:
    """CloudFormationBackend.execute_change_set, with failure, rollback, Outputs and exports."""
    change_set = _change_set(backend, change_set_name, stack_name)
    stack = backend.stacks[change_set.stack_id]
    _drop_other_change_sets(backend, change_set)
    action = change_set.change_set_type  # CREATE, UPDATE or IMPORT
    if action == "IMPORT":
        _execute_import(backend, stack, change_set)
        return
    previous, parameters = stack.resource_map._template, dict(stack.resource_map.input_parameters)
    _set_status(stack, f"{action}_IN_PROGRESS", "User Initiated")
    failure = _attempt(stack, action, change_set.apply)
    change_set.execution_status = "EXECUTE_FAILED" if failure else "EXECUTE_COMPLETE"
    if failure and action == "CREATE":
        _roll_back_creation(stack, failure)
        return
    if failure:
        _roll_back_update(stack, previous, parameters, failure)
        return
    stack.template = change_set.template
    stack._parse_template()
    stack.parameters = change_set.parameters or stack.parameters
    stack.output_map = stack._create_output_map()
    _publish_exports(backend, stack)
    _set_status(stack, f"{action}_COMPLETE")


def _execute_import(backend: CloudFormationBackend, stack: Stack, change_set: Any) -> None:
    """The existing resources join the stack; a failure lets them go again (an import never deletes)."""
    previous = (stack.template, stack.resource_map)
    _set_status(stack, "IMPORT_IN_PROGRESS", "User Initiated")
    failure = _attempt(stack, "IMPORT", lambda: apply_import(stack, change_set, _record))
    change_set.execution_status = "EXECUTE_FAILED" if failure else "EXECUTE_COMPLETE"
    if failure:
        _record(stack.resource_map, failure.logical_id, None, failure.resource_type, "IMPORT_FAILED", failure.reason)
        stack.template, stack.resource_map = previous
        stack._parse_template()
        _set_status(stack, "IMPORT_ROLLBACK_COMPLETE", failure.reason)
        return
    stack.output_map = stack._create_output_map()
    _publish_exports(backend, stack)
    _set_status(stack, "IMPORT_COMPLETE")


def update_stack(stack: Stack, template: str, role_arn: str | None = None,
                 parameters: dict[str, Any] | None = None, tags: dict[str, str] | None = None) -> None:
    """Stack.update, with failure and rollback (moto leaves a half-updated stack UPDATE_IN_PROGRESS)."""
    previous, previous_parameters = stack.template_dict, dict(stack.resource_map.input_parameters)
    _set_status(stack, "UPDATE_IN_PROGRESS", "User Initiated")
    new_template = Stack.parse_template(template)
    failure = _attempt(stack, "UPDATE", lambda: stack.resource_map.update(new_template, parameters))
    if failure:
        _roll_back_update(stack, previous, previous_parameters, failure)
        return
    stack.template, stack.template_dict = template, new_template
    stack.output_map = stack._create_output_map()
    stack.role_arn = role_arn
    stack.parameters = parameters or stack.parameters
    stack.tags = stack.tags if tags is None else tags
    _publish_exports(cloudformation_backends[stack.account_id][stack.region_name], stack)
    _set_status(stack, "UPDATE_COMPLETE")


# (owner, attribute, replacement): everything install() changes in moto, in one place.
REPLACEMENTS: tuple[tuple[Any, str, Callable[..., Any]], ...] = (
    (parsing, "parse_and_create_resource", create_resource),
    (parsing, "parse_and_update_resource", update_resource),
    (ResourceMap, "_delete_resource", delete_resource),
    (ResourceMap, "delete", delete_resources),
    (Stack, "_create_resource_map", _create_resource_map),
    (Stack, "update", update_stack),
    (CloudFormationBackend, "create_stack", create_stack),
    (CloudFormationBackend, "execute_change_set", execute_change_set),
)


def install_lifecycle() -> None:
    """Put the replacements in place (setting them again changes nothing: idempotent)."""
    for owner, attribute, replacement in REPLACEMENTS:
        setattr(owner, attribute, replacement)
