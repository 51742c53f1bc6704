"""The Cognito user pools backend of a resource's account and region."""

from __future__ import annotations

from moto.cognitoidp.models import CognitoIdpBackend, cognitoidp_backends

from archgen.deploy.local._adapter import Context


def backend(context: Context) -> CognitoIdpBackend:
    return cognitoidp_backends[context.account_id][context.region]
