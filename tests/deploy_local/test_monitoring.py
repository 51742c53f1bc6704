"""Alarms that notify an SNS topic, its email subscription and policy, and the dashboard, deployed
for real and read back through cloudwatch and sns."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.deploy_local.stacks import (Clients, create_by_change_set, create_stack, delete_stack, outputs, template,
                                      update_stack)

EMAIL = "oncall@example.com"


def monitoring_resources(name: str, threshold: int = 1) -> dict[str, Any]:
    return {
        "Alerts": {"Type": "AWS::SNS::Topic", "Properties": {"TopicName": f"{name}-alerts"}},
        "OnCall": {"Type": "AWS::SNS::Subscription", "Properties": {
            "TopicArn": {"Ref": "Alerts"}, "Protocol": "email", "Endpoint": EMAIL}},
        "AlertsPolicy": {"Type": "AWS::SNS::TopicPolicy", "Properties": {
            "Topics": [{"Ref": "Alerts"}], "PolicyDocument": {"Version": "2012-10-17", "Statement": [
                {"Sid": "CloudWatchPublishes", "Effect": "Allow", "Principal": {"Service": "cloudwatch.amazonaws.com"},
                 "Action": "sns:Publish", "Resource": {"Ref": "Alerts"}},
                {"Sid": "TlsOnly", "Effect": "Deny", "Principal": "*", "Action": "sns:Publish",
                 "Resource": {"Ref": "Alerts"}, "Condition": {"Bool": {"aws:SecureTransport": "false"}}}]}}},
        "Errors": {"Type": "AWS::CloudWatch::Alarm", "Properties": {
            "AlarmName": f"{name}-errors", "Namespace": "AWS/Lambda", "MetricName": "Errors",
            "Dimensions": [{"Name": "FunctionName", "Value": "items"}], "Statistic": "Sum", "Period": 300,
            "EvaluationPeriods": 1, "Threshold": threshold, "ComparisonOperator": "GreaterThanOrEqualToThreshold",
            "TreatMissingData": "notBreaching", "AlarmActions": [{"Ref": "Alerts"}], "OKActions": [{"Ref": "Alerts"}]}},
        "ErrorRate": {"Type": "AWS::CloudWatch::Alarm", "Properties": {
            "AlarmName": f"{name}-error-rate", "EvaluationPeriods": 1, "Threshold": 5,
            "ComparisonOperator": "GreaterThanThreshold", "AlarmActions": [{"Ref": "Alerts"}],
            "Metrics": [{"Id": "rate", "Expression": "100 * errors / requests", "Label": "5xx %"},
                        *[{"Id": metric.lower(), "ReturnData": False, "MetricStat": {
                            "Period": 300, "Stat": "Sum", "Metric": {
                                "Namespace": "AWS/CloudFront", "MetricName": metric,
                                "Dimensions": [{"Name": "DistributionId", "Value": "EDFDVBD6EXAMPLE"}]}}}
                          for metric in ("Errors", "Requests")]]}},
        "Board": {"Type": "AWS::CloudWatch::Dashboard", "Properties": {
            "DashboardName": f"{name}-flows", "DashboardBody": json.dumps({"widgets": []})}},
    }


MONITORING_OUTPUTS = {"TopicArn": {"Ref": "Alerts"}, "SubscriptionArn": {"Ref": "OnCall"},
                      "ErrorsAlarm": {"Ref": "Errors"}, "ErrorsAlarmArn": {"Fn::GetAtt": ["Errors", "Arn"]}}


@pytest.fixture(scope="module")
def monitoring(aws: Clients) -> dict[str, str]:
    body = template(monitoring_resources("monitoring"), MONITORING_OUTPUTS)
    return outputs(create_stack(aws("cloudformation"), "monitoring", body))


def test_alarms_watch_the_metrics_and_notify_the_topic(aws: Clients, monitoring: dict[str, str]) -> None:
    alarms = {alarm["AlarmName"]: alarm for alarm in aws("cloudwatch").describe_alarms()["MetricAlarms"]}
    errors = alarms[monitoring["ErrorsAlarm"]]
    assert errors["AlarmArn"] == monitoring["ErrorsAlarmArn"]
    assert (errors["MetricName"], errors["Threshold"], errors["TreatMissingData"]) == ("Errors", 1.0, "notBreaching")
    assert errors["Dimensions"] == [{"Name": "FunctionName", "Value": "items"}]
    assert errors["AlarmActions"] == errors["OKActions"] == [monitoring["TopicArn"]]
    rate = alarms["monitoring-error-rate"]
    assert [query["Id"] for query in rate["Metrics"]] == ["rate", "errors", "requests"]
    assert rate["Metrics"][1]["MetricStat"]["Metric"]["MetricName"] == "Errors"


def test_person_on_call_is_subscribed_by_email(aws: Clients, monitoring: dict[str, str]) -> None:
    [subscription] = aws("sns").list_subscriptions_by_topic(TopicArn=monitoring["TopicArn"])["Subscriptions"]
    assert (subscription["Protocol"], subscription["Endpoint"]) == ("email", EMAIL)
    assert subscription["SubscriptionArn"] == monitoring["SubscriptionArn"]


def test_topic_policy_admits_cloudwatch_and_denies_plain_http(aws: Clients, monitoring: dict[str, str]) -> None:
    attributes = aws("sns").get_topic_attributes(TopicArn=monitoring["TopicArn"])["Attributes"]
    statements = {each["Sid"]: each for each in json.loads(attributes["Policy"])["Statement"]}
    assert statements["CloudWatchPublishes"]["Principal"] == {"Service": "cloudwatch.amazonaws.com"}
    assert statements["TlsOnly"]["Effect"] == "Deny"


def test_dashboard_exists(aws: Clients, monitoring: dict[str, str]) -> None:
    dashboard = aws("cloudwatch").get_dashboard(DashboardName="monitoring-flows")
    assert json.loads(dashboard["DashboardBody"]) == {"widgets": []}


def test_update_changes_the_threshold_and_removing_the_policy_restores_the_default(aws: Clients) -> None:
    cloudformation, sns = aws("cloudformation"), aws("sns")
    before = outputs(create_stack(cloudformation, "monitoring-update",
                                  template(monitoring_resources("monitoring-update"), MONITORING_OUTPUTS)))
    changed = monitoring_resources("monitoring-update", threshold=3)
    del changed["AlertsPolicy"]
    update_stack(cloudformation, "monitoring-update", template(changed, MONITORING_OUTPUTS))
    [alarm] = aws("cloudwatch").describe_alarms(AlarmNames=[before["ErrorsAlarm"]])["MetricAlarms"]
    assert alarm["Threshold"] == 3.0
    policy = json.loads(sns.get_topic_attributes(TopicArn=before["TopicArn"])["Attributes"]["Policy"])
    assert [each["Sid"] for each in policy["Statement"]] == ["__default_statement_ID"]


def test_change_set_then_delete(aws: Clients) -> None:
    cloudformation = aws("cloudformation")
    body = template(monitoring_resources("monitoring-change-set"), MONITORING_OUTPUTS)
    created = outputs(create_by_change_set(cloudformation, "monitoring-change-set", body))
    assert aws("cloudwatch").describe_alarms(AlarmNames=[created["ErrorsAlarm"]])["MetricAlarms"]
    delete_stack(cloudformation, "monitoring-change-set")
    assert aws("cloudwatch").describe_alarms(AlarmNames=[created["ErrorsAlarm"]])["MetricAlarms"] == []
    arns = [each["SubscriptionArn"] for each in aws("sns").list_subscriptions()["Subscriptions"]]
    assert created["SubscriptionArn"] not in arns
