"""AWS::Cognito::IdentityPoolRoleAttachment: which role each identity of the pool gets.

moto's identity pools have no SetIdentityPoolRoles: the roles are kept on moto's pool object, where
nothing reads them (the local AWS issues no credentials), so the attachment fails only where the
real one would for a pool that does not exist.
"""

from __future__ import annotations

from typing import Any, Self

from archgen.deploy.local import _cognito_identity
from archgen.deploy.local._adapter import Adapter, Context


class CognitoIdentityPoolRoleAttachment(Adapter):
    TYPE = "AWS::Cognito::IdentityPoolRoleAttachment"
    ATTRIBUTES = frozenset({"Id"})

    @classmethod
    def create(cls, context: Context, properties: dict[str, Any]) -> Self:
        pool_id = properties["IdentityPoolId"]
        backend = _cognito_identity.backend(context)
        backend.describe_identity_pool(pool_id)  # moto's ResourceNotFound when there is no such pool
        backend.identity_pools[pool_id].roles = dict(properties.get("Roles") or {})  # type: ignore[attr-defined]
        return cls(context, properties, pool_id, {"Id": pool_id})

    def remove(self) -> None:
        pool = _cognito_identity.backend(self.context).identity_pools.get(self.physical_id)
        if pool is not None:
            pool.roles = {}  # type: ignore[attr-defined]
