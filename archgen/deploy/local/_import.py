"""IMPORT change sets, which moto's CloudFormation does not have: ResourcesToImport is ignored and
an IMPORT is run as a CREATE, so a retained table is created a second time and collides.

Here an IMPORT change set is checked as CloudFormation checks it (each resource in the template,
with a DeletionPolicy, and existing under the identifier given), lists one `Import` change per
resource, and when executed puts the existing objects of their services into the stack (the
data they hold untouched), with IMPORT_* events and the IMPORT_COMPLETE status.
"""

from __future__ import annotations

from typing import Any, Callable

from moto.cloudformation.models import Change, ChangeSet, CloudFormationBackend, Stack
from moto.cloudformation.responses import CloudFormationResponse
from moto.cloudformation.utils import generate_changeset_id, generate_stack_id
from moto.dynamodb.models import dynamodb_backends
from moto.kms.models import kms_backends
from moto.logs.models import logs_backends
from moto.s3.models import s3_backends

from archgen.deploy.local._adapter import Context
from archgen.deploy.local.cognito_user_pool import CognitoUserPool

_MOTO_CREATE_CHANGE_SET = CloudFormationResponse.create_change_set

Finder = Callable[[Stack, str, dict[str, str], dict[str, Any]], Any]


def _table(stack: Stack, logical_id: str, ident: dict[str, str], body: dict[str, Any]) -> Any:
    return dynamodb_backends[stack.account_id][stack.region_name].tables.get(ident.get("TableName", ""))


def _bucket(stack: Stack, logical_id: str, ident: dict[str, str], body: dict[str, Any]) -> Any:
    return s3_backends[stack.account_id]["global"].buckets.get(ident.get("BucketName", ""))


def _log_group(stack: Stack, logical_id: str, ident: dict[str, str], body: dict[str, Any]) -> Any:
    return logs_backends[stack.account_id][stack.region_name].groups.get(ident.get("LogGroupName", ""))


def _key(stack: Stack, logical_id: str, ident: dict[str, str], body: dict[str, Any]) -> Any:
    return kms_backends[stack.account_id][stack.region_name].keys.get(ident.get("KeyId", ""))


def _user_pool(stack: Stack, logical_id: str, ident: dict[str, str], body: dict[str, Any]) -> Any:
    context = Context(stack.account_id, stack.region_name, "", logical_id, stack.stack_id)
    try:
        pool = CognitoUserPool.backend_pool(context, ident.get("UserPoolId", ""))
    except Exception:  # noqa: BLE001 - moto raises its own not-found error
        return None
    return CognitoUserPool.adopt(context, body.get("Properties") or {}, pool)


FINDERS: dict[str, Finder] = {
    "AWS::DynamoDB::Table": _table,
    "AWS::S3::Bucket": _bucket,
    "AWS::Logs::LogGroup": _log_group,
    "AWS::KMS::Key": _key,
    "AWS::Cognito::UserPool": _user_pool,
}


def _problem(stack: Stack, template: dict[str, Any], wanted: dict[str, Any]) -> str | None:
    """Why CloudFormation would refuse this resource in an import (None: it would not)."""
    logical_id, resource_type = wanted["LogicalResourceId"], wanted["ResourceType"]
    body = (template.get("Resources") or {}).get(logical_id)
    if body is None or body.get("Type") != resource_type:
        return f"Resource {logical_id} of type {resource_type} is not in the template"
    if "DeletionPolicy" not in body:
        return f"Resource {logical_id} must have a DeletionPolicy to be imported"
    finder = FINDERS.get(resource_type)
    if finder is None:
        return f"archgen.deploy.local cannot import {resource_type} (no finder for it in _import.py)"
    if finder(stack, logical_id, wanted["ResourceIdentifier"], body) is None:
        return f"Resource {logical_id} ({wanted['ResourceIdentifier']}) does not exist"
    return None


def create_import_change_set(backend: CloudFormationBackend, stack_name: str, change_set_name: str,
                             template: str, parameters: dict[str, str], tags: dict[str, str],
                             resources: list[dict[str, Any]]) -> tuple[str, str]:
    live = [s for s in backend.stacks.values() if s.name == stack_name and s.status != "DELETE_COMPLETE"]
    if live:
        stack = live[0]
    else:  # an import into a new stack makes it, as a CREATE change set does
        stack = Stack(stack_id=generate_stack_id(stack_name, backend.region_name, backend.account_id),
                      name=stack_name, template={}, parameters=parameters, account_id=backend.account_id,
                      region_name=backend.region_name, tags=tags)
        backend.stacks[stack.stack_id] = stack
        stack.status = "REVIEW_IN_PROGRESS"
        stack._add_stack_event("REVIEW_IN_PROGRESS", resource_status_reason="User Initiated")
    change_set = ChangeSet("IMPORT", generate_changeset_id(change_set_name, backend.region_name, backend.account_id),
                           change_set_name, stack, template, parameters, "", tags=tags)
    change_set.archgen_import = resources  # type: ignore[attr-defined]
    change_set.changes = [Change("Import", r["LogicalResourceId"], r["ResourceType"]) for r in resources]
    problems = [p for p in (_problem(stack, change_set.template_dict, r) for r in resources) if p]
    change_set.status, change_set.execution_status = ("FAILED", "UNAVAILABLE") if problems else (
        "CREATE_COMPLETE", "AVAILABLE")
    change_set.status_reason = "; ".join(problems) or None
    backend.change_sets[change_set.change_set_id] = change_set
    return change_set.change_set_id, stack.stack_id


def apply_import(stack: Stack, change_set: ChangeSet, record: Callable[..., None]) -> None:
    """The existing objects become the stack's resources; nothing is created or changed."""
    stack.template = change_set.template
    stack._parse_template()
    stack.parameters = change_set.parameters or stack.parameters
    stack.resource_map = stack._create_resource_map()
    stack.resource_map.load()
    resources = stack.template_dict.get("Resources") or {}
    for wanted in change_set.archgen_import:  # type: ignore[attr-defined]
        logical_id, resource_type = wanted["LogicalResourceId"], wanted["ResourceType"]
        record(stack.resource_map, logical_id, None, resource_type, "IMPORT_IN_PROGRESS")
        found = FINDERS[resource_type](stack, logical_id, wanted["ResourceIdentifier"], resources[logical_id])
        found.cf_resource_type = resource_type
        found.logical_resource_id = logical_id
        stack.resource_map._parsed_resources[logical_id] = found
        record(stack.resource_map, logical_id, found, resource_type, "IMPORT_COMPLETE")
    stack.resource_map.create(stack.template_dict)  # only imported resources are in it: creates nothing


def _create_change_set(self: CloudFormationResponse) -> Any:
    if self._get_param("ChangeSetType") != "IMPORT":
        return _MOTO_CREATE_CHANGE_SET(self)
    from moto.core.responses import ActionResult

    template = self._get_param("TemplateBody")
    if self._get_param("TemplateURL"):
        template = self._get_stack_from_s3_url(self._get_param("TemplateURL"))
    parameters = {p["ParameterKey"]: p["ParameterValue"] for p in self._get_param("Parameters", [])}
    tags = {item["Key"]: item["Value"] for item in self._get_param("Tags", [])}
    change_set_id, stack_id = create_import_change_set(
        self.cloudformation_backend, self._get_param("StackName"), self._get_param("ChangeSetName"), template,
        parameters, tags, self._get_param("ResourcesToImport", []))
    return ActionResult({"Id": change_set_id, "StackId": stack_id})


def install_import() -> None:
    CloudFormationResponse.create_change_set = _create_change_set  # type: ignore[method-assign]
