"""AWS::Amplify::Branch: a branch of an app in the project's Amplify store; nothing is built."""

from __future__ import annotations

from typing import Any, Self

from archgen.deploy.local._adapter import Adapter, Context
from archgen.deploy.local._amplify_backend import amplify_backend


class AmplifyBranch(Adapter):
    TYPE = "AWS::Amplify::Branch"
    ATTRIBUTES = frozenset({"Arn", "BranchName"})

    @classmethod
    def create(cls, context: Context, properties: dict[str, Any]) -> Self:
        app = amplify_backend(context.account_id, context.region).get_app(properties["AppId"])
        name = properties["BranchName"]
        app.branches[name] = dict(properties)
        arn = f"{app.arn}/branches/{name}"
        return cls(context, properties, arn, {"Arn": arn, "BranchName": name})

    def update(self, properties: dict[str, Any]) -> Self:
        if properties.get("AppId") != self.properties.get("AppId") or \
                properties.get("BranchName") != self.properties.get("BranchName"):
            return super().update(properties)
        app = amplify_backend(self.context.account_id, self.context.region).get_app(properties["AppId"])
        app.branches[properties["BranchName"]] = dict(properties)
        return type(self)(self.context, properties, self.physical_id, self.attributes)

    def remove(self) -> None:
        backend = amplify_backend(self.context.account_id, self.context.region)
        app = backend.apps.get(self.properties["AppId"])
        if app is not None:  # deleting an app deletes its branches
            app.branches.pop(self.properties["BranchName"], None)
