"""A Cognito identity pool: temporary AWS credentials for the app's users, from the tokens of a user pool.

Its roles hold exactly the relations of the users it serves: a relation `users -> photos` with
`via: identity-pool` and `access: read-write` gives the signed-in users' role what SAM's connector
profile gives a function's role on that bucket (SAM knows no identity pool; its role is an IAM role
like a function's). `scope: own` narrows it to each user's own objects (keys under
`<prefix>${cognito-identity.amazonaws.com:sub}/`) or items (partition key = the identity id);
`scope: guests` gives the same grant to guests, which exist only when the model switches the
`no-guests` control off with its reason. The user pool is its identity provider (a relation to it):
every app client of that pool may sign in, with the server-side token check on.

The local AWS (moto) keeps the pool and its role attachment through the project's adapters, but
issues no credentials: what a user's role lets them do is shown by the templates, not exercised.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Literal

from archgen.kinds._base import ROLE_DEPLOY_ACTIONS, Fragment, Kind, Side
from archgen.kinds._cfn import document, getatt, ref
from archgen.schema import ComponentBase, NoSettings
from archgen.kinds._deploy_scope import ARN

if TYPE_CHECKING:
    from archgen.graph import SystemGraph
    from archgen.links import Link
    from archgen.render.cloudformation.scope import Scope

IDENTITY = "cognito-identity.amazonaws.com:sub"  # the IAM policy variable of the caller's identity id
DATA = ("read", "write", "read-write")
SCOPED = ("s3.bucket", "dynamodb.table")
# A prefix becomes part of an IAM resource ARN: plain text only (no wildcard, no policy variable).
PREFIX = re.compile(r"^[A-Za-z0-9/_.-]+/$")
BUCKET_ACTIONS = ("s3:ListBucket", "s3:ListBucketMultipartUploads", "s3:ListBucketVersions")
Role = Literal["authenticated", "unauthenticated"]


EXAMPLE = """\
  {id}:
    kind: cognito.identity_pool
    label: {label}
    description: AWS credentials for signed-in users.
relations:
  - {{from: {id}, to: user-pool, label: trusts its tokens}}       # its identity provider
  - {{from: users, to: {id}, label: credentials}}
  - {{from: users, to: photos, label: own photos, access: read-write, via: {id}, scope: own, prefix: private/}}
  - {{from: users, to: albums, label: own albums, access: read-write, via: {id}, scope: own}}
  - {{from: users, to: gallery, label: public photos, access: read, via: {id}, scope: guests}}  # needs the
    # exception {{component: {id}, control: no-guests, reason: ...}}"""


class IdentityPoolComponent(ComponentBase):
    kind: Literal["cognito.identity_pool"]
    settings: NoSettings = NoSettings()


