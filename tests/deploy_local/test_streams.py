"""State machines, Kinesis streams and Firehose delivery streams, deployed for real: what the templates say
of a machine's type, logging, tracing, key and definition substitutions, of a stream's mode and
encryption, and of a delivery stream's source and S3 destination is what the local APIs answer."""

from __future__ import annotations

import json
from typing import Any

from tests.deploy_local.stacks import Clients, create_stack, delete_stack, outputs, template

ROLE = {"Type": "AWS::IAM::Role", "Properties": {"AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": {"Service": "states.amazonaws.com"}, "Action": "sts:AssumeRole"}]}}}
DEFINITION = {"StartAt": "Record", "States": {"Record": {
    "Type": "Task", "Resource": "arn:aws:states:::dynamodb:putItem",
    "Parameters": {"TableName": "${OrdersName}", "Item": {"id": {"S.$": "$.id"}}}, "End": True}}}


def _resources() -> dict[str, Any]:
    key = {"Type": "AWS::KMS::Key", "Properties": {"KeyPolicy": {"Version": "2012-10-17", "Statement": []}}}
    group = {"Type": "AWS::Logs::LogGroup", "Properties": {"LogGroupName": "/aws/vendedlogs/states/streams-flow"}}
    machine = {"Type": "AWS::StepFunctions::StateMachine", "Properties": {
        "StateMachineName": "streams-flow", "StateMachineType": "EXPRESS", "RoleArn": {"Fn::GetAtt": ["Role", "Arn"]},
        "DefinitionString": json.dumps(DEFINITION), "DefinitionSubstitutions": {"OrdersName": "streams-orders"},
        "LoggingConfiguration": {"Level": "ALL", "IncludeExecutionData": False, "Destinations": [
            {"CloudWatchLogsLogGroup": {"LogGroupArn": {"Fn::GetAtt": ["Group", "Arn"]}}}]},
        "TracingConfiguration": {"Enabled": True},
        "EncryptionConfiguration": {"Type": "CUSTOMER_MANAGED_KMS_KEY", "KmsKeyId": {"Fn::GetAtt": ["Key", "Arn"]},
                                    "KmsDataKeyReusePeriodSeconds": 300},
        "Tags": [{"Key": "project", "Value": "streams"}]}}
    stream = {"Type": "AWS::Kinesis::Stream", "Properties": {
        "Name": "streams-clicks", "RetentionPeriodHours": 48, "StreamModeDetails": {"StreamMode": "ON_DEMAND"},
        "StreamEncryption": {"EncryptionType": "KMS", "KeyId": {"Fn::GetAtt": ["Key", "Arn"]}}}}
    bucket = {"Type": "AWS::S3::Bucket", "Properties": {"BucketName": "streams-archive"}}
    errors = {"Type": "AWS::Logs::LogStream", "Properties": {"LogGroupName": {"Ref": "Group"},
                                                             "LogStreamName": "DestinationDelivery"}}
    hose = {"Type": "AWS::KinesisFirehose::DeliveryStream", "Properties": {
        "DeliveryStreamName": "streams-archive", "DeliveryStreamType": "KinesisStreamAsSource",
        "KinesisStreamSourceConfiguration": {"KinesisStreamARN": {"Fn::GetAtt": ["Stream", "Arn"]},
                                             "RoleARN": {"Fn::GetAtt": ["Role", "Arn"]}},
        "ExtendedS3DestinationConfiguration": {
            "BucketARN": {"Fn::GetAtt": ["Bucket", "Arn"]}, "RoleARN": {"Fn::GetAtt": ["Role", "Arn"]},
            "Prefix": "data/", "ErrorOutputPrefix": "errors/", "CompressionFormat": "GZIP",
            "BufferingHints": {"IntervalInSeconds": 60, "SizeInMBs": 5},
            "CloudWatchLoggingOptions": {"Enabled": True, "LogGroupName": {"Ref": "Group"},
                                         "LogStreamName": "DestinationDelivery"}}}}
    return {"Role": ROLE, "Key": key, "Group": group, "StateMachine": machine, "Stream": stream, "Bucket": bucket,
            "ErrorLog": errors, "Archive": hose}


def test_streams_and_state_machines_keep_their_settings(aws: Clients) -> None:
    body = template(_resources(), {"Machine": {"Ref": "StateMachine"}, "Archive": {"Fn::GetAtt": ["Archive", "Arn"]}})
    stack = create_stack(aws("cloudformation"), "streams", body)
    found = outputs(stack)
    machine = aws("stepfunctions").describe_state_machine(stateMachineArn=found["Machine"])
    assert machine["type"] == "EXPRESS"
    assert json.loads(machine["definition"])["States"]["Record"]["Parameters"]["TableName"] == "streams-orders"
    assert machine["loggingConfiguration"]["level"] == "ALL"
    assert machine["loggingConfiguration"]["includeExecutionData"] is False
    assert machine["tracingConfiguration"] == {"enabled": True}
    assert machine["encryptionConfiguration"]["type"] == "CUSTOMER_MANAGED_KMS_KEY"

    stream = aws("kinesis").describe_stream_summary(StreamName="streams-clicks")["StreamDescriptionSummary"]
    assert stream["StreamModeDetails"] == {"StreamMode": "ON_DEMAND"}
    assert stream["EncryptionType"] == "KMS" and stream["KeyId"].startswith("arn:")
    assert stream["RetentionPeriodHours"] == 48

    hose = aws("firehose").describe_delivery_stream(DeliveryStreamName="streams-archive")["DeliveryStreamDescription"]
    assert found["Archive"] == hose["DeliveryStreamARN"]
    assert hose["DeliveryStreamType"] == "KinesisStreamAsSource"
    destination = hose["Destinations"][0]["ExtendedS3DestinationDescription"]
    assert destination["BucketARN"] == "arn:aws:s3:::streams-archive" and destination["Prefix"] == "data/"
    assert destination["CloudWatchLoggingOptions"]["LogStreamName"] == "DestinationDelivery"
    streams = aws("logs").describe_log_streams(logGroupName="/aws/vendedlogs/states/streams-flow")["logStreams"]
    assert [s["logStreamName"] for s in streams] == ["DestinationDelivery"]

    delete_stack(aws("cloudformation"), "streams")
    assert aws("firehose").list_delivery_streams()["DeliveryStreamNames"] == []
