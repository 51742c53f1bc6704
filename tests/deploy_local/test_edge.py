"""The edge, in us-east-1: certificate, CLOUDFRONT web ACL, Origin Access Control, the bucket's
policy and the distribution, deployed for real; and what CloudFront or WAF would refuse."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.deploy_local.stacks import (EDGE_REGION, REGION, Clients, create_stack, delete_stack, failures, outputs,
                                      template, update_stack)

DOMAIN = "app.example.com"


def edge_resources(name: str, price_class: str = "PriceClass_100") -> dict[str, Any]:
    visibility = {"SampledRequestsEnabled": True, "CloudWatchMetricsEnabled": True, "MetricName": name}
    bucket_arn = {"Fn::GetAtt": ["Site", "Arn"]}
    distribution_arn = {"Fn::Sub": "arn:aws:cloudfront::${AWS::AccountId}:distribution/${Cdn}"}
    return {
        "Certificate": {"Type": "AWS::CertificateManager::Certificate", "Properties": {
            "DomainName": DOMAIN, "SubjectAlternativeNames": [f"www.{DOMAIN}"], "ValidationMethod": "DNS"}},
        "Firewall": {"Type": "AWS::WAFv2::WebACL", "Properties": {
            "Name": f"{name}-edge", "Scope": "CLOUDFRONT", "DefaultAction": {"Allow": {}},
            "VisibilityConfig": visibility, "Rules": [{
                "Name": "common", "Priority": 0, "OverrideAction": {"None": {}}, "VisibilityConfig": visibility,
                "Statement": {"ManagedRuleGroupStatement": {"VendorName": "AWS",
                                                            "Name": "AWSManagedRulesCommonRuleSet"}}}]}},
        "Site": {"Type": "AWS::S3::Bucket", "Properties": {"BucketName": f"{name}-site"}},
        "SiteAccess": {"Type": "AWS::CloudFront::OriginAccessControl", "Properties": {"OriginAccessControlConfig": {
            "Name": f"{name}-site", "OriginAccessControlOriginType": "s3", "SigningBehavior": "always",
            "SigningProtocol": "sigv4"}}},
        "Cdn": {"Type": "AWS::CloudFront::Distribution", "Properties": {"DistributionConfig": {
            "Enabled": True, "Aliases": [DOMAIN], "DefaultRootObject": "index.html", "HttpVersion": "http2and3",
            "PriceClass": price_class, "IPV6Enabled": True, "WebACLId": {"Fn::GetAtt": ["Firewall", "Arn"]},
            "Origins": [{"Id": "site", "DomainName": {"Fn::GetAtt": ["Site", "RegionalDomainName"]},
                         "S3OriginConfig": {}, "OriginAccessControlId": {"Fn::GetAtt": ["SiteAccess", "Id"]}}],
            "DefaultCacheBehavior": {"TargetOriginId": "site", "ViewerProtocolPolicy": "redirect-to-https",
                                     "CachePolicyId": "658327ea-f89d-4fab-a63d-7e88639e58f6"},
            "ViewerCertificate": {"AcmCertificateArn": {"Ref": "Certificate"}, "SslSupportMethod": "sni-only",
                                  "MinimumProtocolVersion": "TLSv1.2_2021"}}}},
        "SitePolicy": {"Type": "AWS::S3::BucketPolicy", "Properties": {"Bucket": {"Ref": "Site"}, "PolicyDocument": {
            "Version": "2012-10-17", "Statement": [{
                "Sid": "CloudFrontOnly", "Effect": "Allow", "Principal": {"Service": "cloudfront.amazonaws.com"},
                "Action": "s3:GetObject", "Resource": {"Fn::Join": ["", [bucket_arn, "/*"]]},
                "Condition": {"StringEquals": {"AWS:SourceArn": distribution_arn}}}]}}},
    }


EDGE_OUTPUTS = {"DistributionId": {"Ref": "Cdn"}, "DistributionIdAttribute": {"Fn::GetAtt": ["Cdn", "Id"]},
                "DomainName": {"Fn::GetAtt": ["Cdn", "DomainName"]}, "CertificateArn": {"Ref": "Certificate"},
                "WebAclArn": {"Fn::GetAtt": ["Firewall", "Arn"]}, "WebAclRef": {"Ref": "Firewall"},
                "OriginAccessControlId": {"Fn::GetAtt": ["SiteAccess", "Id"]}, "Bucket": {"Ref": "Site"}}


@pytest.fixture(scope="module")
def edge(aws: Clients) -> dict[str, str]:
    body = template(edge_resources("edge"), EDGE_OUTPUTS)
    return outputs(create_stack(aws("cloudformation", EDGE_REGION), "edge", body))


def test_distribution_serves_the_alias_with_the_certificate_and_web_acl(aws: Clients, edge: dict[str, str]) -> None:
    distribution = aws("cloudfront", EDGE_REGION).get_distribution(Id=edge["DistributionId"])["Distribution"]
    config = distribution["DistributionConfig"]
    assert edge["DistributionId"] == edge["DistributionIdAttribute"] == distribution["Id"]
    assert edge["DomainName"] == distribution["DomainName"]
    assert edge["DomainName"].endswith(".cloudfront.net")
    assert config["Aliases"]["Items"] == [DOMAIN]
    assert config["ViewerCertificate"]["ACMCertificateArn"] == edge["CertificateArn"]
    assert config["ViewerCertificate"]["MinimumProtocolVersion"] == "TLSv1.2_2021"
    assert config["WebACLId"] == edge["WebAclArn"]
    assert config["DefaultCacheBehavior"]["ViewerProtocolPolicy"] == "redirect-to-https"
    [origin] = config["Origins"]["Items"]
    assert origin["OriginAccessControlId"] == edge["OriginAccessControlId"]


def test_certificate_web_acl_and_origin_access_control_exist(aws: Clients, edge: dict[str, str]) -> None:
    certificate = aws("acm", EDGE_REGION).describe_certificate(CertificateArn=edge["CertificateArn"])["Certificate"]
    assert certificate["DomainName"] == DOMAIN
    assert sorted(certificate["SubjectAlternativeNames"]) == [DOMAIN, f"www.{DOMAIN}"]
    name, acl_id, scope = edge["WebAclRef"].split("|")
    acl = aws("wafv2", EDGE_REGION).get_web_acl(Name=name, Id=acl_id, Scope=scope)["WebACL"]
    assert (acl["ARN"], scope) == (edge["WebAclArn"], "CLOUDFRONT")
    control = aws("cloudfront", EDGE_REGION).get_origin_access_control(Id=edge["OriginAccessControlId"])
    assert control["OriginAccessControl"]["OriginAccessControlConfig"]["SigningBehavior"] == "always"


def test_bucket_admits_only_the_distribution(aws: Clients, edge: dict[str, str]) -> None:
    policy = json.loads(aws("s3", EDGE_REGION).get_bucket_policy(Bucket=edge["Bucket"])["Policy"])
    [statement] = policy["Statement"]
    assert statement["Principal"] == {"Service": "cloudfront.amazonaws.com"}
    assert statement["Resource"] == f"arn:aws:s3:::{edge['Bucket']}/*"
    assert statement["Condition"]["StringEquals"]["AWS:SourceArn"].endswith(f":distribution/{edge['DistributionId']}")


def test_update_changes_the_distribution_in_place(aws: Clients) -> None:
    cloudformation, cloudfront = aws("cloudformation", EDGE_REGION), aws("cloudfront", EDGE_REGION)
    before = outputs(create_stack(cloudformation, "edge-update", template(edge_resources("edge-update"), EDGE_OUTPUTS)))
    after = outputs(update_stack(cloudformation, "edge-update",
                                 template(edge_resources("edge-update", "PriceClass_All"), EDGE_OUTPUTS)))
    assert after["DistributionId"] == before["DistributionId"]
    config = cloudfront.get_distribution(Id=after["DistributionId"])["Distribution"]["DistributionConfig"]
    assert config["PriceClass"] == "PriceClass_All"


def test_delete_removes_distribution_certificate_and_web_acl(aws: Clients) -> None:
    cloudformation = aws("cloudformation", EDGE_REGION)
    body = template(edge_resources("edge-delete"), EDGE_OUTPUTS)
    created = outputs(create_stack(cloudformation, "edge-delete", body))
    delete_stack(cloudformation, "edge-delete")
    distributions = aws("cloudfront", EDGE_REGION).list_distributions()["DistributionList"].get("Items", [])
    assert created["DistributionId"] not in [each["Id"] for each in distributions]
    certificates = aws("acm", EDGE_REGION).list_certificates()["CertificateSummaryList"]
    assert created["CertificateArn"] not in [each["CertificateArn"] for each in certificates]
    acls = aws("wafv2", EDGE_REGION).list_web_acls(Scope="CLOUDFRONT")["WebACLs"]
    assert "edge-delete-edge" not in [each["Name"] for each in acls]


def test_a_cloudfront_web_acl_outside_us_east_1_fails_as_in_aws(aws: Clients) -> None:
    cloudformation = aws("cloudformation", REGION)
    resources = {"Firewall": edge_resources("misplaced")["Firewall"]}
    cloudformation.create_stack(StackName="misplaced-acl", TemplateBody=template(resources))
    status = cloudformation.describe_stacks(StackName="misplaced-acl")["Stacks"][0]["StackStatus"]
    assert status == "ROLLBACK_COMPLETE"
    assert f"only be created in {EDGE_REGION}" in " ".join(failures(cloudformation, "misplaced-acl"))


def test_a_certificate_outside_us_east_1_is_refused_by_the_distribution(aws: Clients) -> None:
    cloudformation = aws("cloudformation", REGION)
    resources = edge_resources("wrong-cert")
    del resources["Firewall"], resources["Cdn"]["Properties"]["DistributionConfig"]["WebACLId"]
    cloudformation.create_stack(StackName="wrong-cert", TemplateBody=template(resources))
    assert "CloudFront takes ACM certificates from us-east-1 only" in " ".join(failures(cloudformation, "wrong-cert"))
