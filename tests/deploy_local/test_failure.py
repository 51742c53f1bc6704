"""The failure path, end to end: a resource that really fails (Archgen::Test::Fail) fails the
stack, not the API call; its reason is in the stack events; the stack rolls back."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import WaiterError

from tests.deploy_local.stacks import Clients, create_stack, failures, outputs, template

REASON = "the test asked this resource to fail"


def topic(name: str) -> dict[str, Any]:
    return {"Type": "AWS::SNS::Topic", "Properties": {"TopicName": name}}


def broken(fail_on: str = "Create", reason: str = REASON) -> dict[str, Any]:
    # DependsOn: the topic exists before the failure, so the rollback has something to delete.
    return {"Type": "Archgen::Test::Fail", "DependsOn": "Kept", "Properties": {"Reason": reason, "FailOn": fail_on}}


def statuses(cloudformation: Any, stack: str, logical_id: str) -> list[str]:
    """The statuses a resource went through, oldest first."""
    events = cloudformation.describe_stack_events(StackName=stack)["StackEvents"]
    return [each["ResourceStatus"] for each in reversed(events) if each["LogicalResourceId"] == logical_id]


def topic_names(aws: Clients) -> list[str]:
    return [each["TopicArn"].rsplit(":", 1)[1] for each in aws("sns").list_topics()["Topics"]]


def test_create_stack_fails_with_the_reason_and_rolls_back(aws: Clients) -> None:
    cloudformation = aws("cloudformation")
    body = template({"Kept": topic("failing-kept"), "Broken": broken()}, {"Topic": {"Ref": "Kept"}})
    assert cloudformation.create_stack(StackName="failing", TemplateBody=body)["StackId"]
    with pytest.raises(WaiterError, match="ROLLBACK_COMPLETE"):
        cloudformation.get_waiter("stack_create_complete").wait(StackName="failing", WaiterConfig={"Delay": 1})
    stack = cloudformation.describe_stacks(StackName="failing")["Stacks"][0]
    assert (stack["StackStatus"], outputs(stack)) == ("ROLLBACK_COMPLETE", {})
    assert failures(cloudformation, "failing") == [f"Broken (Archgen::Test::Fail): CREATE_FAILED: {REASON}"]
    assert statuses(cloudformation, "failing", "Kept") == ["CREATE_IN_PROGRESS", "CREATE_COMPLETE", "DELETE_COMPLETE"]
    assert statuses(cloudformation, "failing", "failing") == [
        "CREATE_IN_PROGRESS", "ROLLBACK_IN_PROGRESS", "ROLLBACK_COMPLETE"]
    assert "failing-kept" not in topic_names(aws)
    assert cloudformation.describe_stack_resources(StackName="failing")["StackResources"] == []


def test_change_set_execution_fails_with_the_reason_and_rolls_back(aws: Clients) -> None:
    cloudformation = aws("cloudformation")
    body = template({"Kept": topic("failing-change-set-kept"), "Broken": broken()})
    change_set = cloudformation.create_change_set(StackName="failing-change-set", ChangeSetName="create",
                                                  ChangeSetType="CREATE", TemplateBody=body)
    cloudformation.execute_change_set(ChangeSetName=change_set["Id"])  # no HTTP error: the stack fails
    assert cloudformation.describe_change_set(ChangeSetName=change_set["Id"])["ExecutionStatus"] == "EXECUTE_FAILED"
    assert cloudformation.describe_stacks(StackName="failing-change-set")["Stacks"][0]["StackStatus"] \
        == "ROLLBACK_COMPLETE"
    assert failures(cloudformation, "failing-change-set") == [f"Broken (Archgen::Test::Fail): CREATE_FAILED: {REASON}"]
    assert "failing-change-set-kept" not in topic_names(aws)


def test_failed_update_rolls_back_to_the_previous_stack(aws: Clients) -> None:
    cloudformation = aws("cloudformation")
    first = {"Kept": topic("failing-update-kept"), "Broken": broken(fail_on="Never")}
    before = outputs(create_stack(cloudformation, "failing-update", template(first, {"Topic": {"Ref": "Kept"}})))
    second = {**first, "Added": topic("failing-update-added"), "Broken": broken(fail_on="Update")}
    cloudformation.update_stack(StackName="failing-update", TemplateBody=template(second, {"Topic": {"Ref": "Kept"}}))
    stack = cloudformation.describe_stacks(StackName="failing-update")["Stacks"][0]
    assert (stack["StackStatus"], outputs(stack)) == ("UPDATE_ROLLBACK_COMPLETE", before)
    assert failures(cloudformation, "failing-update") == [f"Broken (Archgen::Test::Fail): UPDATE_FAILED: {REASON}"]
    names = topic_names(aws)
    assert "failing-update-kept" in names and "failing-update-added" not in names


def test_a_type_nobody_implements_fails_the_stack_instead_of_vanishing(aws: Clients) -> None:
    cloudformation = aws("cloudformation")
    body = template({"Kept": topic("unknown-kept"), "Mystery": {"Type": "AWS::Made::Up", "DependsOn": "Kept"}})
    cloudformation.create_stack(StackName="unknown-type", TemplateBody=body)
    [failure] = failures(cloudformation, "unknown-type")
    assert failure.startswith("Mystery (AWS::Made::Up): CREATE_FAILED: Unrecognized resource type AWS::Made::Up")


def test_a_rolled_back_stack_can_be_deleted_and_created_again(aws: Clients) -> None:
    cloudformation = aws("cloudformation")
    body = template({"Kept": topic("again-kept"), "Broken": broken()})
    cloudformation.create_stack(StackName="again", TemplateBody=body)
    cloudformation.delete_stack(StackName="again")
    cloudformation.get_waiter("stack_delete_complete").wait(StackName="again", WaiterConfig={"Delay": 1})
    fixed = template({"Kept": topic("again-kept"), "Broken": broken(fail_on="Never")})
    assert create_stack(cloudformation, "again", fixed)["StackStatus"] == "CREATE_COMPLETE"
