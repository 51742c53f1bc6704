"""AWS::Events::EventBusPolicy: another account may put events on a bus (one statement per policy)."""

from __future__ import annotations

from typing import Any, Self

from moto.events.models import EventsBackend, events_backends

from archgen.deploy.local._adapter import Adapter, Context


def _backend(context: Context) -> EventsBackend:
    return events_backends[context.account_id][context.region]


def _bus(properties: dict[str, Any]) -> str:
    """The bus's name: moto's CloudFormation resolves a `Ref` to a bus into the bus object itself."""
    bus = properties.get("EventBusName") or ""
    return str(getattr(bus, "name", bus))


class EventsBusPolicy(Adapter):
    TYPE = "AWS::Events::EventBusPolicy"

    @classmethod
    def create(cls, context: Context, properties: dict[str, Any]) -> Self:
        statement = properties["Statement"]
        principal = str(statement["Principal"]["AWS"])
        account = principal.split(":")[4] if principal.startswith("arn:") else principal
        _backend(context).put_permission(
            _bus(properties), str(statement["Action"]), account, properties["StatementId"],
            statement.get("Condition") or {}, "")
        return cls(context, properties, properties["StatementId"])

    def remove(self) -> None:
        _backend(self.context).remove_permission(_bus(self.properties), self.physical_id, False)
