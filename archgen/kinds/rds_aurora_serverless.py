"""An Aurora Serverless v2 cluster (PostgreSQL or MySQL) in a VPC's private subnets.

Encrypted with its own KMS key, kept with its key when its stack goes; automated backups for the days set;
deletion protection; IAM database authentication; its logs exported to CloudWatch (into log groups made
for them, with the retention of its `logs` relation). The master user's password is never in the model
or a template: RDS keeps it in Secrets Manager (`ManageMasterUserPassword`), encrypted with the cluster's
key, and rotates it itself (managed rotation, every 7 days), so no rotation function is needed. Its
proxy reads that secret; applications connect through the proxy with IAM tokens, never the password.

Its security group admits its port from the groups of the components its relations come from, nothing
else. The local AWS keeps the cluster and its settings but runs no database engine: no endpoint answers,
the managed secret is a placeholder, and the log groups receive nothing.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import Field

from archgen.kinds._base import KEY_DEPLOY_ACTIONS, LOG_DEPLOY_ACTIONS, ROLE_DEPLOY_ACTIONS, Alarm, Fragment, Kind, Metric, Side
from archgen.kinds import _engine_versions
from archgen.kinds._cfn import getatt, kms_key, log_group, ref, service_role, sub
from archgen.kinds._deploy_scope import ARN
from archgen.kinds._vpc import MEMBER_DEPLOY_ACTIONS, group_id, ingress, security_group, subnets, vpc_of
from archgen.schema import ComponentBase, Ref, Strict

if TYPE_CHECKING:
    from archgen.graph import SystemGraph
    from archgen.links import Link
    from archgen.render.cloudformation.scope import Scope

ENGINES = {"postgresql": ("aurora-postgresql", "17.7", 5432, ["postgresql"]),
           "mysql": ("aurora-mysql", "8.0.mysql_aurora.3.10.6", 3306, ["error", "slowquery"])}
MONITORING_POLICY = "arn:${AWS::Partition}:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole"
Name = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]{0,30}$")]


class AuroraSettings(Strict):
    engine: Literal["postgresql", "mysql"] = "postgresql"
    engine_version: Annotated[str, Field(pattern=r"^[0-9][0-9a-z._]{0,40}$")] | None = Field(
        None, description="Default: 17.7 (PostgreSQL) or 8.0.mysql_aurora.3.10.6 (MySQL).")
    database: Name = Field("app", description="The database created in the cluster.")
    username: Name = Field("app", description="The master user (its password is RDS-managed in Secrets Manager).")
    min_capacity: Annotated[float, Field(ge=0, le=256, multiple_of=0.5)] = Field(
        0.5, description="Capacity units (ACU) at the least; 0 pauses when idle.")
    max_capacity: Annotated[float, Field(ge=1, le=256, multiple_of=0.5)] = 4
    readers: Annotated[int, Field(ge=0, le=3)] = Field(0, description="Reader instances besides the writer "
                                                                      "(1 or more: a standby in another zone).")
    backup_retention_days: Annotated[int, Field(ge=1, le=35)] = 7
    vpc: Ref | None = Field(None, description="The ec2.vpc it lives in; may be left out when the model has one.")


class AuroraComponent(ComponentBase):
    kind: Literal["rds.aurora_serverless"]
    settings: AuroraSettings = AuroraSettings()


class AuroraServerless(Kind):
    name = "rds.aurora_serverless"
    title = "Aurora Serverless v2"
    layer = "backend"
    summary = "A relational database (PostgreSQL or MySQL) that scales in capacity units, in a VPC."
    icon = "aws.database.Aurora"
    component = AuroraComponent
    cfn_type = "AWS::RDS::DBCluster"
    controls = {
        "encryption": "storage, backups and the master secret encrypted with its own KMS key",
        "deletion-protection": "the cluster cannot be deleted by accident",
        "retain": "kept, with its key, when its stack is deleted",
        "iam-auth": "IAM database authentication (the proxy's clients sign in with IAM tokens)",
        "monitoring": "enhanced monitoring and Performance Insights on its instances",
    }
    checks = {"encryption": ("CKV_AWS_96",),
              "iam-auth": ("CKV_AWS_162",), "monitoring": ("CKV_AWS_118",)}
    offers = (Side("logs", "log groups for the logs it exports (retention, encryption)", wires=True),)
    accepts = (
        Side("read-write", "its port opened to the proxy's security group; the proxy signs in with its managed "
                           "secret", kinds=("rds.proxy",), wires=True, grant=(
            {"Effect": "Allow", "Action": "secretsmanager:GetSecretValue", "Resource": "%{Destination.SecretArn}"},)),
        Side("watch"),
    )
    exports = {"Arn": ("Cluster", "DBClusterArn"), "Name": ("Cluster", None), "Endpoint": ("Cluster", "Endpoint.Address"),
               "SecretArn": ("Cluster", "MasterUserSecret.SecretArn"), "KeyArn": ("Key", "Arn")}
    identities = {"Arn": "arn:${AWS::Partition}:rds:${AWS::Region}:${AWS::AccountId}:cluster:{name}",
                  "Name": "{name}"}
    notes = (
        'The master password is RDS-managed (`ManageMasterUserPassword`): generated, kept in Secrets Manager '
        "under the cluster's key and rotated by RDS's managed rotation (every 7 days), so neither the model "
        'nor a template holds it and no rotation function is needed. Its proxy signs in with it; applications'
        ' sign in to the proxy with IAM tokens.',
        'Kept with its key when its stack goes (`retain`); instances hold no data and are deleted with the stack.',
        'Its exported logs go to log groups made for them, with the retention and encryption of its `logs` '
        'relation (rule E140 asks for one).',
        'The local AWS keeps the cluster, its instances and settings and a placeholder managed secret, but '
        'runs no database: no endpoint answers and the log groups receive nothing.',
    )
    deploy_actions = ROLE_DEPLOY_ACTIONS + KEY_DEPLOY_ACTIONS + LOG_DEPLOY_ACTIONS + tuple(f"rds:{a}" for a in (
        "AddTagsToResource", "CreateDBCluster", "CreateDBInstance", "CreateDBSubnetGroup", "DeleteDBCluster",
        "DeleteDBInstance", "DeleteDBSubnetGroup", "DescribeDBClusters", "DescribeDBInstances",
        "DescribeDBSubnetGroups", "ModifyDBCluster", "ModifyDBInstance", "ModifyDBSubnetGroup",
        "RemoveTagsFromResource")) + ("secretsmanager:CreateSecret", "secretsmanager:RotateSecret",
                                      "secretsmanager:TagResource",
                                      # RDS and Secrets Manager use the cluster's key as the deployer
                                      "kms:CreateGrant", "kms:Decrypt", "kms:GenerateDataKey",
                                      "iam:CreateServiceLinkedRole") + MEMBER_DEPLOY_ACTIONS
    deploy_arns = {
        # the cluster uses the engine's default parameter and option groups; RDS names the password's
        # secret `rds!cluster-<id>`
        "AWS::RDS::DBCluster": ("DBClusterIdentifier", [
            ("rds", ARN + "cluster:{n}"), ("rds", ARN + "cluster-pg:default.*"), ("rds", ARN + "og:default:*"),
            ("rds", ARN + "cluster-snapshot:*"), ("secretsmanager", ARN + "secret:rds!cluster-*")]),
        "AWS::RDS::DBInstance": ("DBInstanceIdentifier", [
            ("rds", ARN + "db:{n}"), ("rds", ARN + "pg:default.*"), ("rds", ARN + "og:default:*")]),
        "AWS::RDS::DBSubnetGroup": ("DBSubnetGroupName", [("rds", ARN + "subgrp:{n}")])}

    def port(self, component: Any, graph: SystemGraph) -> int:
        return ENGINES[component.settings.engine][2]

    def engine(self, component: Any) -> tuple[str, str]:
        engine, version, _, _ = ENGINES[component.settings.engine]
        return engine, component.settings.engine_version or version

    def settings_problems(self, component: Any, region: str) -> list[tuple[tuple[Any, ...], str]]:
        engine, version = self.engine(component)
        versions, where = _engine_versions.known(engine), ("components", component.id, "settings")
        if versions and version not in versions:
            return [((*where, "engine_version"), f"'{version}' is no {engine} version AWS has (cfn-lint's list): "
                                                  f"e.g. {ENGINES[component.settings.engine][1]}")]
        if component.settings.min_capacity > component.settings.max_capacity:
            return [((*where, "min_capacity"), "is more than max_capacity: lower it or raise max_capacity")]
        return []

    def support_problem(self, component: Any, today: date) -> tuple[tuple[Any, ...], str] | None:
        engine, version = self.engine(component)
        if not _engine_versions.deprecated(engine, version):
            return None
        return (("components", component.id, "settings", "engine_version"), (
            f"{engine} {version} is deprecated: RDS creates no new cluster with it; move to a supported version "
            f"(e.g. {ENGINES[component.settings.engine][1]})"))

    def physical_name(self, component: Any, t: Scope) -> str:
        return t.name(component.id)

    def resources(self, c: Any, t: Scope) -> Fragment:
        vpc = vpc_of(t.graph, c.id)
        settings, key = c.settings, t.lid(c.id, "Key")
        engine, version = self.engine(c)
        encrypted = t.on("encryption")
        resources: dict[str, Any] = {
            t.lid(c.id, "SubnetGroup"): {"Type": "AWS::RDS::DBSubnetGroup", "Metadata": t.meta(), "Properties": {
                "DBSubnetGroupDescription": f"The private subnets of {t.name(c.id)}",
                # no VPC only in a model rule E140 refuses, rendered while validating it
                "SubnetIds": subnets(t, vpc) if vpc is not None else [], "Tags": t.tags()}},
            **(security_group(c, t, vpc) if vpc is not None else {}),
        }
        if encrypted:
            resources[key] = kms_key(f"Encrypts database {t.name(c.id)}, its backups and master secret", t.meta(),
                                     retain=t.on("retain"))
        cluster: dict[str, Any] = {
            "DBClusterIdentifier": t.name(c.id), "Engine": engine, "EngineVersion": version,
            "DatabaseName": settings.database, "Port": self.port(c, t.graph), "MasterUsername": settings.username,
            "ServerlessV2ScalingConfiguration": {"MinCapacity": settings.min_capacity,
                                                 "MaxCapacity": settings.max_capacity},
            "DBSubnetGroupName": ref(t.lid(c.id, "SubnetGroup")), "VpcSecurityGroupIds": [group_id(t, c.id)],
            "StorageEncrypted": encrypted, "BackupRetentionPeriod": settings.backup_retention_days,
            "DeletionProtection": t.on("deletion-protection"),
            "EnableIAMDatabaseAuthentication": t.on("iam-auth"),
            "EnableCloudwatchLogsExports": ENGINES[settings.engine][3], "CopyTagsToSnapshot": True,
        }
        # the password: generated, kept and rotated by RDS in Secrets Manager (never in the model or a template)
        cluster["ManageMasterUserPassword"] = True
        if encrypted:
            cluster["MasterUserSecret"] = {"KmsKeyId": getatt(key, "Arn")}
        if encrypted:
            cluster["KmsKeyId"] = getatt(key, "Arn")
        cluster["Tags"] = t.tags()
        resources[t.lid(c.id, "Cluster")] = {
            "Type": "AWS::RDS::DBCluster", **t.retention(),
            "Metadata": t.meta("encryption", "deletion-protection", "iam-auth"), "Properties": cluster}
        resources |= self._instances(c, t, engine)
        return {"Resources": resources}

    def _instances(self, c: Any, t: Scope, engine: str) -> dict[str, Any]:
        """The writer, and the readers asked for: serverless instances, private, monitored."""
        monitored, role = t.on("monitoring"), t.lid(c.id, "MonitoringRole")
        resources: dict[str, Any] = {}
        if monitored:
            resources[role] = service_role(t, f"Enhanced monitoring of {t.name(c.id)}", "monitoring.rds.amazonaws.com",
                                           t.meta(), ManagedPolicyArns=[sub(MONITORING_POLICY)])
        for index in range(1 + c.settings.readers):
            name = "writer" if index == 0 else f"reader-{index}"
            instance: dict[str, Any] = {
                "DBInstanceIdentifier": t.name(c.id, name), "DBClusterIdentifier": ref(t.lid(c.id, "Cluster")),
                "DBInstanceClass": "db.serverless", "Engine": engine, "PubliclyAccessible": False,
                "AutoMinorVersionUpgrade": True}
            if monitored:
                instance |= {"MonitoringInterval": 60, "MonitoringRoleArn": getatt(role, "Arn"),
                             "EnablePerformanceInsights": True, "PerformanceInsightsRetentionPeriod": 7}
                if t.on("encryption"):
                    instance["PerformanceInsightsKMSKeyId"] = getatt(t.lid(c.id, "Key"), "Arn")
            instance["Tags"] = t.tags()
            resources[t.lid(c.id, name.capitalize().replace("-", ""))] = {
                # an instance holds no data of its own (the cluster's storage does): deleted with its stack
                "Type": "AWS::RDS::DBInstance", "DeletionPolicy": "Delete", "UpdateReplacePolicy": "Delete",
                "Metadata": t.meta("monitoring"), "Properties": instance}
        return resources

    def wire(self, link: Link, t: Scope) -> Fragment:
        if link.meaning.name == "logs":
            resources: dict[str, Any] = {}
            for log in ENGINES[link.source.settings.engine][3]:
                group = t.lid(link.source.id, f"{log}-log-group")
                resources |= log_group(t, group, f"/aws/rds/cluster/{t.name(link.source.id)}/{log}", link.target.id)
                # RDS creates the group on its first export unless it exists: it must exist first
                resources[t.lid(link.source.id, "Cluster")] = {"DependsOn": [group]}
            return {"Resources": resources}
        return {"Resources": ingress(link, t)}

    def key_statements(self, link: Link, t: Scope) -> list[dict[str, Any]]:
        if not t.on("encryption", link.target.id):
            return []
        return [{"Effect": "Allow", "Action": "kms:Decrypt", "Resource": t.ref(link.target.id, "KeyArn"),
                 "Condition": {"StringEquals": {"kms:ViaService": sub("secretsmanager.${AWS::Region}.amazonaws.com")}}}]

    def key_settings(self, component: Any) -> dict[str, str]:
        s = component.settings
        engine, version = self.engine(component)
        return {"engine": f"{engine} {version}", "capacity": f"{s.min_capacity:g}-{s.max_capacity:g} ACU",
                "database": s.database, "user": s.username, "instances": f"writer + {s.readers} reader(s)",
                "backups": f"{s.backup_retention_days} days"}

    def annotations(self, component: Any, graph: SystemGraph) -> list[str]:
        return ["encrypted (own key), IAM auth", f"backups {component.settings.backup_retention_days} days"]

    def metrics(self, component: Any) -> list[Metric]:
        dims = (("DBClusterIdentifier", "Name"),)
        return [Metric("AWS/RDS", name, dims, "Average") for name in (
            "ServerlessDatabaseCapacity", "ACUUtilization", "CPUUtilization", "DatabaseConnections")]

    def alarms(self, component: Any) -> list[Alarm]:
        dims = (("DBClusterIdentifier", "Name"),)
        return [Alarm("CapacityAlarm", "acu-utilization", Metric("AWS/RDS", "ACUUtilization", dims, "Average"), 90),
                Alarm("CpuAlarm", "cpu", Metric("AWS/RDS", "CPUUtilization", dims, "Average"), 90)]


KIND = AuroraServerless
