"""W201: every component that alarms can watch is watched (a function without an error alarm, say)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from archgen.rules._base import Finding, Rule, component_path, has_incoming, kinds_targeted

if TYPE_CHECKING:
    from archgen.graph import SystemGraph


class UnwatchedComponent(Rule):
    id = "W201"
    shortdesc = "Component without an alarm"
    description = ("A component of a kind that alarms can watch (functions, APIs, tables, distributions) has a "
                   "'watch' relation from an alarms component, so its errors reach someone.")

    def check(self, graph: SystemGraph) -> Iterator[Finding]:
        watchable = kinds_targeted(graph, "watch")
        for component in graph.components.values():
            if component.kind in watchable and not has_incoming(graph, component.id, "watch"):
                yield Finding(component_path(component.id),
                              f"'{component.id}' has no alarm: add a relation from a cloudwatch.alarms "
                              f"component to it", component.id)


RULE = UnwatchedComponent
