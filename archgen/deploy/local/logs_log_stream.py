"""AWS::Logs::LogStream: a named stream in a log group (a delivery stream's error log), which moto's
CloudFormation does not create; made here through moto's Logs API."""

from __future__ import annotations

from typing import Any, Self

from moto.logs.models import LogsBackend, logs_backends

from archgen.deploy.local._adapter import Adapter, Context


def _backend(context: Context) -> LogsBackend:
    return logs_backends[context.account_id][context.region]


class LogsLogStream(Adapter):
    TYPE = "AWS::Logs::LogStream"
    NAME_PROPERTY = "LogStreamName"

    @classmethod
    def create(cls, context: Context, properties: dict[str, Any]) -> Self:
        group, name = properties["LogGroupName"], properties.get("LogStreamName") or context.name
        _backend(context).create_log_stream(group, name)
        return cls(context, properties, name)

    def remove(self) -> None:
        _backend(self.context).delete_log_stream(self.properties["LogGroupName"], self.physical_id)
