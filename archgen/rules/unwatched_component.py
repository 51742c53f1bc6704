"""W201: every component that alarms can watch is watched (a function without an error alarm, say)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from archgen.rules._base import Finding, Rule, component_path, meaning

if TYPE_CHECKING:
    from archgen.graph import SystemGraph


class UnwatchedComponent(Rule):
    id = "W201"
    shortdesc = "Component without an alarm"
    description = ("A component of a kind that alarms can watch (functions, APIs, tables, distributions) has a "
                   "'watch' relation from an alarms component, so its errors reach someone.")

    def check(self, graph: SystemGraph) -> Iterator[Finding]:
        watchable = {rule.target for kind in graph.registry for rule in kind.allows if rule.meaning == "watch"}
        for component in graph.components.values():
            if component.kind not in watchable:
                continue
            if not any(meaning(graph, r.source, r.target) == "watch" for r in graph.incoming(component.id)):
                yield Finding(component_path(component.id),
                              f"'{component.id}' has no alarm: add a relation from a cloudwatch.alarms "
                              f"component to it", component.id)


RULE = UnwatchedComponent
