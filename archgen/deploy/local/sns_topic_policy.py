"""AWS::SNS::TopicPolicy: e.g. CloudWatch may publish, nobody may publish without TLS."""

from __future__ import annotations

import json
from typing import Any, Self

from moto.sns.models import Topic

from archgen.deploy.local import _sns
from archgen.deploy.local._adapter import Adapter, Context


def _topics(context: Context, properties: dict[str, Any]) -> list[Topic]:
    backend = _sns.backend(context)
    return [backend.get_topic(arn) for arn in properties["Topics"]]


class SnsTopicPolicy(Adapter):
    TYPE = "AWS::SNS::TopicPolicy"

    @classmethod
    def create(cls, context: Context, properties: dict[str, Any]) -> Self:
        document = properties["PolicyDocument"]
        text = document if isinstance(document, str) else json.dumps(document)
        for topic in _topics(context, properties):
            topic.policy = text
        return cls(context, properties, f"{context.stack_id}/{context.logical_id}")

    def remove(self) -> None:
        # Without a policy of its own a topic has SNS's default one again.
        for topic in _topics(self.context, self.properties):
            topic.policy = json.dumps(topic._create_default_topic_policy(
                self.context.region, self.context.account_id, topic.name))
