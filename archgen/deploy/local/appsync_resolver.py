"""AWS::AppSync::Resolver: kept on moto's API object; its data source must exist, as on AWS."""

from __future__ import annotations

from typing import Any, Self

from archgen.deploy.local import _appsync
from archgen.deploy.local._adapter import Adapter, Context


class AppSyncResolver(Adapter):
    TYPE = "AWS::AppSync::Resolver"
    ATTRIBUTES = frozenset({"FieldName", "ResolverArn", "TypeName"})

    @classmethod
    def create(cls, context: Context, properties: dict[str, Any]) -> Self:
        found = _appsync.api(context, properties["ApiId"])
        source = properties.get("DataSourceName")
        if source is not None and source not in _appsync.kept(found, "data_sources"):
            raise ValueError(f"no data source named {source} in API {found.api_id}")
        field = f"{properties['TypeName']}.{properties['FieldName']}"
        _appsync.kept(found, "resolvers")[field] = dict(properties)
        arn = f"{found.arn}/types/{properties['TypeName']}/resolvers/{properties['FieldName']}"
        return cls(context, properties, arn, {"FieldName": properties["FieldName"], "ResolverArn": arn,
                                              "TypeName": properties["TypeName"]})

    def remove(self) -> None:
        found = _appsync.backend(self.context).graphql_apis.get(self.properties["ApiId"])
        if found is not None:
            _appsync.kept(found, "resolvers").pop(f"{self.properties['TypeName']}.{self.properties['FieldName']}", None)
