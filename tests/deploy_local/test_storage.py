"""Buckets, function URLs and CORS preflights, deployed for real: what the templates say of versioning,
lifecycle, CORS and event notifications is what the local bucket answers; a function URL keeps its auth
type and CORS; a MOCK OPTIONS method keeps its integration and its CORS headers."""

from __future__ import annotations

import io
import zipfile
from typing import Any

from tests.deploy_local.stacks import Clients, REGION, create_stack, outputs, template, update_stack

ORIGIN = "https://photos.example.org"


def _code(aws: Clients) -> dict[str, str]:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("handler.py", "def handler(event, context):\n    return {}\n")
    s3 = aws("s3")
    s3.create_bucket(Bucket="code-storage-tests", CreateBucketConfiguration={"LocationConstraint": REGION})
    s3.put_object(Bucket="code-storage-tests", Key="fn.zip", Body=buffer.getvalue())
    return {"S3Bucket": "code-storage-tests", "S3Key": "fn.zip"}


def _resources(code: dict[str, str], cors_max_age: int = 3000) -> dict[str, Any]:
    role = {"Type": "AWS::IAM::Role", "Properties": {"AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]}}}
    function = {"Type": "AWS::Lambda::Function", "Properties": {
        "FunctionName": "storage-thumbnail", "Runtime": "python3.13", "Handler": "handler.handler", "Code": code,
        "Role": {"Fn::GetAtt": ["Role", "Arn"]}, "Architectures": ["arm64"]}}
    permission = {"Type": "AWS::Lambda::Permission", "Properties": {
        "Action": "lambda:InvokeFunction", "FunctionName": {"Ref": "Function"}, "Principal": "s3.amazonaws.com",
        "SourceArn": "arn:aws:s3:::storage-uploads", "SourceAccount": {"Ref": "AWS::AccountId"}}}
    bucket = {"Type": "AWS::S3::Bucket", "DependsOn": ["Permission"], "Properties": {
        "BucketName": "storage-uploads",
        "VersioningConfiguration": {"Status": "Enabled"},
        "PublicAccessBlockConfiguration": {"BlockPublicAcls": True, "BlockPublicPolicy": True,
                                           "IgnorePublicAcls": True, "RestrictPublicBuckets": True},
        "LifecycleConfiguration": {"Rules": [
            {"Id": "abort-incomplete-uploads", "Status": "Enabled",
             "AbortIncompleteMultipartUpload": {"DaysAfterInitiation": 7}},
            {"Id": "expire-old-versions", "Status": "Enabled", "NoncurrentVersionExpiration": {"NoncurrentDays": 30}},
            {"Id": "expire-objects", "Status": "Enabled", "ExpirationInDays": 90}]},
        "CorsConfiguration": {"CorsRules": [{
            "Id": "UsersUpload", "AllowedOrigins": [ORIGIN], "AllowedMethods": ["POST", "PUT"],
            "AllowedHeaders": ["content-type"], "ExposedHeaders": ["ETag"], "MaxAge": cors_max_age}]},
        "NotificationConfiguration": {"LambdaConfigurations": [{
            "Event": "s3:ObjectCreated:*", "Function": {"Fn::GetAtt": ["Function", "Arn"]},
            "Filter": {"S3Key": {"Rules": [{"Name": "prefix", "Value": "uploads/"},
                                           {"Name": "suffix", "Value": ".png"}]}}}]}}}
    url = {"Type": "AWS::Lambda::Url", "Properties": {
        "TargetFunctionArn": {"Fn::GetAtt": ["Function", "Arn"]}, "AuthType": "AWS_IAM", "InvokeMode": "BUFFERED",
        "Cors": {"AllowOrigins": [ORIGIN], "AllowMethods": ["GET"], "MaxAge": 300}}}
    api = {"Type": "AWS::ApiGateway::RestApi", "Properties": {"Name": "storage-api"}}
    uploads = {"Type": "AWS::ApiGateway::Resource", "Properties": {
        "RestApiId": {"Ref": "Api"}, "ParentId": {"Fn::GetAtt": ["Api", "RootResourceId"]}, "PathPart": "uploads"}}
    headers = {"Access-Control-Allow-Origin": f"'{ORIGIN}'", "Access-Control-Allow-Methods": "'OPTIONS,POST'"}
    preflight = {"Type": "AWS::ApiGateway::Method", "Properties": {
        "RestApiId": {"Ref": "Api"}, "ResourceId": {"Ref": "Uploads"}, "HttpMethod": "OPTIONS",
        "AuthorizationType": "NONE",
        "Integration": {"Type": "MOCK", "RequestTemplates": {"application/json": '{"statusCode": 200}'},
                        "IntegrationResponses": [{"StatusCode": "200", "ResponseTemplates": {"application/json": ""},
                                                  "ResponseParameters": {f"method.response.header.{k}": v
                                                                         for k, v in headers.items()}}]},
        "MethodResponses": [{"StatusCode": "200", "ResponseParameters": {
            f"method.response.header.{k}": True for k in headers}}]}}
    return {"Role": role, "Function": function, "Permission": permission, "Bucket": bucket, "Url": url, "Api": api,
            "Uploads": uploads, "Preflight": preflight}


def _body(code: dict[str, str], cors_max_age: int = 3000) -> str:
    return template(_resources(code, cors_max_age), {"Url": {"Fn::GetAtt": ["Url", "FunctionUrl"]},
                                                    "ApiId": {"Ref": "Api"}, "UploadsId": {"Ref": "Uploads"}})


def test_a_bucket_keeps_what_its_template_says(aws: Clients) -> None:
    stack = create_stack(aws("cloudformation"), "storage-buckets", _body(_code(aws)))
    s3 = aws("s3")
    assert s3.get_bucket_versioning(Bucket="storage-uploads")["Status"] == "Enabled"
    assert s3.get_public_access_block(Bucket="storage-uploads")["PublicAccessBlockConfiguration"]["BlockPublicAcls"]
    rules = {rule["ID"]: rule for rule in s3.get_bucket_lifecycle_configuration(Bucket="storage-uploads")["Rules"]}
    assert rules["abort-incomplete-uploads"]["AbortIncompleteMultipartUpload"] == {"DaysAfterInitiation": 7}
    assert rules["expire-old-versions"]["NoncurrentVersionExpiration"]["NoncurrentDays"] == 30
    assert rules["expire-objects"]["Expiration"]["Days"] == 90
    cors = s3.get_bucket_cors(Bucket="storage-uploads")["CORSRules"]
    assert [(c["AllowedOrigins"], sorted(c["AllowedMethods"]), c["MaxAgeSeconds"]) for c in cors] == \
        [([ORIGIN], ["POST", "PUT"], 3000)]
    notified = s3.get_bucket_notification_configuration(Bucket="storage-uploads")["LambdaFunctionConfigurations"]
    assert [n["LambdaFunctionArn"].rsplit(":", 1)[-1] for n in notified] == ["storage-thumbnail"]
    assert {r["Name"].lower(): r["Value"] for r in notified[0]["Filter"]["Key"]["FilterRules"]} == \
        {"prefix": "uploads/", "suffix": ".png"}
    assert notified[0]["Events"] == ["s3:ObjectCreated:*"]
    code = {"S3Bucket": "code-storage-tests", "S3Key": "fn.zip"}
    updated = update_stack(aws("cloudformation"), "storage-buckets", _body(code, cors_max_age=600))
    assert s3.get_bucket_cors(Bucket="storage-uploads")["CORSRules"][0]["MaxAgeSeconds"] == 600
    assert outputs(updated)["Url"] == outputs(stack)["Url"]


def test_a_function_url_and_a_preflight_keep_their_settings(aws: Clients) -> None:
    stack = aws("cloudformation").describe_stacks(StackName="storage-buckets")["Stacks"][0]
    found = outputs(stack)
    config = aws("lambda").get_function_url_config(FunctionName="storage-thumbnail")
    assert config["FunctionUrl"] == found["Url"] and found["Url"].startswith("https://")
    assert config["AuthType"] == "AWS_IAM" and config["Cors"]["AllowOrigins"] == [ORIGIN]
    integration = aws("apigateway").get_integration(restApiId=found["ApiId"], resourceId=found["UploadsId"],
                                                    httpMethod="OPTIONS")
    assert integration["type"] == "MOCK"
    headers = integration["integrationResponses"]["200"]["responseParameters"]
    assert headers["method.response.header.Access-Control-Allow-Origin"] == f"'{ORIGIN}'"
    method = aws("apigateway").get_method(restApiId=found["ApiId"], resourceId=found["UploadsId"], httpMethod="OPTIONS")
    assert method["authorizationType"] == "NONE" and "200" in method["methodResponses"]
