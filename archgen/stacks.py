"""Stacks: which CloudFormation stack holds each component and each relation's wiring, and their order.

One stack per (layer, region). A layer's components in the system's region form the stack named after
the layer; parts AWS pins to another region (CloudFront's certificate and web ACL: us-east-1) form
`<layer>-<region>`. Each side of a relation that wires something renders into its own component's
stack, the grant into the stack of the policy that holds it. Which stack needs which is learnt while
rendering (a reference to another stack's resource is an output there and a parameter here); the
stacks deploy in a topological order of those needs, and a model whose relations make two stacks
need each other is an error on those relations (rule E104).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from archgen.schema import LAYERS, Relation

if TYPE_CHECKING:
    from archgen.graph import SystemGraph
    from archgen.links import Link


@dataclass(frozen=True)
class Stack:
    name: str
    layer: str
    region: str
    part: int = 0  # of a layer's stack split to stay within CloudFormation's limits (archgen/stack_limits.py)


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
    # (component, region) -> its sub-stack, for a layer split to stay within CloudFormation's limits
    split: dict[tuple[str, str], str] = field(default_factory=dict)
    oversize: dict[str, dict[str, int]] = field(default_factory=dict)  # stack split -> what it used whole
    unsplittable: dict[str, str] = field(default_factory=dict)         # stack over a limit kept whole -> why
    usage: dict[str, dict[str, int]] = field(default_factory=dict)     # stack -> what of each limit it uses

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


def wiring_sides(link: Link, graph: SystemGraph) -> list[tuple[str, tuple[str, ...]]]:
    """(component, regions) of each side of the link that renders wiring, in source-then-target order,
    then the component acting for it (`via`) when that one renders something too."""
    sides = []
    for side, component in ((link.out, link.source), (link.into, link.target)):
        if graph.registry[component.kind].wires_for(link, side):
            sides.append((component.id, graph.registry[component.kind].wiring_regions(link, graph)))
    if link.via is not None and link.wired_via:
        sides.append((link.via.id, graph.kind(link.via.id).regions(link.via, graph)))
    return sides


def grant_home(link: Link) -> str | None:
    """The component whose stack holds the link's grant: the role's owner, the policy's resource, or,
    for a Lambda permission, the caller (its ARN is local there; the function's is known by name)."""
    grant = link.grant
    if grant is None:
        return None
    if grant.type == "lambda-permission":
        return link.source.id
    if grant.type == "role":
        if grant.holder == "via" and link.via is not None:
            return link.via.id
        return link.source.id if grant.holder == "source" else link.target.id
    return link.target.id


def side_stack(result: StackPlan, component_id: str, layer: str, region: str, graph: SystemGraph) -> str:
    """The stack a component's side renders into: its sub-stack when its layer is split, else the layer's."""
    return result.split.get((component_id, region)) or stack_name(layer, region, graph)


def place(graph: SystemGraph, split: dict[tuple[str, str], str] | None = None) -> StackPlan:
    """Every component and every link's wiring in its stack(s); needs and order come from rendering.
    `split` puts components in sub-stacks of their layer's (see archgen/stack_limits.py)."""
    result = StackPlan(split=dict(split or {}))
    homes: dict[str, None] = {}
    for link in graph.links():
        if link.wired:
            homes.update(dict.fromkeys(component for component, _ in wiring_sides(link, graph)))
            home = grant_home(link)
            if home is not None:
                homes[home] = None
    for component_id, component in graph.components.items():
        kind = graph.kind(component_id)
        if not kind.deploys and component_id not in homes:
            continue
        for region in kind.regions(component, graph):
            _place(result, component_id, str(component.layer), region, graph)
    for link in graph.links():
        if not link.wired:
            continue
        stacks: dict[str, None] = {}
        for component_id, regions in wiring_sides(link, graph):
            layer = str(graph.components[component_id].layer)
            stacks.update(dict.fromkeys(_place(result, None, layer, region, graph, side=component_id)
                                        for region in regions))
        home = grant_home(link)
        if home is not None:
            stacks.update(dict.fromkeys(result.components[home].values()))
        result.wiring[link.index] = tuple(stacks)
    return result


def _place(result: StackPlan, component_id: str | None, layer: str, region: str, graph: SystemGraph,
           side: str | None = None) -> str:
    name = side_stack(result, component_id or side or "", layer, region, graph)
    part = int(name.rsplit("-", 1)[1]) if name != stack_name(layer, region, graph) else 0
    result.stacks.setdefault(name, Stack(name, layer, region, part))
    if component_id is not None:
        result.components.setdefault(component_id, {})[region] = name
    return name


def order(result: StackPlan) -> list[str]:
    """Kahn's algorithm over the needs; among stacks ready together, layers in their fixed order, then name."""
    def rank(name: str) -> tuple[int, str, int]:
        stack = result.stacks[name]
        base = name.rsplit("-", 1)[0] if stack.part else name
        return LAYERS.index(stack.layer), base, stack.part

    waiting = {name: set(result.needs.get(name, {})) - {name} for name in result.stacks}
    ordered: list[str] = []
    while waiting:
        ready = sorted((name for name, needs in waiting.items() if not needs), key=rank)
        if not ready:
            raise StackCycle(_cycle(result, set(waiting)))
        ordered.append(ready[0])
        del waiting[ready[0]]
        for needs in waiting.values():
            needs.discard(ready[0])
    return ordered


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


def plan(graph: SystemGraph) -> StackPlan:
    """The full plan, needs and order included: that takes rendering the templates (done once per graph)."""
    from archgen.render.cloudformation.assemble import synthesize

    return synthesize(graph).plan
