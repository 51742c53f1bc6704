"""The Cognito identity pools backend of a resource's account and region."""

from __future__ import annotations

from moto.cognitoidentity.models import CognitoIdentityBackend, cognitoidentity_backends

from archgen.deploy.local._adapter import Context


def backend(context: Context) -> CognitoIdentityBackend:
    return cognitoidentity_backends[context.account_id][context.region]
