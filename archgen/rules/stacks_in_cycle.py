"""E104: the relations' wiring must not make two CloudFormation stacks need each other."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from archgen.render.cloudformation.assemble import TemplateConflict
from archgen.rules._base import Finding, Rule
from archgen.stacks import StackCycle, plan

if TYPE_CHECKING:
    from archgen.graph import SystemGraph


class StacksInCycle(Rule):
    id = "E104"
    synthesizes = True
    shortdesc = "Relations make CloudFormation stacks depend on each other"
    description = ("Each relation's wiring lives in one stack (its kind says which side's) and needs the stack "
                   "of the other side; the stacks must deploy in an order, so those needs must not form a cycle.")

    def check(self, graph: SystemGraph) -> Iterator[Finding]:
        try:
            plan(graph)
        except TemplateConflict as conflict:  # a combination no rule names yet: an error, never a traceback
            yield Finding(("relations",), (
                f"the templates cannot be made: two relations set one property ({conflict}): drop one of them"))
        except StackCycle as cycle:
            loop = " -> ".join([home for home, _, _ in cycle.cycle] + [cycle.cycle[0][0]])
            involved = dict.fromkeys(c for _, _, r in cycle.cycle for c in (r.source, r.target))
            where = ", ".join(f"'{c}' ({graph.components[c].layer})" for c in involved)
            for home, other, relation in cycle.cycle:
                yield Finding(("relations", relation.index), (
                    f"the wiring of '{relation.key}' makes stack '{home}' need stack '{other}', and the stacks "
                    f"then need each other in a cycle ({loop}): give one of {where} another 'layer:' "
                    "(a kind's default layer is only a default), or drop one of the relations in the cycle"))


RULE = StacksInCycle
