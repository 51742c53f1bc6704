"""CloudWatch Logs: the log groups of the API, the functions and the builds."""

from typing import Literal


from archgen.kinds._base import Kind, Side
from archgen.schema import ComponentBase, Strict

Retention = Literal[1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 3653]


class LogsSettings(Strict):
    retention_days: Retention = 30


class LogsComponent(ComponentBase):
    kind: Literal["cloudwatch.logs"]
    settings: LogsSettings = LogsSettings()


class CloudWatchLogs(Kind):
    name = "cloudwatch.logs"
    title = "CloudWatch Logs"
    layer = "monitoring"
    summary = "Log groups with retention for every component that writes logs."
    icon = "aws.management.CloudwatchLogs"
    component = LogsComponent
    accepts = (Side("logs"),)
    controls = {
        "retention": "logs expire after the retention period",
        "encryption": "log groups encrypted with a KMS key",
    }


KIND = CloudWatchLogs
