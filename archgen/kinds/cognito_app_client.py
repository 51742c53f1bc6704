"""A Cognito app client: how the browser app signs users in (no client secret)."""

from typing import Annotated, Literal

from diagrams.aws.security import Cognito
from pydantic import Field

from archgen.kinds._base import Allows, Kind
from archgen.schema import ComponentBase, Strict


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
    icon = Cognito
    component = AppClientComponent
    controls = {
        "no-client-secret": "a public client: no secret shipped to browsers",
        "token-revocation": "refresh tokens can be revoked",
    }
    allows = (
        Allows("cognito.user_pool", "authenticate", "the app client registered in the user pool"),
    )
    deploy_actions = ("cognito-idp:CreateUserPoolClient", "cognito-idp:DeleteUserPoolClient",
                      "cognito-idp:DescribeUserPoolClient", "cognito-idp:UpdateUserPoolClient")


KIND = AppClient
