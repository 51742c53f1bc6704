"""A user pool's hosted sign-in: its domain (the hosted UI) and the social and OIDC providers users may sign
in with. Plain data for archgen/kinds/cognito_user_pool.py and cognito_app_client.py.

A provider's client secret (Apple's private key) is never in the model: the model names a Secrets
Manager secret, and the template reads it at deploy time through a dynamic reference
(`{{resolve:secretsmanager:...}}`), so it is in no template, output or docs page either.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import Field

from archgen.kinds._cfn import secret_reference
from archgen.schema import Strict

if TYPE_CHECKING:
    from archgen.render.cloudformation.scope import Scope

ProviderType = Literal["Google", "Facebook", "SignInWithApple", "OIDC"]
SecretName = Annotated[str, Field(pattern=r"^[A-Za-z0-9/_+=.@-]{1,512}$",
                                  description="the name of a Secrets Manager secret, never the secret itself")]
Scope_ = Annotated[str, Field(pattern=r"^[A-Za-z0-9_.:/-]{1,100}$")]
# What each provider calls the scopes that give its user's email and name.
DEFAULT_SCOPES = {"Google": ["openid", "email", "profile"], "Facebook": ["public_profile", "email"],
                  "SignInWithApple": ["email", "name"], "OIDC": ["openid", "email", "profile"]}
EMAIL = {"Google": "email", "Facebook": "email", "SignInWithApple": "email", "OIDC": "email"}
USERNAME = {"Google": "sub", "Facebook": "id", "SignInWithApple": "sub", "OIDC": "sub"}


class SocialProvider(Strict):
    """A provider users may sign in with on the hosted UI; its secret stays in Secrets Manager."""

    provider: ProviderType
    name: Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9 .-]{1,30}$")] | None = Field(
        None, description="The name shown and used by the app (default: the provider's own; required for OIDC).")
    client_id: Annotated[str, Field(pattern=r"^[A-Za-z0-9_.:/@-]{1,256}$",
                                    description="The app's client id (Apple: its services id) at the provider.")]
    client_secret: SecretName = Field(description="the name of the Secrets Manager secret holding the client "
                                                  "secret (Apple: the private key), never the secret itself")
    issuer: Annotated[str, Field(pattern=r"^https://[A-Za-z0-9.-]+(/[A-Za-z0-9._~/-]*)?$")] | None = Field(
        None, description="OIDC only: the issuer URL.")
    team_id: Annotated[str, Field(pattern=r"^[A-Z0-9]{10}$")] | None = Field(None, description="Apple only.")
    key_id: Annotated[str, Field(pattern=r"^[A-Z0-9]{10}$")] | None = Field(None, description="Apple only.")
    scopes: list[Scope_] | None = Field(None, description="Scopes asked for (default: email and profile).")

    @property
    def provider_name(self) -> str:
        return self.name or self.provider


class HostedDomain(Strict):
    """The hosted UI at https://<prefix>.auth.<region>.amazoncognito.com."""

    prefix: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]{0,61}[a-z0-9]$",
                                 description="Lowercase letters, digits and hyphens; not 'aws', 'amazon' or "
                                             "'cognito'.")]
    callback_path: Annotated[str, Field(pattern=r"^/[A-Za-z0-9/_.-]*$")] = Field(
        "/", description="Where the hosted UI returns users on the system's domain.")


def provider_problems(providers: list[SocialProvider]) -> list[tuple[tuple[Any, ...], str]]:
    """What the types cannot say: the fields each provider needs, names used once."""
    problems: list[tuple[tuple[Any, ...], str]] = []
    seen: set[str] = set()
    for index, p in enumerate(providers):
        where = ("social", index)
        if p.provider == "OIDC" and (p.issuer is None or p.name is None):
            problems.append((where, "an OIDC provider needs its 'issuer' (https://...) and a 'name'"))
        if p.provider != "OIDC" and p.issuer is not None:
            problems.append((where + ("issuer",), f"'issuer' is for OIDC providers only: {p.provider} has its own"))
        if p.provider == "SignInWithApple" and (p.team_id is None or p.key_id is None):
            problems.append((where, "Sign in with Apple needs 'team_id' and 'key_id' (the private key is the secret)"))
        if p.provider != "SignInWithApple" and (p.team_id or p.key_id):
            problems.append((where, "'team_id' and 'key_id' are for Sign in with Apple only"))
        if p.provider_name in seen:
            problems.append((where + ("name",), f"two providers named '{p.provider_name}': give one a 'name'"))
        seen.add(p.provider_name)
    return problems


def details(p: SocialProvider) -> dict[str, str]:
    """ProviderDetails, the secret as a dynamic reference CloudFormation resolves at deploy time."""
    secret = secret_reference(p.client_secret)
    scopes = " ".join(p.scopes or DEFAULT_SCOPES[p.provider])
    if p.provider == "SignInWithApple":
        return {"client_id": p.client_id, "team_id": str(p.team_id), "key_id": str(p.key_id), "private_key": secret,
                "authorize_scopes": scopes}
    found = {"client_id": p.client_id, "client_secret": secret, "authorize_scopes": scopes}
    if p.provider == "OIDC":
        found |= {"oidc_issuer": str(p.issuer), "attributes_request_method": "GET"}
    return found


def provider_resource(p: SocialProvider, pool_id: Any, t: Scope) -> dict[str, Any]:
    return {"Type": "AWS::Cognito::UserPoolIdentityProvider", "Metadata": t.meta(), "Properties": {
        "UserPoolId": pool_id, "ProviderName": p.provider_name, "ProviderType": p.provider,
        "ProviderDetails": details(p),
        "AttributeMapping": {"email": EMAIL[p.provider], "username": USERNAME[p.provider]}}}


def provider_lid(component_id: str, p: SocialProvider, t: Scope) -> str:
    return t.lid(component_id, f"{p.provider_name}-provider")
