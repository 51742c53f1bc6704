"""Pieces of CloudFormation that several kinds build alike: a KMS key with rotation, a TLS-only bucket
statement, an access-log bucket, a log group, a service role. Plain data, no templating."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Iterator

from archgen.render.cloudformation.literal import DynamicReference
from archgen.render.cloudformation.scope import KEY_ADMIN

if TYPE_CHECKING:
    from archgen.render.cloudformation.scope import Scope

POLICY_VERSION = "2012-10-17"
ACCOUNT_ROOT = {"Fn::Sub": "arn:${AWS::Partition}:iam::${AWS::AccountId}:root"}


def sub(text: str, **variables: Any) -> dict[str, Any]:
    """`Fn::Sub` of a text, with variables when there are some."""
    return {"Fn::Sub": [text, variables]} if variables else {"Fn::Sub": text}


def function_keys(value: Any, path: tuple[Any, ...]) -> Iterator[tuple[tuple[Any, ...], str]]:
    """(path, key) of every `Ref` and `Fn::` key in model data put into a template as it is (an event
    pattern, a filter policy, a resource's properties): CloudFormation would run each as a function, and
    a key has no escape, so the model must not write one."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "Ref" or str(key).startswith("Fn::"):
                yield path + (key,), str(key)
            else:
                yield from function_keys(item, path + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from function_keys(item, path + (index,))


def secret_reference(secret_name: str) -> DynamicReference:
    """The secret's value, read by CloudFormation at deploy time (never in a template or an output)."""
    return DynamicReference("{{resolve:secretsmanager:" + secret_name + "}}")


def getatt(logical_id: str, attribute: str) -> dict[str, Any]:
    return {"Fn::GetAtt": [logical_id, attribute]}


def ref(logical_id: str) -> dict[str, str]:
    return {"Ref": logical_id}


def document(*statements: dict[str, Any]) -> dict[str, Any]:
    return {"Version": POLICY_VERSION, "Statement": list(statements)}


def allow(actions: str | list[str], resource: Any, **extra: Any) -> dict[str, Any]:
    return {"Effect": "Allow", "Action": actions, "Resource": resource, **extra}


def inline_policy(name: str, *statements: dict[str, Any]) -> dict[str, Any]:
    return {"PolicyName": name, "PolicyDocument": document(*statements)}


def service_role(t: Scope, description: str, service: str, metadata: dict[str, Any],
                 policies: list[dict[str, Any]] | None = None, **properties: Any) -> dict[str, Any]:
    """An IAM role only `service` can assume; its policies come from the component's relations. Its path is
    its stack's name, so the pipeline's deploy role may manage exactly the roles of its own stack."""
    body: dict[str, Any] = {
        "Description": description,
        "Path": f"/{t.stack_name()}/",
        "AssumeRolePolicyDocument": document(
            {"Effect": "Allow", "Principal": {"Service": service}, "Action": "sts:AssumeRole"}),
        **properties,
    }
    if policies:
        body["Policies"] = policies
    body["Tags"] = t.tags()
    return {"Type": "AWS::IAM::Role", "Metadata": metadata, "Properties": body}


def kms_key(description: str, metadata: dict[str, Any], statements: list[dict[str, Any]] | None = None,
            retain: bool = False) -> dict[str, Any]:
    """A customer-managed key with rotation, administered by the account; kept with the data it encrypts
    (a retained table whose key is deleted becomes unreadable)."""
    policy = "Retain" if retain else "Delete"
    return {
        "Type": "AWS::KMS::Key", "DeletionPolicy": policy, "UpdateReplacePolicy": policy, "Metadata": metadata,
        "Properties": {"Description": description, "EnableKeyRotation": True,
                       "KeyPolicy": document(KEY_ADMIN, *(statements or []))},
    }


def tls_only(bucket_arn: Any) -> dict[str, Any]:
    return {"Sid": "DenyWithoutTls", "Effect": "Deny", "Principal": {"AWS": "*"}, "Action": "s3:*",
            "Resource": [bucket_arn, sub("${Arn}/*", Arn=bucket_arn)],
            "Condition": {"Bool": {"aws:SecureTransport": "false"}}}


PUBLIC_ACCESS_BLOCKED = {"BlockPublicAcls": True, "BlockPublicPolicy": True, "IgnorePublicAcls": True,
                         "RestrictPublicBuckets": True}


def log_bucket(t: Scope, bucket_id: str, component_id: str, metadata: dict[str, Any],
               acl: bool = False, logged_bucket: Any = None) -> dict[str, Any]:
    """A private bucket for access logs (90 days), with its TLS-only policy: two resources. S3 server
    access logs (`logged_bucket`, its ARN) are delivered by the logging service, which the policy admits
    for that bucket of this account only; CloudFront's standard logs use the bucket's ACL (`acl`)."""
    bucket = {
        "Type": "AWS::S3::Bucket", "DeletionPolicy": "Retain", "UpdateReplacePolicy": "Retain",
        "Metadata": metadata,
        "Properties": {
            "BucketName": sub(t.name(component_id, "logs") + "-${AWS::AccountId}-${AWS::Region}"),
            "BucketEncryption": {"ServerSideEncryptionConfiguration": [
                {"ServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}]},
            "PublicAccessBlockConfiguration": dict(PUBLIC_ACCESS_BLOCKED),
            "OwnershipControls": {"Rules": [
                {"ObjectOwnership": "BucketOwnerPreferred" if acl else "BucketOwnerEnforced"}]},
            "VersioningConfiguration": {"Status": "Enabled"},
            "LifecycleConfiguration": {"Rules": [{"Id": "expire-logs", "Status": "Enabled", "ExpirationInDays": 90,
                                                  "NoncurrentVersionExpiration": {"NoncurrentDays": 30}}]},
            "Tags": t.tags(component_id),
        },
    }
    statements = [tls_only(getatt(bucket_id, "Arn"))]
    if logged_bucket is not None:
        statements.append({
            "Sid": "S3ServerAccessLogs", "Effect": "Allow", "Principal": {"Service": "logging.s3.amazonaws.com"},
            "Action": "s3:PutObject", "Resource": sub("${Arn}/*", Arn=getatt(bucket_id, "Arn")),
            "Condition": {"ArnLike": {"aws:SourceArn": logged_bucket},
                          "StringEquals": {"aws:SourceAccount": {"Ref": "AWS::AccountId"}}}})
    policy = {"Type": "AWS::S3::BucketPolicy", "Metadata": metadata, "Properties": {
        "Bucket": ref(bucket_id), "PolicyDocument": document(*statements)}}
    return {bucket_id: bucket, f"{bucket_id}Policy": policy}


def log_group(t: Scope, group_id: str, log_name: str, logs_id: str) -> dict[str, Any]:
    """A log group with the retention and encryption the logs component's controls say (and its key)."""
    resources: dict[str, Any] = {}
    encrypted = t.on("encryption", logs_id)
    if encrypted:
        resources[group_id + "Key"] = kms_key(f"Encrypts log group {log_name}", t.meta(), [{
            "Sid": "LogsUseTheKeyForThisGroupOnly", "Effect": "Allow",
            "Principal": {"Service": sub("logs.${AWS::Region}.amazonaws.com")},
            "Action": ["kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey", "kms:ReEncryptFrom",
                       "kms:ReEncryptTo"],
            "Resource": "*",
            "Condition": {"ArnEquals": {"kms:EncryptionContext:aws:logs:arn": sub(
                "arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:" + log_name)}}}])
    properties: dict[str, Any] = {"LogGroupName": log_name}
    if t.on("retention", logs_id):
        properties["RetentionInDays"] = t.graph.components[logs_id].settings.retention_days  # type: ignore[attr-defined]
    if encrypted:
        properties["KmsKeyId"] = getatt(group_id + "Key", "Arn")
    properties["Tags"] = t.tags()
    resources[group_id] = {"Type": "AWS::Logs::LogGroup", "DeletionPolicy": "Delete",
                           "UpdateReplacePolicy": "Delete", "Metadata": t.meta("retention", "encryption", of=logs_id),
                           "Properties": properties}
    return resources


def log_writer(group_id: str) -> dict[str, Any]:
    """The statement that lets a role write its own log group's streams."""
    return allow(["logs:CreateLogStream", "logs:PutLogEvents"], getatt(group_id, "Arn"))
