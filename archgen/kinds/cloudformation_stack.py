"""CloudFormation: the generated stacks, deployed by the pipeline through change sets."""

from typing import Literal

from archgen.kinds._base import Kind, Side
from archgen.schema import ComponentBase, NoSettings


class StackComponent(ComponentBase):
    kind: Literal["cloudformation.stack"]
    settings: NoSettings = NoSettings()


class CloudFormationStack(Kind):
    name = "cloudformation.stack"
    title = "CloudFormation stacks"
    layer = "cicd"
    summary = "The generated templates, one stack per layer, deployed through change sets."
    icon = "aws.management.Cloudformation"
    component = StackComponent
    accepts = (Side("deploy", "each stack deployed by CloudFormation with its own role"),)


KIND = CloudFormationStack
