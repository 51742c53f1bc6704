"""The CodeStar Connections JSON API, served beside moto's services on the same endpoint.

moto's server routes by service and has no route for this one; this WSGI middleware answers the
requests whose X-Amz-Target names CodeStar Connections and hands every other request to moto.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Iterable
from typing import Any

from moto.iam.models import get_account_id_from

from archgen.deploy.local._codestar_backend import ConnectionNotFound, ConnectionsBackend, connections_backend

TARGET_PREFIX = "com.amazonaws.codestar.connections.CodeStar_connections_20191201."
CREDENTIAL = re.compile(r"Credential=([^/]+)/[^/]+/([^/]+)/")
WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


def _backend(environ: dict[str, Any]) -> ConnectionsBackend:
    """The caller's account (as moto decides it) and region (from the request's signature)."""
    match = CREDENTIAL.search(environ.get("HTTP_AUTHORIZATION", ""))
    access_key, region = match.groups() if match else ("", "us-east-1")
    account = os.environ.get("MOTO_ACCOUNT_ID") or get_account_id_from(access_key)
    return connections_backend(account, region)


def _tags(pairs: list[dict[str, str]] | None) -> dict[str, str]:
    return {pair["Key"]: pair["Value"] for pair in pairs or []}


def _call(backend: ConnectionsBackend, action: str, body: dict[str, Any]) -> dict[str, Any]:
    if action == "CreateConnection":
        created = backend.create_connection(body["ConnectionName"], body.get("ProviderType"),
                                            body.get("HostArn"), _tags(body.get("Tags")))
        return {"ConnectionArn": created.arn, "Tags": body.get("Tags") or []}
    if action == "GetConnection":
        return {"Connection": backend.get_connection(body["ConnectionArn"]).to_json()}
    if action == "ListConnections":
        found = backend.list_connections(body.get("ProviderTypeFilter"))
        return {"Connections": [each.to_json() for each in found]}
    if action == "DeleteConnection":
        backend.delete_connection(body["ConnectionArn"])
        return {}
    if action == "ListTagsForResource":
        tags = backend.get_connection(body["ResourceArn"]).tags
        return {"Tags": [{"Key": key, "Value": value} for key, value in sorted(tags.items())]}
    raise NotImplementedError(action)


class CodeStarConnectionsApi:
    """WSGI middleware: CodeStar Connections requests here, the rest to moto's application."""

    def __init__(self, app: WsgiApp) -> None:
        self.app = app

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        target = environ.get("HTTP_X_AMZ_TARGET", "")
        if not target.startswith(TARGET_PREFIX):
            return self.app(environ, start_response)
        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = json.loads(environ["wsgi.input"].read(length) or b"{}")
        try:
            status, answer = "200 OK", _call(_backend(environ), target.removeprefix(TARGET_PREFIX), body)
        except ConnectionNotFound as missing:
            status, answer = "400 Bad Request", {"__type": "ResourceNotFoundException", "message": str(missing)}
        except NotImplementedError as action:
            status, answer = "400 Bad Request", {"__type": "UnsupportedOperationException",
                                                 "message": f"{action} is not implemented locally"}
        payload = json.dumps(answer).encode()
        start_response(status, [("Content-Type", "application/x-amz-json-1.0"),
                                ("Content-Length", str(len(payload)))])
        return [payload]
