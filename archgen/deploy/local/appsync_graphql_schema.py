"""AWS::AppSync::GraphQLSchema: the schema, parsed by moto's AppSync (a schema that does not parse fails)."""

from __future__ import annotations

from typing import Any, Self

from archgen.deploy.local import _appsync
from archgen.deploy.local._adapter import Adapter, Context


class AppSyncGraphqlSchema(Adapter):
    TYPE = "AWS::AppSync::GraphQLSchema"

    @classmethod
    def create(cls, context: Context, properties: dict[str, Any]) -> Self:
        api_id = properties["ApiId"]
        _appsync.backend(context).start_schema_creation(api_id, properties["Definition"].encode("utf-8"))
        status, error = _appsync.api(context, api_id).graphql_schema.get_status()  # type: ignore[union-attr]
        if status != "SUCCESS":
            raise ValueError(f"the schema does not parse: {error}")
        return cls(context, properties, f"{api_id}GraphQLSchema")

    def update(self, properties: dict[str, Any]) -> Self:
        return type(self).create(self.context, properties)  # a new definition replaces the old in place

    def remove(self) -> None:
        found = _appsync.backend(self.context).graphql_apis.get(self.properties["ApiId"])
        if found is not None:
            found.graphql_schema = None
