"""One person outside the system: a developer who pushes code, or whoever is on call."""

from typing import Literal

from diagrams.onprem.client import User

from archgen.kinds._base import Allows, Kind
from archgen.schema import ComponentBase, NoSettings


class ExternalPersonComponent(ComponentBase):
    kind: Literal["external.person"]
    settings: NoSettings = NoSettings()


class ExternalPerson(Kind):
    name = "external.person"
    title = "Person"
    layer = "external"
    summary = "A person outside AWS: a developer, or the receiver of alerts."
    icon = User
    component = ExternalPersonComponent
    allows = (
        Allows("gitlab.repository", "push", "commits pushed to the source repository"),
    )


KIND = ExternalPerson
