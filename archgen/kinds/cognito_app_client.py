"""A Cognito app client: how the browser app signs users in (no client secret)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import Field

from archgen.kinds._base import Fragment, Kind, Side
from archgen.kinds._user_pool_login import provider_lid
from archgen.schema import ComponentBase, Strict

if TYPE_CHECKING:
    from archgen.graph import SystemGraph
    from archgen.links import Link
    from archgen.render.cloudformation.scope import Scope


class AppClientSettings(Strict):
    token_validity_minutes: Annotated[int, Field(ge=5, le=1440)] = 60
    refresh_token_validity_days: Annotated[int, Field(ge=1, le=3650)] = 30


class AppClientComponent(ComponentBase):
    kind: Literal["cognito.app_client"]
    settings: AppClientSettings = AppClientSettings()


class AppClient(Kind):
    name = "cognito.app_client"
    title = "Cognito app client"
    layer = "auth"
    summary = "The single-page app's client of the user pool (SRP sign-in, short-lived tokens)."
    icon = "aws.security.Cognito"
    component = AppClientComponent
    controls = {
        "no-client-secret": "a public client: no secret shipped to browsers",
        "token-revocation": "refresh tokens can be revoked",
    }
    offers = (Side("authenticate", "the app client registered in the user pool", wires=True),)
    accepts = (Side("sign-in", "sign-in through the app client (SRP)"),)
    exports = {"Id": ("Client", None)}
    deploy_actions = ("cognito-idp:CreateUserPoolClient", "cognito-idp:DeleteUserPoolClient",
                      "cognito-idp:DescribeUserPoolClient", "cognito-idp:UpdateUserPoolClient")

    def graph_problems(self, component: Any, graph: SystemGraph) -> list[tuple[tuple[Any, ...], str]]:
        """The client exists only inside one pool: without its `authenticate` relation it deploys nothing,
        and what reads its id (an Amplify app's build, an authorizer's audience) has nothing to read."""
        pools = [r for r in graph.outgoing(component.id) if graph.link(r).meaning.name == "authenticate"]
        if len(pools) == 1:
            return []
        return [(("components", component.id), (
            f"'{component.id}' is the client of {len(pools)} user pools: an app client lives inside exactly one; "
            + (f"relate it to its pool (- {{from: {component.id}, to: <user pool>, label: app client}})" if not pools
               else "make one client per pool")))]

    def wire(self, link: Link, t: Scope) -> Fragment:
        """The client exists only inside its pool: it is the relation's wiring."""
        settings = link.source.settings
        properties: dict[str, Any] = {
            "ClientName": t.name(link.source.id), "UserPoolId": t.ref(link.target.id, "Id"),
            "GenerateSecret": not t.on("no-client-secret"),
            "ExplicitAuthFlows": ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
            "PreventUserExistenceErrors": "ENABLED", "EnableTokenRevocation": t.on("token-revocation"),
            "AccessTokenValidity": settings.token_validity_minutes, "IdTokenValidity": settings.token_validity_minutes,
            "RefreshTokenValidity": settings.refresh_token_validity_days,
            "TokenValidityUnits": {"AccessToken": "minutes", "IdToken": "minutes", "RefreshToken": "days"},
        }
        client: dict[str, Any] = {"Type": "AWS::Cognito::UserPoolClient", "Metadata": t.meta(),
                                  "Properties": properties}
        pool = link.target.settings
        if getattr(pool, "domain", None) is not None:
            hosted = hosted_sign_in(link, t, pool)
            properties.update(hosted.pop("Properties"))
            client |= hosted
        return {"Resources": {t.lid(link.source.id, "Client"): client}}


def hosted_sign_in(link: Link, t: Scope, pool: Any) -> dict[str, Any]:
    """The hosted UI's code flow (with PKCE, no secret) back to the system's domain, with the pool's own
    accounts and every social provider it has; created after the providers it names."""
    url = f"https://{t.system.domain}{pool.domain.callback_path}"
    providers = [p.provider_name for p in pool.social]
    oauth = {"AllowedOAuthFlowsUserPoolClient": True, "AllowedOAuthFlows": ["code"],
             "AllowedOAuthScopes": ["openid", "email", "profile"], "CallbackURLs": [url], "LogoutURLs": [url],
             "SupportedIdentityProviders": ["COGNITO", *providers]}
    found: dict[str, Any] = {"Properties": oauth}
    if providers and t.plan.stack_of(link.target.id, t.region) == t.stack:
        found["DependsOn"] = [provider_lid(link.target.id, p, t) for p in pool.social]
    return found


KIND = AppClient
