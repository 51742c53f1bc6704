"""Stacks: which CloudFormation stack holds each component and each relation's wiring, and their order.

One stack per (layer, region). A layer's components in the system's region form the stack named after
the layer; parts AWS pins to another region (CloudFront's certificate and web ACL: us-east-1) form
`<layer>-<region>`. A relation's wiring lives in its home side's stack (`Allows.lives`) and makes that
stack depend on the other side's. Stacks deploy in a topological order of those dependencies; a model
whose relations make two stacks need each other is an error on those relations (see validate/stacks.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from archgen.graph import SystemGraph
from archgen.kinds._base import wiring_home, wiring_regions
from archgen.schema import LAYERS, Relation


@dataclass(frozen=True)
class Stack:
    name: str
    layer: str
    region: str


class StackCycle(Exception):
    """The relations whose wiring makes the stacks depend on each other in a cycle, in cycle order."""

    def __init__(self, cycle: list[tuple[str, str, Relation]]) -> None:
        self.cycle = cycle
        super().__init__(" -> ".join(f"{home} needs {other} ({r.key})" for home, other, r in cycle))


@dataclass
class StackPlan:
    stacks: dict[str, Stack] = field(default_factory=dict)
    components: dict[str, dict[str, str]] = field(default_factory=dict)  # id -> region -> stack
    wiring: dict[int, tuple[str, ...]] = field(default_factory=dict)     # relation index -> stacks
    needs: dict[str, dict[str, list[Relation]]] = field(default_factory=dict)  # stack -> needed -> why
    order: list[str] = field(default_factory=list)

    def stack_of(self, component_id: str, region: str) -> str | None:
        """The component's stack in `region`, else in its first region; None when it deploys nothing."""
        regions = self.components.get(component_id)
        if not regions:
            return None
        return regions.get(region) or next(iter(regions.values()))

    def depends_on(self, stack: str) -> list[str]:
        return [name for name in self.order if name in self.needs.get(stack, {})]


def stack_name(layer: str, region: str, graph: SystemGraph) -> str:
    return layer if region == graph.system.region else f"{layer}-{region}"


def has_wiring(relation: Relation, graph: SystemGraph) -> bool:
    return graph.kind(relation.source).wiring_template(graph.components[relation.target].kind) is not None


def plan(graph: SystemGraph) -> StackPlan:
    """Place every component and wiring; raise StackCycle when the stacks cannot be ordered."""
    result = StackPlan()
    wired = [r for r in graph.relations if has_wiring(r, graph)]
    homes = {wiring_home(r, graph) for r in wired}
    for component_id, component in graph.components.items():
        kind = graph.kind(component_id)
        if kind.template() is None and component_id not in homes:
            continue
        for region in kind.regions(component, graph):
            _place(result, component_id, str(component.layer), region, graph)
    for relation in wired:
        home = wiring_home(relation, graph)
        layer = str(graph.components[home].layer)
        result.wiring[relation.index] = tuple(
            _place(result, None, layer, region, graph) for region in wiring_regions(relation, graph))
        other = relation.target if home == relation.source else relation.source
        for stack in result.wiring[relation.index]:
            _need(result, stack, result.stack_of(other, result.stacks[stack].region), relation)
    for component_id in list(result.components):
        for relation in graph.kind(component_id).template_relations(graph.components[component_id], graph):
            for region, stack in result.components[component_id].items():
                _need(result, stack, result.stack_of(relation.target, region), relation)
    result.order = _order(result, graph)
    return result


def _place(result: StackPlan, component_id: str | None, layer: str, region: str, graph: SystemGraph) -> str:
    name = stack_name(layer, region, graph)
    result.stacks.setdefault(name, Stack(name, layer, region))
    if component_id is not None:
        result.components.setdefault(component_id, {})[region] = name
    return name


def _need(result: StackPlan, stack: str, other: str | None, relation: Relation) -> None:
    if other is not None and other != stack:
        result.needs.setdefault(stack, {}).setdefault(other, []).append(relation)


def _order(result: StackPlan, graph: SystemGraph) -> list[str]:
    """Kahn's algorithm; among stacks ready together, layers in their fixed order, then by name."""
    def rank(name: str) -> tuple[int, str]:
        return LAYERS.index(result.stacks[name].layer), name

    waiting = {name: set(result.needs.get(name, {})) for name in result.stacks}
    order: list[str] = []
    while waiting:
        ready = sorted((name for name, needs in waiting.items() if not needs), key=rank)
        if not ready:
            raise StackCycle(_cycle(result, set(waiting)))
        order.append(ready[0])
        del waiting[ready[0]]
        for needs in waiting.values():
            needs.discard(ready[0])
    return order


def _cycle(result: StackPlan, remaining: set[str]) -> list[tuple[str, str, Relation]]:
    """One cycle among the stacks left unordered, as (stack, needed stack, the relation why)."""
    path: list[str] = [min(remaining)]
    while True:
        current = path[-1]
        nxt = min(name for name in result.needs.get(current, {}) if name in remaining)
        if nxt in path:
            loop = path[path.index(nxt):] + [nxt]
            return [(a, b, result.needs[a][b][0]) for a, b in zip(loop, loop[1:])]
        path.append(nxt)
