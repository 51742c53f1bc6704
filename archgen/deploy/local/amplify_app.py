"""AWS::Amplify::App: kept by the project's Amplify store (moto has none); nothing is built."""

from __future__ import annotations

from typing import Any, Self

from archgen.deploy.local._adapter import Adapter, Context
from archgen.deploy.local._amplify_backend import amplify_backend


class AmplifyApp(Adapter):
    TYPE = "AWS::Amplify::App"
    NAME_PROPERTY = "Name"
    ATTRIBUTES = frozenset({"AppId", "AppName", "Arn", "DefaultDomain"})

    @classmethod
    def create(cls, context: Context, properties: dict[str, Any]) -> Self:
        name = properties.get("Name", context.name)
        app = amplify_backend(context.account_id, context.region).create_app(name, properties)
        return cls(context, properties, app.arn, {"AppId": app.app_id, "AppName": name, "Arn": app.arn,
                                                  "DefaultDomain": app.default_domain})

    def update(self, properties: dict[str, Any]) -> Self:
        app = amplify_backend(self.context.account_id, self.context.region).get_app(self.attributes["AppId"])
        app.properties = dict(properties)
        app.name = properties.get("Name", app.name)
        return type(self)(self.context, properties, self.physical_id, {**self.attributes, "AppName": app.name})

    def remove(self) -> None:
        amplify_backend(self.context.account_id, self.context.region).delete_app(self.attributes["AppId"])
