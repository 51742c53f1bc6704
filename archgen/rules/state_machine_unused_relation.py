"""W230: a state machine relates to a component its definition never names: the relation grants calls no state makes."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Iterator

from archgen.kinds import _asl
from archgen.kinds.stepfunctions_state_machine import CALLS
from archgen.rules._base import Finding, Rule

if TYPE_CHECKING:
    from archgen.graph import SystemGraph

KIND = "stepfunctions.state_machine"


class StateMachineUnusedRelation(Rule):
    id = "W230"
    shortdesc = "State machine relation its definition never uses"
    description = ("A relation from a state machine to a component it calls (invoke, read, write, publish, send, "
                   "start, put-events) grants its role those calls; when no `${component}` placeholder of the "
                   "definition names that component, no state makes them, and the grant is more than it needs.")

    def check(self, graph: SystemGraph) -> Iterator[Finding]:
        folder = Path(graph.model.root) / graph.model.folder
        for component in graph.components.values():
            if component.kind != KIND:
                continue
            relative = component.settings.definition  # type: ignore[attr-defined]
            definition, _ = _asl.read(folder, relative)
            named = {_asl.named(text)[0] for _, text in _asl.placeholders(definition)}
            for relation in graph.outgoing(component.id):
                if graph.link(relation).meaning.name in CALLS and relation.target not in named:
                    yield Finding(("relations", relation.index), (
                        f"'{component.id}' may call '{relation.target}' but its definition "
                        f"({relative}) never names it (${{{relation.target}}}): use it in a "
                        "state, or drop the relation and its grant"), component.id)


RULE = StateMachineUnusedRelation
