"""An SES email identity: the domain or address a function sends email from.

A function's relation to it (`send`) grants `ses:SendEmail` and `ses:SendRawEmail` on this identity
only (SAM's profiles know no SES; the grant is the kind's, and the docs say so), and tells the code
the identity as `EMAIL_IDENTITY`. A domain signs its mail with Easy DKIM (2048-bit keys), and its three
DKIM CNAME records are published in the system's hosted zone when the domain is in it; an address is
verified by the email SES sends to it. Bounces and complaints come back by email (feedback forwarding).
An identity exists once per account and region: of the model's environments in one region, the first
(archgen/environments.py) creates it, and the others' functions send from it by name.

The local AWS (moto) keeps the identity through the project's adapter and marks it verified at once;
it signs nothing and delivers no mail, and its DKIM tokens are made up.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import Field

from archgen.environments import holds_account_settings
from archgen.kinds._base import Fragment, Kind, Side
from archgen.kinds._cfn import getatt, ref
from archgen.kinds.acm_certificate import HOSTED_ZONE, hosted_zone
from archgen.schema import ComponentBase, Strict
from archgen.kinds._deploy_scope import ARN

if TYPE_CHECKING:
    from archgen.links import Link
    from archgen.render.cloudformation.scope import Scope

# An address at a domain, or the domain: one pattern without alternation (it reads in the kinds table).
IDENTITY = r"^([A-Za-z0-9._%+-]{1,64}@)?[a-z0-9-]{1,63}(\.[a-z0-9-]{1,63})+$"
SEND = ({"Effect": "Allow", "Action": ["ses:SendEmail", "ses:SendRawEmail"], "Resource": "%{Destination.Arn}"},)


class EmailIdentitySettings(Strict):
    identity: Annotated[str, Field(pattern=IDENTITY, max_length=320,
                                   description="a domain (example.com: any address at it) or one address "
                                               "(name@example.com)")]
    publish_dkim: bool | None = Field(None, description="Publish a domain's DKIM records in the system's hosted "
                                                        "zone; default: when the domain is in that zone.")


class EmailIdentityComponent(ComponentBase):
    kind: Literal["ses.email_identity"]
    settings: EmailIdentitySettings


class EmailIdentity(Kind):
    name = "ses.email_identity"
    title = "SES email identity"
    layer = "backend"
    summary = "The domain (DKIM-signed) or address functions send email from; each may send from it only."
    icon = "aws.engagement.SimpleEmailServiceSes"
    component = EmailIdentityComponent
    controls = {
        "dkim": "a domain's mail is signed with Easy DKIM (2048-bit keys)",
        "feedback": "bounces and complaints are forwarded by email",
    }
    accepts = (Side("send", "the identity the code sends from, as EMAIL_IDENTITY", kinds=("lambda.function",),
                    grant=SEND),)
    exports = {"Identity": ("Identity", None)}
    identities = {"Arn": "arn:${AWS::Partition}:ses:${AWS::Region}:${AWS::AccountId}:identity/{name}",
                  "Identity": "{name}"}
    env = ("EMAIL_IDENTITY", "Identity")
    deploy_actions = tuple(f"ses:{a}" for a in (
        "CreateEmailIdentity", "DeleteEmailIdentity", "GetEmailIdentity", "PutEmailIdentityDkimAttributes",
        "PutEmailIdentityDkimSigningAttributes", "PutEmailIdentityFeedbackAttributes", "TagResource",
        "UntagResource")) + ("route53:ChangeResourceRecordSets", "route53:GetChange", "route53:ListResourceRecordSets")
    deploy_arns = {"AWS::SES::EmailIdentity": ("EmailIdentity", [("ses", ARN + "identity/{n}")])}

    def physical_name(self, component: Any, t: Scope) -> str:
        return str(component.settings.identity)

    def control_applies(self, component: Any, control: str) -> bool:
        return control != "dkim" or is_domain(component)

    def graph_problems(self, component: Any, graph: Any) -> list[tuple[tuple[Any, ...], str]]:
        """An identity exists once per account and region: a second component for it would be a second
        resource of the same name, which CloudFormation refuses (found by the fuzzer)."""
        same = sorted(other.id for other in graph.components.values()
                      if other.kind == self.name and other.settings.identity == component.settings.identity)
        if same[0] == component.id:
            return []
        return [(("components", component.id, "settings", "identity"),
                 f"'{component.id}' verifies '{component.settings.identity}', which '{same[0]}' verifies already: "
                 "an identity exists once; relate to that component, or remove this one")]

    def publishes_dkim(self, component: Any, domain: str) -> bool:
        if not is_domain(component):
            return False
        if component.settings.publish_dkim is not None:
            return bool(component.settings.publish_dkim)
        zone = domain.split(".", 1)[1]
        identity = str(component.settings.identity)
        return identity == zone or identity.endswith("." + zone)

    def resources(self, c: Any, t: Scope) -> Fragment:
        if not holds_account_settings(t.graph):  # another environment in this region creates it
            return {}
        lid = t.lid(c.id, "Identity")
        properties: dict[str, Any] = {"EmailIdentity": c.settings.identity,
                                      "FeedbackAttributes": {"EmailForwardingEnabled": t.on("feedback")}}
        if is_domain(c):
            properties["DkimAttributes"] = {"SigningEnabled": t.on("dkim")}
            if t.on("dkim"):
                properties["DkimSigningAttributes"] = {"NextSigningKeyLength": "RSA_2048_BIT"}
        resources: dict[str, Any] = {lid: {"Type": "AWS::SES::EmailIdentity", "Metadata": t.meta(),
                                           "Properties": properties}}
        fragment: Fragment = {"Resources": resources}
        if t.on("dkim") and self.publishes_dkim(c, t.system.domain):
            fragment["Parameters"] = hosted_zone(t.system.domain)
            for n in (1, 2, 3):
                resources[t.lid(c.id, f"Dkim{n}")] = {"Type": "AWS::Route53::RecordSet", "Metadata": t.meta(),
                                                      "Properties": {
                    "HostedZoneId": ref(HOSTED_ZONE), "Type": "CNAME", "TTL": "1800",
                    "Name": getatt(lid, f"DkimDNSTokenName{n}"),
                    "ResourceRecords": [getatt(lid, f"DkimDNSTokenValue{n}")]}}
        return fragment

    def side_text(self, link: Link, side: Side) -> str:
        return f"the identity {link.target.settings.identity} the code sends from, as EMAIL_IDENTITY"

    def annotations(self, component: Any, graph: Any) -> list[str]:
        on = {c.id for c in graph.controls(component.id) if c.on}
        return ["DKIM-signed"] if is_domain(component) and "dkim" in on else ["one address only"]

    def key_settings(self, component: Any) -> dict[str, str]:
        shown = {"identity": str(component.settings.identity), "type": "domain" if is_domain(component) else "address"}
        return shown


def is_domain(component: Any) -> bool:
    return "@" not in str(component.settings.identity)


KIND = EmailIdentity
