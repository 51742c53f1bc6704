"""What moto's own CloudFormation does without `install()`, printed as JSON facts.

Run in a fresh interpreter (`python -m tests.deploy_local.moto_baseline`) by test_moto_baseline:
install() changes moto for the whole process, so plain moto can only be seen in another one.
"""

from __future__ import annotations

import json
import os
import warnings
from typing import Any

import boto3
from botocore.config import Config
from moto.server import ThreadedMotoServer

from tests.deploy_local.stacks import REGION, outputs, template


def _status(cloudformation: Any, name: str) -> str:
    return cloudformation.describe_stacks(StackName=name)["Stacks"][0]["StackStatus"]


def _http_status(call: Any) -> int:
    try:
        call()
    except Exception as error:  # noqa: BLE001 - moto answers 500 as an HTML page boto3 cannot parse
        return getattr(error, "response", {}).get("ResponseMetadata", {}).get("HTTPStatusCode", 500)
    return 200


def facts(cloudformation: Any, s3: Any) -> dict[str, Any]:
    topic = {"Type": "AWS::SNS::Topic", "Properties": {"TopicName": "baseline"}}
    subscription = {"Type": "AWS::SNS::Subscription", "Properties": {
        "TopicArn": {"Ref": "Topic"}, "Protocol": "email", "Endpoint": "a@example.com"}}
    cloudformation.create_stack(StackName="skipped", TemplateBody=template(
        {"Topic": topic, "Subscription": subscription},
        {"Topic": {"Ref": "Topic"}, "Subscription": {"Ref": "Subscription"}}))
    pool = {"Type": "AWS::Cognito::UserPool", "Properties": {"UserPoolName": "baseline"}}
    getatt = _http_status(lambda: cloudformation.create_stack(StackName="getatt", TemplateBody=template(
        {"Pool": pool}, {"Arn": {"Fn::GetAtt": ["Pool", "Arn"]}})))
    change_set = cloudformation.create_change_set(
        StackName="change-set", ChangeSetName="create", ChangeSetType="CREATE",
        TemplateBody=template({"Topic": topic}, {"Topic": {"Ref": "Topic"}}))
    cloudformation.execute_change_set(ChangeSetName=change_set["Id"])
    s3.create_bucket(Bucket="taken", CreateBucketConfiguration={"LocationConstraint": REGION})
    failing = _http_status(lambda: cloudformation.create_stack(StackName="failing", TemplateBody=template(
        {"Taken": {"Type": "AWS::S3::Bucket", "Properties": {"BucketName": "taken"}}})))
    events = cloudformation.describe_stack_events(StackName="failing")["StackEvents"]
    return {
        "skipped_outputs": sorted(outputs(cloudformation.describe_stacks(StackName="skipped")["Stacks"][0])),
        "skipped_status": _status(cloudformation, "skipped"),
        "getatt_of_skipped_http": getatt,
        "change_set_outputs": outputs(cloudformation.describe_stacks(StackName="change-set")["Stacks"][0]),
        "failing_http": failing,
        "failing_status": _status(cloudformation, "failing"),
        "failing_events": sorted({each["ResourceStatus"] for each in events}),
    }


def main() -> None:
    warnings.simplefilter("ignore")
    os.environ.update(AWS_ACCESS_KEY_ID="testing", AWS_SECRET_ACCESS_KEY="testing")
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    once = Config(retries={"max_attempts": 1})
    clients = [boto3.client(service, endpoint_url=f"http://{host}:{port}", region_name=REGION, config=once)
               for service in ("cloudformation", "s3")]
    try:
        print(json.dumps(facts(*clients)))
    finally:
        server.stop()


if __name__ == "__main__":
    main()
