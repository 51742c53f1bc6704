"""AWS::Amplify::Domain: an app's custom domain in the project's Amplify store (no certificate is made)."""

from __future__ import annotations

from typing import Any, Self

from archgen.deploy.local._adapter import Adapter, Context
from archgen.deploy.local._amplify_backend import amplify_backend


class AmplifyDomain(Adapter):
    TYPE = "AWS::Amplify::Domain"
    ATTRIBUTES = frozenset({"Arn", "CertificateRecord", "DomainStatus", "StatusReason", "UpdateStatus"})

    @classmethod
    def create(cls, context: Context, properties: dict[str, Any]) -> Self:
        app = amplify_backend(context.account_id, context.region).get_app(properties["AppId"])
        name = properties["DomainName"]
        app.domains[name] = dict(properties)
        arn = f"{app.arn}/domains/{name}"
        return cls(context, properties, arn, {"Arn": arn, "CertificateRecord": "", "DomainStatus": "AVAILABLE",
                                              "StatusReason": "", "UpdateStatus": ""})

    def remove(self) -> None:
        app = amplify_backend(self.context.account_id, self.context.region).apps.get(self.properties["AppId"])
        if app is not None:
            app.domains.pop(self.properties["DomainName"], None)
