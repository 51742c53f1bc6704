"""A Cognito user pool: sign-up, sign-in, and the tokens the API checks.

MFA is `required` or `optional` (authenticator apps); switching it off is the `mfa` control's exception,
with its reason. The model's words are lowercase on purpose: an unquoted `ON`/`OFF` in YAML is a
boolean, and is refused with the fix. A hosted UI (`domain`) and social or OIDC providers (`social`,
their secrets kept in Secrets Manager, archgen/kinds/_user_pool_login.py) sign users in through the
pool's app clients. Threat protection (advanced security) is enforced by default.

The local AWS (moto) keeps the pool, its domain and its providers through the project's adapters, but
serves no hosted UI, federates with no provider and evaluates no sign-in risk.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Annotated, Literal

from pydantic import Field, field_validator

from archgen.kinds._base import Fragment, Kind, Metric, Side
from archgen.kinds._deploy_scope import ARN
from archgen.kinds._user_pool_login import HostedDomain, SocialProvider, provider_lid, provider_problems, provider_resource
from archgen.schema import ComponentBase, Strict

if TYPE_CHECKING:
    from archgen.graph import SystemGraph
    from archgen.render.cloudformation.scope import Scope


MFA = {"required": "ON", "optional": "OPTIONAL"}
CharacterClass = Literal["lowercase", "uppercase", "numbers", "symbols"]
CLASSES = {"lowercase": "RequireLowercase", "uppercase": "RequireUppercase", "numbers": "RequireNumbers",
           "symbols": "RequireSymbols"}


class UserPoolSettings(Strict):
    mfa: Literal["required", "optional"] = Field(
        "optional", description="Authenticator-app MFA for every user, or offered to each.")
    password_min_length: Annotated[int, Field(ge=8, le=99)] = 12
    password_requires: Annotated[list[CharacterClass], Field(min_length=1)] = Field(
        ["lowercase", "uppercase", "numbers", "symbols"], description="Characters every password must have.")
    temporary_password_days: Annotated[int, Field(ge=1, le=365)] = 3
    self_sign_up: bool = Field(False, description="Anyone may create an account (rule E107: the model says why).")
    threat_protection: Literal["enforced", "audit"] = Field(
        "enforced", description="Advanced security: risky sign-ins blocked (enforced) or only logged (audit).")
    domain: HostedDomain | None = Field(None, description="The hosted UI, {prefix, callback_path}: "
                                                          "https://<prefix>.auth.<region>.amazoncognito.com.")
    social: list[SocialProvider] = Field([], description=(
        "Providers on the hosted UI (needs 'domain'), each {provider: Google, Facebook, SignInWithApple or OIDC, "
        "client_id, client_secret: the name of a Secrets Manager secret, name, issuer (OIDC), team_id and key_id "
        "(Apple), scopes}."))

    @field_validator("mfa", mode="before")
    @classmethod
    def _words(cls, value: Any) -> Any:
        if isinstance(value, bool) or value in ("ON", "OFF", "OPTIONAL"):
            raise ValueError("write mfa: required or optional (an unquoted ON/OFF is a YAML boolean); switching "
                             "MFA off is an exception {component: ..., control: mfa, reason: ...}")
        if value == "off":
            raise ValueError("MFA is switched off by an exception {component: ..., control: mfa, reason: ...}, "
                             "not by a setting")
        return value


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
        "threat-protection": "advanced security: compromised credentials and risky sign-ins detected",
    }

    exports = {"Arn": ("UserPool", "Arn"), "Id": ("UserPool", None), "ProviderName": ("UserPool", "ProviderName")}
    deploy_actions = tuple(f"cognito-idp:{a}" for a in (
        "CreateIdentityProvider", "CreateUserPoolDomain", "DeleteIdentityProvider", "DeleteUserPoolDomain",
        "DescribeIdentityProvider", "DescribeUserPoolDomain", "UpdateIdentityProvider", "UpdateUserPoolDomain",
        "CreateUserPool", "CreateUserPoolClient", "DeleteUserPool", "DeleteUserPoolClient", "DescribeUserPool",
        "DescribeUserPoolClient", "GetUserPoolMfaConfig", "ListTagsForResource", "SetUserPoolMfaConfig",
        "TagResource", "UntagResource", "UpdateUserPool", "UpdateUserPoolClient"))
    deploy_arns = {
        "AWS::Cognito::UserPool": (None, [("cognito-idp", ARN + "userpool/*")]),
        "AWS::Cognito::UserPoolDomain": (None, [("cognito-idp", ARN + "userpool/*")]),
        "AWS::Cognito::UserPoolIdentityProvider": (None, [("cognito-idp", ARN + "userpool/*")])}

    def resources(self, c: Any, t: Scope) -> Fragment:
        settings, protected = c.settings, t.on("deletion-protection")
        pool: dict[str, Any] = {
            "UserPoolName": t.name(c.id), "UsernameAttributes": ["email"], "AutoVerifiedAttributes": ["email"],
            "AdminCreateUserConfig": {"AllowAdminCreateUserOnly": not settings.self_sign_up},
            "AccountRecoverySetting": {"RecoveryMechanisms": [{"Name": "verified_email", "Priority": 1}]},
        }
        if t.on("mfa"):
            pool["MfaConfiguration"] = MFA[settings.mfa]
            pool["EnabledMfas"] = ["SOFTWARE_TOKEN_MFA"]
        else:
            pool["MfaConfiguration"] = "OFF"
        if t.on("password-policy"):
            policy: dict[str, Any] = {"MinimumLength": settings.password_min_length}
            policy |= {CLASSES[name]: name in settings.password_requires for name in CLASSES}
            pool["Policies"] = {"PasswordPolicy": {**policy,
                                                   "TemporaryPasswordValidityDays": settings.temporary_password_days}}
        if t.on("threat-protection"):  # threat protection is a feature of the Plus tier
            pool["UserPoolTier"] = "PLUS"
            pool["UserPoolAddOns"] = {"AdvancedSecurityMode": settings.threat_protection.upper()}
        pool["DeletionProtection"] = "ACTIVE" if protected else "INACTIVE"
        pool["UserPoolTags"] = t.tags_map()
        lid = t.lid(c.id, "UserPool")
        resources: dict[str, Any] = {lid: {"Type": "AWS::Cognito::UserPool", **t.retention(), "Metadata": t.meta(),
                                           "Properties": pool}}
        if settings.domain is not None:
            resources[t.lid(c.id, "Domain")] = {"Type": "AWS::Cognito::UserPoolDomain", "Metadata": t.meta(),
                                                "Properties": {"UserPoolId": {"Ref": lid},
                                                               "Domain": settings.domain.prefix,
                                                               "ManagedLoginVersion": 2}}
        for provider in settings.social:
            resources[provider_lid(c.id, provider, t)] = provider_resource(provider, {"Ref": lid}, t)
        return {"Resources": resources}

    def settings_problems(self, component: Any, region: str) -> list[tuple[tuple[Any, ...], str]]:
        settings = component.settings
        at = ("components", component.id, "settings")
        problems = [((*at, *where), message) for where, message in provider_problems(settings.social)]
        if settings.social and settings.domain is None:
            problems.append(((*at, "social"), "social sign-in happens on the hosted UI: give the pool a "
                                              "'domain: {prefix: ...}'"))
        if settings.domain is not None and any(w in settings.domain.prefix for w in ("aws", "amazon", "cognito")):
            problems.append(((*at, "domain", "prefix"), (
                f"'{settings.domain.prefix}': Cognito refuses a domain prefix containing aws, amazon or cognito")))
        return problems

    def control_applies(self, component: Any, control: str) -> bool:
        return True

    def key_settings(self, component: Any) -> dict[str, str]:
        shown = super().key_settings(component)
        if component.settings.social:
            shown["social"] = ", ".join(p.provider_name for p in component.settings.social)
        if component.settings.domain is not None:
            shown["domain"] = component.settings.domain.prefix
        return shown

    def metrics(self, component: Any) -> list[Metric]:
        dims = (("UserPool", "Id"),)
        return [Metric("AWS/Cognito", "SignInSuccesses", dims), Metric("AWS/Cognito", "TokenRefreshSuccesses", dims)]

    def annotations(self, component: Any, graph: SystemGraph) -> list[str]:
        mfa = all(c.on for c in graph.controls(component.id) if c.id == "mfa")
        notes = [f"MFA {component.settings.mfa}" if mfa else "MFA off (exception)"]
        if all(c.on for c in graph.controls(component.id) if c.id == "threat-protection"):
            notes.append(f"threat protection {component.settings.threat_protection}")
        if component.settings.social:
            notes.append("sign-in with " + ", ".join(p.provider_name for p in component.settings.social))
        return notes


KIND = UserPool
