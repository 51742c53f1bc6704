"""AWS::CertificateManager::Certificate: the viewer certificate of the CloudFront distribution."""

from __future__ import annotations

from typing import Any, Self

from moto.acm.models import AWSCertificateManagerBackend, acm_backends

from archgen.deploy.local._adapter import Adapter, Context
from archgen.deploy.local._convert import tag_list


def _backend(context: Context) -> AWSCertificateManagerBackend:
    return acm_backends[context.account_id][context.region]


class AcmCertificate(Adapter):
    TYPE = "AWS::CertificateManager::Certificate"

    @classmethod
    def create(cls, context: Context, properties: dict[str, Any]) -> Self:
        options = {}
        if "CertificateTransparencyLoggingPreference" in properties:
            options["CertificateTransparencyLoggingPreference"] = properties["CertificateTransparencyLoggingPreference"]
        arn = _backend(context).request_certificate(
            properties["DomainName"], None, properties.get("SubjectAlternativeNames") or [],
            tag_list(properties), cert_options=options or None)
        # The Ref of a certificate is its ARN.
        return cls(context, properties, arn)

    def remove(self) -> None:
        _backend(self.context).delete_certificate(self.physical_id)
