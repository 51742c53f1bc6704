"""Change sets and updates as the deploy command uses them: by name, per stack, CREATE then UPDATE;
and what happens to the types moto can neither update nor delete."""

from __future__ import annotations

from typing import Any

from tests.deploy_local.stacks import Clients, create_stack, outputs, template, update_stack


def topic_stack(name: str, display: str) -> str:
    resources = {"Alerts": {"Type": "AWS::SNS::Topic", "Properties": {"TopicName": name, "DisplayName": display}}}
    return template(resources, {"TopicArn": {"Ref": "Alerts"}, "Display": display})


def deploy(cloudformation: Any, stack: str, body: str, kind: str) -> dict[str, str]:
    """Create, wait for, execute (by name, with the stack's name) and wait for one change set."""
    cloudformation.create_change_set(StackName=stack, ChangeSetName="deploy", ChangeSetType=kind, TemplateBody=body)
    cloudformation.execute_change_set(StackName=stack, ChangeSetName="deploy")
    waiter = "stack_create_complete" if kind == "CREATE" else "stack_update_complete"
    cloudformation.get_waiter(waiter).wait(StackName=stack, WaiterConfig={"Delay": 1, "MaxAttempts": 5})
    return outputs(cloudformation.describe_stacks(StackName=stack)["Stacks"][0])


def test_same_change_set_name_on_two_stacks_executes_each_stacks_own(aws: Clients) -> None:
    cloudformation = aws("cloudformation")
    first = deploy(cloudformation, "first", topic_stack("first", "one"), "CREATE")
    second = deploy(cloudformation, "second", topic_stack("second", "two"), "CREATE")
    assert first["TopicArn"].endswith(":first") and second["TopicArn"].endswith(":second")


def test_outputs_follow_an_update_change_set(aws: Clients) -> None:
    cloudformation = aws("cloudformation")
    deploy(cloudformation, "updated", topic_stack("updated", "before"), "CREATE")
    after = deploy(cloudformation, "updated", topic_stack("updated", "after"), "UPDATE")
    assert after["Display"] == "after"
    attributes = aws("sns").get_topic_attributes(TopicArn=after["TopicArn"])["Attributes"]
    assert attributes["DisplayName"] == "after"


def logs_stack(retention: int) -> str:
    resources = {"Logs": {"Type": "AWS::Logs::LogGroup",
                          "Properties": {"LogGroupName": "/kept/logs", "RetentionInDays": retention}},
                 "Api": {"Type": "AWS::ApiGateway::RestApi", "Properties": {"Name": "kept-api"}}}
    return template(resources, {"LogGroup": {"Ref": "Logs"}, "ApiId": {"Ref": "Api"}})


def test_a_type_moto_cannot_update_is_kept_not_dropped_and_the_events_say_so(aws: Clients) -> None:
    cloudformation = aws("cloudformation")
    before = create_stack(cloudformation, "kept", logs_stack(30))
    after = update_stack(cloudformation, "kept", logs_stack(90))
    assert outputs(after) == outputs(before)  # plain moto drops the log group, and this output with it
    events = cloudformation.describe_stack_events(StackName="kept")["StackEvents"]
    [update] = [each for each in events
                if each["LogicalResourceId"] == "Logs" and each["ResourceStatus"] == "UPDATE_COMPLETE"]
    assert update["ResourceStatusReason"] == "moto cannot update AWS::Logs::LogGroup: kept as it was"
    cloudformation.delete_stack(StackName="kept")
    events = cloudformation.describe_stack_events(StackName=before["StackId"])["StackEvents"]
    reasons = {each["LogicalResourceId"]: each.get("ResourceStatusReason") for each in events
               if each["ResourceStatus"] == "DELETE_COMPLETE"}
    assert reasons["Api"] == "moto cannot delete AWS::ApiGateway::RestApi: it stays in its service"
    assert reasons["Logs"] is None
