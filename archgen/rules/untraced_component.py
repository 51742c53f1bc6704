"""W205: every component that can send traces sends them (a function without X-Ray, say)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from archgen.rules._base import Finding, Rule, component_path, meaning

if TYPE_CHECKING:
    from archgen.graph import SystemGraph


def kinds_tracing(graph: SystemGraph) -> set[str]:
    """The kinds that may start a 'trace' relation to some registered kind (functions, REST APIs, ...)."""
    kinds = graph.registry
    return kinds.memo(("kinds_tracing",), lambda: {
        kind.name for kind in kinds for target in kinds
        if kind.offered("trace", target.name) and target.accepted("trace", kind.name)})


class UntracedComponent(Rule):
    id = "W205"
    shortdesc = "Component that sends no traces"
    description = ("A component of a kind that can send traces (functions, REST APIs, GraphQL APIs, state "
                   "machines) has a 'trace' relation to an X-Ray component, so a slow or failing request can "
                   "be followed across the services it crosses. Without it the templates leave tracing off, "
                   "which cfn-lint-serverless reports (WS1000, WS2002, WS3000, WS5000).")

    def check(self, graph: SystemGraph) -> Iterator[Finding]:
        tracing = kinds_tracing(graph)
        for component in graph.components.values():
            if component.kind in tracing and not any(
                    meaning(graph, r.source, r.target) == "trace" for r in graph.outgoing(component.id)):
                yield Finding(component_path(component.id),
                              f"'{component.id}' sends no traces: add an xray.tracing component and a relation "
                              f"from '{component.id}' to it (or an exception with 'component: {component.id}', "
                              f"'control: W205' and your reason)", component.id)


RULE = UntracedComponent
