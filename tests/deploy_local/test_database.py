"""A VPC, an Aurora cluster with its instance, an RDS proxy and its target group, a secret and a tagged
parameter, deployed for real: what the templates say is what RDS, Secrets Manager and SSM answer; the
cluster's managed secret is one the proxy's auth can name; deleting the stack removes what it made."""

from __future__ import annotations

import json
from typing import Any

from tests.deploy_local.stacks import Clients, create_stack, delete_stack, outputs, template

ROLE = {"Type": "AWS::IAM::Role", "Properties": {"AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": {"Service": "rds.amazonaws.com"}, "Action": "sts:AssumeRole"}]}}}


def _resources() -> dict[str, Any]:
    subnet = {"VpcId": {"Ref": "Vpc"}, "MapPublicIpOnLaunch": False}
    return {
        "Vpc": {"Type": "AWS::EC2::VPC", "Properties": {"CidrBlock": "10.20.0.0/16"}},
        "SubnetA": {"Type": "AWS::EC2::Subnet", "Properties": {**subnet, "CidrBlock": "10.20.0.0/20",
                                                               "AvailabilityZone": {"Fn::Select": [0, {"Fn::GetAZs": ""}]}}},
        "SubnetB": {"Type": "AWS::EC2::Subnet", "Properties": {**subnet, "CidrBlock": "10.20.16.0/20",
                                                               "AvailabilityZone": {"Fn::Select": [1, {"Fn::GetAZs": ""}]}}},
        "Group": {"Type": "AWS::EC2::SecurityGroup", "Properties": {"GroupDescription": "db", "VpcId": {"Ref": "Vpc"}}},
        "SubnetGroup": {"Type": "AWS::RDS::DBSubnetGroup", "Properties": {
            "DBSubnetGroupDescription": "db", "SubnetIds": [{"Ref": "SubnetA"}, {"Ref": "SubnetB"}]}},
        "Cluster": {"Type": "AWS::RDS::DBCluster", "Properties": {
            "DBClusterIdentifier": "notes-db", "Engine": "aurora-postgresql", "EngineVersion": "17.7",
            "DatabaseName": "notes", "MasterUsername": "notes_app", "ManageMasterUserPassword": True,
            "StorageEncrypted": True, "DeletionProtection": False, "EnableIAMDatabaseAuthentication": True,
            "BackupRetentionPeriod": 14, "EnableCloudwatchLogsExports": ["postgresql"], "Port": 5432,
            "ServerlessV2ScalingConfiguration": {"MinCapacity": 0.5, "MaxCapacity": 4},
            "DBSubnetGroupName": {"Ref": "SubnetGroup"}, "VpcSecurityGroupIds": [{"Fn::GetAtt": ["Group", "GroupId"]}],
            "Tags": [{"Key": "project", "Value": "notes"}]}},
        "Writer": {"Type": "AWS::RDS::DBInstance", "Properties": {
            "DBInstanceIdentifier": "notes-db-writer", "DBClusterIdentifier": {"Ref": "Cluster"},
            "DBInstanceClass": "db.serverless", "Engine": "aurora-postgresql", "PubliclyAccessible": False}},
        "Role": ROLE,
        "Proxy": {"Type": "AWS::RDS::DBProxy", "Properties": {
            "DBProxyName": "notes-proxy", "EngineFamily": "POSTGRESQL", "RoleArn": {"Fn::GetAtt": ["Role", "Arn"]},
            "RequireTLS": True, "IdleClientTimeout": 600, "VpcSubnetIds": [{"Ref": "SubnetA"}, {"Ref": "SubnetB"}],
            "VpcSecurityGroupIds": [{"Fn::GetAtt": ["Group", "GroupId"]}],
            "Auth": [{"AuthScheme": "SECRETS", "IAMAuth": "REQUIRED",
                      "SecretArn": {"Fn::GetAtt": ["Cluster", "MasterUserSecret.SecretArn"]}}]}},
        "Targets": {"Type": "AWS::RDS::DBProxyTargetGroup", "Properties": {
            "DBProxyName": {"Ref": "Proxy"}, "TargetGroupName": "default", "DBClusterIdentifiers": [{"Ref": "Cluster"}]}},
        "Secret": {"Type": "AWS::SecretsManager::Secret", "Properties": {
            "Name": "notes/cursor-key", "GenerateSecretString": {"PasswordLength": 40, "ExcludePunctuation": True}}},
        "JsonSecret": {"Type": "AWS::SecretsManager::Secret", "Properties": {
            "Name": "notes/api", "GenerateSecretString": {"PasswordLength": 20, "SecretStringTemplate": "{}",
                                                          "GenerateStringKey": "api_key"}}},
        "Parameter": {"Type": "AWS::SSM::Parameter", "Properties": {
            "Name": "/notes/page-size", "Type": "String", "Value": "25", "Tags": {"project": "notes"}}},
    }


