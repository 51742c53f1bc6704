"""Workflow and streaming relations as CloudFormation: a state machine's grants are exactly SAM's
profiles from AWS::StepFunctions::StateMachine, filled; a function starting it gets SAM's
StartExecution grant and the machine's ARN; a stream's consumers and producers get the kind's own
grants (no SAM profile) with the stream's key through Kinesis only; a delivery stream's role writes
its bucket with the bucket's key; an API writing access logs to a delivery stream names it and needs
no CloudWatch role."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from archgen.graph import SystemGraph
from archgen.grants import profiles, replace
from archgen.render.cloudformation.assemble import synthesize
from archgen.validate import load_model

KINDS = Path(__file__).resolve().parent / "kinds"
SFN, LAMBDA = "AWS::StepFunctions::StateMachine", "AWS::Lambda::Function"


def _synth(kind: str) -> tuple[SystemGraph, dict[str, dict[str, Any]]]:
    graph = SystemGraph(load_model(KINDS / kind / "system.yaml"))
    result = synthesize(graph)
    return graph, {lid: body for template in result.templates.values() for lid, body in template["Resources"].items()}


def _statements(role: dict[str, Any], policy: str) -> list[dict[str, Any]]:
    return next(p["PolicyDocument"]["Statement"] for p in role["Properties"]["Policies"] if p["PolicyName"] == policy)


def _arn(service: str, name: str) -> dict[str, str]:
    return {"Fn::Sub": f"arn:${{AWS::Partition}}:{service}:${{AWS::Region}}:${{AWS::AccountId}}:{name}"}


def test_the_machines_invoke_grant_is_sams_profile_filled() -> None:
    _, resources = _synth("stepfunctions.state_machine")
    profile = profiles()["Permissions"][SFN][LAMBDA]["Properties"]["AccessCategories"]["Write"]["Statement"]
    function = _arn("lambda", "function:items-app-dev-check-fn")
    expected = replace(profile, lambda side, name: function)
    assert _statements(resources["OrderFlowRole"], "invoke-check-fn") == expected


def test_the_machines_table_and_topic_grants_are_sams_with_their_keys() -> None:
    _, resources = _synth("stepfunctions.state_machine")
    role = resources["OrderFlowRole"]
    write = profiles()["Permissions"][SFN]["AWS::DynamoDB::Table"]["Properties"]["AccessCategories"]["Write"]
    table = _arn("dynamodb", "table/items-app-dev-orders")
    assert _statements(role, "write-orders")[:-1] == replace(write["Statement"], lambda side, name: table)
    assert _statements(role, "write-orders")[-1]["Action"] == ["kms:Decrypt"]
    publish = _statements(role, "publish-alerts")
    assert publish[0]["Action"] == ["sns:Publish"] and publish[1]["Action"] == ["kms:Decrypt", "kms:GenerateDataKey"]


def test_a_function_starting_the_machine_gets_sams_grant_and_its_arn() -> None:
    _, resources = _synth("stepfunctions.state_machine")
    statements = _statements(resources["StartFnRole"], "start-order-flow")
    assert statements[0]["Action"] == ["states:StartExecution", "states:StartSyncExecution"]
    assert statements[0]["Resource"] == [_arn("states", "stateMachine:items-app-dev-order-flow")]
    assert "execution:items-app-dev-order-flow:*" in statements[1]["Resource"][0]["Fn::Sub"]
    variables = resources["StartFnFunction"]["Properties"]["Environment"]["Variables"]
    assert variables == {"STATE_MACHINE_ARN": _arn("states", "stateMachine:items-app-dev-order-flow")}


def test_the_machine_logs_all_without_execution_data_and_traces() -> None:
    _, resources = _synth("stepfunctions.state_machine")
    machine = resources["OrderFlowStateMachine"]["Properties"]
    assert machine["LoggingConfiguration"]["Level"] == "ALL"
    assert machine["LoggingConfiguration"]["IncludeExecutionData"] is False
    assert machine["TracingConfiguration"] == {"Enabled": True}
    assert machine["EncryptionConfiguration"]["Type"] == "CUSTOMER_MANAGED_KMS_KEY"
    assert resources["OrderFlowKey"]["DeletionPolicy"] == "Retain"
    assert resources["OrderFlowLogGroup"]["Properties"]["LogGroupName"].startswith("/aws/vendedlogs/states/")


def test_a_stream_consumer_reads_it_with_its_key_through_kinesis_only() -> None:
    graph, resources = _synth("kinesis.stream")
    statements = _statements(resources["ReaderFnRole"], "trigger-reader-fn")
    assert statements[0]["Resource"] == _arn("kinesis", "stream/items-app-dev-readings")
    assert "kinesis:GetRecords" in statements[0]["Action"] and "kinesis:PutRecord" not in statements[0]["Action"]
    assert statements[1] == {"Effect": "Allow", "Action": ["kms:Decrypt"], "Resource": {"Fn::GetAtt": [
        "ReadingsKey", "Arn"]}, "Condition": {"StringEquals": {"kms:ViaService": {
            "Fn::Sub": "kinesis.${AWS::Region}.amazonaws.com"}}}}
    link = next(link for link in graph.links() if link.key == "readings->reader-fn")
    assert link.grant is not None and link.grant.origin == "kind"
    assert "no SAM profile" in link.becomes() and "the role of reader-fn" in link.becomes()


def test_a_stream_consumers_mapping_bisects_retries_and_records_failures() -> None:
    _, resources = _synth("kinesis.stream")
    mapping = resources["ReaderFnReadingsEvents"]["Properties"]
    assert mapping["StartingPosition"] == "TRIM_HORIZON" and mapping["BatchSize"] == 50
    assert mapping["BisectBatchOnFunctionError"] is True and mapping["MaximumRetryAttempts"] == 3
    assert mapping["DestinationConfig"] == {"OnFailure": {"Destination": _arn("sns", "items-app-dev-failed")}}
    publish = _statements(resources["ReaderFnRole"], "publish-failed")
    assert publish[0]["Resource"] == [_arn("sns", "items-app-dev-failed")]


def test_a_producer_writes_the_stream_with_its_key() -> None:
    _, resources = _synth("kinesis.stream")
    statements = _statements(resources["ProducerFnRole"], "write-readings")
    assert statements[0]["Action"] == ["kinesis:DescribeStreamSummary", "kinesis:PutRecord", "kinesis:PutRecords"]
    assert statements[1]["Action"] == ["kms:GenerateDataKey"]
    stream = resources["ReadingsStream"]
    assert stream["Properties"]["StreamModeDetails"] == {"StreamMode": "ON_DEMAND"}
    assert stream["DeletionPolicy"] == "Retain" and resources["ReadingsKey"]["DeletionPolicy"] == "Retain"


def test_a_delivery_stream_reading_a_stream_takes_its_encryption() -> None:
    _, resources = _synth("firehose.delivery_stream")
    hose = resources["ClicksArchiveDeliveryStream"]["Properties"]
    assert hose["DeliveryStreamType"] == "KinesisStreamAsSource"
    assert "DeliveryStreamEncryptionConfigurationInput" not in hose and "ClicksArchiveKey" not in resources
    read = _statements(resources["ClicksArchiveRole"], "deliver-clicks-archive")
    assert read[0]["Resource"] == _arn("kinesis", "stream/items-app-dev-clicks")
    assert read[1]["Action"] == ["kms:Decrypt"]
    destination = hose["ExtendedS3DestinationConfiguration"]
    assert destination["EncryptionConfiguration"] == {"KMSEncryptionConfig": {"AWSKMSKeyARN": {
        "Fn::GetAtt": ["ArchiveKey", "Arn"]}}}
    write = _statements(resources["ClicksArchiveRole"], "deliver-archive")
    assert "s3:PutObject" in write[0]["Action"] and write[1]["Action"] == ["kms:Decrypt", "kms:GenerateDataKey"]


def test_an_api_logging_to_a_delivery_stream_names_it_as_api_gateway_requires() -> None:
    _, resources = _synth("firehose.delivery_stream")
    hose = resources["AccessArchiveDeliveryStream"]["Properties"]
    assert hose["DeliveryStreamName"].startswith("amazon-apigateway-")
    assert hose["DeliveryStreamEncryptionConfigurationInput"]["KeyType"] == "CUSTOMER_MANAGED_CMK"
    stage = resources["ApiStage"]["Properties"]["AccessLogSetting"]
    assert stage["DestinationArn"] == {"Fn::GetAtt": ["AccessArchiveDeliveryStream", "Arn"]}
    assert "ApiCloudWatchRole" not in resources and "ApiAccount" not in resources
    put = _statements(resources["HelloFnRole"], "write-access-archive")
    assert put == [{"Effect": "Allow", "Action": ["firehose:PutRecord", "firehose:PutRecordBatch"],
                    "Resource": _arn("firehose", "deliverystream/amazon-apigateway-items-app-dev-access-archive")}]
