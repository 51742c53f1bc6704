"""Deploying templates to the local AWS the way the deploy command will: create_stack, or a CREATE
change set executed after review, then boto3's waiters."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from botocore.exceptions import WaiterError

REGION = "eu-west-1"  # the system's region in these tests
EDGE_REGION = "us-east-1"  # CloudFront's certificate and CLOUDFRONT-scope web ACL

# aws(service, region=REGION) -> a boto3 client of the local endpoint (the `aws` fixture).
Clients = Callable[..., Any]


def template(resources: dict[str, Any], outputs: dict[str, Any] | None = None) -> str:
    """A template body; outputs given as {key: value expression}."""
    body: dict[str, Any] = {"AWSTemplateFormatVersion": "2010-09-09", "Resources": resources}
    if outputs:
        body["Outputs"] = {key: {"Value": value} for key, value in outputs.items()}
    return json.dumps(body)


def failures(cloudformation: Any, name: str) -> list[str]:
    """'logical id (type): status: reason' of each *_FAILED resource event of a stack."""
    events = cloudformation.describe_stack_events(StackName=name)["StackEvents"]
    return [f"{each['LogicalResourceId']} ({each['ResourceType']}): {each['ResourceStatus']}: "
            f"{each.get('ResourceStatusReason', '')}" for each in events if each["ResourceStatus"].endswith("_FAILED")]


def _wait(cloudformation: Any, waiter: str, name: str) -> None:
    try:
        cloudformation.get_waiter(waiter).wait(StackName=name, WaiterConfig={"Delay": 1, "MaxAttempts": 5})
    except WaiterError as error:
        raise AssertionError(f"stack {name}: {error}; {failures(cloudformation, name)}") from error


def create_stack(cloudformation: Any, name: str, body: str) -> dict[str, Any]:
    """create_stack, wait for CREATE_COMPLETE as a deploy would; the stack as described."""
    cloudformation.create_stack(StackName=name, TemplateBody=body)
    _wait(cloudformation, "stack_create_complete", name)
    return cloudformation.describe_stacks(StackName=name)["Stacks"][0]


def create_by_change_set(cloudformation: Any, name: str, body: str) -> dict[str, Any]:
    """The deploy command's path: a CREATE change set, reviewed, then executed."""
    change_set = cloudformation.create_change_set(StackName=name, ChangeSetName=f"{name}-create",
                                                   ChangeSetType="CREATE", TemplateBody=body)
    cloudformation.get_waiter("change_set_create_complete").wait(
        ChangeSetName=change_set["Id"], WaiterConfig={"Delay": 1, "MaxAttempts": 5})
    cloudformation.execute_change_set(ChangeSetName=change_set["Id"])
    _wait(cloudformation, "stack_create_complete", name)
    return cloudformation.describe_stacks(StackName=name)["Stacks"][0]


def update_stack(cloudformation: Any, name: str, body: str) -> dict[str, Any]:
    cloudformation.update_stack(StackName=name, TemplateBody=body)
    _wait(cloudformation, "stack_update_complete", name)
    return cloudformation.describe_stacks(StackName=name)["Stacks"][0]


def delete_stack(cloudformation: Any, name: str) -> None:
    cloudformation.delete_stack(StackName=name)
    _wait(cloudformation, "stack_delete_complete", name)


def outputs(stack: dict[str, Any]) -> dict[str, str]:
    return {each["OutputKey"]: each["OutputValue"] for each in stack.get("Outputs") or []}


def physical_id(cloudformation: Any, stack: str, logical_id: str) -> str:
    described = cloudformation.describe_stack_resource(StackName=stack, LogicalResourceId=logical_id)
    return described["StackResourceDetail"]["PhysicalResourceId"]
