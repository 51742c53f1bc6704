"""AWS::S3::Bucket: moto's CloudFormation creates the bucket with its encryption and tags only, and drops
the rest. This keeps what the templates say of versioning, public access, lifecycle, CORS and event
notifications, so the local bucket answers `get_bucket_*` as the real one would (moto sends no event
to a function: it runs no code). Access logging is `_service_settings`: moto checks the log bucket's
grants in a way CloudFormation does not.

Like `_native_fixes`, this wraps moto's own type (it exists, so it is no adapter): `install()` calls
`install_bucket_settings()`, which sets the same two methods each time.
"""

from __future__ import annotations

from typing import Any

from moto.s3.models import FakeBucket, s3_backends
from moto.utilities.utils import get_partition

_MOTO_CREATE = FakeBucket.create_from_cloudformation_json.__func__  # type: ignore[attr-defined]
_MOTO_UPDATE = FakeBucket.update_from_cloudformation_json.__func__  # type: ignore[attr-defined]


def _create(cls: type[FakeBucket], resource_name: str, cloudformation_json: dict[str, Any], account_id: str,
            region_name: str, **kwargs: Any) -> FakeBucket:
    bucket = _MOTO_CREATE(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs)
    apply(bucket.name, cloudformation_json.get("Properties") or {}, account_id, region_name)
    return bucket


def _update(cls: type[FakeBucket], original_resource: Any, new_resource_name: str, cloudformation_json: dict[str, Any],
            account_id: str, region_name: str) -> FakeBucket:
    bucket = _MOTO_UPDATE(cls, original_resource, new_resource_name, cloudformation_json, account_id, region_name)
    apply(bucket.name, cloudformation_json.get("Properties") or {}, account_id, region_name)
    return bucket


def apply(name: str, properties: dict[str, Any], account_id: str, region_name: str) -> None:
    """Each setting of the template, in the shape moto's S3 backend keeps (its XML API's)."""
    backend = s3_backends[account_id][get_partition(region_name)]
    versioning = (properties.get("VersioningConfiguration") or {}).get("Status")
    if versioning:
        backend.put_bucket_versioning(name, versioning)
    if properties.get("PublicAccessBlockConfiguration"):
        backend.put_public_access_block(name, {key: str(value).lower() for key, value
                                               in properties["PublicAccessBlockConfiguration"].items()})
    rules = (properties.get("LifecycleConfiguration") or {}).get("Rules")
    backend.put_bucket_lifecycle(name, [lifecycle_rule(rule) for rule in rules or []])
    cors = (properties.get("CorsConfiguration") or {}).get("CorsRules")
    backend.put_bucket_cors(name, [cors_rule(rule) for rule in cors or []])
    backend.put_bucket_notification_configuration(name, notifications(properties.get("NotificationConfiguration")))


def lifecycle_rule(rule: dict[str, Any]) -> dict[str, Any]:
    converted: dict[str, Any] = {"ID": rule.get("Id"), "Status": rule.get("Status", "Enabled"),
                                 "Filter": {"Prefix": rule.get("Prefix", "")}}
    if "ExpirationInDays" in rule:
        converted["Expiration"] = {"Days": rule["ExpirationInDays"]}
    if "NoncurrentVersionExpiration" in rule:
        converted["NoncurrentVersionExpiration"] = {
            "NoncurrentDays": rule["NoncurrentVersionExpiration"]["NoncurrentDays"]}
    if "AbortIncompleteMultipartUpload" in rule:
        converted["AbortIncompleteMultipartUpload"] = dict(rule["AbortIncompleteMultipartUpload"])
    if rule.get("Transitions"):
        converted["Transition"] = [{"Days": t.get("TransitionInDays"), "StorageClass": t["StorageClass"]}
                                   for t in rule["Transitions"]]
    return converted


def cors_rule(rule: dict[str, Any]) -> dict[str, Any]:
    converted: dict[str, Any] = {"AllowedMethod": list(rule["AllowedMethods"]),
                                 "AllowedOrigin": list(rule["AllowedOrigins"])}
    if rule.get("AllowedHeaders"):
        converted["AllowedHeader"] = list(rule["AllowedHeaders"])
    if rule.get("ExposedHeaders"):
        converted["ExposeHeader"] = list(rule["ExposedHeaders"])
    if "MaxAge" in rule:
        converted["MaxAgeSeconds"] = str(rule["MaxAge"])
    if "Id" in rule:
        converted["ID"] = rule["Id"]
    return converted


def notifications(configuration: dict[str, Any] | None) -> dict[str, Any]:
    """The function notifications (moto's `CloudFunctionConfiguration`), with their key filters."""
    functions = []
    for entry in (configuration or {}).get("LambdaConfigurations") or []:
        converted: dict[str, Any] = {"CloudFunction": entry["Function"], "Event": [entry["Event"]]}
        rules = ((entry.get("Filter") or {}).get("S3Key") or {}).get("Rules")
        if rules:
            converted["Filter"] = {"S3Key": {"FilterRule": [{"Name": r["Name"], "Value": r["Value"]} for r in rules]}}
        functions.append(converted)
    return {"CloudFunctionConfiguration": functions} if functions else {}


def install_bucket_settings() -> None:
    """Idempotent: the same two methods, set each time."""
    FakeBucket.create_from_cloudformation_json = classmethod(_create)  # type: ignore[method-assign,assignment]
    FakeBucket.update_from_cloudformation_json = classmethod(_update)  # type: ignore[method-assign,assignment]
