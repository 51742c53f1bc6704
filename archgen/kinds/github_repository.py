"""A GitHub repository: a pipeline's source through a CodeStar connection (as GitLab's), and the
repository an Amplify app builds and hosts.

Amplify Hosting reaches GitHub with an access token, never written in the model: `token_secret` names
the Secrets Manager secret holding it, read by CloudFormation at deploy time (a dynamic reference).
The connection is created PENDING, as on AWS: someone finishes the handshake in the console once.
The local AWS keeps the connection but clones nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import Field

from archgen.kinds._base import Side
from archgen.kinds._user_pool_login import SecretName
from archgen.kinds.gitlab_repository import GitlabRepository
from archgen.schema import ComponentBase, Strict

if TYPE_CHECKING:
    from archgen.graph import SystemGraph


class GithubSettings(Strict):
    repository: Annotated[str, Field(pattern=r"^[A-Za-z0-9-]{1,39}/[A-Za-z0-9_.-]{1,100}$",
                                     description="owner/name on GitHub")]
    branch: Annotated[str, Field(pattern=r"^[A-Za-z0-9_./-]{1,100}$")] = "main"
    token_secret: SecretName | None = Field(None, description="the name of the Secrets Manager secret holding "
                                                              "the token Amplify Hosting clones with, never the "
                                                              "token itself")


class GithubComponent(ComponentBase):
    kind: Literal["github.repository"]
    settings: GithubSettings


class GithubRepository(GitlabRepository):
    name = "github.repository"
    title = "GitHub repository"
    summary = "The source repository on GitHub: a pipeline's source (CodeStar connection), or an Amplify app's."
    icon = "onprem.vcs.Github"
    component = GithubComponent
    provider = "GitHub"
    scope = "external"
    offers = (Side("source", "the repository's branch as the source (a CodeStar connection for a pipeline, "
                             "the app's repository for Amplify)", kinds=("codepipeline.pipeline", "amplify.app")),)

    def regions(self, component: Any, graph: SystemGraph) -> tuple[str, ...]:
        """A connection only when a pipeline uses it (Amplify clones with its own token): else nowhere."""
        if any(graph.components[r.target].kind == "codepipeline.pipeline" for r in graph.outgoing(component.id)):
            return super().regions(component, graph)
        return ()


KIND = GithubRepository

