"""A GitLab repository: where the code and this model live; pushes start the pipeline."""

from typing import Annotated, Literal

from diagrams.onprem.vcs import Gitlab
from pydantic import Field

from archgen.kinds._base import Allows, Kind
from archgen.schema import ComponentBase, Strict


class GitlabSettings(Strict):
    repository: Annotated[str, Field(pattern=r"^[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)+$",
                                     description="group/project path on GitLab")]
    branch: Annotated[str, Field(pattern=r"^[A-Za-z0-9_./-]{1,100}$")] = "main"


class GitlabComponent(ComponentBase):
    kind: Literal["gitlab.repository"]
    settings: GitlabSettings


class GitlabRepository(Kind):
    name = "gitlab.repository"
    title = "GitLab repository"
    layer = "cicd"
    summary = "The source repository, outside AWS, connected through CodeStar Connections."
    icon = Gitlab
    component = GitlabComponent
    allows = (
        Allows("codepipeline.pipeline", "trigger", "a CodeStar connection source action on the branch",
               lives="target"),
    )
    exports = {"Arn": ("Connection", "ConnectionArn")}
    deploy_actions = ("codestar-connections:CreateConnection", "codestar-connections:DeleteConnection",
                      "codestar-connections:GetConnection", "codestar-connections:ListTagsForResource",
                      "codestar-connections:TagResource", "codestar-connections:UntagResource")


KIND = GitlabRepository
