"""Storage relations as CloudFormation: each grant is exactly SAM's profile, the upload signer's only
s3:PutObject on the prefix, a data bucket's key used through S3 only, the hand-written grant of a
CloudFormation resource exactly the model's; every model string stays literal."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from archgen.graph import SystemGraph
from archgen.grants import profiles
from archgen.render.cloudformation.assemble import synthesize
from archgen.render.cloudformation.emit import template_yaml
from archgen.render.cloudformation.literal import literal_text
from archgen.validate import load_model

KINDS = Path(__file__).resolve().parent / "kinds"
REPO = Path(__file__).resolve().parents[2]


def _resources(model: Path) -> dict[str, dict[str, Any]]:
    result = synthesize(SystemGraph(load_model(model)))
    return {lid: body for template in result.templates.values() for lid, body in template["Resources"].items()}


def _statements(role: dict[str, Any], policy: str) -> list[dict[str, Any]]:
    return next(p["PolicyDocument"]["Statement"] for p in role["Properties"]["Policies"] if p["PolicyName"] == policy)


def _actions(statement: dict[str, Any]) -> list[str]:
    action = statement["Action"]
    return [action] if isinstance(action, str) else action


@pytest.fixture(scope="module")
def buckets() -> dict[str, dict[str, Any]]:
    return _resources(KINDS / "s3.bucket" / "system.yaml")


def test_the_signer_may_put_objects_under_the_prefix_and_nothing_else(buckets: dict[str, Any]) -> None:
    grant = _statements(buckets["SignFnRole"], "upload-users-uploads")
    assert grant[0] == {"Effect": "Allow", "Action": "s3:PutObject", "Resource": {
        "Fn::Sub": "arn:${AWS::Partition}:s3:::items-app-dev-uploads-${AWS::AccountId}-${AWS::Region}/incoming/*"}}
    key = grant[1]
    assert _actions(key) == ["kms:Decrypt", "kms:GenerateDataKey"]
    assert key["Condition"] == {"StringEquals": {"kms:ViaService": {"Fn::Sub": "s3.${AWS::Region}.amazonaws.com"}}}
    assert len(grant) == 2
    environment = buckets["SignFnFunction"]["Properties"]["Environment"]["Variables"]
    assert environment["UPLOAD_BUCKET_NAME"] == {"Fn::Sub": "items-app-dev-uploads-${AWS::AccountId}-${AWS::Region}"}


def test_an_upload_opens_cors_to_the_systems_domain_only(buckets: dict[str, Any]) -> None:
    rules = buckets["UploadsBucket"]["Properties"]["CorsConfiguration"]["CorsRules"]
    assert [(r["AllowedOrigins"], r["AllowedMethods"]) for r in rules] == [(["https://items.example.com"],
                                                                            ["POST", "PUT"])]
    assert "CorsConfiguration" not in buckets["ResizedBucket"]["Properties"]


def test_a_functions_read_and_write_of_a_bucket_are_sams_profile(buckets: dict[str, Any]) -> None:
    profile = profiles()["Permissions"]["AWS::Lambda::Function"]["AWS::S3::Bucket"]["Properties"]["AccessCategories"]
    for policy, category in (("read-uploads", "Read"), ("write-resized", "Write")):
        granted = [s for s in _statements(buckets["ResizeFnRole"], policy) if "Condition" not in s]
        expected = profile[category]["Statement"]
        assert [(s["Effect"], s["Action"]) for s in granted] == [(s["Effect"], s["Action"]) for s in expected]
        bucket = "items-app-dev-" + policy.split("-", 1)[1] + "-${AWS::AccountId}-${AWS::Region}"
        arn = "arn:${AWS::Partition}:s3:::" + bucket
        assert [s["Resource"] for s in granted] == [[{"Fn::Sub": arn}, {"Fn::Sub": arn + "/*"}]]
    reads_key = [s for s in _statements(buckets["ResizeFnRole"], "read-uploads") if "Condition" in s]
    assert [_actions(s) for s in reads_key] == [["kms:Decrypt"]]
    site_bucket = [s for s in _statements(buckets["ResizeFnRole"], "write-resized") if "Condition" in s]
    assert site_bucket == [{"Effect": "Allow", "Action": ["kms:Decrypt", "kms:GenerateDataKey"],
                            "Resource": {"Fn::GetAtt": ["ResizedKey", "Arn"]},
                            "Condition": {"StringEquals": {"kms:ViaService": {
                                "Fn::Sub": "s3.${AWS::Region}.amazonaws.com"}}}}]


def test_data_buckets_keep_their_key_and_site_buckets_use_s3s(buckets: dict[str, Any]) -> None:
    uploads = buckets["UploadsBucket"]["Properties"]
    assert uploads["BucketEncryption"]["ServerSideEncryptionConfiguration"][0]["ServerSideEncryptionByDefault"] == \
        {"SSEAlgorithm": "aws:kms", "KMSMasterKeyID": {"Fn::GetAtt": ["UploadsKey", "Arn"]}}
    assert buckets["UploadsKey"]["DeletionPolicy"] == "Retain" == buckets["UploadsBucket"]["DeletionPolicy"]
    site = buckets["SiteBucketBucket"]["Properties"]["BucketEncryption"]["ServerSideEncryptionConfiguration"][0]
    assert site["ServerSideEncryptionByDefault"] == {"SSEAlgorithm": "AES256"}
    assert "SiteBucketKey" not in buckets
    rules = {rule["Id"]: rule for rule in uploads["LifecycleConfiguration"]["Rules"]}
    assert rules["expire-objects"]["ExpirationInDays"] == 365
    assert rules["infrequent-access"]["Transitions"] == [{"StorageClass": "STANDARD_IA", "TransitionInDays": 30}]
    assert rules["expire-old-versions"]["NoncurrentVersionExpiration"] == {"NoncurrentDays": 7}
    assert "LoggingConfiguration" in uploads  # data: its access logged by default


def test_a_bucket_triggers_a_function_for_its_prefix_and_suffix_once_s3_may_invoke_it(buckets: dict[str, Any]) -> None:
    bucket = buckets["UploadsBucket"]
    [configuration] = bucket["Properties"]["NotificationConfiguration"]["LambdaConfigurations"]
    assert configuration["Filter"] == {"S3Key": {"Rules": [{"Name": "prefix", "Value": "incoming/"},
                                                           {"Name": "suffix", "Value": ".jpg"}]}}
    assert bucket["DependsOn"] == ["UploadsResizeFnPermission"]
    permission = buckets["UploadsResizeFnPermission"]["Properties"]
    assert (permission["Action"], permission["Principal"]) == ("lambda:InvokeFunction", "s3.amazonaws.com")


@pytest.fixture(scope="module")
def custom() -> dict[str, dict[str, Any]]:
    return _resources(KINDS / "cloudformation.resource" / "system.yaml")


def test_a_grant_written_on_the_relation_is_exactly_that(custom: dict[str, Any]) -> None:
    assert _statements(custom["FnRole"], "read-settings-parameter") == [{
        "Effect": "Allow", "Action": "ssm:GetParameter", "Resource": {"Fn::Sub": (
            "arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter/items-app-dev-settings-parameter")}}]
    [mail] = _statements(custom["FnRole"], "write-mail")
    assert mail["Action"] == ["ses:SendEmail", "ses:SendRawEmail"]
    assert mail["Resource"][0] == {"Fn::Sub": (
        "arn:${AWS::Partition}:ses:${AWS::Region}:${AWS::AccountId}:configuration-set/items-app-dev-mail")}


def test_model_strings_stay_literal_in_a_resources_properties(custom: dict[str, Any]) -> None:
    properties = literal_text(custom["SettingsParameterResource"])["Properties"]  # as emitted
    assert properties["Value"] == {"Fn::Sub": "arn:${AWS::Partition}:s3:::items-${AWS::AccountId}-${AWS::Region}/"
                                              "${!not-a-variable}"}
    joined = properties["Description"]["Fn::Join"]  # exactly the model's text, no part a Sub variable
    assert joined[0].join(joined[1]) == "Literal ${AWS::Region} and {unknown} stay as written"
    assert not any("${" in part for part in joined[1])
    assert properties["Name"] == "items-app-dev-settings-parameter"
    assert custom["MailResource"]["DeletionPolicy"] == "Retain"  # it may hold data: kept unless the model says


def test_cfn_lint_knows_the_types_schema_a_wrong_property_fails_the_lint(tmp_path: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """With the generate-time check out of the way, the template itself shows the mistake to cfn-lint."""
    from archgen.kinds.cloudformation_resource import CloudFormationResource

    model = tmp_path / "system.yaml"
    model.write_text((KINDS / "cloudformation.resource" / "system.yaml").read_text().replace(
        "Type: String\n", "Type: String\n        Tier: Galactic\n        Colour: blue\n", 1))
    monkeypatch.setattr(CloudFormationResource, "settings_problems", lambda self, component, region: [])
    result = synthesize(SystemGraph(load_model(model)))
    for name, body in result.templates.items():
        (tmp_path / f"{name}.yaml").write_bytes(template_yaml(body))
    lint = subprocess.run([str(REPO / ".venv" / "bin" / "cfn-lint"), "--format", "json", "--",
                           *map(str, sorted(tmp_path.glob("[!s]*.yaml")))], capture_output=True, text=True)
    found = {(m["Rule"]["Id"], "/".join(map(str, m["Location"]["Path"][-2:]))) for m in json.loads(lint.stdout)}
    assert ("E3002", "Properties/Colour") in found, found  # no such property
    assert ("E3030", "Properties/Tier") in found, found  # not one of its allowed values
