"""E113: one alarms component watches each component (their alarms are named after what they watch)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from archgen.rules._base import Finding, Rule

if TYPE_CHECKING:
    from archgen.graph import SystemGraph


class WatchedTwice(Rule):
    id = "E113"
    shortdesc = "Component watched by two alarms components"
    description = ("A component's alarms (its errors, throttles, latency) are set once, by the one component that "
                   "watches it; a second watcher would set the same alarms again under the same names.")

    def check(self, graph: SystemGraph) -> Iterator[Finding]:
        for component in graph.components:
            watchers = [r for r in graph.incoming(component) if graph.link(r).meaning.name == "watch"]
            for relation in watchers[1:]:
                # no component: an exception cannot waive names CloudFormation would see twice
                yield Finding(("relations", relation.index), (
                    f"'{component}' is already watched by '{watchers[0].source}': drop this relation, or let "
                    f"'{watchers[0].source}' watch it alone"))


RULE = WatchedTwice
