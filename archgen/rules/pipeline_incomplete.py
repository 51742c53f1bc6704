"""E112: a pipeline has a source, and a build before it deploys (CodePipeline refuses anything less); a
build belongs to one pipeline (it encrypts with that pipeline's artifact key, and has room for one)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from archgen.rules._base import Finding, Rule, component_path

if TYPE_CHECKING:
    from archgen.graph import SystemGraph

PIPELINE = "codepipeline.pipeline"


class PipelineIncomplete(Rule):
    id = "E112"
    shortdesc = "Pipeline without a source or a build, or a build shared by pipelines"
    description = ("CodePipeline needs a source stage first and at least two stages; the deploy stage takes the "
                   "templates the build checked. So a pipeline has a relation from its source (a repository), "
                   "and one to a build; a build project is the build of one pipeline only (it encrypts its artifacts "
                   "with that pipeline's key), and one pipeline deploys the stacks.")

    def check(self, graph: SystemGraph) -> Iterator[Finding]:
        yield from self._shared_builds(graph)
        yield from self._second_deployers(graph)
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


    @staticmethod
    def _shared_builds(graph: SystemGraph) -> Iterator[Finding]:
        for component in graph.components.values():
            pipelines = [r for r in graph.incoming(component.id)
                         if graph.components[r.source].kind == PIPELINE and graph.link(r).meaning.name == "build"]
            for relation in pipelines[1:]:
                yield Finding(("relations", relation.index), (
                    f"'{component.id}' is already the build of pipeline '{pipelines[0].source}': give "
                    f"'{relation.source}' a build project of its own"))


    @staticmethod
    def _second_deployers(graph: SystemGraph) -> Iterator[Finding]:
        """Each deploying pipeline deploys every stack of the model: two would race each other."""
        deploys = [r for r in graph.relations if graph.components[r.source].kind == PIPELINE
                   and graph.link(r).meaning.name == "deploy"]
        for relation in deploys[1:]:
            if relation.source != deploys[0].source:
                yield Finding(("relations", relation.index), (
                    f"pipeline '{deploys[0].source}' already deploys the stacks (every stack of the model): "
                    f"drop this relation, or let '{relation.source}' build and check only"))


RULE = PipelineIncomplete
