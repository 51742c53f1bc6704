"""One person outside the system: a developer who pushes code, or whoever is on call."""

from typing import Literal

from archgen.kinds._base import Kind, Side
from archgen.schema import ComponentBase, NoSettings


class ExternalPersonComponent(ComponentBase):
    kind: Literal["external.person"]
    settings: NoSettings = NoSettings()


class ExternalPerson(Kind):
    name = "external.person"
    title = "Person"
    layer = "external"
    summary = "A person outside AWS: a developer, or the receiver of alerts."
    icon = "onprem.client.User"
    component = ExternalPersonComponent
    offers = (Side("push", "commits pushed to the source repository"),)
    accepts = (Side("subscribe", "an email subscription: the person confirms it once"),)
    subscription = ("email", None)


KIND = ExternalPerson
