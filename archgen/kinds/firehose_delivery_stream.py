"""A Firehose delivery stream: records buffered and stored as objects in an S3 bucket.

Its one destination is a bucket (`deliver`: the delivery role from that relation, the objects under
`prefix`, failed records under `error_prefix`, compressed, encrypted with the bucket's own key). Its
records come from functions writing to it (`write`, Direct PUT, encrypted in the stream with a KMS
key of its own), or from a Kinesis stream it reads (`deliver` from the stream, which encrypts them
itself), or from a REST API's access logs (`logs` from the API: API Gateway then needs the stream's
name to start with `amazon-apigateway-`, so it does). Its delivery errors go to the log group of its
`logs` relation to CloudWatch Logs. SAM's connector profiles have no Firehose pair: each grant is the
kind's own, and the docs say so.

The local AWS (moto) has no Firehose in its CloudFormation: the project's adapter creates the stream
through moto's Firehose API (deploy/local), which keeps its settings but delivers nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import Field

from archgen.kinds._base import KEY_DEPLOY_ACTIONS, LOG_DEPLOY_ACTIONS, ROLE_DEPLOY_ACTIONS, Alarm, Fragment, Kind, \
    Metric, Side
from archgen.kinds._cfn import allow, getatt, inline_policy, kms_key, log_group, ref, service_role, sub
from archgen.schema import ComponentBase, Strict
from archgen.kinds._deploy_scope import ARN

if TYPE_CHECKING:
    from archgen.graph import SystemGraph
    from archgen.links import Link
    from archgen.render.cloudformation.scope import Scope

# The delivery role's statements on its bucket (AWS's "Grant Firehose access to an Amazon S3 destination").
DELIVER = ({"Effect": "Allow", "Action": ["s3:AbortMultipartUpload", "s3:GetBucketLocation", "s3:GetObject",
                                         "s3:ListBucket", "s3:ListBucketMultipartUploads", "s3:PutObject"],
            "Resource": ["%{Destination.Arn}", "%{Destination.Arn}/*"]},)
PUT = ({"Effect": "Allow", "Action": ["firehose:PutRecord", "firehose:PutRecordBatch"],
        "Resource": "%{Destination.Arn}"},)
API_PREFIX = "amazon-apigateway-"  # API Gateway writes access logs only to streams named so
LOG_STREAM = "DestinationDelivery"
Prefix = Annotated[str, Field(pattern=r"^[A-Za-z0-9!{}:/_.=-]{0,200}$")]
ERROR_TYPE = "!{firehose:error-output-type}"


class DeliverySettings(Strict):
    buffer_mb: Annotated[int, Field(ge=1, le=128)] = Field(5, description="Megabytes gathered before an object.")
    buffer_s: Annotated[int, Field(ge=0, le=900)] = Field(300, description="Seconds gathered before an object.")
    prefix: Prefix = Field("data/!{timestamp:yyyy/MM/dd}/", description="Where objects go in the bucket.")
    error_prefix: Prefix = Field("errors/" + ERROR_TYPE + "/!{timestamp:yyyy/MM/dd}/",
                                 description="Where records that failed go; with !{firehose:error-output-type} "
                                             "when the prefix uses !{...} expressions.")
    compression: Literal["GZIP", "UNCOMPRESSED", "SNAPPY", "ZIP", "HADOOP_SNAPPY"] = "GZIP"


class DeliveryComponent(ComponentBase):
    kind: Literal["firehose.delivery_stream"]
    settings: DeliverySettings = DeliverySettings()


class DeliveryStream(Kind):
    name = "firehose.delivery_stream"
    title = "Firehose delivery stream"
    layer = "backend"
    summary = "Buffers records (from functions, a Kinesis stream or an API's access logs) into objects in a bucket."
    icon = "aws.analytics.KinesisDataFirehose"
    component = DeliveryComponent
    cfn_type = "AWS::KinesisFirehose::DeliveryStream"
    role = "Role"
    controls = {
        "encryption": "records encrypted in the stream with a KMS key (Direct PUT), objects with the bucket's key",
        "least-privilege": "its delivery role grants exactly what its relations say",
    }
    # checkov's Firehose encryption checks (CKV_AWS_240, CKV_AWS_241) are Terraform's only: it runs none here
    offers = (
        Side("deliver", "its S3 destination: prefixes, buffering, compression, the bucket's key",
             kinds=("s3.bucket",), wires=True, grant=DELIVER),
        Side("logs", "delivery errors logged to its log group", wires=True),
    )
    accepts = (
        Side("write", "", kinds=("lambda.function",), grant=PUT),
        Side("deliver", "its source (KinesisStreamAsSource)", kinds=("kinesis.stream",), wires=True),
        Side("logs", "the stage's access logs as records (the stream's name starts with amazon-apigateway-)",
             kinds=("apigateway.rest_api",)),
        Side("watch"),
    )
    exports = {"Arn": ("DeliveryStream", "Arn"), "Name": ("DeliveryStream", None)}
    identities = {"Arn": "arn:${AWS::Partition}:firehose:${AWS::Region}:${AWS::AccountId}:deliverystream/{name}",
                  "Name": "{name}"}
    env = ("DELIVERY_STREAM_NAME", "Name")
    # Firehose's own key is used through a grant that the caller creating the stream makes (kms:CreateGrant).
    deploy_actions = ROLE_DEPLOY_ACTIONS + KEY_DEPLOY_ACTIONS + LOG_DEPLOY_ACTIONS + (
        "kms:CreateGrant", "logs:CreateLogStream", "logs:DeleteLogStream") + tuple(f"firehose:{a}" for a in (
            "CreateDeliveryStream", "DeleteDeliveryStream", "DescribeDeliveryStream", "ListTagsForDeliveryStream",
            "StartDeliveryStreamEncryption", "StopDeliveryStreamEncryption", "TagDeliveryStream",
            "UntagDeliveryStream", "UpdateDestination"))
    deploy_arns = {
        "AWS::KinesisFirehose::DeliveryStream": ("DeliveryStreamName", [("firehose", ARN + "deliverystream/{n}")])}

    @staticmethod
    def source_stream(component: Any, graph: SystemGraph) -> str | None:
        """The Kinesis stream it reads, if any (else Direct PUT)."""
        return next((r.source for r in graph.incoming(component.id)
                     if graph.components[r.source].kind == "kinesis.stream"), None)

    @staticmethod
    def logs_api(component: Any, graph: SystemGraph) -> bool:
        return any(graph.components[r.source].kind == "apigateway.rest_api" and graph.link(r).meaning.name == "logs"
                   for r in graph.incoming(component.id))

    def physical_name(self, c: Any, t: Scope) -> str:
        return (API_PREFIX if self.logs_api(c, t.graph) else "") + t.name(c.id)

    def resources(self, c: Any, t: Scope) -> Fragment:
        stream, role, key = t.lid(c.id, "DeliveryStream"), t.lid(c.id, "Role"), t.lid(c.id, "Key")
        source = self.source_stream(c, t.graph)
        resources: dict[str, Any] = {role: service_role(
            t, f"Delivery role of {self.physical_name(c, t)}: each policy is one relation of the model",
            "firehose.amazonaws.com", t.meta("least-privilege"))}
        properties: dict[str, Any] = {"DeliveryStreamName": self.physical_name(c, t),
                                      "DeliveryStreamType": "KinesisStreamAsSource" if source else "DirectPut"}
        if source is None and t.on("encryption"):
            resources[key] = kms_key(f"Encrypts the records buffered in {self.physical_name(c, t)}", t.meta())
            properties["DeliveryStreamEncryptionConfigurationInput"] = {"KeyType": "CUSTOMER_MANAGED_CMK",
                                                                        "KeyARN": getatt(key, "Arn")}
        properties["Tags"] = t.tags()
        resources[stream] = {"Type": "AWS::KinesisFirehose::DeliveryStream",
                             "Metadata": t.meta("encryption", waive=self.waived_checks(c, t.graph)),
                             "Properties": properties}
        return {"Resources": resources}

    def wire(self, link: Link, t: Scope) -> Fragment:
        if link.meaning.name == "logs":
            return self._logs(link, t)
        if not _first(link, t.graph):  # a second destination or source: rule E131's error, after synthesis
            return {}
        if link.target.kind == self.name:  # its source stream
            return {"Resources": {t.lid(link.target.id, "DeliveryStream"): {"Properties": {
                "KinesisStreamSourceConfiguration": {"KinesisStreamARN": t.ref(link.source.id, "Arn"),
                                                     "RoleARN": getatt(t.lid(link.target.id, "Role"), "Arn")}}}}}
        return self._destination(link, t)

    def _destination(self, link: Link, t: Scope) -> Fragment:
        settings, bucket = link.source.settings, link.target.id
        destination: dict[str, Any] = {
            "BucketARN": t.identity(bucket, "Arn"), "RoleARN": getatt(t.lid(link.source.id, "Role"), "Arn"),
            "Prefix": settings.prefix, "ErrorOutputPrefix": settings.error_prefix,
            "BufferingHints": {"IntervalInSeconds": settings.buffer_s, "SizeInMBs": settings.buffer_mb},
            "CompressionFormat": settings.compression}
        if _bucket_key(link, t):
            destination["EncryptionConfiguration"] = {"KMSEncryptionConfig": {"AWSKMSKeyARN": t.ref(bucket, "KeyArn")}}
        return {"Resources": {t.lid(link.source.id, "DeliveryStream"): {"Properties": {
            "ExtendedS3DestinationConfiguration": destination}}}}

    def _logs(self, link: Link, t: Scope) -> Fragment:
        c, group = link.source, t.lid(link.source.id, "LogGroup")
        name = "/aws/kinesisfirehose/" + self.physical_name(c, t)
        resources = log_group(t, group, name, link.target.id)
        resources[t.lid(c.id, "LogStream")] = {"Type": "AWS::Logs::LogStream", "Metadata": t.meta(), "Properties": {
            "LogGroupName": ref(group), "LogStreamName": LOG_STREAM}}
        resources[t.lid(c.id, "DeliveryStream")] = {"Properties": {"ExtendedS3DestinationConfiguration": {
            "CloudWatchLoggingOptions": {"Enabled": True, "LogGroupName": ref(group), "LogStreamName": LOG_STREAM}}}}
        stream_arn = sub("arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:${Group}:log-stream:"
                         + LOG_STREAM, Group=ref(group))
        resources[t.lid(c.id, "Role")] = {"Properties": {"Policies": [inline_policy(
            "logs", allow("logs:PutLogEvents", stream_arn))]}}
        return {"Resources": resources}

    def log_destination(self, link: Link, t: Scope) -> Any | None:
        return t.ref(link.target.id, "Arn")

    def metrics(self, component: Any) -> list[Metric]:
        dims = (("DeliveryStreamName", "Name"),)
        return [Metric("AWS/Firehose", "IncomingRecords", dims), Metric("AWS/Firehose", "DeliveryToS3.Records", dims),
                Metric("AWS/Firehose", "DeliveryToS3.DataFreshness", dims, "Maximum"),
                Metric("AWS/Firehose", "ThrottledRecords", dims)]

    def alarms(self, component: Any) -> list[Alarm]:
        dims = (("DeliveryStreamName", "Name"),)
        # Records older than three buffer intervals (and at least 15 minutes) are not being delivered.
        late = max(900, 3 * component.settings.buffer_s)
        return [Alarm("FreshnessAlarm", "data-freshness",
                      Metric("AWS/Firehose", "DeliveryToS3.DataFreshness", dims, "Maximum"), late),
                Alarm("ThrottledAlarm", "throttled", Metric("AWS/Firehose", "ThrottledRecords", dims), 1)]


def _first(link: Link, graph: SystemGraph) -> bool:
    """Whether the link is the stream's first destination (or first source) in the model's order."""
    hose = link.source.id if link.source.kind == DeliveryStream.name else link.target.id
    same = [r.index for r in (graph.outgoing(hose) if hose == link.source.id else graph.incoming(hose))
            if graph.link(r).meaning.name == "deliver"]
    return link.index == min(same)


def _bucket_key(link: Link, t: Scope) -> bool:
    """Whether the bucket has a key of its own (a data bucket with encryption on)."""
    from archgen.kinds._bucket_data import contents

    return contents(link.target, t.graph) == "data" and t.on("encryption", link.target.id)


KIND = DeliveryStream
