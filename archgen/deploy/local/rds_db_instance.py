"""AWS::RDS::DBInstance, in place of moto's own: moto's CloudFormation drops `DBClusterIdentifier`, so an
Aurora cluster's instance (`db.serverless`) became a standalone database it then refused. This one passes
the cluster, the class, monitoring and Performance Insights settings to moto's RDS as the API would."""

from __future__ import annotations

from typing import Any, Self

from archgen.deploy.local import _rds
from archgen.deploy.local._adapter import Adapter, Context
from archgen.deploy.local._convert import flag, tag_list

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


class RdsDbInstance(Adapter):
    TYPE = "AWS::RDS::DBInstance"
    NAME_PROPERTY = "DBInstanceIdentifier"
    ATTRIBUTES = frozenset({"DBInstanceArn", "DbiResourceId", "Endpoint.Address", "Endpoint.Port"})

    @classmethod
    def create(cls, context: Context, properties: dict[str, Any]) -> Self:
        kwargs: dict[str, Any] = {"db_instance_identifier": properties.get("DBInstanceIdentifier") or context.name.lower(),
                                  "tags": tag_list(properties)}
        kwargs |= {name: properties[key] for key, name in SETTINGS.items() if key in properties}
        kwargs |= {name: flag(properties[key]) for key, name in FLAGS.items() if key in properties}
        if "Port" in kwargs:
            kwargs["port"] = int(kwargs["port"])
        instance = _rds.backend(context).create_db_instance(kwargs)
        return cls(context, properties, instance.db_instance_identifier, {
            "DBInstanceArn": instance.db_instance_arn, "DbiResourceId": instance.dbi_resource_id,
            "Endpoint.Address": instance.address, "Endpoint.Port": str(instance.port)})

    def remove(self) -> None:
        _rds.backend(self.context).delete_db_instance(self.physical_id)
