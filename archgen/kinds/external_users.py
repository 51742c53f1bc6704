"""The people who use the application, in a browser."""

from typing import Literal

from archgen.kinds._base import Kind, Side
from archgen.schema import ComponentBase, NoSettings

DATA = ("read", "write", "read-write")


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
        Side("credentials", "an identity for the user pool's token, and the AWS credentials of its role",
             kinds=("cognito.identity_pool",)),
        # Straight from the browser with an identity pool's credentials (`via`), each call signed with them.
        *(Side(meaning, "calls from the browser with the identity pool's credentials", requires=("via",),
               allows=("scope", "prefix"), kinds=("s3.bucket", "dynamodb.table")) for meaning in DATA),
    )


KIND = ExternalUsers
