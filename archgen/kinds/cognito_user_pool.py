"""A Cognito user pool: sign-up, sign-in, and the tokens the API checks."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Annotated, Literal

from pydantic import Field

from archgen.kinds._base import Fragment, Kind, Metric, Side
from archgen.schema import ComponentBase, Strict

if TYPE_CHECKING:
    from archgen.graph import SystemGraph
    from archgen.render.cloudformation.scope import Scope


class UserPoolSettings(Strict):
    mfa: Literal["OFF", "OPTIONAL", "ON"] = "OPTIONAL"
    password_min_length: Annotated[int, Field(ge=8, le=99)] = 12
    self_sign_up: bool = Field(False, description="Anyone may create an account (rule E107: the model says why).")


class UserPoolComponent(ComponentBase):
    kind: Literal["cognito.user_pool"]
    settings: UserPoolSettings = UserPoolSettings()


class UserPool(Kind):
    name = "cognito.user_pool"
    title = "Cognito user pool"
    layer = "auth"
    summary = "The user directory; issues ID and access tokens (JWT)."
    icon = "aws.security.Cognito"
    component = UserPoolComponent
    cfn_type = "AWS::Cognito::UserPool"
    accepts = (Side("authenticate"), Side("authorize"))
    controls = {
        "mfa": "multi-factor authentication offered to every user",
        "password-policy": "long passwords with mixed characters",
        "deletion-protection": "the pool cannot be deleted by accident",
        "retain": "kept, with its users, when its stack is deleted (a later deploy adopts it)",
    }

    exports = {"Arn": ("UserPool", "Arn"), "Id": ("UserPool", None), "ProviderName": ("UserPool", "ProviderName")}
    deploy_actions = tuple(f"cognito-idp:{a}" for a in (
        "CreateUserPool", "CreateUserPoolClient", "DeleteUserPool", "DeleteUserPoolClient", "DescribeUserPool",
        "DescribeUserPoolClient", "GetUserPoolMfaConfig", "ListTagsForResource", "SetUserPoolMfaConfig",
        "TagResource", "UntagResource", "UpdateUserPool", "UpdateUserPoolClient"))

    def resources(self, c: Any, t: Scope) -> Fragment:
        settings, protected = c.settings, t.on("deletion-protection")
        pool: dict[str, Any] = {
            "UserPoolName": t.name(c.id), "UsernameAttributes": ["email"], "AutoVerifiedAttributes": ["email"],
            "AdminCreateUserConfig": {"AllowAdminCreateUserOnly": not settings.self_sign_up},
            "AccountRecoverySetting": {"RecoveryMechanisms": [{"Name": "verified_email", "Priority": 1}]},
        }
        if t.on("mfa"):
            pool["MfaConfiguration"] = settings.mfa
            if settings.mfa != "OFF":
                pool["EnabledMfas"] = ["SOFTWARE_TOKEN_MFA"]
        else:
            pool["MfaConfiguration"] = "OFF"
        if t.on("password-policy"):
            pool["Policies"] = {"PasswordPolicy": {
                "MinimumLength": settings.password_min_length, "RequireLowercase": True, "RequireUppercase": True,
                "RequireNumbers": True, "RequireSymbols": True, "TemporaryPasswordValidityDays": 3}}
        pool["DeletionProtection"] = "ACTIVE" if protected else "INACTIVE"
        pool["UserPoolTags"] = t.tags_map()
        return {"Resources": {t.lid(c.id, "UserPool"): {"Type": "AWS::Cognito::UserPool", **t.retention(),
                                                        "Metadata": t.meta(), "Properties": pool}}}

    def metrics(self, component: Any) -> list[Metric]:
        dims = (("UserPool", "Id"),)
        return [Metric("AWS/Cognito", "SignInSuccesses", dims), Metric("AWS/Cognito", "TokenRefreshSuccesses", dims)]

    def annotations(self, component: Any, graph: SystemGraph) -> list[str]:
        return [f"MFA {component.settings.mfa.lower()}"]


KIND = UserPool
