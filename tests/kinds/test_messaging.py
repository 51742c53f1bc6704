"""The messaging building blocks: what their relations grant and wire, beyond the goldens' bytes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from archgen.errors import ModelInvalid
from archgen.graph import SystemGraph
from archgen.grants import profile
from archgen.render.cloudformation.assemble import synthesize
from archgen.validate import load_model

KINDS = Path(__file__).resolve().parents[1] / "templates" / "kinds"


def _graph(folder: str) -> SystemGraph:
    return SystemGraph(load_model(KINDS / folder / "system.yaml"))


def _resources(graph: SystemGraph) -> dict[str, dict[str, Any]]:
    return {lid: r for t in synthesize(graph).templates.values() for lid, r in t.get("Resources", {}).items()}


def _policies(role: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    return {p["PolicyName"]: p["PolicyDocument"]["Statement"] for p in role["Properties"]["Policies"]}


def test_a_consumer_gets_exactly_sams_queue_statements_and_the_key() -> None:
    resources = _resources(_graph("sqs.queue"))
    statements = _policies(resources["ConsumerRole"])["trigger-consumer"]
    sam = profile("AWS::SQS::Queue", "AWS::Lambda::Function")["Properties"]["AccessCategories"]
    expected = [a for category in ("Read", "Write") for s in sam[category]["Statement"] for a in s["Action"]]
    assert [a for s in statements[:-1] for a in s["Action"]] == expected
    assert statements[-1]["Action"] == ["kms:Decrypt"]  # the queue's key, nothing more


def test_an_on_failure_destination_is_sams_statement_narrowed_to_the_one_send() -> None:
    resources = _resources(_graph("sqs.queue"))
    statements = _policies(resources["ProducerRole"])["on-failure-failed"]
    sam = profile("AWS::Lambda::Function", "AWS::SQS::Queue")["Properties"]["AccessCategories"]["Write"]
    assert statements[0]["Action"] == "sqs:SendMessage"
    assert statements[0]["Action"] in sam["Statement"][0]["Action"]
    config = resources["ProducerAsyncConfig"]["Properties"]
    assert config["DestinationConfig"]["OnFailure"]["Destination"]["Fn::Sub"].endswith(":orders-dev-failed")


def test_the_visibility_timeout_follows_the_slowest_consumer() -> None:
    resources = _resources(_graph("sqs.queue"))
    assert resources["OrdersQueue"]["Properties"]["VisibilityTimeout"] == 6 * 20
    assert resources["OrdersQueue"]["Properties"]["QueueName"].endswith(".fifo")
    assert resources["OrdersDeadLetter"]["Properties"]["QueueName"].endswith("-dlq.fifo")
    assert resources["OrdersKey"]["DeletionPolicy"] == "Retain"  # kept with the retained messages


def _with(folder: str, change: Any, tmp_path: Path) -> Path:
    data = yaml.safe_load((KINDS / folder / "system.yaml").read_text("utf-8"))
    change(data)
    path = tmp_path / "system.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), "utf-8")
    return path


def test_a_visibility_under_six_times_the_timeout_warns_and_under_it_fails(tmp_path: Path) -> None:
    def short(value: int) -> Any:
        return lambda data: data["components"]["orders"]["settings"].update(visibility_timeout_s=value)

    model = load_model(_with("sqs.queue", short(60), tmp_path))
    assert any("W231" in w and "120 s" in w for w in map(str, model.warnings))
    with pytest.raises(ModelInvalid, match="less than 'consumer''s timeout"):
        load_model(_with("sqs.queue", short(10), tmp_path))


def test_every_rule_target_shares_the_rules_dead_letter_queue_and_retries() -> None:
    resources = _resources(_graph("events.rule"))
    targets = resources["OrderPlacedRule"]["Properties"]["Targets"]
    assert [t["Id"] for t in targets] == ["invoice", "shipping", "news"]
    assert all(t["DeadLetterConfig"]["Arn"]["Fn::Sub"].endswith(":shop-dev-rule-dlq") for t in targets)
    assert all(t["RetryPolicy"] == {"MaximumRetryAttempts": 10, "MaximumEventAgeInSeconds": 3600} for t in targets)
    assert resources["OrderPlacedRule"]["Properties"]["EventBusName"] == {"Fn::GetAtt": ["BusBus", "Name"]}
    # the queue's and topic's policies admit this rule only (SAM's statements)
    queue_statements = resources["ShippingPolicy"]["Properties"]["PolicyDocument"]["Statement"]
    assert any(s.get("Principal") == {"Service": "events.amazonaws.com"} for s in queue_statements)


def test_a_schedules_role_may_make_only_its_one_call_and_reach_its_dead_letter_queue() -> None:
    resources = _resources(_graph("scheduler.schedule"))
    policies = _policies(resources["NightlyRole"])
    assert set(policies) == {"invoke-report", "on-failure-missed"}
    assert [s["Action"] for s in policies["invoke-report"]] == [["lambda:InvokeFunction"]]
    trust = resources["NightlyRole"]["Properties"]["AssumeRolePolicyDocument"]["Statement"][0]
    assert trust["Principal"] == {"Service": "scheduler.amazonaws.com"} and "aws:SourceAccount" in str(trust)
    hourly = resources["HourlySchedule"]["Properties"]
    assert hourly["FlexibleTimeWindow"] == {"Mode": "FLEXIBLE", "MaximumWindowInMinutes": 15}
    assert "ScheduleExpressionTimezone" not in hourly  # a rate has no time zone
    assert hourly["Target"]["SqsParameters"] == {"MessageGroupId": "hourly"}


def test_each_queue_or_function_subscription_has_its_own_dead_letter_queue() -> None:
    resources = _resources(_graph("sns.topic"))
    for target in ("BigOrders", "Confirm"):
        subscription = resources[f"Orders{target}Subscription"]["Properties"]
        assert subscription["RedrivePolicy"] == {"deadLetterTargetArn": {"Fn::GetAtt": [
            f"Orders{target}DeadLetter", "Arn"]}}
    assert "RedrivePolicy" not in resources["AlertsOnCallSubscription"]["Properties"]  # an email
    assert resources["OrdersBigOrdersSubscription"]["Properties"]["FilterPolicy"] == {
        "amount": [{"numeric": [">=", 100]}]}


def test_on_failure_is_only_ever_chosen_by_name() -> None:
    graph = _graph("sqs.queue")
    meanings = {r.key: graph.link(r).meaning.name for r in graph.relations}
    # producer -> orders names no meaning: of send and on-failure, only send is ever implied
    assert meanings["producer->failed"] == "on-failure" and meanings["producer->orders"] == "send"


def test_a_bus_policy_exists_only_for_the_accounts_named_and_allows_only_put_events() -> None:
    resources = _resources(_graph("events.bus"))
    policies = {lid: r for lid, r in resources.items() if r["Type"] == "AWS::Events::EventBusPolicy"}
    assert list(policies) == ["BusAccount210987654321"]
    statement = policies["BusAccount210987654321"]["Properties"]["Statement"]
    assert statement["Action"] == "events:PutEvents" and statement["Effect"] == "Allow"
    assert statement["Principal"]["AWS"]["Fn::Sub"].endswith(":210987654321:root")
    assert not any(r["Type"] == "AWS::Events::EventBusPolicy" for r in _resources(_graph("events.rule")).values())
