"""AWS::SNS::Subscription: the person on call receives the alarms by email."""

from __future__ import annotations

import json
from typing import Any, Self

from archgen.deploy.local import _sns
from archgen.deploy.local._adapter import Adapter, Context

# Subscription attributes CloudFormation sets as properties; maps become JSON text in the API.
ATTRIBUTES = ("DeliveryPolicy", "FilterPolicy", "FilterPolicyScope", "RawMessageDelivery", "RedrivePolicy")


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return str(value).lower()
    return value if isinstance(value, str) else json.dumps(value)


class SnsSubscription(Adapter):
    TYPE = "AWS::SNS::Subscription"

    @classmethod
    def create(cls, context: Context, properties: dict[str, Any]) -> Self:
        backend = _sns.backend(context)
        subscription = backend.subscribe(properties["TopicArn"], properties["Endpoint"], properties["Protocol"])
        for name in ATTRIBUTES:
            if name in properties:
                backend.set_subscription_attributes(subscription.arn, name, _text(properties[name]))
        return cls(context, properties, subscription.arn)

    def remove(self) -> None:
        _sns.backend(self.context).unsubscribe(self.physical_id)
