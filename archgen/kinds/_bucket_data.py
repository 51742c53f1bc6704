"""What a bucket's contents make of it: its lifecycle, the uses of its key, the CORS and the grant of uploads.

Plain data for archgen/kinds/s3_bucket.py. A data bucket's KMS key is used through S3 only (the
`kms:ViaService` condition): readers decrypt, writers generate data keys (and decrypt, which a
multipart upload needs). SAM's connector profiles grant the bucket and never its key, so the key's
statements are written here, per meaning.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from archgen.kinds._cfn import sub

if TYPE_CHECKING:
    from archgen.graph import SystemGraph
    from archgen.links import Link
    from archgen.render.cloudformation.scope import Scope

INCOMPLETE_UPLOAD_DAYS = 7  # a multipart upload unfinished after a week is abandoned: its parts cost money
KEY_USE = {
    "read": ["kms:Decrypt"],
    "write": ["kms:Decrypt", "kms:GenerateDataKey"],
    "read-write": ["kms:Decrypt", "kms:GenerateDataKey"],
    "upload": ["kms:Decrypt", "kms:GenerateDataKey"],
    "deliver": ["kms:Decrypt", "kms:GenerateDataKey"],  # a delivery stream's multipart uploads read parts back
}
# What a browser sends with a presigned PUT or POST: the object's type and checksum, S3's own headers.
UPLOAD_HEADERS = ["content-md5", "content-type", "x-amz-*"]


def contents(component: Any, graph: SystemGraph) -> str:
    """'site' or 'data': as set, else site when a distribution serves the bucket."""
    if component.settings.contents is not None:
        return str(component.settings.contents)
    served = any(graph.link(r).meaning.name == "origin" for r in graph.incoming(component.id))
    return "site" if served else "data"


def lifecycle_rules(settings: Any, versioned: bool) -> list[dict[str, Any]]:
    rules: list[dict[str, Any]] = [{"Id": "abort-incomplete-uploads", "Status": "Enabled",
                                    "AbortIncompleteMultipartUpload": {"DaysAfterInitiation": INCOMPLETE_UPLOAD_DAYS}}]
    if versioned:
        rules.append({"Id": "expire-old-versions", "Status": "Enabled",
                      "NoncurrentVersionExpiration": {"NoncurrentDays": settings.noncurrent_days}})
    if settings.expire_days is not None:
        rules.append({"Id": "expire-objects", "Status": "Enabled", "ExpirationInDays": settings.expire_days})
    if settings.infrequent_access_days is not None:
        rules.append({"Id": "infrequent-access", "Status": "Enabled", "Transitions": [
            {"StorageClass": "STANDARD_IA", "TransitionInDays": settings.infrequent_access_days}]})
    return rules


def cors_rule(link: Link, t: Scope) -> dict[str, Any]:
    """Browsers on the system's domain may PUT (or POST a form) with the URL a function signed."""
    return {"Id": t.lid(link.source.id, "upload"), "AllowedOrigins": [f"https://{t.system.domain}"],
            "AllowedMethods": ["POST", "PUT"], "AllowedHeaders": list(UPLOAD_HEADERS), "ExposedHeaders": ["ETag"],
            "MaxAge": 3000}


def upload_objects(link: Link, t: Scope) -> Any:
    """The objects a signer may put: under the relation's prefix (checked to be plain text), else all."""
    arn = t.identity(link.target.id, "Arn")
    keys = f"/{link.relation.prefix or ''}*"
    if isinstance(arn, dict) and isinstance(arn.get("Fn::Sub"), str):
        return {"Fn::Sub": arn["Fn::Sub"] + keys}
    return sub("${Arn}" + keys, Arn=arn)


def key_statements(link: Link, t: Scope) -> list[dict[str, Any]]:
    """The bucket's own key, for what the relation does with the objects (a data bucket's only)."""
    bucket = link.target  # what is read, written or uploaded to
    actions = KEY_USE.get(link.meaning.name)
    if actions is None or contents(bucket, t.graph) != "data" or not t.on("encryption", bucket.id):
        return []
    return [{"Effect": "Allow", "Action": list(actions), "Resource": t.ref(bucket.id, "KeyArn"),
             "Condition": {"StringEquals": {"kms:ViaService": sub("s3.${AWS::Region}.amazonaws.com")}}}]
