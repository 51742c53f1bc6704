"""An SNS topic: where alarms go, and who gets told; and a fan-out of messages to queues and functions.

Each subscription of a queue or a function has its own dead-letter queue (SNS's redrive policy: a
message it could not deliver is kept there 14 days), encrypted with the topic's key; a relation's
`filter` is the subscription's filter policy on message attributes. Queues admit the topic in their
policy (SAM's profile), functions with a Lambda permission (SAM's profile too).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import Field

from archgen import escape
from archgen.kinds._api_direct import FORM, integration, method_responses
from archgen.kinds._base import KEY_DEPLOY_ACTIONS, Fragment, Kind, Metric, Side
from archgen.kinds._cfn import ACCOUNT_ROOT, function_keys, getatt, kms_key, ref
from archgen.schema import ComponentBase, Layer, Strict
from archgen.kinds._deploy_scope import ARN

if TYPE_CHECKING:
    from archgen.graph import SystemGraph
    from archgen.links import Link
    from archgen.render.cloudformation.scope import Scope

# Subscriptions that redrive what SNS cannot deliver to a dead-letter queue (an email is not retried there).
REDRIVEN = ("sqs", "lambda")
DLQ_RETENTION_S = 14 * 86_400
# Alarms publish from CloudWatch, only this account's.
FROM_THIS_ACCOUNT = {"StringEquals": {"aws:SourceAccount": {"Ref": "AWS::AccountId"}}}


class TopicSettings(Strict):
    email: Annotated[str, Field(pattern=r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$",
                                description="Address of the person subscribed (a subscribe relation to a "
                                            "person).")] | None = None
    fifo: bool = Field(False, description="A FIFO topic (ordered, deduplicated); its subscribers are FIFO queues.")


class TopicComponent(ComponentBase):
    kind: Literal["sns.topic"]
    settings: TopicSettings = TopicSettings()


class SnsTopic(Kind):
    name = "sns.topic"
    title = "SNS topic"
    layer = "monitoring"
    summary = "Fans messages out to its subscribers: people by email, queues, functions."
    icon = "aws.integration.SNS"
    component = TopicComponent
    cfn_type = "AWS::SNS::Topic"
    resource_policy = "Policy"
    controls = {
        "encryption": "messages encrypted at rest with a KMS key",
        "tls-only": "the topic policy denies publishing without TLS",
    }
    offers = (Side("subscribe", "a subscription of the topic", allows=("filter",), wires=True),)
    accepts = (
        Side("publish", "the API publishes the request itself (a direct integration, sns:Publish with the "
                        "relation's mapping templates); its key usable by the API's integration role",
             kinds=("apigateway.rest_api",), requires=("routes", "request_template"), allows=("response_template",),
             grant=({"Effect": "Allow", "Action": "sns:Publish", "Resource": "%{Destination.Arn}"},)),
        Side("publish", "its key usable by the publisher", wires=True),
        Side("on-failure", "a topic for what its source fails to process", wires=True, narrow=("sns:Publish",)),
        Side("notify", "the topic policy admits CloudWatch alarms of this account (and its key lets them "
                       "encrypt)", wires=True),
    )
    checks = {"encryption": ("CKV_AWS_26",)}
    exports = {"Arn": ("Topic", None), "KeyArn": ("Key", "Arn"), "Name": ("Topic", "TopicName")}
    identities = {"Arn": "arn:${AWS::Partition}:sns:${AWS::Region}:${AWS::AccountId}:{name}"}
    env = ("TOPIC_ARN", "Arn")
    deploy_actions = KEY_DEPLOY_ACTIONS + tuple(f"sns:{a}" for a in (
        "CreateTopic", "DeleteTopic", "GetSubscriptionAttributes", "GetTopicAttributes", "ListSubscriptionsByTopic",
        "ListTagsForResource", "SetSubscriptionAttributes", "SetTopicAttributes", "Subscribe", "TagResource",
        "Unsubscribe", "UntagResource"))
    deploy_arns = {"AWS::SNS::Topic": ("TopicName", [("sns", ARN + "{n}")])}

    def regions(self, component: Any, graph: SystemGraph) -> tuple[str, ...]:
        """Its own region, and each region where those who publish to it have wiring (alarms must publish
        to a topic of their own region: CloudFront's alarms live in us-east-1)."""
        return graph.memo(("sns topic regions", component.id), lambda: self._regions(component, graph))

    def _regions(self, component: Any, graph: SystemGraph) -> tuple[str, ...]:
        from archgen.stacks import wiring_sides

        own = self.region(component, graph)
        found = {region for incoming in graph.incoming(component.id) for other in graph.outgoing(incoming.source)
                 # another topic's region follows the same publishers: asking it back would never end
                 if other.target != component.id and graph.components[other.target].kind != self.name
                 and graph.link(other).wired
                 for _, regions in wiring_sides(graph.link(other), graph) for region in regions}
        return (own, *sorted(found - {own}))

    def default_layer(self, component: Any) -> Layer:
        """A topic that emails a person is monitoring's; one that fans messages out sits with its subscribers."""
        return self.layer if component.settings.email else "backend"

    def physical_name(self, c: Any, t: Scope) -> str:
        return t.name(c.id) + (".fifo" if c.settings.fifo else "")

    def link_problems(self, link: Link) -> list[tuple[tuple[Any, ...], str]]:
        functions = [(where, f"'{key}' would be read as a CloudFormation function, so no filter policy can name a "
                             "message attribute of that name: rename the attribute")
                     for where, key in function_keys(link.relation.filter or {}, ("relations", link.index, "filter"))]
        if functions:
            return functions
        if link.source.kind == self.name and link.target.kind == "external.person" and not link.source.settings.email:
            return [(("components", link.source.id, "settings"), (
                f"'{link.source.id}' subscribes '{link.target.id}' by email: give the topic's 'email' setting"))]
        return []

    def resources(self, c: Any, t: Scope) -> Fragment:
        topic, key = t.lid(c.id, "Topic"), t.lid(c.id, "Key")
        resources: dict[str, Any] = {}
        if t.on("encryption"):
            resources[key] = kms_key(f"Encrypts the messages of topic {t.name(c.id)}", t.meta())
        properties: dict[str, Any] = {"TopicName": self.physical_name(c, t),
                                      "DisplayName": escape.cfn_text(c.label, 100)}
        if c.settings.fifo:
            properties |= {"FifoTopic": True, "ContentBasedDeduplication": True}
        if t.on("encryption"):
            properties["KmsMasterKeyId"] = ref(key)
        properties["Tags"] = t.tags()
        resources[topic] = {"Type": "AWS::SNS::Topic", "Metadata": t.meta("encryption"), "Properties": properties}
        statements: list[dict[str, Any]] = [{
            "Sid": "AccountManagesTheTopic", "Effect": "Allow", "Principal": {"AWS": ACCOUNT_ROOT},
            "Action": ["sns:GetTopicAttributes", "sns:ListSubscriptionsByTopic", "sns:SetTopicAttributes",
                       "sns:Subscribe"],
            "Resource": ref(topic)}]
        if t.on("tls-only"):
            statements.append({"Sid": "DenyWithoutTls", "Effect": "Deny", "Principal": {"AWS": "*"},
                               "Action": "sns:Publish", "Resource": ref(topic),
                               "Condition": {"Bool": {"aws:SecureTransport": "false"}}})
        resources[t.lid(c.id, "Policy")] = {"Type": "AWS::SNS::TopicPolicy", "Metadata": t.meta(), "Properties": {
            "Topics": [ref(topic)], "PolicyDocument": {"Version": "2012-10-17", "Statement": statements}}}
        return {"Resources": resources}

    def wires_for(self, link: Link, side: Side) -> bool:
        if link.meaning.name in ("publish", "on-failure"):  # a service's publishing needs the policy; a role's does not
            return link.grant is not None and link.grant.type == "topic-policy"
        return side.wires

    def wire(self, link: Link, t: Scope) -> Fragment:
        if link.meaning.name == "subscribe":
            return self._subscription(link, t)
        if link.meaning.name == "notify":
            return self._admit(link.target.id, "CloudWatchAlarms", "cloudwatch.amazonaws.com", t)
        if link.grant is not None and link.grant.type == "topic-policy":  # a service publishes (a rule)
            service = link.grant.statements[0]["Principal"]["Service"]
            return self._admit(link.target.id, None, service, t, policy=False)
        return {}

    def _subscription(self, link: Link, t: Scope) -> Fragment:
        assert link.target_kind.subscription is not None  # it accepts subscribe: it says how
        protocol, export = link.target_kind.subscription
        endpoint = link.source.settings.email if export is None else t.identity(link.target.id, export)
        properties: dict[str, Any] = {"TopicArn": ref(t.lid(link.source.id, "Topic")), "Protocol": protocol,
                                      "Endpoint": endpoint}
        if link.relation.filter:
            properties |= {"FilterPolicyScope": "MessageAttributes", "FilterPolicy": link.relation.filter}
        if protocol == "sqs":
            properties["RawMessageDelivery"] = True
        resources: dict[str, Any] = {}
        if protocol in REDRIVEN:
            resources = _subscription_dlq(link, t)
            dlq = t.lid(link.source.id, f"{link.target.id}-dead-letter")
            properties["RedrivePolicy"] = {"deadLetterTargetArn": getatt(dlq, "Arn")}
        resources[t.lid(link.source.id, f"{link.target.id}-subscription")] = {
            "Type": "AWS::SNS::Subscription", "Metadata": t.meta(), "Properties": properties}
        return {"Resources": resources}

    def _admit(self, topic_id: str, sid: str | None, service: str, t: Scope, policy: bool = True) -> Fragment:
        """A service may publish (the topic policy) and encrypt with the topic's key (its key policy)."""
        resources: dict[str, Any] = {}
        if policy:
            resources[t.lid(topic_id, "Policy")] = {"Properties": {"PolicyDocument": {"Statement": [{
                "Sid": f"{sid}Publish", "Effect": "Allow", "Principal": {"Service": service},
                "Action": "sns:Publish", "Resource": ref(t.lid(topic_id, "Topic")), "Condition": FROM_THIS_ACCOUNT}]}}}
        if t.on("encryption", topic_id):
            statement: dict[str, Any] = {"Effect": "Allow", "Principal": {"Service": service},
                                         "Action": ["kms:Decrypt", "kms:GenerateDataKey"], "Resource": "*",
                                         "Condition": FROM_THIS_ACCOUNT}
            if sid:
                statement = {"Sid": f"{sid}Encrypt", **statement}
            resources[t.lid(topic_id, "Key")] = {"Properties": {"KeyPolicy": {"Statement": [statement]}}}
        return {"Resources": resources}

    def api_integration(self, link: Link, t: Scope) -> dict[str, Any]:
        """sns:Publish called by the API's method itself, the message from the request template."""
        return integration(link, t, "sns", path="/", headers=FORM)  # `Action=Publish&TopicArn=...` as a form

    def api_method_responses(self, link: Link, t: Scope) -> list[dict[str, Any]]:
        return method_responses()

    def event_target(self, link: Link, t: Scope) -> dict[str, Any] | None:
        return {"Arn": t.identity(link.target.id, "Arn")}  # the topic policy admits the rule

    def side_text(self, link: Link, side: Side) -> str:
        if link.meaning.name == "subscribe" and link.target_kind.subscription is not None \
                and link.target_kind.subscription[0] in REDRIVEN:
            filtered = f", filtered on {', '.join(sorted(link.relation.filter))}" if link.relation.filter else ""
            return f"a subscription of the topic{filtered}, with its own dead-letter queue"
        return side.becomes

    def metrics(self, component: Any) -> list[Metric]:
        dims = (("TopicName", "Name"),)
        return [Metric("AWS/SNS", "NumberOfMessagesPublished", dims),
                Metric("AWS/SNS", "NumberOfNotificationsDelivered", dims),
                Metric("AWS/SNS", "NumberOfNotificationsFailed", dims)]

    def key_statements(self, link: Link, t: Scope) -> list[dict[str, Any]]:
        """A publisher's role encrypts with the topic's key."""
        if not t.on("encryption", link.target.id):
            return []
        return [{"Effect": "Allow", "Action": ["kms:Decrypt", "kms:GenerateDataKey"],
                 "Resource": t.ref(link.target.id, "KeyArn")}]


def _subscription_dlq(link: Link, t: Scope) -> dict[str, Any]:
    """The subscription's own dead-letter queue, encrypted with the topic's key (which SNS may use for
    it), admitting this topic only, without TLS nothing."""
    topic_id = link.source.id
    # by name: the topic is encrypted with the key whose policy names it (a Ref would make a cycle)
    dlq, topic = t.lid(topic_id, f"{link.target.id}-dead-letter"), t.identity(topic_id, "Arn")
    fifo = bool(link.source.settings.fifo)
    properties: dict[str, Any] = {"QueueName": t.name(topic_id, f"{link.target.id}-dlq") + (".fifo" if fifo else "")}
    if fifo:
        properties["FifoQueue"] = True
    resources: dict[str, Any] = {}
    if t.on("encryption", topic_id):
        properties["KmsMasterKeyId"] = getatt(t.lid(topic_id, "Key"), "Arn")
        resources[t.lid(topic_id, "Key")] = {"Properties": {"KeyPolicy": {"Statement": [{
            "Sid": "SnsEncryptsDeadLetters", "Effect": "Allow", "Principal": {"Service": "sns.amazonaws.com"},
            "Action": ["kms:Decrypt", "kms:GenerateDataKey"], "Resource": "*",
            "Condition": {"ArnEquals": {"aws:SourceArn": topic}}}]}}}
    properties |= {"MessageRetentionPeriod": DLQ_RETENTION_S, "Tags": t.tags()}
    resources[dlq] = {"Type": "AWS::SQS::Queue", "DeletionPolicy": "Delete", "UpdateReplacePolicy": "Delete",
                      "Metadata": t.meta("encryption"), "Properties": properties}
    arn = getatt(dlq, "Arn")
    resources[dlq + "Policy"] = {"Type": "AWS::SQS::QueuePolicy", "Metadata": t.meta(), "Properties": {
        "Queues": [ref(dlq)], "PolicyDocument": {"Version": "2012-10-17", "Statement": [
            {"Sid": "TopicSendsDeadLetters", "Effect": "Allow", "Principal": {"Service": "sns.amazonaws.com"},
             "Action": "sqs:SendMessage", "Resource": arn, "Condition": {"ArnEquals": {"aws:SourceArn": topic}}},
            {"Sid": "DenyWithoutTls", "Effect": "Deny", "Principal": {"AWS": "*"}, "Action": "sqs:*",
             "Resource": arn, "Condition": {"Bool": {"aws:SecureTransport": "false"}}}]}}}
    return resources


KIND = SnsTopic
