"""AWS::AppSync::DataSource: kept on moto's API object (moto's AppSync has no data sources)."""

from __future__ import annotations

from typing import Any, Self

from archgen.deploy.local import _appsync
from archgen.deploy.local._adapter import Adapter, Context


class AppSyncDataSource(Adapter):
    TYPE = "AWS::AppSync::DataSource"
    NAME_PROPERTY = "Name"
    ATTRIBUTES = frozenset({"DataSourceArn", "Name"})

    @classmethod
    def create(cls, context: Context, properties: dict[str, Any]) -> Self:
        found = _appsync.api(context, properties["ApiId"])
        name = properties["Name"]
        sources = _appsync.kept(found, "data_sources")
        if name in sources:
            raise ValueError(f"a data source named {name} exists already in API {found.api_id}")
        sources[name] = dict(properties)
        arn = f"{found.arn}/datasources/{name}"
        return cls(context, properties, arn, {"DataSourceArn": arn, "Name": name})

    def update(self, properties: dict[str, Any]) -> Self:
        if properties.get("ApiId") != self.properties.get("ApiId") or properties.get("Name") != self.attributes["Name"]:
            return super().update(properties)
        _appsync.kept(_appsync.api(self.context, properties["ApiId"]), "data_sources")[properties["Name"]] = \
            dict(properties)
        return type(self)(self.context, properties, self.physical_id, self.attributes)

    def remove(self) -> None:
        found = _appsync.backend(self.context).graphql_apis.get(self.properties["ApiId"])
        if found is not None:
            _appsync.kept(found, "data_sources").pop(self.attributes["Name"], None)
