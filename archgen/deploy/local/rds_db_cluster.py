"""AWS::RDS::DBCluster: an Aurora cluster, kept by moto's RDS with its settings (serverless v2 capacity,
IAM auth, log exports, the RDS-managed master secret, which moto creates in its Secrets Manager). moto runs
no database: the endpoint answers nothing."""

from __future__ import annotations

from typing import Any, Self

from archgen.deploy.local import _rds
from archgen.deploy.local._adapter import Adapter, Context
from archgen.deploy.local._convert import flag, tag_list

# CloudFormation property -> moto's keyword (the values are taken as they are)
SETTINGS = {
    "Engine": "engine", "EngineVersion": "engine_version", "DatabaseName": "database_name", "Port": "port",
    "MasterUsername": "master_username", "BackupRetentionPeriod": "backup_retention_period",
    "DBSubnetGroupName": "db_subnet_group_name", "VpcSecurityGroupIds": "vpc_security_group_ids",
    "KmsKeyId": "kms_key_id", "EnableCloudwatchLogsExports": "enable_cloudwatch_logs_exports",
    "ServerlessV2ScalingConfiguration": "serverless_v2_scaling_configuration",
}
FLAGS = {"StorageEncrypted": "storage_encrypted", "DeletionProtection": "deletion_protection",
         "EnableIAMDatabaseAuthentication": "enable_iam_database_authentication",
         "CopyTagsToSnapshot": "copy_tags_to_snapshot", "ManageMasterUserPassword": "manage_master_user_password"}


class RdsDbCluster(Adapter):
    TYPE = "AWS::RDS::DBCluster"
    NAME_PROPERTY = "DBClusterIdentifier"
    ATTRIBUTES = frozenset({"DBClusterArn", "DBClusterResourceId", "Endpoint.Address", "Endpoint.Port",
                            "ReadEndpoint.Address", "MasterUserSecret.SecretArn"})

    @classmethod
    def create(cls, context: Context, properties: dict[str, Any]) -> Self:
        kwargs: dict[str, Any] = {"db_cluster_identifier": properties.get("DBClusterIdentifier") or context.name.lower(),
                                  "tags": tag_list(properties)}
        kwargs |= {name: properties[key] for key, name in SETTINGS.items() if key in properties}
        kwargs |= {name: flag(properties[key]) for key, name in FLAGS.items() if key in properties}
        secret = properties.get("MasterUserSecret") or {}
        if "KmsKeyId" in secret:
            kwargs["master_user_secret_kms_key_id"] = secret["KmsKeyId"]
        cluster = _rds.backend(context).create_db_cluster(kwargs)
        managed = getattr(cluster, "master_user_secret", None)
        return cls(context, properties, cluster.db_cluster_identifier, {
            "DBClusterArn": cluster.db_cluster_arn, "DBClusterResourceId": cluster.db_cluster_resource_id,
            "Endpoint.Address": cluster.endpoint, "Endpoint.Port": str(cluster.port),
            "ReadEndpoint.Address": cluster.reader_endpoint,
            "MasterUserSecret.SecretArn": managed.secret.arn if managed is not None else None})

    def remove(self) -> None:
        _rds.backend(self.context).delete_db_cluster(self.physical_id)
