"""An SQS queue: messages kept until a function has processed them, standard or FIFO.

It comes with its own dead-letter queue (a message received `max_receive_count` times without being
deleted moves there, kept 14 days) and its own KMS key, kept with the messages when the queue is
retained. A function it triggers reads it through an event source mapping with the relation's
`batch` settings; the queue's visibility timeout follows the slowest consumer's timeout (six times
it, AWS's advice for Lambda), and one written shorter than a consumer's timeout is an error (a message
would come back while it is still being processed). Services that deliver to it (a topic, a rule)
get a statement in its one queue policy (SAM's profile) and the use of its key (its key policy);
functions and schedules get the queue and the key on their roles. A REST API may send to it itself (a
direct integration, `_api_direct.py`): sqs:SendMessage and the key on the API's integration role.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import Field

from archgen.kinds._api_direct import FORM, integration, method_responses
from archgen.kinds._base import KEY_DEPLOY_ACTIONS, Alarm, Fragment, Kind, Metric, Side
from archgen.kinds._cfn import getatt, kms_key, ref
from archgen.schema import ComponentBase, Strict
from archgen.kinds._deploy_scope import ARN

if TYPE_CHECKING:
    from archgen.links import Link
    from archgen.render.cloudformation.scope import Scope

MAX_NAME = 80  # SQS: a queue name, `.fifo` included
MAX_VISIBILITY_S = 43_200
DLQ_RETENTION_S = 14 * 86_400
# AWS: "set the source queue's visibility timeout to at least six times the function's timeout".
ADVISED_FACTOR = 6
USE_KEY = ["kms:Decrypt", "kms:GenerateDataKey"]
CONSUME_KEY = ["kms:Decrypt"]


class QueueSettings(Strict):
    fifo: bool = Field(False, description="A FIFO queue: ordered per message group, each message once; its "
                                          "name ends in .fifo.")
    content_based_deduplication: bool = Field(True, description="FIFO only: the body's hash deduplicates "
                                                                "(no deduplication id needed).")
    visibility_timeout_s: Annotated[int, Field(ge=0, le=MAX_VISIBILITY_S)] | None = Field(
        None, description="How long a received message stays hidden; default six times the slowest consuming "
                          "function's timeout (30 s without one).")
    retention_days: Annotated[int, Field(ge=1, le=14)] = Field(4, description="How long a message is kept.")
    dead_letter: bool = Field(True, description="Its own dead-letter queue; false for a queue that is itself "
                                                "where failures go (an on-failure target).")
    max_receive_count: Annotated[int, Field(ge=1, le=1000)] = Field(
        5, description="Receives before a message moves to the dead-letter queue.")


class QueueComponent(ComponentBase):
    kind: Literal["sqs.queue"]
    settings: QueueSettings = QueueSettings()


def _to_service(link: Link) -> bool:
    """A service delivers to the queue (its policy holds the grant), rather than a role."""
    return link.grant is not None and link.grant.type == "queue-policy"


class SqsQueue(Kind):
    name = "sqs.queue"
    title = "SQS queue"
    layer = "backend"
    summary = "Holds messages until a function processes them: standard or FIFO, its own dead-letter queue " \
              "and KMS key."
    icon = "aws.integration.SimpleQueueServiceSqsQueue"
    component = QueueComponent
    cfn_type = "AWS::SQS::Queue"
    resource_policy = "Policy"
    controls = {
        "encryption": "messages encrypted at rest with a KMS key of its own",
        "tls-only": "the queue policy denies every call without TLS",
        "retain": "kept, with its key, when its stack is deleted (a later deploy adopts it)",
    }
    checks = {"encryption": ("CKV_AWS_27",)}
    offers = (Side("trigger", "polled by an event source mapping with the relation's batches; failed messages "
                              "return, then go to the dead-letter queue", allows=("batch",),
                   kinds=("lambda.function",)),)
    accepts = (
        # Before the generic side: a REST API sends the message itself (no SAM profile has an API as source).
        Side("send", "the API sends the request itself (a direct integration, sqs:SendMessage with the "
                     "relation's mapping templates); its key usable by the API's integration role",
             kinds=("apigateway.rest_api",), requires=("routes", "request_template"), allows=("response_template",),
             grant=({"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "%{Destination.Arn}"},)),
        Side("send", "its key usable by the sender", wires=True),
        Side("subscribe", "raw message delivery; its key usable by the topic", wires=True),
        Side("on-failure", "a dead-letter queue for what its source fails to deliver or process", wires=True,
             narrow=("sqs:SendMessage",)),
        Side("watch"),
    )
    exports = {"Arn": ("Queue", "Arn"), "Url": ("Queue", None), "Name": ("Queue", "QueueName"),
               "KeyArn": ("Key", "Arn"), "DeadLetterName": ("DeadLetter", "QueueName")}
    identities = {"Arn": "arn:${AWS::Partition}:sqs:${AWS::Region}:${AWS::AccountId}:{name}",
                  "Url": "https://sqs.${AWS::Region}.${AWS::URLSuffix}/${AWS::AccountId}/{name}",
                  "Name": "{name}"}
    env = ("QUEUE_URL", "Url")
    subscription = ("sqs", "Arn")
    polled = True
    deploy_actions = KEY_DEPLOY_ACTIONS + tuple(f"sqs:{a}" for a in (
        "AddPermission", "CreateQueue", "DeleteQueue", "GetQueueAttributes", "GetQueueUrl", "ListQueueTags",
        "RemovePermission", "SetQueueAttributes", "TagQueue", "UntagQueue"))
    deploy_arns = {"AWS::SQS::Queue": ("QueueName", [("sqs", ARN + "{n}")])}

    # --- names -------------------------------------------------------------------------------------
    def physical_name(self, c: Any, t: Scope) -> str:
        return t.name(c.id) + (".fifo" if c.settings.fifo else "")

    def graph_problems(self, component: Any, graph: Any) -> list[tuple[tuple[Any, ...], str]]:
        fifo = ".fifo" if component.settings.fifo else ""
        dlq = "-dlq" if component.settings.dead_letter else ""
        name = f"{graph.system.name}-{graph.system.environment}-{component.id}{dlq}{fifo}"
        if len(name) <= MAX_NAME:
            return []
        return [(("components", component.id), (
            f"the queue's name '{name}' is {len(name)} characters; SQS allows {MAX_NAME} (.fifo included): "
            f"shorten the component id by {len(name) - MAX_NAME} (or the system's name)"))]

    # --- settings against the relations -------------------------------------------------------------
    def visibility(self, c: Any, graph: Any) -> int:
        """As set, else six times the slowest consuming function's timeout (at least AWS's 30 s default)."""
        if c.settings.visibility_timeout_s is not None:
            return int(c.settings.visibility_timeout_s)
        slowest = max((graph.components[r.target].settings.timeout_s for r in graph.outgoing(c.id)
                       if graph.link(r).meaning.name == "trigger"), default=5)
        return min(MAX_VISIBILITY_S, max(30, ADVISED_FACTOR * slowest))

    def link_problems(self, link: Link) -> list[tuple[tuple[Any, ...], str]]:
        if link.source.kind == self.name and link.meaning.name == "trigger":
            return _consumer_problems(link)
        if link.target.kind == self.name:
            return _delivery_problems(link)
        return []

    def link_warnings(self, link: Link) -> list[tuple[tuple[Any, ...], str]]:
        queue, timeout = link.source, getattr(link.target.settings, "timeout_s", None)
        visibility = queue.settings.visibility_timeout_s if link.source.kind == self.name else None
        if link.meaning.name != "trigger" or visibility is None or timeout is None:
            return []
        if timeout <= visibility < ADVISED_FACTOR * timeout:
            return [(("components", queue.id, "settings", "visibility_timeout_s"), (
                f"'{queue.id}' hides a received message {visibility} s, less than {ADVISED_FACTOR} times "
                f"'{link.target.id}''s timeout ({timeout} s): a throttled or retried batch may come back while it "
                f"is processed; AWS advises at least {ADVISED_FACTOR * timeout} s (or leave it out: that is the "
                "default)"))]
        return []

    # --- CloudFormation ----------------------------------------------------------------------------
    def resources(self, c: Any, t: Scope) -> Fragment:
        settings, encrypted = c.settings, t.on("encryption")
        queue, key, dlq = t.lid(c.id, "Queue"), t.lid(c.id, "Key"), t.lid(c.id, "DeadLetter")
        resources: dict[str, Any] = {}
        if encrypted:  # the key goes with the messages it encrypts: kept exactly when they are
            resources[key] = kms_key(f"Encrypts the messages of queue {t.name(c.id)}", t.meta(), retain=t.on("retain"))
        common: dict[str, Any] = {}
        if settings.fifo:
            common |= {"FifoQueue": True, "ContentBasedDeduplication": settings.content_based_deduplication}
        if encrypted:
            common |= {"KmsMasterKeyId": getatt(key, "Arn"), "KmsDataKeyReusePeriodSeconds": 300}
        properties: dict[str, Any] = {"QueueName": self.physical_name(c, t), **common,
                                      "VisibilityTimeout": self.visibility(c, t.graph),
                                      "MessageRetentionPeriod": settings.retention_days * 86_400}
        queues = [ref(queue)]
        if settings.dead_letter:
            dlq_name = t.name(c.id, "dlq") + (".fifo" if settings.fifo else "")
            resources[dlq] = {"Type": "AWS::SQS::Queue", **t.retention(), "Metadata": t.meta("encryption"),
                              "Properties": {"QueueName": dlq_name, **common,
                                             "MessageRetentionPeriod": DLQ_RETENTION_S, "Tags": t.tags()}}
            properties["RedrivePolicy"] = {"deadLetterTargetArn": getatt(dlq, "Arn"),
                                           "maxReceiveCount": settings.max_receive_count}
            queues.append(ref(dlq))
        properties["Tags"] = t.tags()
        resources[queue] = {"Type": "AWS::SQS::Queue", **t.retention(), "Metadata": t.meta("encryption"),
                            "Properties": properties}
        statements = []
        if t.on("tls-only"):
            statements.append({"Sid": "DenyWithoutTls", "Effect": "Deny", "Principal": {"AWS": "*"},
                               "Action": "sqs:*", "Resource": [getatt(lid, "Arn") for lid in
                                                               (queue, dlq)[:len(queues)]],
                               "Condition": {"Bool": {"aws:SecureTransport": "false"}}})
        resources[t.lid(c.id, "Policy")] = {"Type": "AWS::SQS::QueuePolicy", "Metadata": t.meta(), "Properties": {
            "Queues": queues, "PolicyDocument": {"Version": "2012-10-17", "Statement": statements}}}
        return {"Resources": resources}

    def wires_for(self, link: Link, side: Side) -> bool:
        return side.wires and _to_service(link)

    def wire(self, link: Link, t: Scope) -> Fragment:
        """A service delivering to the queue encrypts with its key: the key policy admits it, from that
        source only (the queue policy's statement itself is the grant, SAM's)."""
        if not t.on("encryption", link.target.id) or link.grant is None:
            return {}
        service = link.grant.statements[0]["Principal"]["Service"]
        return {"Resources": {t.lid(link.target.id, "Key"): {"Properties": {"KeyPolicy": {"Statement": [{
            "Sid": "Encrypt" + t.lid(link.source.id), "Effect": "Allow", "Principal": {"Service": service},
            "Action": USE_KEY, "Resource": "*",
            "Condition": {"ArnEquals": {"aws:SourceArn": t.identity(link.source.id, "Arn")}}}]}}}}}

    def key_statements(self, link: Link, t: Scope) -> list[dict[str, Any]]:
        """A role sending to the queue encrypts with its key; a consuming function's role decrypts."""
        queue = link.target if link.target.kind == self.name else link.source
        if not t.on("encryption", queue.id):
            return []
        actions = CONSUME_KEY if queue is link.source else USE_KEY
        return [{"Effect": "Allow", "Action": actions, "Resource": t.ref(queue.id, "KeyArn")}]

    def api_integration(self, link: Link, t: Scope) -> dict[str, Any]:
        """sqs:SendMessage called by the API's method itself: the query API at the queue's path, as a form."""
        return integration(link, t, "sqs", path="${AWS::AccountId}/" + self.physical_name(link.target, t),
                           headers=FORM)

    def api_method_responses(self, link: Link, t: Scope) -> list[dict[str, Any]]:
        return method_responses()

    def event_source(self, link: Link, t: Scope) -> dict[str, Any] | None:
        batch = link.relation.batch
        size, window = (batch.size, batch.window_s) if batch is not None else (10, 0)
        settings: dict[str, Any] = {"EventSourceArn": t.ref(link.source.id, "Arn"), "BatchSize": size}
        if window:
            settings["MaximumBatchingWindowInSeconds"] = window
        if batch is None or batch.report_failures:
            settings["FunctionResponseTypes"] = ["ReportBatchItemFailures"]
        return settings

    def event_target(self, link: Link, t: Scope) -> dict[str, Any] | None:
        target: dict[str, Any] = {"Arn": t.identity(link.target.id, "Arn")}
        if link.target.settings.fifo:  # one group per source: its events stay in order
            target["SqsParameters"] = {"MessageGroupId": link.source.id}
        return target

    def side_text(self, link: Link, side: Side) -> str:
        if link.meaning.name == "trigger" and link.relation.batch is not None:
            batch = link.relation.batch
            window = f", gathered up to {batch.window_s} s" if batch.window_s else ""
            failures = "; the code reports failed messages" if batch.report_failures else ""
            return f"polled by an event source mapping, batches of {batch.size}{window}{failures}"
        return side.becomes

    def metrics(self, component: Any) -> list[Metric]:
        dims = (("QueueName", "Name"),)
        return [Metric("AWS/SQS", "NumberOfMessagesSent", dims), Metric("AWS/SQS", "NumberOfMessagesDeleted", dims),
                Metric("AWS/SQS", "ApproximateNumberOfMessagesVisible", dims, "Maximum"),
                Metric("AWS/SQS", "ApproximateAgeOfOldestMessage", dims, "Maximum")]

    def alarms(self, component: Any) -> list[Alarm]:
        """Messages in the dead-letter queue; for a queue that is itself where failures go, any message."""
        if component.settings.dead_letter:
            dims = (("QueueName", "DeadLetterName"),)
            return [Alarm("DeadLettersAlarm", "dead-letters",
                          Metric("AWS/SQS", "ApproximateNumberOfMessagesVisible", dims, "Maximum"), 1)]
        dims = (("QueueName", "Name"),)
        return [Alarm("FailuresAlarm", "failures",
                      Metric("AWS/SQS", "ApproximateNumberOfMessagesVisible", dims, "Maximum"), 1)]


