"""AWS::AppSync::ApiKey: a key of an API in moto's AppSync backend, with the expiry the template gives."""

from __future__ import annotations

from typing import Any, Self

from moto.core.utils import utcfromtimestamp

from archgen.deploy.local import _appsync
from archgen.deploy.local._adapter import Adapter, Context


def _expires(properties: dict[str, Any]) -> Any:
    """A naive UTC datetime, as moto's own API handler makes of the epoch seconds."""
    value = properties.get("Expires")
    return utcfromtimestamp(int(value)) if value is not None else None


class AppSyncApiKey(Adapter):
    TYPE = "AWS::AppSync::ApiKey"
    ATTRIBUTES = frozenset({"ApiKey", "ApiKeyId", "Arn"})

    @classmethod
    def create(cls, context: Context, properties: dict[str, Any]) -> Self:
        api_id = properties["ApiId"]
        key = _appsync.backend(context).create_api_key(api_id, properties.get("Description", ""),
                                                        _expires(properties))
        arn = f"{_appsync.api(context, api_id).arn}/apikeys/{key.key_id}"
        return cls(context, properties, arn, {"ApiKey": key.key_id, "ApiKeyId": key.key_id, "Arn": arn})

    def update(self, properties: dict[str, Any]) -> Self:
        if properties.get("ApiId") != self.properties.get("ApiId"):
            return super().update(properties)
        _appsync.backend(self.context).update_api_key(properties["ApiId"], self.attributes["ApiKeyId"],
                                                      properties.get("Description", ""), _expires(properties))
        return type(self)(self.context, properties, self.physical_id, self.attributes)

    def remove(self) -> None:
        if self.properties["ApiId"] in _appsync.backend(self.context).graphql_apis:
            _appsync.backend(self.context).delete_api_key(self.properties["ApiId"], self.attributes["ApiKeyId"])
