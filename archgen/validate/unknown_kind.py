"""What to say of a kind the catalogue does not have: the kind meant, or how to declare the service anyway.

A near miss names the kind: a typo (`dynamodb.tabel`), the service alone (`lambda` ->
`lambda.function`), or the CloudFormation type (`AWS::SQS::Queue` -> `sqs.queue`). When nothing in
the catalogue is close, the service is not in it: the message shows the `cloudformation.resource`
form, with the CloudFormation type filled in when cfn-lint's list of types has one that fits
(`rds.proxy` -> `AWS::RDS::DBProxy`).
"""

from __future__ import annotations

import difflib
import re

from archgen.kinds import Registry
from archgen.kinds import _cfn_schemas as schemas

ESCAPE_HATCH = "cloudformation.resource"
_CFN_TYPE = re.compile(r"^AWS::([A-Za-z0-9]+)::([A-Za-z0-9]+)$")


def unknown_kind(name: object, registry: Registry) -> str:
    text = str(name)
    meant = close_kind(text, registry)
    if meant is not None:
        return f"unknown kind '{text}' (did you mean '{meant}'?)"
    cfn_type = _cfn_type(text)
    settings = f"type: {cfn_type}, properties: {{...}}" if cfn_type else "type: AWS::Service::Resource, properties: {...}"
    return (f"unknown kind '{text}': it is not in the catalogue (kinds: {', '.join(registry.names)}); declare "
            f"the service as 'kind: {ESCAPE_HATCH}' with 'settings: {{{settings}}}', its properties as in "
            "CloudFormation's reference, and write the IAM of relations to it in their 'grant'")


def close_kind(text: str, registry: Registry) -> str | None:
    """The kind a near miss means, if one is close enough to say so."""
    names = [name for name in registry.names if name != ESCAPE_HATCH]
    lowered = text.lower().replace("_", ".").replace("-", ".").replace(" ", ".")
    by_type = {(kind.cfn_type or "").lower(): kind.name for kind in registry if kind.cfn_type}
    if text.lower() in by_type:
        return by_type[text.lower()]
    services = {name.split(".", 1)[0]: name for name in names}
    if lowered in services and sum(1 for n in names if n.startswith(lowered + ".")) == 1:
        return services[lowered]
    starting = [name for service, name in services.items() if len(lowered) >= 3 and service.startswith(lowered)]
    if len(starting) == 1:  # `dynamo` -> dynamodb.table, `waf` -> wafv2.web_acl
        return starting[0]
    close = difflib.get_close_matches(lowered, names, n=1, cutoff=0.75)
    if close:
        return close[0]
    service = lowered.split(".", 1)[0]
    close = difflib.get_close_matches(service, list(services), n=1, cutoff=0.8)
    if close and lowered.split(".", 1)[-1] in ("", close[0], services[close[0]].split(".", 1)[1]):
        return services[close[0]]
    return None


def _cfn_type(text: str) -> str | None:
    """The CloudFormation type a name stands for: itself, or the closest of its service in cfn-lint's list."""
    if _CFN_TYPE.match(text):
        return text
    service, _, resource = text.lower().partition(".")
    if not service or not resource:
        return None
    types = list(schemas.types("us-east-1"))  # empty without cfn-lint: the message then names no type
    theirs = {t.split("::")[2].lower(): t for t in types if t.count("::") == 2 and t.split("::")[1].lower() == service}
    wanted = resource.replace("_", "").replace("-", "")
    containing = sorted(key for key in theirs if wanted in key)
    if containing:
        return theirs[min(containing, key=len)]
    close = difflib.get_close_matches(wanted, list(theirs), n=1, cutoff=0.6)
    return theirs[close[0]] if close else None