class IdentityPool(Kind):
    name = "cognito.identity_pool"
    title = "Cognito identity pool"
    layer = "auth"
    summary = "Temporary AWS credentials for signed-in users (and guests, when the model says why): its roles " \
              "hold exactly the users' relations through it."
    icon = "aws.security.Cognito"
    component = IdentityPoolComponent
    role = "AuthenticatedRole"
    example = EXAMPLE
    acts_for = DATA
    grants_as = "AWS::Lambda::Function"
    controls = {
        "no-guests": "only signed-in users get credentials: no guest (unauthenticated) identities",
        "enhanced-flow": "the enhanced auth flow only: the pool picks the role (no classic flow, where the "
                         "client names any role it may assume)",
        "token-check": "the user pool's tokens are checked server-side, so a signed-out user's token is refused",
    }
    offers = (Side("authenticate", "the user pool's app clients as its identity provider", wires=True,
                   kinds=("cognito.user_pool",)),)
    accepts = (Side("credentials", "an identity for the user pool's token, and temporary credentials of its "
                                   "signed-in role"),)
    exports = {"Id": ("IdentityPool", None), "AuthenticatedRoleArn": ("AuthenticatedRole", "Arn")}
    deploy_actions = ROLE_DEPLOY_ACTIONS + tuple(f"cognito-identity:{a}" for a in (
        "CreateIdentityPool", "DeleteIdentityPool", "DescribeIdentityPool", "GetIdentityPoolRoles",
        "ListTagsForResource", "SetIdentityPoolRoles", "TagResource", "UntagResource", "UpdateIdentityPool"))
    deploy_arns = {
        "AWS::Cognito::IdentityPool": (None, [("cognito-identity", ARN + "identitypool/*")]),
        "AWS::Cognito::IdentityPoolRoleAttachment": ("IdentityPoolId", [("cognito-identity", ARN + "identitypool/*")])}

    def guests(self, component: Any, graph: SystemGraph) -> bool:
        return not all(c.on for c in graph.controls(component.id) if c.id == "no-guests")

    def resources(self, c: Any, t: Scope) -> Fragment:
        pool, guests = t.lid(c.id, "IdentityPool"), self.guests(c, t.graph)
        properties = {"IdentityPoolName": t.name(c.id).replace("-", "_"), "AllowUnauthenticatedIdentities": guests,
                      "AllowClassicFlow": not t.on("enhanced-flow"), "IdentityPoolTags": t.tags()}
        roles: dict[str, Any] = {"authenticated": getatt(t.lid(c.id, "AuthenticatedRole"), "Arn")}
        resources: dict[str, Any] = {
            pool: {"Type": "AWS::Cognito::IdentityPool", "Metadata": t.meta("no-guests", "enhanced-flow"),
                   "Properties": properties},
            t.lid(c.id, "AuthenticatedRole"): _role(t, c.id, pool, "authenticated"),
        }
        if guests:
            resources[t.lid(c.id, "GuestRole")] = _role(t, c.id, pool, "unauthenticated")
            roles["unauthenticated"] = getatt(t.lid(c.id, "GuestRole"), "Arn")
        resources[t.lid(c.id, "Roles")] = {"Type": "AWS::Cognito::IdentityPoolRoleAttachment", "Metadata": t.meta(),
                                           "Properties": {"IdentityPoolId": ref(pool), "Roles": roles}}
        # the id the browser's SDK asks credentials with; the same output a stack reading it would make
        return {"Resources": resources, "Outputs": {t.lid(c.id, "Id"): {"Description": f"Id of {c.id}",
                                                                         "Value": ref(pool)}}}

    def wire(self, link: Link, t: Scope) -> Fragment:
        """Every app client of the user pool signs in to this identity pool."""
        graph = t.graph
        clients = sorted(r.source for r in graph.incoming(link.target.id)
                         if graph.components[r.source].kind == "cognito.app_client")
        providers = [{"ClientId": t.ref(client, "Id"), "ProviderName": t.ref(link.target.id, "ProviderName"),
                      "ServerSideTokenCheck": t.on("token-check")} for client in clients]
        return {"Resources": {t.lid(link.source.id, "IdentityPool"): {"Properties": {
            "CognitoIdentityProviders": providers}}}}

    def reaches_through(self, component: Any, graph: SystemGraph) -> set[str]:
        """The app clients of the user pools it trusts (their ids are its providers' client ids)."""
        pools = [r.target for r in graph.outgoing(component.id) if graph.components[r.target].kind == "cognito.user_pool"]
        return {r.source for p in pools for r in graph.incoming(p) if graph.components[r.source].kind == "cognito.app_client"}

    def held_statements(self, link: Link, statements: list[dict[str, Any]],
                        t: Scope) -> dict[str, list[dict[str, Any]]]:
        scope = link.relation.scope or "signed-in"
        if scope == "own":
            statements = [s for statement in statements for s in _own(statement, link, t)]
        held = {"AuthenticatedRole": statements}
        if scope == "guests" and self.guests(link.via, t.graph):  # else rule E160 says what to do
            held["GuestRole"] = statements
        return held

    def link_problems(self, link: Link) -> list[tuple[tuple[Any, ...], str]]:
        if link.via is None or link.via.kind != self.name:
            return []
        return _via_problems(link)

    def side_text(self, link: Link, side: Side) -> str:
        return side.becomes

    def annotations(self, component: Any, graph: SystemGraph) -> list[str]:
        return ["guests get credentials" if self.guests(component, graph) else "signed-in users only"]

    def key_settings(self, component: Any) -> dict[str, str]:
        return {}


