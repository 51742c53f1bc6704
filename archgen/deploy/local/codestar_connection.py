"""AWS::CodeStarConnections::Connection: the pipeline's link to the GitLab repository."""

from __future__ import annotations

from typing import Any, Self

from archgen.deploy.local._adapter import Adapter, Context
from archgen.deploy.local._codestar_backend import connections_backend
from archgen.deploy.local._convert import tag_map


class CodeStarConnection(Adapter):
    TYPE = "AWS::CodeStarConnections::Connection"
    NAME_PROPERTY = "ConnectionName"
    ATTRIBUTES = frozenset({"ConnectionArn", "ConnectionStatus", "OwnerAccountId"})

    @classmethod
    def create(cls, context: Context, properties: dict[str, Any]) -> Self:
        connection = connections_backend(context.account_id, context.region).create_connection(
            properties.get("ConnectionName", context.name), properties.get("ProviderType"),
            properties.get("HostArn"), tag_map(properties))
        return cls(context, properties, connection.arn,
                   {"ConnectionArn": connection.arn, "ConnectionStatus": connection.status,
                    "OwnerAccountId": connection.owner_account_id})

    def remove(self) -> None:
        connections_backend(self.context.account_id, self.context.region).delete_connection(self.physical_id)
