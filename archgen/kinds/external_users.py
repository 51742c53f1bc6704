"""The people who use the application, in a browser."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from archgen.kinds._base import Kind, Side
from archgen.kinds.cognito_identity_pool import scope_text
from archgen.schema import ComponentBase, NoSettings

if TYPE_CHECKING:
    from archgen.links import Link

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
        Side("credentials", kinds=("cognito.identity_pool",)),  # the pool's side says what they get
        # Straight from the browser with an identity pool's credentials (`via`), each call signed with them.
        *(Side(meaning, "calls from the browser with the identity pool's credentials", requires=("via",),
               allows=("scope", "prefix"), kinds=("s3.bucket", "dynamodb.table")) for meaning in DATA),
    )


    def side_text(self, link: Link, side: Side) -> str:
        if link.via is not None and link.via.kind == "cognito.identity_pool":
            return scope_text(link)  # whose credentials, on what: the pool's scoping, said where it applies
        return side.becomes


KIND = ExternalUsers
