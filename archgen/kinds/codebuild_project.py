"""A CodeBuild project: runs this product's checks and packages the function code."""

from typing import Any, Literal

from diagrams.aws.devtools import Codebuild

from archgen.kinds._base import LOG_DEPLOY_ACTIONS, ROLE_DEPLOY_ACTIONS, Allows, Kind
from archgen.kinds._pipeline import buildspec
from archgen.schema import ComponentBase, Strict


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
    icon = Codebuild
    component = BuildComponent
    controls = {
        "encryption": "build artifacts and logs encrypted",
        "log-retention": "build logs kept for a bounded time",
    }
    allows = (
        Allows("cloudwatch.logs", "logs", "build logs written to the log group"),
    )
    checks = {"encryption": ("CKV_AWS_78",)}
    exports = {"Name": ("Project", None), "Arn": ("Project", "Arn")}
    deploy_actions = ROLE_DEPLOY_ACTIONS + LOG_DEPLOY_ACTIONS + tuple(f"codebuild:{a}" for a in (
        "BatchGetProjects", "CreateProject", "DeleteProject", "UpdateProject"))

    def template_context(self, component: Any, graph: Any) -> dict[str, Any]:
        return {"buildspec": buildspec}


KIND = BuildProject