def _outputs() -> dict[str, Any]:
    return {"Endpoint": {"Fn::GetAtt": ["Cluster", "Endpoint.Address"]},
            "ProxyEndpoint": {"Fn::GetAtt": ["Proxy", "Endpoint"]}, "ProxyArn": {"Fn::GetAtt": ["Proxy", "DBProxyArn"]},
            "Managed": {"Fn::GetAtt": ["Cluster", "MasterUserSecret.SecretArn"]}, "Secret": {"Ref": "Secret"}}


def test_the_database_its_proxy_and_the_secrets_are_what_the_template_says(aws: Clients) -> None:
    stack = create_stack(aws("cloudformation"), "database", template(_resources(), _outputs()))
    found = outputs(stack)
    rds = aws("rds")
    [cluster] = rds.describe_db_clusters(DBClusterIdentifier="notes-db")["DBClusters"]
    assert (cluster["Engine"], cluster["EngineVersion"], cluster["StorageEncrypted"],
            cluster["IAMDatabaseAuthenticationEnabled"], cluster["BackupRetentionPeriod"]) == (
        "aurora-postgresql", "17.7", True, True, 14)
    assert cluster["ServerlessV2ScalingConfiguration"] == {"MinCapacity": 0.5, "MaxCapacity": 4}
    assert cluster["MasterUserSecret"]["SecretArn"] == found["Managed"] and found["Endpoint"] == cluster["Endpoint"]
    [writer] = rds.describe_db_instances(DBInstanceIdentifier="notes-db-writer")["DBInstances"]
    assert writer["DBClusterIdentifier"] == "notes-db" and writer["DBInstanceClass"] == "db.serverless"
    [proxy] = rds.describe_db_proxies(DBProxyName="notes-proxy")["DBProxies"]
    assert proxy["RequireTLS"] is True and proxy["Auth"][0]["IAMAuth"] == "REQUIRED"
    assert proxy["Auth"][0]["SecretArn"] == found["Managed"]
    assert found["ProxyEndpoint"] == proxy["Endpoint"] and found["ProxyArn"] == proxy["DBProxyArn"]
    targets = rds.describe_db_proxy_targets(DBProxyName="notes-proxy")["Targets"]
    assert [t["RdsResourceId"] for t in targets] == ["notes-db"]
    secrets = aws("secretsmanager")
    value = secrets.get_secret_value(SecretId="notes/cursor-key")["SecretString"]
    assert len(value) == 40 and value.isalnum() and found["Secret"].startswith("arn:")
    assert len(json.loads(secrets.get_secret_value(SecretId="notes/api")["SecretString"])["api_key"]) == 20
    parameter = aws("ssm").get_parameter(Name="/notes/page-size")["Parameter"]
    assert parameter["Value"] == "25"
    tags = aws("ssm").list_tags_for_resource(ResourceType="Parameter", ResourceId="/notes/page-size")["TagList"]
    assert tags == [{"Key": "project", "Value": "notes"}]

    delete_stack(aws("cloudformation"), "database")
    assert rds.describe_db_proxies()["DBProxies"] == []
    assert [c["DBClusterIdentifier"] for c in rds.describe_db_clusters()["DBClusters"]] == []
    assert [s["Name"] for s in secrets.list_secrets()["SecretList"] if s["Name"].startswith("notes/")] == []
