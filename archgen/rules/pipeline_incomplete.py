"""E112: a pipeline has a source, and a build before it deploys (CodePipeline refuses anything less)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from archgen.rules._base import Finding, Rule, component_path

if TYPE_CHECKING:
    from archgen.graph import SystemGraph

PIPELINE = "codepipeline.pipeline"


class PipelineIncomplete(Rule):
    id = "E112"
    shortdesc = "Pipeline without a source, or deploying without a build"
    description = ("CodePipeline needs a source stage first and at least two stages; the deploy stage takes the "
                   "templates the build checked. So a pipeline has a relation from its source (a repository), "
                   "and one to a build whenever it deploys.")

    def check(self, graph: SystemGraph) -> Iterator[Finding]:
        for component in graph.components.values():
            if component.kind != PIPELINE:
                continue
            into = {graph.link(r).meaning.name for r in graph.incoming(component.id)}
            out = {graph.link(r).meaning.name for r in graph.outgoing(component.id)}
            missing = (["a source: a relation from the repository to it"] if "source" not in into else []) + \
                (["a build: a relation from it to the build project"] if "build" not in out else [])
            if missing:
                # no component: an exception cannot waive what AWS refuses
                yield Finding(component_path(component.id), f"pipeline '{component.id}' needs "
                                                            f"{' and '.join(missing)}")


RULE = PipelineIncomplete
