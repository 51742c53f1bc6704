"""A Cognito user pool: sign-up, sign-in, and the tokens the API checks."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Annotated, Literal

from diagrams.aws.security import Cognito
from pydantic import Field

from archgen.kinds._base import Kind, Metric
from archgen.schema import ComponentBase, Strict

if TYPE_CHECKING:
    from archgen.graph import SystemGraph


class UserPoolSettings(Strict):
    mfa: Literal["OFF", "OPTIONAL", "ON"] = "OPTIONAL"
    password_min_length: Annotated[int, Field(ge=8, le=99)] = 12
    self_sign_up: bool = True


class UserPoolComponent(ComponentBase):
    kind: Literal["cognito.user_pool"]
    settings: UserPoolSettings = UserPoolSettings()


class UserPool(Kind):
    name = "cognito.user_pool"
    title = "Cognito user pool"
    layer = "auth"
    summary = "The user directory; issues ID and access tokens (JWT)."
    icon = Cognito
    component = UserPoolComponent
    controls = {
        "mfa": "multi-factor authentication offered to every user",
        "password-policy": "long passwords with mixed characters",
        "deletion-protection": "the pool cannot be deleted by accident",
    }

    exports = {"Arn": ("UserPool", "Arn"), "Id": ("UserPool", None), "ProviderName": ("UserPool", "ProviderName")}
    deploy_actions = tuple(f"cognito-idp:{a}" for a in (
        "CreateUserPool", "CreateUserPoolClient", "DeleteUserPool", "DeleteUserPoolClient", "DescribeUserPool",
        "DescribeUserPoolClient", "GetUserPoolMfaConfig", "ListTagsForResource", "SetUserPoolMfaConfig",
        "TagResource", "UntagResource", "UpdateUserPool", "UpdateUserPoolClient"))

    def metrics(self, component: Any) -> list[Metric]:
        dims = (("UserPool", "Id"),)
        return [Metric("AWS/Cognito", "SignInSuccesses", dims), Metric("AWS/Cognito", "TokenRefreshSuccesses", dims)]

    def annotations(self, component: Any, graph: SystemGraph) -> list[str]:
        return [f"MFA {component.settings.mfa.lower()}"]


KIND = UserPool