def scope_text(link: Link) -> str:
    """What the users' side of a relation through the pool is, for the docs: whose credentials, on what."""
    relation, pool = link.relation, link.via
    assert pool is not None
    scope = relation.scope or "signed-in"
    if scope == "own" and link.target.kind == "s3.bucket":
        what = f"each user's own keys only, under {relation.prefix or ''}<identity id>/"
    elif scope == "own":
        what = "each user's own items only (partition key = the identity id)"
    elif scope == "guests":
        what = "for signed-in users and guests alike"
    else:
        what = "for every signed-in user"
    return f"calls from the browser with {pool.id}'s credentials, {what}"


def _role(t: Scope, component_id: str, pool: str, which: Role) -> dict[str, Any]:
    """A role only this identity pool's identities of that kind may assume, through Cognito."""
    trust = {"Effect": "Allow", "Principal": {"Federated": "cognito-identity.amazonaws.com"},
             "Action": "sts:AssumeRoleWithWebIdentity",
             "Condition": {"StringEquals": {"cognito-identity.amazonaws.com:aud": ref(pool)},
                           "ForAnyValue:StringLike": {"cognito-identity.amazonaws.com:amr": which}}}
    who = "signed-in users" if which == "authenticated" else "guests"
    return {"Type": "AWS::IAM::Role", "Metadata": t.meta(), "Properties": {
        "Description": f"The {who} of {t.name(component_id)}: each policy is one relation of the model",
        "AssumeRolePolicyDocument": document(trust), "Tags": t.tags()}}


def _own(statement: dict[str, Any], link: Link, t: Scope) -> list[dict[str, Any]]:
    """A statement narrowed to the caller's own objects or items (a key's statement is used through the
    service only, on what is scoped already)."""
    actions = statement["Action"] if isinstance(statement["Action"], list) else [statement["Action"]]
    if all(action.startswith("kms:") for action in actions):
        return [statement]
    if link.target.kind == "dynamodb.table":
        condition = {"ForAllValues:StringEquals": {"dynamodb:LeadingKeys": ["${" + IDENTITY + "}"]}}
        return [{**statement, "Condition": condition}]
    if link.target.kind != "s3.bucket":
        return [statement]
    prefix = (link.relation.prefix or "") + "${" + IDENTITY + "}/"
    arn = t.identity(link.target.id, "Arn")
    text = arn["Fn::Sub"] if isinstance(arn, dict) and isinstance(arn.get("Fn::Sub"), str) else None
    objects = ({"Fn::Sub": text + "/" + prefix.replace("${", "${!") + "*"} if text is not None
               else {"Fn::Sub": ["${Arn}/" + prefix.replace("${", "${!") + "*", {"Arn": arn}]})
    listing = [a for a in actions if a in BUCKET_ACTIONS]
    others = [a for a in actions if a not in BUCKET_ACTIONS]
    narrowed = [{"Effect": "Allow", "Action": others, "Resource": objects}] if others else []
    if listing:
        narrowed.append({"Effect": "Allow", "Action": listing, "Resource": arn,
                         "Condition": {"StringLike": {"s3:prefix": [prefix + "*"]}}})
    return narrowed


def _via_problems(link: Link) -> list[tuple[tuple[Any, ...], str]]:
    relation, pool = link.relation, link.via
    assert pool is not None
    where = ("relations", link.index)
    problems: list[tuple[tuple[Any, ...], str]] = []
    if relation.scope == "own" and link.target.kind not in SCOPED:
        problems.append((where + ("scope",), (
            f"'own' scopes a grant to a user's objects (s3.bucket) or items (dynamodb.table): "
            f"{link.target.id} is {link.target.kind}, so remove 'scope' or scope it 'signed-in'")))
    if relation.prefix is not None and (link.target.kind != "s3.bucket" or not PREFIX.match(relation.prefix)):
        problems.append((where + ("prefix",), (
            f"'{relation.prefix}' cannot scope {pool.id}'s grant: a prefix is for a bucket's keys, plain letters, "
            "digits and / _ . - ending in / (no wildcard), e.g. private/")))
    return problems


KIND = IdentityPool
