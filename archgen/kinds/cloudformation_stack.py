"""CloudFormation: the generated stacks, deployed by the pipeline through change sets."""

from typing import Literal

from diagrams.aws.management import Cloudformation

from archgen.kinds._base import Kind
from archgen.schema import ComponentBase, NoSettings


class StackComponent(ComponentBase):
    kind: Literal["cloudformation.stack"]
    settings: NoSettings = NoSettings()


class CloudFormationStack(Kind):
    name = "cloudformation.stack"
    title = "CloudFormation stacks"
    layer = "cicd"
    summary = "The generated templates, one stack per layer, deployed through change sets."
    icon = Cloudformation
    component = StackComponent


KIND = CloudFormationStack
