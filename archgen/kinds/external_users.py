"""The people who use the application, in a browser."""

from typing import Literal

from diagrams.onprem.client import Users

from archgen.kinds._base import Allows, Kind
from archgen.schema import ComponentBase, NoSettings


class ExternalUsersComponent(ComponentBase):
    kind: Literal["external.users"]
    settings: NoSettings = NoSettings()


class ExternalUsers(Kind):
    name = "external.users"
    title = "Users"
    layer = "external"
    summary = "People using the application from a browser, outside AWS."
    icon = Users
    component = ExternalUsersComponent
    allows = (
        Allows("route53.record", "resolve", "a DNS lookup of the site's domain"),
        Allows("cloudfront.distribution", "request", "HTTPS requests for the site and the API"),
        Allows("cognito.app_client", "sign in", "sign-in through the app client (SRP), tokens returned"),
    )


KIND = ExternalUsers
