"""W202: alarms lead to a person: from every watcher, relations reach someone outside the system."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from archgen.rules._base import Finding, Rule, component_path, meaning

if TYPE_CHECKING:
    from archgen.graph import SystemGraph


class AlarmReachesNobody(Rule):
    id = "W202"
    shortdesc = "Monitored component with no alarm route to a person"
    description = ("From each component that watches others, following its non-watch relations "
                   "(notify, alert, ...) must reach a component of the external layer: a person.")

    def check(self, graph: SystemGraph) -> Iterator[Finding]:
        watchers = {r.source for r in graph.relations if meaning(graph, r.source, r.target) == "watch"}
        for watcher in sorted(watchers):
            if not self._reaches_person(graph, watcher):
                yield Finding(component_path(watcher),
                              f"the alarms of '{watcher}' reach no person: add a notify relation to an "
                              f"sns.topic and an alert relation from it to an external.person", watcher)

    @staticmethod
    def _reaches_person(graph: SystemGraph, start: str) -> bool:
        seen, todo = {start}, [start]
        while todo:
            for relation in graph.outgoing(todo.pop()):
                if meaning(graph, relation.source, relation.target) == "watch" or relation.target in seen:
                    continue
                if graph.components[relation.target].layer == "external":
                    return True
                seen.add(relation.target)
                todo.append(relation.target)
        return False


RULE = AlarmReachesNobody
