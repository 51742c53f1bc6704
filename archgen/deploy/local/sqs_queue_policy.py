"""AWS::SQS::QueuePolicy: who may send to a queue (a topic, a rule), nobody without TLS."""

from __future__ import annotations

import json
from typing import Any, Self

from moto.sqs.models import SQSBackend, sqs_backends

from archgen.deploy.local._adapter import Adapter, Context


def _backend(context: Context) -> SQSBackend:
    return sqs_backends[context.account_id][context.region]


def _names(properties: dict[str, Any]) -> list[str]:
    """`Queues` are queue URLs; the backend knows a queue by the URL's last part, its name."""
    return [str(url).rstrip("/").rsplit("/", 1)[-1] for url in properties["Queues"]]


class SqsQueuePolicy(Adapter):
    TYPE = "AWS::SQS::QueuePolicy"

    @classmethod
    def create(cls, context: Context, properties: dict[str, Any]) -> Self:
        document = properties["PolicyDocument"]
        text = document if isinstance(document, str) else json.dumps(document)
        for name in _names(properties):
            _backend(context).set_queue_attributes(name, {"Policy": text})
        return cls(context, properties, f"{context.stack_id}/{context.logical_id}")

    def remove(self) -> None:
        for name in _names(self.properties):
            if name in _backend(self.context).queues:  # the queue may have gone first
                _backend(self.context).set_queue_attributes(name, {"Policy": ""})