def _consumer_problems(link: Link) -> list[tuple[tuple[Any, ...], str]]:
    """A consuming function slower than the visibility timeout, and batches SQS refuses."""
    queue, function = link.source, link.target
    problems: list[tuple[tuple[Any, ...], str]] = []
    visibility, timeout = queue.settings.visibility_timeout_s, function.settings.timeout_s
    if visibility is not None and visibility < timeout:
        problems.append((("components", queue.id, "settings", "visibility_timeout_s"), (
            f"'{queue.id}' hides a received message {visibility} s, less than '{function.id}''s timeout "
            f"({timeout} s): each message would come back while it is processed; give at least {timeout} s "
            f"(AWS advises {ADVISED_FACTOR * timeout} s), or leave it out for that default")))
    batch = link.relation.batch
    if batch is None:
        return problems
    where = ("relations", link.index, "batch")
    if queue.settings.fifo and batch.size > 10:
        problems.append((where + ("size",), f"a FIFO queue hands a function at most 10 messages at once: give "
                                             f"size 10 or less (not {batch.size})"))
    if queue.settings.fifo and batch.window_s:
        problems.append((where + ("window_s",), "a FIFO queue's event source mapping has no batching window: "
                                                "remove window_s"))
    if not queue.settings.fifo and batch.size > 10 and not batch.window_s:
        problems.append((where + ("window_s",), f"a batch of more than 10 messages ({batch.size}) needs a "
                                                "batching window: give window_s of at least 1"))
    return problems


def _delivery_problems(link: Link) -> list[tuple[tuple[Any, ...], str]]:
    """Deliveries AWS refuses: between FIFO and standard, and failures into a FIFO queue."""
    queue = link.target
    fifo = queue.settings.fifo
    if link.meaning.name == "subscribe":
        topic_fifo = bool(getattr(link.source.settings, "fifo", False))
        if topic_fifo != fifo:
            what = ("a FIFO topic delivers only to FIFO queues: give the queue 'fifo: true'" if topic_fifo else
                    "a standard topic cannot deliver to a FIFO queue: make the topic FIFO too ('fifo: true')")
            return [(("relations", link.index, "to"), f"'{link.source.id}' -> '{queue.id}': {what}")]
    if link.meaning.name == "on-failure" and fifo:
        return [(("relations", link.index, "to"), (
            f"'{queue.id}' is a FIFO queue, and {link.source.kind} sends failures only to standard queues: use a "
            "queue without 'fifo: true'"))]
    return []


KIND = SqsQueue
