"""A CodeBuild project: runs this product's checks and packages the function code."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from archgen import escape
from archgen.kinds._base import LOG_DEPLOY_ACTIONS, ROLE_DEPLOY_ACTIONS, Fragment, Kind, Side
from archgen.kinds._cfn import allow, getatt, inline_policy, log_group, log_writer, ref, service_role, sub
from archgen.kinds._deploy_scope import ARN
from archgen.kinds._pipeline import buildspec
from archgen.schema import ComponentBase, Strict

if TYPE_CHECKING:
    from archgen.links import Link
    from archgen.render.cloudformation.scope import Scope


class BuildSettings(Strict):
    compute: Literal["BUILD_GENERAL1_SMALL", "BUILD_GENERAL1_MEDIUM"] = "BUILD_GENERAL1_SMALL"
    image: Literal["aws/codebuild/standard:7.0", "aws/codebuild/amazonlinux2-x86_64-standard:5.0"] = (
        "aws/codebuild/standard:7.0")


class BuildComponent(ComponentBase):
    kind: Literal["codebuild.project"]
    settings: BuildSettings = BuildSettings()


class BuildProject(Kind):
    name = "codebuild.project"
    title = "CodeBuild project"
    layer = "cicd"
    summary = "Checks the model and templates (generate --check, cfn-lint, tests) and packages the code."
    icon = "aws.devtools.Codebuild"
    component = BuildComponent
    role = "Role"
    controls = {
        "encryption": "build artifacts and logs encrypted",
        "log-retention": "build logs kept for a bounded time",
    }
    offers = (Side("logs", "build logs written to the log group", wires=True),)
    accepts = (Side("build", "the project reads and writes the pipeline's artifacts with the pipeline's key",
                    wires=True),)
    checks = {"encryption": ("CKV_AWS_78",)}
    exports = {"Name": ("Project", None), "Arn": ("Project", "Arn")}
    deploy_actions = ROLE_DEPLOY_ACTIONS + LOG_DEPLOY_ACTIONS + tuple(f"codebuild:{a}" for a in (
        "BatchGetProjects", "CreateProject", "DeleteProject", "UpdateProject"))
    deploy_arns = {"AWS::CodeBuild::Project": ("Name", [("codebuild", ARN + "project/{n}")])}

    def resources(self, c: Any, t: Scope) -> Fragment:
        role = t.lid(c.id, "Role")
        return {"Resources": {
            role: service_role(t, f"Role of build project {t.name(c.id)}: each policy is one relation of it",
                               "codebuild.amazonaws.com", t.meta()),
            t.lid(c.id, "Project"): {"Type": "AWS::CodeBuild::Project", "Metadata": t.meta("encryption"), "Properties": {
                "Name": t.name(c.id), "Description": escape.cfn_text(c.description, 255),
                "ServiceRole": getatt(role, "Arn"),
                "Source": {"Type": "CODEPIPELINE", "BuildSpec": buildspec(t.graph, t.model_dir)},
                "Artifacts": {"Type": "CODEPIPELINE", "EncryptionDisabled": not t.on("encryption")},
                "Environment": {"Type": "LINUX_CONTAINER", "ComputeType": c.settings.compute,
                                "Image": c.settings.image},
                "TimeoutInMinutes": 30, "Tags": t.tags()}},
        }}

    def wire(self, link: Link, t: Scope) -> Fragment:
        if link.meaning.name == "logs":
            group = t.lid(link.source.id, "LogGroup")
            resources = log_group(t, group, "/aws/codebuild/" + t.name(link.source.id), link.target.id)
            resources[t.lid(link.source.id, "Project")] = {"Properties": {"LogsConfig": {
                "CloudWatchLogs": {"Status": "ENABLED", "GroupName": ref(group)}}}}
            resources[t.lid(link.source.id, "Role")] = {"Properties": {"Policies": [
                inline_policy("logs", log_writer(group))]}}
            return {"Resources": resources}
        return self._artifacts(link, t)

    def _artifacts(self, link: Link, t: Scope) -> Fragment:
        """The pipeline hands the build its artifacts: the project uses the pipeline's bucket and key."""
        pipeline, project = link.source.id, link.target.id
        bucket_arn, key_arn = t.ref(pipeline, "ArtifactBucketArn"), t.ref(pipeline, "ArtifactKeyArn")
        return {"Resources": {
            t.lid(project, "Project"): {"Properties": {"EncryptionKey": key_arn}},
            t.lid(project, "Role"): {"Properties": {"Policies": [inline_policy(
                f"artifacts-of-{pipeline}",
                allow(["s3:GetObject", "s3:GetObjectVersion", "s3:PutObject"], sub("${Arn}/*", Arn=bucket_arn)),
                allow(["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"], key_arn))]}},
        }}


KIND = BuildProject
