"""GitLab -> CodeStar connection -> CodePipeline -> CodeBuild, deployed for real and read back
through codestar-connections, codepipeline and codebuild."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.deploy_local.stacks import (EDGE_REGION, REGION, Clients, create_by_change_set, create_stack,
                                      delete_stack, outputs, template, update_stack)

IMAGE = "aws/codebuild/standard:7.0"


def _role(service: str) -> dict[str, Any]:
    return {"Type": "AWS::IAM::Role", "Properties": {"AssumeRolePolicyDocument": {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": {"Service": service}, "Action": "sts:AssumeRole"}]}}}


def cicd_template(name: str, branch: str = "main") -> str:
    source = {"Name": "Source", "Actions": [{
        "Name": "GitLab", "ActionTypeId": {"Category": "Source", "Owner": "AWS", "Provider": "CodeStarSourceConnection",
                                           "Version": "1"},
        "Configuration": {"ConnectionArn": {"Ref": "GitLab"}, "FullRepositoryId": "group/app", "BranchName": branch},
        "OutputArtifacts": [{"Name": "source"}]}]}
    build = {"Name": "Build", "Actions": [{
        "Name": "Check", "ActionTypeId": {"Category": "Build", "Owner": "AWS", "Provider": "CodeBuild", "Version": "1"},
        "Configuration": {"ProjectName": {"Ref": "Check"}},
        "InputArtifacts": [{"Name": "source"}], "OutputArtifacts": [{"Name": "built"}]}]}
    resources = {
        "GitLab": {"Type": "AWS::CodeStarConnections::Connection", "Properties": {
            "ConnectionName": f"{name}-gitlab", "ProviderType": "GitLab"}},
        "Artifacts": {"Type": "AWS::S3::Bucket", "Properties": {"BucketName": f"{name}-artifacts"}},
        "ArtifactsKey": {"Type": "AWS::KMS::Key", "Properties": {"Description": "build artifacts", "KeyPolicy": {
            "Version": "2012-10-17", "Statement": [{
                "Effect": "Allow", "Action": "kms:*", "Resource": "*",
                "Principal": {"AWS": {"Fn::Sub": "arn:aws:iam::${AWS::AccountId}:root"}}}]}}},
        "BuildRole": _role("codebuild.amazonaws.com"),
        "PipelineRole": _role("codepipeline.amazonaws.com"),
        "Check": {"Type": "AWS::CodeBuild::Project", "Properties": {
            "Name": f"{name}-check", "ServiceRole": {"Fn::GetAtt": ["BuildRole", "Arn"]},
            "Source": {"Type": "CODEPIPELINE", "BuildSpec": "buildspec.yml"}, "Artifacts": {"Type": "CODEPIPELINE"},
            "Environment": {"Type": "LINUX_CONTAINER", "ComputeType": "BUILD_GENERAL1_SMALL", "Image": IMAGE,
                            "EnvironmentVariables": [{"Name": "BRANCH", "Value": branch}]},
            "LogsConfig": {"CloudWatchLogs": {"Status": "ENABLED", "GroupName": f"/{name}/build"}},
            "EncryptionKey": {"Fn::GetAtt": ["ArtifactsKey", "Arn"]}, "TimeoutInMinutes": 15}},
        "Pipeline": {"Type": "AWS::CodePipeline::Pipeline", "Properties": {
            "Name": f"{name}-pipeline", "RoleArn": {"Fn::GetAtt": ["PipelineRole", "Arn"]}, "PipelineType": "V2",
            "RestartExecutionOnUpdate": True,
            # Cross-region, as the generated pipeline is: one artifact store per region it deploys to.
            "ArtifactStores": [{"Region": REGION, "ArtifactStore": {"Type": "S3", "Location": {"Ref": "Artifacts"}}},
                               {"Region": EDGE_REGION, "ArtifactStore": {"Type": "S3", "Location": "edge-artifacts"}}],
            "Stages": [source, build]}},
    }
    return template(resources, {
        "ConnectionArn": {"Ref": "GitLab"}, "ConnectionStatus": {"Fn::GetAtt": ["GitLab", "ConnectionStatus"]},
        "ProjectName": {"Ref": "Check"}, "ProjectArn": {"Fn::GetAtt": ["Check", "Arn"]},
        "PipelineName": {"Ref": "Pipeline"}, "PipelineVersion": {"Fn::GetAtt": ["Pipeline", "Version"]},
        "BuildRoleArn": {"Fn::GetAtt": ["BuildRole", "Arn"]}, "KeyArn": {"Fn::GetAtt": ["ArtifactsKey", "Arn"]}})


@pytest.fixture(scope="module")
def cicd(aws: Clients) -> dict[str, str]:
    return outputs(create_stack(aws("cloudformation"), "cicd", cicd_template("cicd")))


def test_connection_waits_for_the_gitlab_handshake(aws: Clients, cicd: dict[str, str]) -> None:
    connection = aws("codestar-connections").get_connection(ConnectionArn=cicd["ConnectionArn"])["Connection"]
    assert (connection["ConnectionName"], connection["ProviderType"]) == ("cicd-gitlab", "GitLab")
    assert connection["ConnectionStatus"] == cicd["ConnectionStatus"] == "PENDING"


def test_build_project_runs_the_templates_image_with_its_role(aws: Clients, cicd: dict[str, str]) -> None:
    [project] = aws("codebuild").batch_get_projects(names=[cicd["ProjectName"]])["projects"]
    assert project["arn"] == cicd["ProjectArn"]
    assert project["serviceRole"] == cicd["BuildRoleArn"]
    assert project["encryptionKey"] == cicd["KeyArn"]
    assert project["environment"]["image"] == IMAGE
    assert project["environment"]["environmentVariables"] == [{"name": "BRANCH", "value": "main"}]
    assert project["source"] == {"type": "CODEPIPELINE", "buildspec": "buildspec.yml"}
    assert project["logsConfig"]["cloudWatchLogs"]["groupName"] == "/cicd/build"


def test_pipeline_goes_from_the_connection_to_the_build(aws: Clients, cicd: dict[str, str]) -> None:
    pipeline = aws("codepipeline").get_pipeline(name=cicd["PipelineName"])["pipeline"]
    assert [stage["name"] for stage in pipeline["stages"]] == ["Source", "Build"]
    source, build = (stage["actions"][0] for stage in pipeline["stages"])
    assert source["configuration"] == {"ConnectionArn": cicd["ConnectionArn"], "FullRepositoryId": "group/app",
                                       "BranchName": "main"}
    assert build["configuration"] == {"ProjectName": cicd["ProjectName"]}
    assert pipeline["artifactStores"] == {REGION: {"type": "S3", "location": "cicd-artifacts"},
                                          EDGE_REGION: {"type": "S3", "location": "edge-artifacts"}}
    assert str(pipeline["version"]) == cicd["PipelineVersion"]


def test_update_moves_pipeline_and_build_to_another_branch(aws: Clients) -> None:
    cloudformation = aws("cloudformation")
    before = outputs(create_stack(cloudformation, "cicd-update", cicd_template("cicd-update")))
    after = outputs(update_stack(cloudformation, "cicd-update", cicd_template("cicd-update", branch="release")))
    assert after["ConnectionArn"] == before["ConnectionArn"]
    assert int(after["PipelineVersion"]) == int(before["PipelineVersion"]) + 1
    pipeline = aws("codepipeline").get_pipeline(name=after["PipelineName"])["pipeline"]
    assert pipeline["stages"][0]["actions"][0]["configuration"]["BranchName"] == "release"
    [project] = aws("codebuild").batch_get_projects(names=[after["ProjectName"]])["projects"]
    assert project["environment"]["environmentVariables"] == [{"name": "BRANCH", "value": "release"}]


def test_change_set_then_delete(aws: Clients) -> None:
    cloudformation = aws("cloudformation")
    created = outputs(create_by_change_set(cloudformation, "cicd-change-set", cicd_template("cicd-change-set")))
    pipeline = aws("codepipeline").get_pipeline(name=created["PipelineName"])["pipeline"]
    assert pipeline["name"] == "cicd-change-set-pipeline"
    delete_stack(cloudformation, "cicd-change-set")
    with pytest.raises(ClientError, match="ResourceNotFound"):
        aws("codestar-connections").get_connection(ConnectionArn=created["ConnectionArn"])
    assert aws("codebuild").batch_get_projects(names=[created["ProjectName"]])["projects"] == []
    pipelines = aws("codepipeline").list_pipelines()["pipelines"]
    assert "cicd-change-set-pipeline" not in [each["name"] for each in pipelines]
