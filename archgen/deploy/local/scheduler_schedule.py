"""AWS::Scheduler::Schedule: a schedule in the default group (moto keeps it; it calls no target)."""

from __future__ import annotations

from typing import Any, Self

from moto.scheduler.models import EventBridgeSchedulerBackend, scheduler_backends

from archgen.deploy.local._adapter import Adapter, Context


def _backend(context: Context) -> EventBridgeSchedulerBackend:
    return scheduler_backends[context.account_id][context.region]


class SchedulerSchedule(Adapter):
    TYPE = "AWS::Scheduler::Schedule"
    NAME_PROPERTY = "Name"
    ATTRIBUTES = frozenset({"Arn"})

    @classmethod
    def create(cls, context: Context, properties: dict[str, Any]) -> Self:
        name = properties.get("Name") or context.name
        target = dict(properties["Target"])
        if "RetryPolicy" in target:  # moto's CloudFormation hands numbers over as text
            target["RetryPolicy"] = {key: int(value) for key, value in target["RetryPolicy"].items()}
        window = dict(properties["FlexibleTimeWindow"])
        if "MaximumWindowInMinutes" in window:
            window["MaximumWindowInMinutes"] = int(window["MaximumWindowInMinutes"])
        schedule = _backend(context).create_schedule(
            description=properties.get("Description", ""), end_date=properties.get("EndDate"),
            flexible_time_window=window, group_name=properties.get("GroupName", ""),
            kms_key_arn=properties.get("KmsKeyArn", ""), name=name,
            schedule_expression=properties["ScheduleExpression"],
            schedule_expression_timezone=properties.get("ScheduleExpressionTimezone", "UTC"),
            start_date=properties.get("StartDate"), state=properties.get("State", "ENABLED"),
            target=target, action_after_completion=None)
        return cls(context, properties, name, {"Arn": schedule.arn})

    def remove(self) -> None:
        _backend(self.context).delete_schedule(self.properties.get("GroupName") or None, self.physical_id)
