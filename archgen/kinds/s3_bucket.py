"""An S3 bucket: the site's files read by CloudFront, or data that users upload and functions read and write.

What it holds decides its defaults (`contents`): site files are encrypted with S3's keys, since
CloudFront reads them; data gets a KMS key of its own, kept (like the bucket) when the stack goes,
and its access logged. Either keeps old object versions for `noncurrent_days`, aborts multipart
uploads left unfinished after a week, and may expire or tier its objects. Object-created events
trigger functions (prefix and suffix filters); users upload straight into it through a URL a
function signs (`via:`), which grants that function `s3:PutObject` on the relation's prefix only
and opens CORS to the system's domain. The local AWS (moto) keeps every bucket setting through the
project's bucket adapter, but sends no event to a function and signs no real URL.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import Field

from archgen.kinds._base import BUCKET_DEPLOY_ACTIONS, KEY_DEPLOY_ACTIONS, Fragment, Kind, Side
from archgen.kinds._bucket_data import (KEY_USE, contents, cors_rule, key_statements, lifecycle_rules,
                                        upload_objects)
from archgen.kinds._cfn import PUBLIC_ACCESS_BLOCKED, getatt, kms_key, log_bucket, ref, sub, tls_only
from archgen.render.cloudformation.grant import permission_id
from archgen.schema import ComponentBase, Layer, Strict

if TYPE_CHECKING:
    from archgen.graph import SystemGraph
    from archgen.links import Link
    from archgen.render.cloudformation.scope import Scope

DATA = ("read", "write", "read-write")
# A bucket's name is global: the account and region make it unique (and are known before it exists).
NAME_SUFFIX = "-${AWS::AccountId}-${AWS::Region}"
# An upload's prefix becomes part of an IAM resource ARN: no wildcard, no policy variable.
UPLOAD_PREFIX = re.compile(r"^[A-Za-z0-9/_.-]+$")
UPLOAD_GRANT = ({"Effect": "Allow", "Action": "s3:PutObject", "Resource": "%{Destination.UploadObjects}"},)


class S3BucketSettings(Strict):
    contents: Literal["site", "data"] | None = Field(
        None, description="'site' files (served by CloudFront) or 'data' (uploads, functions' objects: a KMS key "
                          "kept with it, access logs); default: site when a distribution serves it, else data.")
    noncurrent_days: Annotated[int, Field(ge=1, le=3650)] = Field(
        30, description="Days an overwritten or deleted object's previous version is kept.")
    expire_days: Annotated[int, Field(ge=1, le=36_500)] | None = Field(
        None, description="Objects are deleted this many days after they are written (e.g. raw uploads).")
    infrequent_access_days: Annotated[int, Field(ge=30, le=36_500)] | None = Field(
        None, description="Objects move to S3 Standard-IA this many days after they are written.")


class S3BucketComponent(ComponentBase):
    kind: Literal["s3.bucket"]
    settings: S3BucketSettings = S3BucketSettings()


class S3Bucket(Kind):
    name = "s3.bucket"
    title = "S3 bucket"
    layer = "frontend"
    summary = "Private object storage: the site's files read by CloudFront, data users upload and functions " \
              "read and write, events that trigger them."
    icon = "aws.storage.SimpleStorageServiceS3Bucket"
    component = S3BucketComponent
    cfn_type = "AWS::S3::Bucket"
    resource_policy = "Policy"
    controls = {
        "encryption": "server-side encryption at rest: a KMS key of its own, kept with the data, for data buckets",
        "block-public-access": "all four public-access blocks on",
        "tls-only": "the bucket policy denies requests without TLS",
        "versioning": "object versions kept, so a bad deploy or an overwrite can be rolled back",
        "access-logging": "server access logs to a logging bucket",
        "retain": "kept, with its objects, when its stack is deleted (a later deploy adopts it)",
    }
    offers = (Side("trigger", "an event notification (object created) for the relation's prefix and suffix",
                   allows=("prefix", "suffix"), kinds=("lambda.function",), wires=True),)
    accepts = (
        Side("origin", "an origin with Origin Access Control; the bucket policy admits only this distribution",
             wires=True),
        *(Side(meaning) for meaning in DATA),
        Side("upload", "CORS for the system's domain; the signing function may put objects under the prefix only",
             requires=("via",), allows=("prefix",), wires=True, grant=UPLOAD_GRANT, grant_holder="via"),
        Side("deliver", "the delivery stream's objects, encrypted with the bucket's key",
             kinds=("firehose.delivery_stream",)),
    )
    checks = {
        "encryption": ("CKV_AWS_19",),
        "block-public-access": ("CKV_AWS_53", "CKV_AWS_54", "CKV_AWS_55", "CKV_AWS_56"),
        "versioning": ("CKV_AWS_21",),
        "access-logging": ("CKV_AWS_18",),
    }
    waivers = {"CKV_AWS_18": "the bucket that receives access logs does not log its own access (it would log "
                             "its own log writes without end)"}
    exports = {"Name": ("Bucket", None), "Arn": ("Bucket", "Arn"),
               "RegionalDomainName": ("Bucket", "RegionalDomainName"), "KeyArn": ("Key", "Arn")}
    identities = {"Name": "{name}", "Arn": "arn:${AWS::Partition}:s3:::{name}",
                  "RegionalDomainName": "{name}.s3.${AWS::Region}.${AWS::URLSuffix}"}
    env = ("BUCKET_NAME", "Name")
    deploy_actions = BUCKET_DEPLOY_ACTIONS + KEY_DEPLOY_ACTIONS + (
        "s3:PutBucketNotification", "s3:GetBucketNotification", "s3:PutBucketCORS", "s3:GetBucketCORS")
    deploy_arns = {"AWS::S3::Bucket": ("BucketName", [("s3", "arn:${{AWS::Partition}}:s3:::{n}")])}

    def default_layer(self, component: Any) -> Layer:
        """Data sits with the functions that use it (one stack: no order between them); site files at the front."""
        return "backend" if component.settings.contents == "data" else self.layer

    def physical_name(self, c: Any, t: Scope) -> str:
        return t.name(c.id) + NAME_SUFFIX

    def origin(self, link: Link, t: Scope) -> tuple[dict[str, Any], str | None]:
        return {"Id": t.lid(link.target.id, "Origin"), "DomainName": t.identity(link.target.id, "RegionalDomainName"),
                "S3OriginConfig": {"OriginAccessIdentity": ""}}, "s3"

    def link_problems(self, link: Link) -> list[tuple[tuple[Any, ...], str]]:
        prefix = link.relation.prefix
        if link.meaning.name == "upload" and prefix is not None and not UPLOAD_PREFIX.match(prefix):
            return [(("relations", link.index, "prefix"), (
                f"'{prefix}' cannot scope the signer's s3:PutObject: an upload's prefix is part of an IAM resource, "
                "so only letters, digits and / _ . - (no wildcard), e.g. uploads/"))]
        return []

    def resources(self, c: Any, t: Scope) -> Fragment:
        bucket, logged, data = t.lid(c.id, "Bucket"), t.on("access-logging"), contents(c, t.graph) == "data"
        encrypted = t.on("encryption")
        resources: dict[str, Any] = {}
        if logged:
            resources |= log_bucket(t, t.lid(c.id, "LogBucket"), c.id, t.meta(waive=["CKV_AWS_18"]),
                                    logged_bucket=getatt(bucket, "Arn"))
        if data and encrypted:  # the key goes with the objects it encrypts: kept exactly when they are
            resources[t.lid(c.id, "Key")] = kms_key(f"Encrypts the objects of bucket {t.name(c.id)}", t.meta(),
                                                    retain=t.on("retain"))
        properties: dict[str, Any] = {"BucketName": sub(self.physical_name(c, t))}
        if encrypted:
            default = ({"SSEAlgorithm": "aws:kms", "KMSMasterKeyID": getatt(t.lid(c.id, "Key"), "Arn")} if data
                       else {"SSEAlgorithm": "AES256"})
            properties["BucketEncryption"] = {"ServerSideEncryptionConfiguration": [
                {"ServerSideEncryptionByDefault": default, "BucketKeyEnabled": True}]}
        if t.on("block-public-access"):
            properties["PublicAccessBlockConfiguration"] = dict(PUBLIC_ACCESS_BLOCKED)
        properties["OwnershipControls"] = {"Rules": [{"ObjectOwnership": "BucketOwnerEnforced"}]}
        if t.on("versioning"):
            properties["VersioningConfiguration"] = {"Status": "Enabled"}
        properties["LifecycleConfiguration"] = {"Rules": lifecycle_rules(c.settings, t.on("versioning"))}
        if logged:
            properties["LoggingConfiguration"] = {"DestinationBucketName": ref(t.lid(c.id, "LogBucket")),
                                                  "LogFilePrefix": "access/"}
        properties["Tags"] = t.tags()
        resources[bucket] = {"Type": "AWS::S3::Bucket", **t.retention(),
                             "Metadata": t.meta("encryption", "block-public-access", "versioning", "access-logging"),
                             "Properties": properties}
        statements = [tls_only(getatt(bucket, "Arn"))] if t.on("tls-only") else []
        if statements or self._read_by_distribution(c, t.graph):
            resources[t.lid(c.id, "Policy")] = {"Type": "AWS::S3::BucketPolicy", "Metadata": t.meta(), "Properties": {
                "Bucket": ref(bucket), "PolicyDocument": {"Version": "2012-10-17", "Statement": statements}}}
        return {"Resources": resources}

    @staticmethod
    def _read_by_distribution(c: Any, graph: SystemGraph) -> bool:
        return any(graph.link(r).meaning.name == "origin" for r in graph.incoming(c.id))

    def wire(self, link: Link, t: Scope) -> Fragment:
        if link.meaning.name == "origin":
            return self._admit_distribution(link, t)
        if link.meaning.name == "upload":
            return {"Resources": {t.lid(link.target.id, "Bucket"): {"Properties": {
                "CorsConfiguration": {"CorsRules": [cors_rule(link, t)]}}}}}
        return self._notification(link, t)

    def _admit_distribution(self, link: Link, t: Scope) -> Fragment:
        """The distribution (and no one else) may read the objects, signed by its origin access control."""
        bucket = t.lid(link.target.id, "Bucket")
        condition = {"ArnEquals": {"AWS:SourceArn": t.ref(link.source.id, "Arn")}}
        statement = {"Sid": "Read" + t.lid(link.source.id), "Effect": "Allow",
                     "Principal": {"Service": "cloudfront.amazonaws.com"}, "Action": "s3:GetObject",
                     "Resource": sub("${BucketArn}/*", BucketArn=getatt(bucket, "Arn")), "Condition": condition}
        resources: dict[str, Any] = {t.lid(link.target.id, "Policy"): {"Properties": {"PolicyDocument": {
            "Statement": [statement]}}}}
        if contents(link.target, t.graph) == "data" and t.on("encryption", link.target.id):
            resources[t.lid(link.target.id, "Key")] = {"Properties": {"KeyPolicy": {"Statement": [{
                "Sid": "Decrypt" + t.lid(link.source.id), "Effect": "Allow",
                "Principal": {"Service": "cloudfront.amazonaws.com"}, "Action": KEY_USE["read"], "Resource": "*",
                "Condition": condition}]}}}
        return {"Resources": resources}

    def _notification(self, link: Link, t: Scope) -> Fragment:
        """Object-created events for the relation's prefix and suffix, once S3 may invoke the function."""
        rules = [{"Name": name, "Value": value} for name, value in
                 (("prefix", link.relation.prefix), ("suffix", link.relation.suffix)) if value]
        configuration: dict[str, Any] = {"Event": "s3:ObjectCreated:*", "Function": t.ref(link.target.id, "Arn")}
        if rules:
            configuration["Filter"] = {"S3Key": {"Rules": rules}}
        return {"Resources": {t.lid(link.source.id, "Bucket"): {
            "DependsOn": [permission_id(link, t)],
            "Properties": {"NotificationConfiguration": {"LambdaConfigurations": [configuration]}}}}}

    def side_text(self, link: Link, side: Side) -> str:
        """The relation's own prefix, suffix and signer in the docs line."""
        relation = link.relation
        keys = f"{relation.prefix or ''}*{relation.suffix or ''}"
        if link.meaning.name == "trigger":
            return f"an event notification (object created) for keys {keys}" if keys != "*" else \
                "an event notification (object created) for every key"
        if link.meaning.name == "upload" and link.via is not None:
            return (f"CORS for the system's domain; {link.via.id} signs the URL, and may put objects under "
                    f"{relation.prefix or 'any key'} only")
        return side.becomes

    def placeholder(self, name: str, link: Link, t: Scope) -> Any:
        if name == "UploadObjects":
            return upload_objects(link, t)
        return super().placeholder(name, link, t)

    def key_statements(self, link: Link, t: Scope) -> list[dict[str, Any]]:
        return key_statements(link, t)

    def annotations(self, component: Any, graph: SystemGraph) -> list[str]:
        readers = [graph.components[r.source].label for r in graph.incoming(component.id)
                   if graph.link(r).meaning.name == "origin"]
        uploaders = [graph.components[r.source].label for r in graph.incoming(component.id)
                     if graph.link(r).meaning.name == "upload"]
        notes = [f"OAC: read by {', '.join(readers)} only"] if readers else []
        notes += [f"presigned uploads from {', '.join(uploaders)}"] if uploaders else []
        on = {c.id for c in graph.controls(component.id) if c.on}
        encryption = "encrypted with its own KMS key" if contents(component, graph) == "data" else "encrypted at rest"
        said = {"block-public-access": "public access blocked", "encryption": encryption,
                "tls-only": "TLS-only bucket policy"}
        return notes + [text for control, text in said.items() if control in on]

    def waived_checks(self, component: Any, graph: SystemGraph) -> tuple[str, ...]:
        # only its access-log bucket fails the check, and that bucket exists only while logging is on
        logging = next((c for c in graph.controls(component.id) if c.id == "access-logging"), None)
        return ("CKV_AWS_18",) if logging is not None and logging.on else ()


KIND = S3Bucket
