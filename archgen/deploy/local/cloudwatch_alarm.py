"""AWS::CloudWatch::Alarm: errors, throttles, 5XX and latency alarms that notify the SNS topic."""

from __future__ import annotations

from typing import Any, Self

from moto.cloudwatch.models import (CloudWatchBackend, Dimension, Metric, MetricDataQuery, MetricStat,
                                    cloudwatch_backends)

from archgen.deploy.local._adapter import Adapter, Context
from archgen.deploy.local._convert import flag, tag_list


def _backend(context: Context) -> CloudWatchBackend:
    return cloudwatch_backends[context.account_id][context.region]


def _number(value: Any, kind: type[int] | type[float]) -> Any:
    return None if value is None else kind(value)


def _query(query: dict[str, Any]) -> MetricDataQuery:
    """One entry of an alarm's Metrics (metric math), as moto's put_metric_alarm takes it."""
    stat = query.get("MetricStat")
    metric_stat = None
    if stat:
        metric = stat["Metric"]
        dimensions = [Dimension(each["Name"], each["Value"]) for each in metric.get("Dimensions") or []]
        metric_stat = MetricStat(Metric(metric["MetricName"], metric.get("Namespace"), dimensions),
                                 stat["Period"], stat["Stat"], stat.get("Unit"))
    return MetricDataQuery(query["Id"], query.get("Label"), query.get("Period"),
                           flag(query.get("ReturnData"), default=True), query.get("Expression"), metric_stat)


class CloudWatchAlarm(Adapter):
    TYPE = "AWS::CloudWatch::Alarm"
    NAME_PROPERTY = "AlarmName"
    ATTRIBUTES = frozenset({"Arn"})

    @classmethod
    def create(cls, context: Context, properties: dict[str, Any]) -> Self:
        get = properties.get
        name = get("AlarmName", context.name)
        alarm = _backend(context).put_metric_alarm(
            name=name, namespace=get("Namespace"), metric_name=get("MetricName"),
            comparison_operator=properties["ComparisonOperator"],
            evaluation_periods=int(properties["EvaluationPeriods"]), period=_number(get("Period"), int),
            threshold=_number(get("Threshold"), float), statistic=get("Statistic"),
            description=get("AlarmDescription"), dimensions=get("Dimensions") or [],
            alarm_actions=get("AlarmActions") or [],
            metric_data_queries=[_query(each) for each in get("Metrics") or []] or None,
            datapoints_to_alarm=_number(get("DatapointsToAlarm"), int),
            extended_statistic=get("ExtendedStatistic"), ok_actions=get("OKActions") or [],
            insufficient_data_actions=get("InsufficientDataActions") or [], unit=get("Unit"),
            actions_enabled=flag(get("ActionsEnabled"), default=True),
            treat_missing_data=get("TreatMissingData"),
            evaluate_low_sample_count_percentile=get("EvaluateLowSampleCountPercentile"),
            threshold_metric_id=get("ThresholdMetricId"), tags=tag_list(properties))
        return cls(context, properties, name, {"Arn": alarm.alarm_arn})

    def update(self, properties: dict[str, Any]) -> Self:
        """PutMetricAlarm overwrites an alarm of the same name: an in-place update."""
        if properties.get("AlarmName", self.physical_id) != self.physical_id:
            return super().update(properties)
        return type(self).create(self.context, properties)

    def remove(self) -> None:
        _backend(self.context).delete_alarms([self.physical_id])
