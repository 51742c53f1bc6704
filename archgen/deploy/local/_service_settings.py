"""Settings moto's CloudFormation drops from types it does create, kept so the read-back finds them:

- AWS::DynamoDB::Table: point-in-time recovery, and SSE with the table's key (moto reads the API's
  `Enabled` where CloudFormation writes `SSEEnabled`, so a KMS-encrypted table showed AWS's own key);
- AWS::Lambda::Function: tracing, the environment's KMS key and the logging config (JSON logs), which
  moto's CloudFormation leaves out of the function it creates (its API keeps the first two; the third
  is added to what get_function_configuration answers);
- AWS::Logs::LogGroup: the group's KMS key (CloudFormation's `KmsKeyId`, the API's `kmsKeyId`);
- AWS::S3::Bucket: access logging, set on the bucket as the template says (moto's own put checks the
  log bucket's ACL grants, which a bucket-owner-enforced log bucket with a policy does not have).

Like `_native_fixes`, this wraps moto's own types (no adapter): `install_service_settings()` sets the
same methods each time. Nothing here runs code or delivers logs: these are the settings, read back.
"""

from __future__ import annotations

from typing import Any, Callable

from moto.awslambda.models import LambdaFunction
from moto.dynamodb.models.table import Table
from moto.logs.models import LogGroup
from moto.s3.models import FakeBucket, s3_backends
from moto.utilities.utils import get_partition

Apply = Callable[[Any, dict[str, Any], str, str], None]
_ORIGINAL: dict[tuple[type, str], Any] = {}


def _table(table: Table, properties: dict[str, Any], account_id: str, region_name: str) -> None:
    recovery = (properties.get("PointInTimeRecoverySpecification") or {}).get("PointInTimeRecoveryEnabled")
    if recovery is not None:
        table.continuous_backups["PointInTimeRecoveryDescription"]["PointInTimeRecoveryStatus"] = (
            "ENABLED" if recovery else "DISABLED")
    sse = properties.get("SSESpecification") or {}
    if sse.get("SSEEnabled"):
        table.sse_specification = {"Enabled": True, "SSEType": sse.get("SSEType", "KMS"),
                                   "KMSMasterKeyId": sse.get("KMSMasterKeyId")}


def _function(function: LambdaFunction, properties: dict[str, Any], account_id: str, region_name: str) -> None:
    if properties.get("TracingConfig"):
        function.tracing_config = dict(properties["TracingConfig"])
    if properties.get("KmsKeyArn"):
        function.kms_key_arn = properties["KmsKeyArn"]
    if properties.get("LoggingConfig"):
        function.archgen_logging_config = dict(properties["LoggingConfig"])


def _configuration(original: Any) -> Any:
    def get_configuration(self: LambdaFunction, *args: Any, **kwargs: Any) -> dict[str, Any]:
        config = dict(original(self, *args, **kwargs))
        logging = getattr(self, "archgen_logging_config", None)
        if logging:
            config["LoggingConfig"] = logging
        return config
    return get_configuration


def _log_group(group: LogGroup, properties: dict[str, Any], account_id: str, region_name: str) -> None:
    if properties.get("KmsKeyId"):
        group.kms_key_id = properties["KmsKeyId"]


def _bucket(bucket: FakeBucket, properties: dict[str, Any], account_id: str, region_name: str) -> None:
    logging = properties.get("LoggingConfiguration")
    if not logging or not logging.get("DestinationBucketName"):
        return
    target = s3_backends[account_id][get_partition(region_name)].buckets.get(logging["DestinationBucketName"])
    if target is not None:  # a log bucket named by the template, made before it (it is referenced)
        bucket.logging = {"TargetBucket": target.name, "TargetPrefix": logging.get("LogFilePrefix", "")}


def _wrap(model: type, apply: Apply) -> None:
    """Create and update call moto's own, then apply what it dropped to the object it made."""
    create = _ORIGINAL.setdefault((model, "create"),
                                  model.create_from_cloudformation_json.__func__)  # type: ignore[attr-defined]

    def created(cls: type, resource_name: str, cloudformation_json: dict[str, Any], account_id: str,
                region_name: str, **kwargs: Any) -> Any:
        made = create(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs)
        apply(made, cloudformation_json.get("Properties") or {}, account_id, region_name)
        return made
    model.create_from_cloudformation_json = classmethod(created)  # type: ignore[attr-defined]
    if "update_from_cloudformation_json" not in model.__dict__ and (model, "update") not in _ORIGINAL:
        return  # moto replaces what it cannot update: create covers it
    update = _ORIGINAL.setdefault((model, "update"),
                                  model.update_from_cloudformation_json.__func__)  # type: ignore[attr-defined]

    def updated(cls: type, original_resource: Any, new_resource_name: str, cloudformation_json: dict[str, Any],
                account_id: str, region_name: str) -> Any:
        made = update(cls, original_resource, new_resource_name, cloudformation_json, account_id, region_name)
        apply(made, cloudformation_json.get("Properties") or {}, account_id, region_name)
        return made
    model.update_from_cloudformation_json = classmethod(updated)  # type: ignore[attr-defined]


def install_service_settings() -> None:
    """Idempotent: moto's own methods are kept once and wrapped again each time."""
    for model, apply in ((Table, _table), (LambdaFunction, _function), (LogGroup, _log_group),
                         (FakeBucket, _bucket)):
        _wrap(model, apply)
    original = _ORIGINAL.setdefault((LambdaFunction, "get_configuration"), LambdaFunction.get_configuration)
    LambdaFunction.get_configuration = _configuration(original)  # type: ignore[method-assign]
