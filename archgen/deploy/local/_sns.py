"""The SNS backend of a resource's account and region."""

from __future__ import annotations

from moto.sns.models import SNSBackend, sns_backends

from archgen.deploy.local._adapter import Context


def backend(context: Context) -> SNSBackend:
    return sns_backends[context.account_id][context.region]
