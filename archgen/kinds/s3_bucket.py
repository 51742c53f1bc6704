"""An S3 bucket: the frontend's static files, private, served only through CloudFront."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from archgen.kinds._base import BUCKET_DEPLOY_ACTIONS, Fragment, Kind, Side
from archgen.kinds._cfn import PUBLIC_ACCESS_BLOCKED, getatt, log_bucket, ref, sub, tls_only
from archgen.render.cloudformation.grant import permission_id
from archgen.schema import ComponentBase, Strict

if TYPE_CHECKING:
    from archgen.graph import SystemGraph
    from archgen.links import Link
    from archgen.render.cloudformation.scope import Scope

DATA = ("read", "write", "read-write")
# A bucket's name is global: the account and region make it unique (and are known before it exists).
NAME_SUFFIX = "-${AWS::AccountId}-${AWS::Region}"


class S3BucketSettings(Strict):
    versioning: bool = True


class S3BucketComponent(ComponentBase):
    kind: Literal["s3.bucket"]
    settings: S3BucketSettings = S3BucketSettings()


class S3Bucket(Kind):
    name = "s3.bucket"
    title = "S3 bucket"
    layer = "frontend"
    summary = "Private object storage: the site's files read by CloudFront, data read and written by functions, " \
              "events that trigger them."
    icon = "aws.storage.SimpleStorageServiceS3Bucket"
    component = S3BucketComponent
    cfn_type = "AWS::S3::Bucket"
    resource_policy = "Policy"
    controls = {
        "encryption": "server-side encryption at rest",
        "block-public-access": "all four public-access blocks on",
        "tls-only": "the bucket policy denies requests without TLS",
        "versioning": "object versions kept, so a bad deploy can be rolled back",
        "access-logging": "server access logs to a logging bucket",
        "retain": "kept, with its objects, when its stack is deleted (a later deploy adopts it)",
    }
    offers = (Side("trigger", "an event notification (object created) for the relation's prefix and suffix",
                   allows=("prefix", "suffix"), kinds=("lambda.function",), wires=True),)
    accepts = (
        Side("origin", "an origin with Origin Access Control; the bucket policy admits only this distribution",
             wires=True),
        *(Side(meaning) for meaning in DATA),
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
               "RegionalDomainName": ("Bucket", "RegionalDomainName")}
    identities = {"Name": "{name}", "Arn": "arn:${AWS::Partition}:s3:::{name}",
                  "RegionalDomainName": "{name}.s3.${AWS::Region}.${AWS::URLSuffix}"}
    env = ("BUCKET_NAME", "Name")
    deploy_actions = BUCKET_DEPLOY_ACTIONS + ("s3:PutBucketNotification", "s3:GetBucketNotification")

    def physical_name(self, c: Any, t: Scope) -> str:
        return t.name(c.id) + NAME_SUFFIX

    def origin(self, link: Link, t: Scope) -> tuple[dict[str, Any], str | None]:
        return {"Id": t.lid(link.target.id, "Origin"), "DomainName": t.identity(link.target.id, "RegionalDomainName"),
                "S3OriginConfig": {"OriginAccessIdentity": ""}}, "s3"

    def resources(self, c: Any, t: Scope) -> Fragment:
        bucket, logged = t.lid(c.id, "Bucket"), t.on("access-logging")
        resources: dict[str, Any] = {}
        if logged:
            resources |= log_bucket(t, t.lid(c.id, "LogBucket"), c.id, t.meta(waive=["CKV_AWS_18"]),
                                    logged_bucket=getatt(bucket, "Arn"))
        properties: dict[str, Any] = {"BucketName": sub(self.physical_name(c, t))}
        if t.on("encryption"):
            properties["BucketEncryption"] = {"ServerSideEncryptionConfiguration": [
                {"ServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}, "BucketKeyEnabled": True}]}
        if t.on("block-public-access"):
            properties["PublicAccessBlockConfiguration"] = dict(PUBLIC_ACCESS_BLOCKED)
        properties["OwnershipControls"] = {"Rules": [{"ObjectOwnership": "BucketOwnerEnforced"}]}
        if t.on("versioning"):
            properties["VersioningConfiguration"] = {"Status": "Enabled"}
            properties["LifecycleConfiguration"] = {"Rules": [{
                "Id": "expire-old-versions", "Status": "Enabled", "NoncurrentVersionExpiration": {"NoncurrentDays": 30}}]}
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
        return self._notification(link, t)

    def _admit_distribution(self, link: Link, t: Scope) -> Fragment:
        """The distribution (and no one else) may read the objects, signed by its origin access control."""
        bucket = t.lid(link.target.id, "Bucket")
        statement = {"Sid": "Read" + t.lid(link.source.id), "Effect": "Allow",
                     "Principal": {"Service": "cloudfront.amazonaws.com"}, "Action": "s3:GetObject",
                     "Resource": sub("${BucketArn}/*", BucketArn=getatt(bucket, "Arn")),
                     "Condition": {"StringEquals": {"AWS:SourceArn": t.ref(link.source.id, "Arn")}}}
        return {"Resources": {t.lid(link.target.id, "Policy"): {"Properties": {"PolicyDocument": {
            "Statement": [statement]}}}}}

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

    def annotations(self, component: Any, graph: SystemGraph) -> list[str]:
        readers = [graph.components[r.source].label for r in graph.incoming(component.id)
                   if graph.link(r).meaning.name == "origin"]
        notes = [f"OAC: read by {', '.join(readers)} only"] if readers else []
        on = {c.id for c in graph.controls(component.id) if c.on}
        said = {"block-public-access": "public access blocked", "encryption": "encrypted at rest",
                "tls-only": "TLS-only bucket policy"}
        return notes + [text for control, text in said.items() if control in on]

    def waived_checks(self, component: Any, graph: SystemGraph) -> tuple[str, ...]:
        # only its access-log bucket fails the check, and that bucket exists only while logging is on
        logging = next((c for c in graph.controls(component.id) if c.id == "access-logging"), None)
        return ("CKV_AWS_18",) if logging is not None and logging.on else ()


KIND = S3Bucket
