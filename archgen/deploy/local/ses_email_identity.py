"""AWS::SES::EmailIdentity: the domain or address functions send from.

moto's SES keeps the identity (verified at once) but makes no DKIM keys: the three tokens here are
derived from the identity so that the records built from them are stable between deploys.
"""

from __future__ import annotations

import hashlib
from typing import Any, Self

from moto.sesv2.models import sesv2_backends

from archgen.deploy.local._adapter import Adapter, Context
from archgen.deploy.local._convert import tag_list

TOKENS = ("DkimDNSTokenName1", "DkimDNSTokenName2", "DkimDNSTokenName3",
          "DkimDNSTokenValue1", "DkimDNSTokenValue2", "DkimDNSTokenValue3")


def _tokens(identity: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for n in (1, 2, 3):
        token = hashlib.sha256(f"{identity}/{n}".encode()).hexdigest()[:32]
        found[f"DkimDNSTokenName{n}"] = f"{token}._domainkey.{identity}"
        found[f"DkimDNSTokenValue{n}"] = f"{token}.dkim.amazonses.com"
    return found


class SesEmailIdentity(Adapter):
    TYPE = "AWS::SES::EmailIdentity"
    NAME_PROPERTY = "EmailIdentity"
    ATTRIBUTES = frozenset(TOKENS)

    @classmethod
    def create(cls, context: Context, properties: dict[str, Any]) -> Self:
        identity = properties["EmailIdentity"]
        sesv2_backends[context.account_id][context.region].create_email_identity(
            identity, tag_list(properties) or None, properties.get("DkimSigningAttributes"), None)
        return cls(context, properties, identity, _tokens(identity))

    def remove(self) -> None:
        sesv2_backends[self.context.account_id][self.context.region].delete_email_identity(self.physical_id)
