"""The network and database relations as CloudFormation: a function -> proxy -> database chain opens exactly
that port between exactly those groups; nothing admits 0.0.0.0/0; the endpoints are those of the services the
members call; the function is in the VPC because of its relation, with the proxy's IAM grant; the proxy reads
the cluster's managed secret only; a secret's and a parameter's readers get exactly their grants."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from archgen.graph import SystemGraph
from archgen.render.cloudformation.assemble import synthesize
from archgen.validate import load_model

KINDS = Path(__file__).resolve().parent / "kinds"
NOTES = KINDS / "rds.aurora_serverless" / "system.yaml"   # PostgreSQL, no NAT, a secret and a parameter
ORDERS = KINDS / "ec2.vpc" / "system.yaml"                # MySQL, NAT per zone, a table, a parameter


def _resources(model: Path) -> dict[str, dict[str, Any]]:
    result = synthesize(SystemGraph(load_model(model)))
    return {lid: body for template in result.templates.values() for lid, body in template["Resources"].items()}


@pytest.fixture(scope="module")
def notes() -> dict[str, dict[str, Any]]:
    return _resources(NOTES)


@pytest.fixture(scope="module")
def orders() -> dict[str, dict[str, Any]]:
    return _resources(ORDERS)


def _of_type(resources: dict[str, Any], type_name: str) -> dict[str, dict[str, Any]]:
    return {lid: body for lid, body in resources.items() if body["Type"] == type_name}


def _group(lid: str) -> dict[str, Any]:
    return {"Fn::GetAtt": [lid, "GroupId"]}


def test_the_chain_opens_its_port_between_exactly_its_groups(notes: dict[str, Any]) -> None:
    rules = {(r["Properties"]["SourceSecurityGroupId"]["Fn::GetAtt"][0], r["Properties"]["GroupId"]["Fn::GetAtt"][0],
              r["Properties"]["FromPort"], r["Properties"]["ToPort"])
             for r in _of_type(notes, "AWS::EC2::SecurityGroupIngress").values()}
    assert rules == {("NotesFnSecurityGroup", "DbProxySecurityGroup", 5432, 5432),
                     ("DbProxySecurityGroup", "NotesDbSecurityGroup", 5432, 5432),
                     ("NotesFnSecurityGroup", "VpcEndpointsSecurityGroup", 443, 443)}
    groups = _of_type(notes, "AWS::EC2::SecurityGroup")
    assert set(groups) == {"NotesFnSecurityGroup", "DbProxySecurityGroup", "NotesDbSecurityGroup",
                           "VpcEndpointsSecurityGroup"}
    assert all("SecurityGroupIngress" not in g["Properties"] for g in groups.values())
    proxy_out = groups["DbProxySecurityGroup"]["Properties"]["SecurityGroupEgress"]
    assert proxy_out == [{"IpProtocol": "tcp", "FromPort": 5432, "ToPort": 5432, "Description":
                          "to notes-db (pooled connections)", "DestinationSecurityGroupId": _group("NotesDbSecurityGroup")}]
    fn_out = groups["NotesFnSecurityGroup"]["Properties"]["SecurityGroupEgress"]
    assert [(e["FromPort"], e.get("DestinationSecurityGroupId")) for e in fn_out] == [
        (5432, _group("DbProxySecurityGroup")), (443, _group("VpcEndpointsSecurityGroup"))]
    # the database reaches nothing: its one rule is the placeholder that replaces AWS's allow-all
    assert groups["NotesDbSecurityGroup"]["Properties"]["SecurityGroupEgress"][0]["CidrIp"] == "127.0.0.1/32"


def test_nothing_admits_the_internet(notes: dict[str, Any], orders: dict[str, Any]) -> None:
    for resources in (notes, orders):
        for body in _of_type(resources, "AWS::EC2::SecurityGroupIngress").values():
            assert "CidrIp" not in body["Properties"] and "SourceSecurityGroupId" in body["Properties"]
    # without NAT and without S3 or DynamoDB, nothing reaches 0.0.0.0/0 either
    assert "0.0.0.0/0" not in str(notes)


def test_endpoints_are_the_services_the_members_call(notes: dict[str, Any], orders: dict[str, Any]) -> None:
    def services(resources: dict[str, Any]) -> dict[str, str]:
        return {body["Properties"]["ServiceName"]["Fn::Sub"].rsplit(".", 1)[1]: body["Properties"]["VpcEndpointType"]
                for body in _of_type(resources, "AWS::EC2::VPCEndpoint").values()}

    assert services(notes) == {"secretsmanager": "Interface", "ssm": "Interface", "xray": "Interface"}
    assert services(orders) == {"dynamodb": "Gateway", "ssm": "Interface", "xray": "Interface"}
    gateway = orders["VpcDynamodbEndpoint"]["Properties"]
    assert gateway["RouteTableIds"] == [{"Ref": "VpcPrivateRouteTableA"}, {"Ref": "VpcPrivateRouteTableB"}]


def test_subnets_are_derived_from_the_block_or_as_set(notes: dict[str, Any], orders: dict[str, Any]) -> None:
    def blocks(resources: dict[str, Any], kind: str) -> list[str]:
        return [resources[f"Vpc{kind}Subnet{az}"]["Properties"]["CidrBlock"] for az in "AB"]

    assert blocks(notes, "Private") == ["10.20.0.0/20", "10.20.16.0/20"]  # 10.20.0.0/16 in sixteenths
    assert "VpcPublicSubnetA" not in notes and not _of_type(notes, "AWS::EC2::NatGateway")
    assert blocks(orders, "Private") == ["10.8.0.0/24", "10.8.1.0/24"]  # as the model sets them
    assert blocks(orders, "Public") == ["10.8.2.0/24", "10.8.3.0/24"]   # derived from 10.8.0.0/20
    assert len(_of_type(orders, "AWS::EC2::NatGateway")) == 2            # nat: per-az
    routes = {r["Properties"]["RouteTableId"]["Ref"]: r["Properties"].get("NatGatewayId")
              for r in _of_type(orders, "AWS::EC2::Route").values()}
    assert routes["VpcPrivateRouteTableA"] == {"Ref": "VpcNatGatewayA"}
    assert routes["VpcPrivateRouteTableB"] == {"Ref": "VpcNatGatewayB"}


def test_a_single_nat_serves_both_zones(tmp_path: Path) -> None:
    model = tmp_path / "system.yaml"
    model.write_text(ORDERS.read_text().replace("nat: per-az", "nat: single"))
    resources = _resources(model)
    assert list(_of_type(resources, "AWS::EC2::NatGateway")) == ["VpcNatGatewayA"]
    routes = [r["Properties"].get("NatGatewayId") for r in _of_type(resources, "AWS::EC2::Route").values()
              if "NatGatewayId" in r["Properties"]]
    assert routes == [{"Ref": "VpcNatGatewayA"}, {"Ref": "VpcNatGatewayA"}]


def test_the_function_is_inside_because_it_reaches_the_proxy(notes: dict[str, Any]) -> None:
    function = notes["NotesFnFunction"]["Properties"]
    assert function["VpcConfig"] == {"SubnetIds": [{"Ref": "VpcPrivateSubnetA"}, {"Ref": "VpcPrivateSubnetB"}],
                                     "SecurityGroupIds": [_group("NotesFnSecurityGroup")]}
    assert notes["NotesFnRole"]["Properties"]["ManagedPolicyArns"] == [{"Fn::Sub": (
        "arn:${AWS::Partition}:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole")}]
    skipped = [s["id"] for s in notes["NotesFnFunction"]["Metadata"].get("checkov", {}).get("skip", [])]
    assert "CKV_AWS_117" not in skipped  # in a VPC: the check passes, nothing to waive
    variables = function["Environment"]["Variables"]
    assert variables["DB_PROXY_ENDPOINT"] == {"Fn::GetAtt": ["DbProxyProxy", "Endpoint"]}
    assert {k: variables[k] for k in ("DB_NAME", "DB_USER", "DB_PORT", "DB_ENGINE")} == {
        "DB_NAME": "notes", "DB_USER": "notes_app", "DB_PORT": "5432", "DB_ENGINE": "postgresql"}


def test_a_function_reaching_nothing_private_stays_outside(tmp_path: Path) -> None:
    model = tmp_path / "system.yaml"
    model.write_text(ORDERS.read_text().replace("  archive:\n", (
        "  report-fn:\n    kind: lambda.function\n    label: Report\n    description: Reads the archive only.\n"
        "    settings:\n      source: functions/items\n  archive:\n"), 1).replace(
        "relations:\n", "relations:\n  - {from: report-fn, to: archive, label: scan, access: read}\n", 1).replace(
        "exceptions:\n", "exceptions:\n  - component: report-fn\n    control: CKV_AWS_117\n"
        "    reason: Test fixture; it reaches DynamoDB only.\n", 1))
    resources = _resources(model)
    assert "VpcConfig" not in resources["ReportFnFunction"]["Properties"]
    assert "ReportFnSecurityGroup" not in resources and "ManagedPolicyArns" not in resources["ReportFnRole"]["Properties"]
    skipped = [s["id"] for s in resources["ReportFnFunction"]["Metadata"]["checkov"]["skip"]]
    assert "CKV_AWS_117" in skipped
    assert "VpcConfig" in resources["OrdersFnFunction"]["Properties"]


def test_the_proxy_grant_is_connect_on_its_database_user_only(notes: dict[str, Any]) -> None:
    policy = next(p for p in notes["NotesFnRole"]["Properties"]["Policies"] if p["PolicyName"] == "read-write-db-proxy")
    [statement] = policy["PolicyDocument"]["Statement"]
    assert statement["Action"] == "rds-db:connect"
    text, values = statement["Resource"]["Fn::Sub"]
    assert text == "arn:${AWS::Partition}:rds-db:${AWS::Region}:${AWS::AccountId}:dbuser:${DestinationResourceId}/notes_app"
    assert values == {"DestinationResourceId": {"Fn::Select": [6, {"Fn::Split": [":", {"Fn::GetAtt": [
        "DbProxyProxy", "DBProxyArn"]}]}]}}


def test_the_proxy_reads_the_clusters_managed_secret_only(notes: dict[str, Any]) -> None:
    proxy = notes["DbProxyProxy"]["Properties"]
    assert proxy["RequireTLS"] is True and proxy["EngineFamily"] == "POSTGRESQL"
    assert proxy["Auth"] == [{"AuthScheme": "SECRETS", "IAMAuth": "REQUIRED", "Description": "the cluster's managed "
                              "master secret", "SecretArn": {"Fn::GetAtt": ["NotesDbCluster", "MasterUserSecret.SecretArn"]}}]
    [policy] = notes["DbProxyRole"]["Properties"]["Policies"]
    read, key = policy["PolicyDocument"]["Statement"]
    assert read == {"Effect": "Allow", "Action": "secretsmanager:GetSecretValue",
                    "Resource": {"Fn::GetAtt": ["NotesDbCluster", "MasterUserSecret.SecretArn"]}}
    assert key["Action"] == "kms:Decrypt" and key["Resource"] == {"Fn::GetAtt": ["NotesDbKey", "Arn"]}
    assert key["Condition"] == {"StringEquals": {"kms:ViaService": {"Fn::Sub": "secretsmanager.${AWS::Region}.amazonaws.com"}}}


def test_the_cluster_keeps_its_data_and_key_encrypted_and_protected(notes: dict[str, Any]) -> None:
    cluster = notes["NotesDbCluster"]
    p = cluster["Properties"]
    assert cluster["DeletionPolicy"] == cluster["UpdateReplacePolicy"] == "Retain"
    assert notes["NotesDbKey"]["DeletionPolicy"] == "Retain"
    assert (p["StorageEncrypted"], p["DeletionProtection"], p["EnableIAMDatabaseAuthentication"],
            p["ManageMasterUserPassword"], p["BackupRetentionPeriod"]) == (True, True, True, True, 14)
    assert "MasterUserPassword" not in p and p["KmsKeyId"] == p["MasterUserSecret"]["KmsKeyId"]
    assert p["EnableCloudwatchLogsExports"] == ["postgresql"]
    assert cluster["DependsOn"] == ["NotesDbPostgresqlLogGroup"]
    assert notes["NotesDbPostgresqlLogGroup"]["Properties"]["LogGroupName"] == "/aws/rds/cluster/notes-prod-notes-db/postgresql"
    instances = _of_type(notes, "AWS::RDS::DBInstance")
    assert sorted(instances) == ["NotesDbReader1", "NotesDbWriter"]
    assert all(i["Properties"]["PubliclyAccessible"] is False and i["Properties"]["DBInstanceClass"] == "db.serverless"
               for i in instances.values())


def test_a_secret_and_a_parameter_grant_their_readers_exactly(notes: dict[str, Any]) -> None:
    policies = {p["PolicyName"]: p["PolicyDocument"]["Statement"] for p in notes["NotesFnRole"]["Properties"]["Policies"]}
    secret = policies["read-cursor-key"]
    assert secret[0] == {"Effect": "Allow", "Action": ["secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue"],
                         "Resource": {"Fn::Sub": "arn:${AWS::Partition}:secretsmanager:${AWS::Region}:${AWS::AccountId}"
                                                 ":secret:notes/prod/cursor-key-??????"}}
    assert secret[1]["Resource"] == {"Fn::GetAtt": ["CursorKeyKey", "Arn"]} and len(secret) == 2
    assert policies["read-page-size"] == [{"Effect": "Allow", "Action": ["ssm:GetParameter", "ssm:GetParameters"],
                                           "Resource": {"Fn::Sub": "arn:${AWS::Partition}:ssm:${AWS::Region}:"
                                                                   "${AWS::AccountId}:parameter/notes/prod/page-size"}}]
    generated = notes["CursorKeySecret"]["Properties"]
    assert "SecretString" not in generated and generated["GenerateSecretString"]["PasswordLength"] == 48
    assert notes["PageSizeParameter"]["Properties"]["Type"] == "String"


def test_model_text_reaches_ec2_descriptions_only_in_characters_ec2_takes(tmp_path: Path) -> None:
    model = tmp_path / "system.yaml"
    model.write_text(NOTES.read_text().replace('label: "SQL, IAM token, TLS"', 'label: "SQL <é> \\"ok\\" `x`\\u202e"'))
    resources = _resources(model)
    assert resources["DbProxyFromNotesFnIngress"]["Properties"]["Description"] == "from notes-fn (SQL ok x )"


def test_a_function_calling_two_proxies_tells_their_databases_apart(tmp_path: Path) -> None:
    model = tmp_path / "system.yaml"
    model.write_text(ORDERS.read_text().replace("  archive:\n", (
        "  proxy-b:\n    kind: rds.proxy\n    label: Proxy B\n    description: Pools the reports' connections.\n"
        "  db-b:\n    kind: rds.aurora_serverless\n    label: Reports\n    description: Reports, PostgreSQL.\n"
        "    settings: {vpc: vpc, database: reports, username: reader}\n  archive:\n"), 1).replace(
        "relations:\n", "relations:\n  - {from: orders-fn, to: proxy-b, label: reports, access: read}\n"
        "  - {from: proxy-b, to: db-b, label: pooled}\n  - {from: db-b, to: logs, label: logs}\n", 1).replace(
        "    settings:\n      vpc: vpc\n      idle_client_timeout_s", "    settings:\n      vpc: vpc\n      idle_client_timeout_s"))
    variables = _resources(model)["OrdersFnFunction"]["Properties"]["Environment"]["Variables"]
    assert {k: v for k, v in variables.items() if "DB_" in k and "ENDPOINT" not in k} == {
        "PROXY_DB_NAME": "app", "PROXY_DB_USER": "app", "PROXY_DB_PORT": "3306", "PROXY_DB_ENGINE": "mysql",
        "PROXY_B_DB_NAME": "reports", "PROXY_B_DB_USER": "reader", "PROXY_B_DB_PORT": "5432",
        "PROXY_B_DB_ENGINE": "postgresql"}
    assert {"PROXY_DB_PROXY_ENDPOINT", "PROXY_B_DB_PROXY_ENDPOINT"} <= set(variables)


def test_flow_logs_switched_off_by_the_model_leave_no_flow_log(tmp_path: Path) -> None:
    model = tmp_path / "system.yaml"
    model.write_text(ORDERS.read_text().replace("  - {from: vpc, to: logs, label: flow logs}\n", "").replace(
        "exceptions:\n", "exceptions:\n  - component: vpc\n    control: flow-logs\n    reason: Test fixture; a "
        "scratch network.\n", 1))
    resources = _resources(model)
    assert not _of_type(resources, "AWS::EC2::FlowLog") and "VpcFlowLogGroup" not in resources
    assert _of_type(_resources(ORDERS), "AWS::EC2::FlowLog")["VpcFlowLog"]["Properties"]["TrafficType"] == "REJECT"


def _without_line(text: str, line: str) -> str:
    return text.replace(line + "\n", "", 1)


@pytest.mark.parametrize("model", [NOTES, ORDERS], ids=["notes", "orders"])
def test_every_model_one_relation_short_that_validates_still_renders(model: Path, tmp_path: Path) -> None:
    """Each relation left out in turn: the model is refused with its errors, or it renders (never a crash)."""
    from archgen.errors import ModelInvalid

    text = model.read_text()
    lines = [line for line in text.splitlines() if line.startswith("  - {from:")]
    rendered = refused = 0
    for line in lines:
        variant = tmp_path / "system.yaml"
        variant.write_text(_without_line(text, line))
        try:
            graph = SystemGraph(load_model(variant))
        except ModelInvalid as invalid:
            assert invalid.errors, line
            refused += 1
            continue
        assert synthesize(graph).templates, line
        rendered += 1
    assert rendered and refused and rendered + refused == len(lines) >= 10
