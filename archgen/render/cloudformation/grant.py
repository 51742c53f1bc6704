"""A link's grant as CloudFormation: a policy on a role, a statement in a queue's or topic's policy,
or Lambda permissions, with SAM's placeholders filled by the two kinds (archgen/grants.py).

The statements are SAM's, unchanged but for the values; the key a target is encrypted with adds its
own statements (SAM's profiles say nothing of keys), and so does nothing else.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from archgen.kinds._base import Fragment

if TYPE_CHECKING:
    from archgen.links import Link
    from archgen.render.cloudformation.scope import Scope

POLICY_VERSION = "2012-10-17"


def grant_fragment(link: Link, t: Scope) -> Fragment:
    grant = link.grant
    assert grant is not None
    if grant.type == "role":
        return _role_policy(link, t)
    if grant.type == "lambda-permission":
        return _permissions(link, t)
    return _resource_policy(link, t)


def _values(link: Link, t: Scope, overrides: dict[str, Any] | None = None) -> Any:
    kinds = {"Source": (t.graph.kind(link.source.id)), "Destination": t.graph.kind(link.target.id)}

    def value(side: str, name: str) -> Any:
        if overrides and f"{side}.{name}" in overrides:
            return overrides[f"{side}.{name}"]
        if link.source.kind == link.target.kind:  # a function invoking a function: the side decides
            return kinds[side].own_placeholder(name, link.source if side == "Source" else link.target, t)
        return kinds[side].placeholder(name, link, t)

    return value


def policy_name(link: Link) -> str:
    if link.grant is not None and link.grant.holder == "via":  # one signer may act for several sources
        return f"{link.meaning.name}-{link.source.id}-{link.target.id}"
    return f"{link.meaning.name}-{link.target.id}"


def _role_policy(link: Link, t: Scope) -> Fragment:
    assert link.grant is not None
    holder = {"source": link.source, "target": link.target, "via": link.via}[link.grant.holder]
    assert holder is not None, f"{link.key}: a grant held by its 'via', which it does not name"
    kind = t.graph.kind(holder.id)
    assert kind.role is not None, f"{kind.name} holds a grant but declares no role"
    # the key of the side whose resource is used (a stream's table, when the function's role holds it)
    used = link.source if holder is link.target else link.target
    statements = link.grant.filled(_values(link, t)) + t.graph.kind(used.id).key_statements(link, t)
    return {"Resources": {t.lid(holder.id, role): {"Properties": {"Policies": [{
        "PolicyName": policy_name(link), "PolicyDocument": {"Version": POLICY_VERSION, "Statement": held}}]}}
        for role, held in kind.held_statements(link, statements, t).items()}}


def _resource_policy(link: Link, t: Scope) -> Fragment:
    assert link.grant is not None
    kind = t.graph.kind(link.target.id)
    assert kind.resource_policy is not None, f"{kind.name} holds a resource policy grant but declares none"
    statements = link.grant.filled(_values(link, t))
    return {"Resources": {t.lid(link.target.id, kind.resource_policy): {"Properties": {
        "PolicyDocument": {"Statement": statements}}}}}


def permission_id(link: Link, t: Scope, variant: str = "") -> str:
    """The logical id of the Lambda permission of a link (one per variant: an API route)."""
    suffix = f"{link.target.id}-permission" + (f"-{variant}" if variant else "")
    return t.lid(link.source.id, suffix)


def _permissions(link: Link, t: Scope) -> Fragment:
    assert link.grant is not None
    resources: dict[str, Any] = {}
    variants = t.graph.kind(link.source.id).permission_variants(link, t)
    for variant, overrides in variants.items():
        for statement in link.grant.filled(_values(link, t, overrides)):
            properties = {"Action": statement["Action"], "FunctionName": t.ref(link.target.id, "Arn"),
                          "Principal": statement["Principal"], "SourceArn": statement["SourceArn"]}
            if "SourceAccount" in statement:
                properties["SourceAccount"] = statement["SourceAccount"]
            resources[permission_id(link, t, variant)] = {
                "Type": "AWS::Lambda::Permission", "Metadata": t.meta(), "Properties": properties}
    return {"Resources": resources}
