"""A Kinesis data stream: ordered records that functions read in batches and a delivery stream may store.

On-demand capacity by default (no shards to size), encrypted with a KMS key of its own that is kept,
like the stream, when its stack goes. A stream triggers a function through an event source mapping
(the stream's `consumer` settings: batch size, starting position, bisecting a failing batch, bounded
retries, and optionally where a batch that still fails is recorded: a topic or queue the function
publishes or sends to). Functions write to it (`write`) and a Firehose delivery stream may read it
(`deliver`). SAM's connector profiles have no Kinesis pair, so each grant is the kind's own (the
actions of AWS's managed policies for Lambda consumers and producers), and the docs say so.

The local AWS (moto) creates the stream with its retention; its CloudFormation drops the encryption and
the capacity mode, which the project's fix sets (deploy/local/_stream_fixes.py). It runs no consumer.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import Field

from archgen.kinds._base import KEY_DEPLOY_ACTIONS, Alarm, Fragment, Kind, Metric, Side
from archgen.kinds._cfn import getatt, kms_key, sub
from archgen.schema import ComponentBase, Id, Strict
from archgen.kinds._deploy_scope import ARN

if TYPE_CHECKING:
    from archgen.links import Link
    from archgen.render.cloudformation.scope import Scope

# What a consumer (a function's event source mapping, a delivery stream) needs: AWSLambdaKinesisExecutionRole's
# actions on this stream; not SubscribeToShard, which is for enhanced fan-out consumers (none are made here).
READ = ({"Effect": "Allow", "Action": ["kinesis:DescribeStream", "kinesis:DescribeStreamSummary", "kinesis:GetRecords",
                                       "kinesis:GetShardIterator", "kinesis:ListShards"],
         "Resource": "%{Source.Arn}"},)
WRITE = ({"Effect": "Allow", "Action": ["kinesis:DescribeStreamSummary", "kinesis:PutRecord", "kinesis:PutRecords"],
          "Resource": "%{Destination.Arn}"},)
VIA_KINESIS = {"StringEquals": {"kms:ViaService": sub("kinesis.${AWS::Region}.amazonaws.com")}}
ITERATOR_AGE_MS = 300_000  # a consumer five minutes behind the stream's newest record


class Consumer(Strict):
    """How functions read the stream (their event source mappings)."""

    batch_size: Annotated[int, Field(ge=1, le=10_000)] = 100
    batch_window_s: Annotated[int, Field(ge=0, le=300)] = Field(
        0, description="Seconds to gather records before invoking (0: as soon as there are some).")
    starting_position: Literal["LATEST", "TRIM_HORIZON"] = Field(
        "LATEST", description="Where a new mapping starts: new records only, or the oldest kept.")
    bisect_on_error: bool = Field(True, description="Split a failing batch in two to isolate the bad record.")
    max_retries: Annotated[int, Field(ge=0, le=10_000)] = Field(3, description="Retries of a failing batch.")
    on_failure: Id | None = Field(None, description="A topic or queue (the function publishes or sends to it) that "
                                                    "records each batch that still fails.")


class StreamSettings(Strict):
    mode: Literal["ON_DEMAND", "PROVISIONED"] = Field("ON_DEMAND", description="Capacity: on demand, or shards.")
    shards: Annotated[int, Field(ge=1, le=500)] = Field(1, description="Shards of a PROVISIONED stream.")
    retention_hours: Annotated[int, Field(ge=24, le=8760)] = Field(24, description="How long records are kept.")
    consumer: Consumer = Consumer()


class StreamComponent(ComponentBase):
    kind: Literal["kinesis.stream"]
    settings: StreamSettings = StreamSettings()


class KinesisStream(Kind):
    name = "kinesis.stream"
    title = "Kinesis data stream"
    layer = "backend"
    summary = "Ordered records, read in batches by functions or stored by a delivery stream; on demand, encrypted."
    icon = "aws.analytics.KinesisDataStreams"
    component = StreamComponent
    cfn_type = "AWS::Kinesis::Stream"
    controls = {
        "encryption": "records encrypted at rest with a KMS key of its own",
        "retain": "kept, with its key, when its stack is deleted",
    }
    checks = {"encryption": ("CKV_AWS_43",)}
    offers = (
        Side("trigger", "an event source mapping (batches, bisected on error, bounded retries)",
             kinds=("lambda.function",), grant=READ, grant_holder="target"),
        Side("deliver", "read by the delivery stream (its source)", kinds=("firehose.delivery_stream",),
             grant=READ, grant_holder="target"),
    )
    accepts = (Side("write", "", kinds=("lambda.function",), grant=WRITE), Side("watch"))
    exports = {"Arn": ("Stream", "Arn"), "Name": ("Stream", None), "KeyArn": ("Key", "Arn")}
    identities = {"Arn": "arn:${AWS::Partition}:kinesis:${AWS::Region}:${AWS::AccountId}:stream/{name}",
                  "Name": "{name}"}
    env = ("STREAM_NAME", "Name")
    polled = True
    deploy_actions = KEY_DEPLOY_ACTIONS + tuple(f"kinesis:{a}" for a in (
        "AddTagsToStream", "CreateStream", "DecreaseStreamRetentionPeriod", "DeleteStream", "DescribeStream",
        "DescribeStreamSummary", "IncreaseStreamRetentionPeriod", "ListShards", "ListTagsForStream",
        "RemoveTagsFromStream", "StartStreamEncryption", "StopStreamEncryption", "UpdateShardCount",
        "UpdateStreamMode"))
    deploy_arns = {  # starting encryption names the stream's key as well
        "AWS::Kinesis::Stream": ("Name", [
            ("kinesis", ARN + "stream/{n}"), ("kinesis", "arn:${{AWS::Partition}}:kms:{r}:${{AWS::AccountId}}:key/*")])}

    def resources(self, c: Any, t: Scope) -> Fragment:
        settings, key = c.settings, t.lid(c.id, "Key")
        resources: dict[str, Any] = {}
        stream: dict[str, Any] = {"Name": t.name(c.id), "RetentionPeriodHours": settings.retention_hours,
                                  "StreamModeDetails": {"StreamMode": settings.mode}}
        if settings.mode == "PROVISIONED":
            stream["ShardCount"] = settings.shards
        if t.on("encryption"):
            resources[key] = kms_key(f"Encrypts the records of stream {t.name(c.id)}", t.meta(), retain=t.on("retain"))
            stream["StreamEncryption"] = {"EncryptionType": "KMS", "KeyId": getatt(key, "Arn")}
        stream["Tags"] = t.tags()
        resources[t.lid(c.id, "Stream")] = {"Type": "AWS::Kinesis::Stream", **t.retention(),
                                            "Metadata": t.meta("encryption"), "Properties": stream}
        return {"Resources": resources}

    def event_source(self, link: Link, t: Scope) -> dict[str, Any] | None:
        consumer = link.source.settings.consumer
        mapping: dict[str, Any] = {
            "EventSourceArn": t.ref(link.source.id, "Arn"), "StartingPosition": consumer.starting_position,
            "BatchSize": consumer.batch_size, "MaximumBatchingWindowInSeconds": consumer.batch_window_s,
            "BisectBatchOnFunctionError": consumer.bisect_on_error, "MaximumRetryAttempts": consumer.max_retries}
        if consumer.on_failure in t.graph.components:  # an unknown one is rule E131's error, reported after synth
            mapping["DestinationConfig"] = {"OnFailure": {"Destination": t.identity(consumer.on_failure, "Arn")}}
        return mapping

    def key_statements(self, link: Link, t: Scope) -> list[dict[str, Any]]:
        """Kinesis encrypts and decrypts with the caller's permissions on the stream's key."""
        stream = link.source if link.source.kind == self.name else link.target
        if not t.on("encryption", stream.id):
            return []
        actions = ["kms:GenerateDataKey"] if stream is link.target else ["kms:Decrypt"]
        return [{"Effect": "Allow", "Action": actions, "Resource": t.ref(stream.id, "KeyArn"),
                 "Condition": VIA_KINESIS}]

    def metrics(self, component: Any) -> list[Metric]:
        dims = (("StreamName", "Name"),)
        return [Metric("AWS/Kinesis", "IncomingRecords", dims), Metric("AWS/Kinesis", "IncomingBytes", dims),
                Metric("AWS/Kinesis", "GetRecords.IteratorAgeMilliseconds", dims, "Maximum"),
                Metric("AWS/Kinesis", "WriteProvisionedThroughputExceeded", dims)]

    def alarms(self, component: Any) -> list[Alarm]:
        dims = (("StreamName", "Name"),)
        return [Alarm("IteratorAgeAlarm", "iterator-age",
                      Metric("AWS/Kinesis", "GetRecords.IteratorAgeMilliseconds", dims, "Maximum"), ITERATOR_AGE_MS),
                Alarm("WriteThrottlesAlarm", "write-throttles",
                      Metric("AWS/Kinesis", "WriteProvisionedThroughputExceeded", dims), 1)]

    def key_settings(self, component: Any) -> dict[str, str]:
        settings = component.settings
        shown = {"mode": settings.mode, "retention_hours": str(settings.retention_hours)}
        if settings.mode == "PROVISIONED":
            shown["shards"] = str(settings.shards)
        consumer = settings.consumer
        shown["consumer"] = (f"batches of {consumer.batch_size} from {consumer.starting_position}, "
                             f"{consumer.max_retries} retries" + (", bisected" if consumer.bisect_on_error else "")
                             + (f", failures to {consumer.on_failure}" if consumer.on_failure else ""))
        return shown


KIND = KinesisStream
