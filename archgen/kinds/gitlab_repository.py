"""A GitLab repository: where the code and this model live; pushes start the pipeline."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import Field

from archgen.kinds._base import Fragment, Kind, Side
from archgen.schema import ComponentBase, Strict
from archgen.kinds._deploy_scope import ARN

if TYPE_CHECKING:
    from archgen.links import Link
    from archgen.render.cloudformation.scope import Scope


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
    icon = "onprem.vcs.Gitlab"
    component = GitlabComponent
    provider = "GitLab"
    offers = (Side("source", "a CodeStar connection source action on the branch",
                   kinds=("codepipeline.pipeline",)),)
    accepts = (Side("push"),)
    exports = {"Arn": ("Connection", "ConnectionArn")}
    deploy_actions = ("codestar-connections:CreateConnection", "codestar-connections:DeleteConnection",
                      "codestar-connections:GetConnection", "codestar-connections:ListTagsForResource",
                      "codestar-connections:TagResource", "codestar-connections:UntagResource")
    deploy_arns = {"AWS::CodeStarConnections::Connection": (None, [("codestar-connections", ARN + "connection/*")])}

    def resources(self, c: Any, t: Scope) -> Fragment:
        return {"Resources": {t.lid(c.id, "Connection"): {
            "Type": "AWS::CodeStarConnections::Connection", "Metadata": t.meta(),
            "Properties": {"ConnectionName": t.name(c.id)[:32], "ProviderType": self.provider, "Tags": t.tags()}}}}

    def source_action(self, link: Link, t: Scope) -> dict[str, Any]:
        """The pipeline's source action on this repository's branch, through the connection."""
        settings = link.source.settings
        return {
            "ActionTypeId": {"Category": "Source", "Owner": "AWS", "Provider": "CodeStarSourceConnection",
                             "Version": "1"},
            "Configuration": {"ConnectionArn": t.ref(link.source.id, "Arn"), "FullRepositoryId": settings.repository,
                              "BranchName": settings.branch, "DetectChanges": True},
        }


KIND = GitlabRepository
