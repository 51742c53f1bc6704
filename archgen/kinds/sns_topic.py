"""An SNS topic: where alarms go, and who gets told."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any, Literal

from diagrams.aws.integration import SNS
from pydantic import Field

from archgen.kinds._base import KEY_DEPLOY_ACTIONS, Allows, Kind, wiring_regions
from archgen.schema import ComponentBase, Strict

if TYPE_CHECKING:
    from archgen.graph import SystemGraph


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
    checks = {"encryption": ("CKV_AWS_26",)}
    exports = {"Arn": ("Topic", None), "KeyArn": ("Key", "Arn")}
    deploy_actions = KEY_DEPLOY_ACTIONS + tuple(f"sns:{a}" for a in (
        "CreateTopic", "DeleteTopic", "GetSubscriptionAttributes", "GetTopicAttributes", "ListSubscriptionsByTopic",
        "ListTagsForResource", "SetTopicAttributes", "Subscribe", "TagResource", "Unsubscribe", "UntagResource"))

    def regions(self, component: Any, graph: SystemGraph) -> tuple[str, ...]:
        """Its own region, and each region where those who publish to it have wiring (alarms must publish
        to a topic of their own region: CloudFront's alarms live in us-east-1)."""
        own = self.region(component, graph)
        found = {region for incoming in graph.incoming(component.id) for other in graph.outgoing(incoming.source)
                 if other.target != component.id
                 and graph.kind(other.source).wiring_template(graph.components[other.target].kind)
                 for region in wiring_regions(other, graph)}
        return (own, *sorted(found - {own}))


KIND = SnsTopic
