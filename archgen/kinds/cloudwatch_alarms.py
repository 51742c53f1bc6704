"""CloudWatch alarms: the metrics that page a person, per monitored component."""

from typing import Annotated, Literal

from diagrams.aws.management import CloudwatchAlarm
from pydantic import Field

from archgen.kinds._base import Allows, Kind
from archgen.schema import ComponentBase, Strict


class AlarmsSettings(Strict):
    period_s: Literal[60, 300, 900, 3600] = 300
    evaluation_periods: Annotated[int, Field(ge=1, le=10)] = 1
    latency_p99_ms: Annotated[int, Field(ge=50, le=29_000)] = 2000


class AlarmsComponent(ComponentBase):
    kind: Literal["cloudwatch.alarms"]
    settings: AlarmsSettings = AlarmsSettings()


class CloudWatchAlarms(Kind):
    name = "cloudwatch.alarms"
    title = "CloudWatch alarms"
    layer = "monitoring"
    summary = "Alarms on the metrics of each watched component, and the dashboard of the flows."
    icon = CloudwatchAlarm
    component = AlarmsComponent
    allows = (
        Allows("lambda.function", "watch", "alarms on errors and throttles"),
        Allows("apigateway.rest_api", "watch", "alarms on 5XX errors and p99 latency"),
        Allows("dynamodb.table", "watch", "alarms on throttled requests"),
        Allows("cloudfront.distribution", "watch", "an alarm on the 5xx error rate"),
        Allows("sns.topic", "notify", "alarm actions publish to the topic"),
    )


KIND = CloudWatchAlarms
