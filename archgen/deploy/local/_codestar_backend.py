"""CodeStar Connections, which moto lacks: the connections of each account and region.

A connection made through CloudFormation stays PENDING until a person completes the handshake
with the provider (GitLab) in the console, as in AWS; nothing here pretends otherwise.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from moto.utilities.utils import get_partition


class ConnectionNotFound(LookupError):
    """No connection has this ARN (the API's ResourceNotFoundException)."""


@dataclass
class Connection:
    name: str
    arn: str
    provider_type: str | None
    owner_account_id: str
    host_arn: str | None = None
    status: str = "PENDING"
    tags: dict[str, str] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        described = {"ConnectionName": self.name, "ConnectionArn": self.arn,
                     "OwnerAccountId": self.owner_account_id, "ConnectionStatus": self.status}
        if self.provider_type:
            described["ProviderType"] = self.provider_type
        if self.host_arn:
            described["HostArn"] = self.host_arn
        return described


class ConnectionsBackend:
    """The connections of one account in one region."""

    def __init__(self, account_id: str, region: str) -> None:
        self.account_id = account_id
        self.region = region
        self.connections: dict[str, Connection] = {}

    def create_connection(self, name: str, provider_type: str | None, host_arn: str | None,
                          tags: dict[str, str]) -> Connection:
        arn = (f"arn:{get_partition(self.region)}:codestar-connections:{self.region}:{self.account_id}"
               f":connection/{uuid.uuid4()}")
        connection = Connection(name, arn, provider_type, self.account_id, host_arn, tags=dict(tags))
        self.connections[arn] = connection
        return connection

    def get_connection(self, arn: str) -> Connection:
        if arn not in self.connections:
            raise ConnectionNotFound(f"Connection {arn} does not exist")
        return self.connections[arn]

    def list_connections(self, provider_type: str | None = None) -> list[Connection]:
        return [each for each in self.connections.values()
                if provider_type is None or each.provider_type == provider_type]

    def delete_connection(self, arn: str) -> None:
        self.get_connection(arn)
        del self.connections[arn]


# Kept for the life of the process, like moto's own stores (its BackendDicts), and reset with them.
_BACKENDS: dict[tuple[str, str], ConnectionsBackend] = {}


def connections_backend(account_id: str, region: str) -> ConnectionsBackend:
    """The backend of an account and region, made on first use (as moto's BackendDict does)."""
    key = (account_id, region)
    if key not in _BACKENDS:
        _BACKENDS[key] = ConnectionsBackend(account_id, region)
    return _BACKENDS[key]


def reset_connections() -> None:
    """Forget every connection, as moto's reset forgets its services' resources."""
    _BACKENDS.clear()
