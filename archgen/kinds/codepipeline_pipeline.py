"""A CodePipeline pipeline: source, build and check, then deploy each stack in order."""

from typing import Literal

from diagrams.aws.devtools import Codepipeline

from archgen.kinds._base import Allows, Kind
from archgen.schema import ComponentBase, NoSettings


class PipelineComponent(ComponentBase):
    kind: Literal["codepipeline.pipeline"]
    settings: NoSettings = NoSettings()


class Pipeline(Kind):
    name = "codepipeline.pipeline"
    title = "CodePipeline pipeline"
    layer = "cicd"
    summary = "Runs on every push: build and check, then deploy the stacks in order."
    icon = Codepipeline
    component = PipelineComponent
    controls = {
        "artifact-encryption": "pipeline artifacts encrypted at rest",
        "least-privilege": "each stage's role can do its own step only",
    }
    allows = (
        Allows("codebuild.project", "build", "a build action; the pipeline may start only that project"),
        Allows("cloudformation.stack", "deploy", "a deploy action per stack, in the manifest's order"),
    )


KIND = Pipeline
