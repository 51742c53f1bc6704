"""AWS::Cognito::UserPoolDomain: the hosted UI's domain prefix (the local AWS serves no hosted UI)."""

from __future__ import annotations

from typing import Any, Self

from archgen.deploy.local import _cognito
from archgen.deploy.local._adapter import Adapter, Context


class CognitoUserPoolDomain(Adapter):
    TYPE = "AWS::Cognito::UserPoolDomain"
    ATTRIBUTES = frozenset({"CloudFrontDistribution"})

    @classmethod
    def create(cls, context: Context, properties: dict[str, Any]) -> Self:
        domain = _cognito.backend(context).create_user_pool_domain(
            properties["UserPoolId"], properties["Domain"], properties.get("CustomDomainConfig"))
        return cls(context, properties, domain.domain, {"CloudFrontDistribution": domain._distribution_name()})

    def remove(self) -> None:
        _cognito.backend(self.context).delete_user_pool_domain(self.physical_id)
