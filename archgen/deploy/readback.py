"""Reading a deploy back: each resource's key settings, as its own service reports them.

COMPLETE from CloudFormation says every resource was created, not that every setting took (a
local AWS drops some silently; a real account may have a policy that strips one). So after a
deploy each setting the template sets is asked of the service that owns the resource, and what
differs is listed: the setting, what the template asked for, what the service says.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from archgen.deploy.aws import AWS_ERRORS

Clients = Callable[[str], Any]


@dataclass(frozen=True)
class Gap:
    stack: str
    logical_id: str
    setting: str
    wanted: str
    found: str

    def line(self) -> str:
        return f"{self.stack}: {self.logical_id} {self.setting}: the template sets {self.wanted}, the service has {self.found}"


def _ask(call: Callable[[], Any]) -> Any:
    try:
        return call()
    except AWS_ERRORS as exc:
        return f"nothing ({type(exc).__name__})"


def _bucket(c: Clients, name: str, p: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
    s3 = c("s3")
    checks: dict[str, tuple[Any, Any]] = {}
    if "PublicAccessBlockConfiguration" in p:
        found = _ask(lambda: s3.get_public_access_block(Bucket=name)["PublicAccessBlockConfiguration"])
        checks["public access block"] = (p["PublicAccessBlockConfiguration"], found)
    if "BucketEncryption" in p:
        rules = p["BucketEncryption"]["ServerSideEncryptionConfiguration"]
        found = _ask(lambda: s3.get_bucket_encryption(Bucket=name)["ServerSideEncryptionConfiguration"]["Rules"])
        wanted = [r["ServerSideEncryptionByDefault"]["SSEAlgorithm"] for r in rules]
        checks["default encryption"] = (wanted, [r["ApplyServerSideEncryptionByDefault"]["SSEAlgorithm"]
                                                 for r in found] if isinstance(found, list) else found)
    if "VersioningConfiguration" in p:
        checks["versioning"] = (p["VersioningConfiguration"]["Status"],
                                _ask(lambda: s3.get_bucket_versioning(Bucket=name).get("Status", "off")))
    if "LoggingConfiguration" in p:
        found = _ask(lambda: s3.get_bucket_logging(Bucket=name).get("LoggingEnabled", {}).get("TargetPrefix", "off"))
        checks["access logging"] = (p["LoggingConfiguration"].get("LogFilePrefix", ""), found)
    return checks


def _table(c: Clients, name: str, p: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
    dynamodb = c("dynamodb")
    table = _ask(lambda: dynamodb.describe_table(TableName=name)["Table"])
    table = table if isinstance(table, dict) else {}
    checks: dict[str, tuple[Any, Any]] = {}
    if "PointInTimeRecoverySpecification" in p:
        found = _ask(lambda: dynamodb.describe_continuous_backups(TableName=name)["ContinuousBackupsDescription"]
                     ["PointInTimeRecoveryDescription"]["PointInTimeRecoveryStatus"])
        checks["point-in-time recovery"] = ("ENABLED" if p["PointInTimeRecoverySpecification"].get(
            "PointInTimeRecoveryEnabled") else "DISABLED", found)
    if "SSESpecification" in p:
        checks["encryption (SSE)"] = (p["SSESpecification"].get("SSEType", "KMS"),
                                      table.get("SSEDescription", {}).get("SSEType", "AWS owned key (default)"))
    if "DeletionProtectionEnabled" in p:
        checks["deletion protection"] = (bool(p["DeletionProtectionEnabled"]), table.get("DeletionProtectionEnabled"))
    return checks


def _function(c: Clients, name: str, p: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
    config = _ask(lambda: c("lambda").get_function_configuration(FunctionName=name))
    config = config if isinstance(config, dict) else {}
    checks: dict[str, tuple[Any, Any]] = {}
    if "TracingConfig" in p:
        checks["tracing"] = (p["TracingConfig"].get("Mode"), config.get("TracingConfig", {}).get("Mode"))
    if "KmsKeyArn" in p:
        checks["environment encryption key"] = ("a KMS key", "a KMS key" if config.get("KMSKeyArn") else "none")
    if "MemorySize" in p:
        checks["memory"] = (int(p["MemorySize"]), config.get("MemorySize"))
    if "LoggingConfig" in p:
        checks["log format"] = (p["LoggingConfig"].get("LogFormat"), config.get("LoggingConfig", {}).get("LogFormat"))
    return checks


def _log_group(c: Clients, name: str, p: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
    groups = _ask(lambda: c("logs").describe_log_groups(logGroupNamePrefix=name)["logGroups"])
    group = next((g for g in groups if g["logGroupName"] == name), {}) if isinstance(groups, list) else {}
    checks: dict[str, tuple[Any, Any]] = {}
    if "RetentionInDays" in p:
        checks["retention"] = (int(p["RetentionInDays"]), group.get("retentionInDays", "never expires"))
    if "KmsKeyId" in p:
        checks["encryption key"] = ("a KMS key", "a KMS key" if group.get("kmsKeyId") else "none")
    return checks


def _cluster(c: Clients, name: str, p: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
    found = _ask(lambda: c("rds").describe_db_clusters(DBClusterIdentifier=name)["DBClusters"][0])
    cluster = found if isinstance(found, dict) else {}
    checks: dict[str, tuple[Any, Any]] = {}
    for setting, key, reported in (("storage encryption", "StorageEncrypted", "StorageEncrypted"),
                                   ("deletion protection", "DeletionProtection", "DeletionProtection"),
                                   ("IAM authentication", "EnableIAMDatabaseAuthentication",
                                    "IAMDatabaseAuthenticationEnabled")):
        if key in p:
            checks[setting] = (bool(p[key]), cluster.get(reported))
    if "BackupRetentionPeriod" in p:
        checks["backup retention"] = (int(p["BackupRetentionPeriod"]), cluster.get("BackupRetentionPeriod"))
    if "ManageMasterUserPassword" in p:
        checks["managed master secret"] = ("a secret", "a secret" if cluster.get("MasterUserSecret") else "none")
    return checks


def _proxy(c: Clients, name: str, p: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
    found = _ask(lambda: c("rds").describe_db_proxies(DBProxyName=name)["DBProxies"][0])
    proxy = found if isinstance(found, dict) else {}
    checks: dict[str, tuple[Any, Any]] = {}
    if "RequireTLS" in p:
        checks["TLS required"] = (bool(p["RequireTLS"]), proxy.get("RequireTLS"))
    if p.get("Auth"):
        checks["IAM authentication"] = (p["Auth"][0].get("IAMAuth"), (proxy.get("Auth") or [{}])[0].get("IAMAuth"))
    return checks


READERS: dict[str, Callable[[Clients, str, dict[str, Any]], dict[str, tuple[Any, Any]]]] = {
    "AWS::S3::Bucket": _bucket,
    "AWS::DynamoDB::Table": _table,
    "AWS::Lambda::Function": _function,
    "AWS::Logs::LogGroup": _log_group,
    "AWS::RDS::DBCluster": _cluster,
    "AWS::RDS::DBProxy": _proxy,
}


def _same(wanted: Any, found: Any) -> bool:
    if isinstance(wanted, dict) and isinstance(found, dict):
        return all(str(found.get(k)).lower() == str(v).lower() for k, v in wanted.items())
    return str(wanted).lower() == str(found).lower()


def read_back(stack: str, template: dict[str, Any], resources: list[dict[str, Any]],
              clients: Clients) -> tuple[int, list[Gap]]:
    """(settings read, the ones that differ) for one deployed stack's resources."""
    bodies = template.get("Resources") or {}
    read, gaps = 0, []
    for summary in resources:
        reader = READERS.get(summary["ResourceType"])
        body = bodies.get(summary["LogicalResourceId"])
        if reader is None or body is None:
            continue
        for setting, (wanted, found) in reader(clients, summary["PhysicalResourceId"], body.get("Properties") or {}).items():
            read += 1
            if not _same(wanted, found):
                gaps.append(Gap(stack, summary["LogicalResourceId"], setting, str(wanted), str(found)))
    return read, gaps
