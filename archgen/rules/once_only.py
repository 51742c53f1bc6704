"""E113: relations a component has once: one watcher, one web ACL, one certificate, one log destination,
one tracing (each sets a property of the component's resources that holds one value, or names what it
makes after the component alone)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from archgen.rules._base import Finding, Rule

if TYPE_CHECKING:
    from archgen.graph import SystemGraph
    from archgen.schema import Relation

ONCE_OUT = {"certificate": "serves one certificate", "logs": "writes its logs to one place",
            "trace": "sends its traces to one place", "build": "runs one build (its artifact is 'Checked')"}
ONCE_IN = {"watch": "is watched by one alarms component (its alarms are named after it)",
           "protect": "is protected by one web ACL (AWS associates one)",
           "source": "starts from one source (its artifact is 'Source')"}


class OnceOnly(Rule):
    id = "E113"
    shortdesc = "A relation a component can have only once, given twice"
    description = ("A component serves one certificate, writes its logs and traces to one place, is watched by "
                   "one alarms component and protected by one web ACL; a pipeline has one source and one build: a "
                   "second such relation would set the same property twice.")

    def check(self, graph: SystemGraph) -> Iterator[Finding]:
        for component in graph.components:
            for meaning, what in ONCE_OUT.items():
                yield from _twice(graph, component, [r for r in graph.outgoing(component)
                                                     if graph.link(r).meaning.name == meaning], what)
            for meaning, what in ONCE_IN.items():
                yield from _twice(graph, component, [r for r in graph.incoming(component)
                                                     if graph.link(r).meaning.name == meaning], what)


def _twice(graph: SystemGraph, component: str, relations: list[Relation], what: str) -> Iterator[Finding]:
    for relation in relations[1:]:
        # no component: an exception cannot waive a template CloudFormation would refuse
        yield Finding(("relations", relation.index), (
            f"'{component}' {what}, and relations[{relations[0].index}] ({relations[0].key}) is that one: "
            f"drop this relation"))


RULE = OnceOnly
