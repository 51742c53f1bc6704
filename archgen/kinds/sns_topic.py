"""An SNS topic: where alarms go, and who gets told."""

from typing import Annotated, Literal

from diagrams.aws.integration import SNS
from pydantic import Field

from archgen.kinds._base import Allows, Kind
from archgen.schema import ComponentBase, Strict


class TopicSettings(Strict):
    email: Annotated[str, Field(pattern=r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$",
                                description="Address subscribed to the alerts.")]


class TopicComponent(ComponentBase):
    kind: Literal["sns.topic"]
    settings: TopicSettings


class SnsTopic(Kind):
    name = "sns.topic"
    title = "SNS topic"
    layer = "monitoring"
    summary = "Fans alarm notifications out to people."
    icon = SNS
    component = TopicComponent
    controls = {
        "encryption": "messages encrypted at rest with a KMS key",
        "tls-only": "the topic policy denies publishing without TLS",
    }
    allows = (
        Allows("external.person", "alert", "an email subscription for the person on call"),
    )


KIND = SnsTopic
