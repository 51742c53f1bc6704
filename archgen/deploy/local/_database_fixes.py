"""Two gaps in types moto's CloudFormation does create, that break the database templates:

- AWS::RDS::DBInstance drops `DBClusterIdentifier`, so an Aurora cluster's instance (`db.serverless`)
  became a standalone database moto then refused (no storage, an engine it takes for a cluster's);
- AWS::SSM::Parameter passes CloudFormation's `Tags` map on where moto's SSM expects a list of
  {Key, Value}, so any tagged parameter failed.

Both wrap moto's own create, as _native_fixes does for API Gateway.
"""

from __future__ import annotations

from typing import Any

from moto.rds.models import DBInstance, rds_backends
from moto.ssm.models import Parameter

from archgen.deploy.local._convert import flag, tag_list

_MOTO_CREATE_INSTANCE = DBInstance.create_from_cloudformation_json.__func__  # type: ignore[attr-defined]
_MOTO_CREATE_PARAMETER = Parameter.create_from_cloudformation_json.__func__  # type: ignore[attr-defined]

# CloudFormation property -> moto's keyword, for an instance of a cluster
SETTINGS = {
    "DBClusterIdentifier": "db_cluster_identifier", "DBInstanceClass": "db_instance_class", "Engine": "engine",
    "EngineVersion": "engine_version", "AllocatedStorage": "allocated_storage", "DBName": "db_name",
    "DBSubnetGroupName": "db_subnet_group_name", "MasterUsername": "master_username",
    "MasterUserPassword": "master_user_password", "Port": "port", "KmsKeyId": "kms_key_id",
    "VpcSecurityGroupIds": "vpc_security_group_ids", "MonitoringInterval": "monitoring_interval",
    "MonitoringRoleArn": "monitoring_role_arn", "BackupRetentionPeriod": "backup_retention_period",
    "PerformanceInsightsKMSKeyId": "performance_insights_kms_key_id",
    "PerformanceInsightsRetentionPeriod": "performance_insights_retention_period",
    "AvailabilityZone": "availability_zone", "StorageType": "storage_type",
}
FLAGS = {"PubliclyAccessible": "publicly_accessible", "AutoMinorVersionUpgrade": "auto_minor_version_upgrade",
         "EnablePerformanceInsights": "enable_performance_insights", "StorageEncrypted": "storage_encrypted",
         "MultiAZ": "multi_az", "DeletionProtection": "deletion_protection",
         "CopyTagsToSnapshot": "copy_tags_to_snapshot"}


def _create_instance(cls: type[DBInstance], resource_name: str, cloudformation_json: dict[str, Any],
                     account_id: str, region_name: str, **kwargs: Any) -> DBInstance:
    properties = cloudformation_json.get("Properties") or {}
    if "DBClusterIdentifier" not in properties:  # a standalone database: moto's own path
        return _MOTO_CREATE_INSTANCE(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs)
    arguments: dict[str, Any] = {"db_instance_identifier": properties.get("DBInstanceIdentifier")
                                 or resource_name.lower().replace("_", "-"), "tags": tag_list(properties)}
    arguments |= {name: properties[key] for key, name in SETTINGS.items() if key in properties}
    arguments |= {name: flag(properties[key]) for key, name in FLAGS.items() if key in properties}
    if "port" in arguments:
        arguments["port"] = int(arguments["port"])
    return rds_backends[account_id][region_name].create_db_instance(arguments)


def _create_parameter(cls: type[Parameter], resource_name: str, cloudformation_json: dict[str, Any],
                      account_id: str, region_name: str, **kwargs: Any) -> Parameter:
    properties = dict(cloudformation_json.get("Properties") or {})
    if isinstance(properties.get("Tags"), dict):
        properties["Tags"] = [{"Key": key, "Value": value} for key, value in properties["Tags"].items()]
    return _MOTO_CREATE_PARAMETER(cls, resource_name, {**cloudformation_json, "Properties": properties},
                                  account_id, region_name, **kwargs)


def install_database_fixes() -> None:
    """Idempotent: the same two attributes, set each time."""
    DBInstance.create_from_cloudformation_json = classmethod(_create_instance)  # type: ignore[method-assign,assignment]
    Parameter.create_from_cloudformation_json = classmethod(_create_parameter)  # type: ignore[method-assign,assignment]
