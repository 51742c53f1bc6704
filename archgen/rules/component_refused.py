"""E150: nothing in a component that AWS refuses once the whole model shapes it (each kind says what)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from archgen.rules._base import Finding, Rule

if TYPE_CHECKING:
    from archgen.graph import SystemGraph


class ComponentRefused(Rule):
    id = "E150"
    shortdesc = "Component AWS would refuse as the model makes it"
    description = ("What a component's own settings cannot show: its physical name too long once the system's "
                   "name prefixes it (an SQS queue: 80 characters, .fifo included), a schedule without exactly one "
                   "target, more than one on-failure destination for a function, a rule or a schedule, an app client "
                   "in no user pool.")

    def check(self, graph: SystemGraph) -> Iterator[Finding]:
        for component in graph.components.values():
            for path, message in graph.kind(component.id).graph_problems(component, graph):
                yield Finding(path, message, component.id)


RULE = ComponentRefused
