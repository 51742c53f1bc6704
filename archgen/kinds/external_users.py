"""The people who use the application, in a browser."""

from typing import Literal

from archgen.kinds._base import Kind, Side
from archgen.schema import ComponentBase, NoSettings


class ExternalUsersComponent(ComponentBase):
    kind: Literal["external.users"]
    settings: NoSettings = NoSettings()


class ExternalUsers(Kind):
    name = "external.users"
    title = "Users"
    layer = "external"
    summary = "People using the application from a browser, outside AWS."
    icon = "onprem.client.Users"
    component = ExternalUsersComponent
    offers = (
        Side("resolve", "a DNS lookup of the site's domain"),
        Side("request", "HTTPS requests from the browser"),
        Side("sign-in", "sign-in, tokens returned to the browser"),
        Side("upload", "objects put from the browser, with a URL a function signed"),
    )


KIND = ExternalUsers
