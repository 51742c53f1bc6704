"""Seeing a deployed resource through its own service's API, by CloudFormation type.

Each check asks the service that owns the resource (never CloudFormation) and returns
what it found, so a test can assert the resource really exists.
"""

from __future__ import annotations

from typing import Any, Callable

Client = Callable[..., Any]


def _waf(aws: Client, physical: str, region: str) -> Any:
    name, acl_id, scope = physical.split("|")
    return aws("wafv2", region).get_web_acl(Name=name, Id=acl_id, Scope=scope)["WebACL"]


def _alarm(aws: Client, physical: str, region: str) -> Any:
    return aws("cloudwatch", region).describe_alarms(AlarmNames=[physical])["MetricAlarms"][0]


def _role(aws: Client, physical: str, region: str) -> Any:
    return aws("iam", region).get_role(RoleName=physical.rsplit("/", 1)[-1])["Role"]


def _log_group(aws: Client, physical: str, region: str) -> Any:
    groups = aws("logs", region).describe_log_groups(logGroupNamePrefix=physical)["logGroups"]
    return next(g for g in groups if g["logGroupName"] == physical)


def _rest_api(aws: Client, physical: str, region: str) -> Any:
    return aws("apigateway", region).get_rest_api(restApiId=physical)


def _subscription(aws: Client, physical: str, region: str) -> Any:
    return aws("sns", region).get_subscription_attributes(SubscriptionArn=physical)["Attributes"]


def _record(aws: Client, physical: str, region: str) -> Any:
    route53 = aws("route53", region)
    name = physical.rstrip(".")
    for zone in route53.list_hosted_zones()["HostedZones"]:
        records = route53.list_resource_record_sets(HostedZoneId=zone["Id"])["ResourceRecordSets"]
        found = [r for r in records if r["Name"].rstrip(".") == name]
        if found:
            return found
    return None


def _app_client(aws: Client, physical: str, region: str) -> Any:
    cognito = aws("cognito-idp", region)
    for pool in cognito.list_user_pools(MaxResults=60)["UserPools"]:
        clients = cognito.list_user_pool_clients(UserPoolId=pool["Id"])["UserPoolClients"]
        if any(c["ClientId"] == physical for c in clients):
            return cognito.describe_user_pool_client(UserPoolId=pool["Id"], ClientId=physical)["UserPoolClient"]
    return None


CHECKS: dict[str, Callable[[Client, str, str], Any]] = {
    "AWS::Lambda::Function": lambda aws, p, r: aws("lambda", r).get_function(FunctionName=p)["Configuration"],
    "AWS::DynamoDB::Table": lambda aws, p, r: aws("dynamodb", r).describe_table(TableName=p)["Table"],
    "AWS::S3::Bucket": lambda aws, p, r: aws("s3", r).head_bucket(Bucket=p),
    "AWS::S3::BucketPolicy": lambda aws, p, r: aws("s3", r).get_bucket_policy(Bucket=p)["Policy"],
    "AWS::ApiGateway::RestApi": _rest_api,
    "AWS::Cognito::UserPool": lambda aws, p, r: aws("cognito-idp", r).describe_user_pool(UserPoolId=p)["UserPool"],
    "AWS::WAFv2::WebACL": _waf,
    "AWS::Route53::RecordSet": _record,
    "AWS::Cognito::UserPoolClient": _app_client,
    "AWS::CloudFront::Distribution": lambda aws, p, r: aws("cloudfront", r).get_distribution(Id=p)["Distribution"],
    "AWS::CertificateManager::Certificate": lambda aws, p, r: aws("acm", r).describe_certificate(
        CertificateArn=p)["Certificate"],
    "AWS::CodePipeline::Pipeline": lambda aws, p, r: aws("codepipeline", r).get_pipeline(name=p)["pipeline"],
    "AWS::CodeBuild::Project": lambda aws, p, r: aws("codebuild", r).batch_get_projects(names=[p])["projects"][0],
    "AWS::CodeStarConnections::Connection": lambda aws, p, r: aws("codestar-connections", r).get_connection(
        ConnectionArn=p)["Connection"],
    "AWS::SNS::Topic": lambda aws, p, r: aws("sns", r).get_topic_attributes(TopicArn=p)["Attributes"],
    "AWS::SNS::Subscription": _subscription,
    "AWS::CloudWatch::Alarm": _alarm,
    "AWS::IAM::Role": _role,
    "AWS::Logs::LogGroup": _log_group,
    # list_keys, not describe_key: moto keeps a CloudFormation key's policy as a dict and fails to read it
    "AWS::KMS::Key": lambda aws, p, r: p in {k["KeyId"] for k in aws("kms", r).list_keys()["Keys"]},
}
