"""W211: each layer's stack within CloudFormation's limits, with room to grow (split when it would pass)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from archgen.rules._base import Finding, Rule
from archgen.stack_limits import LIMIT_NAMES, LIMITS, TARGET, over

if TYPE_CHECKING:
    from archgen.graph import SystemGraph


class StackNearLimit(Rule):
    id = "W211"
    synthesizes = True  # measures the synthesized stacks: only a model the other rules passed
    shortdesc = "Stack near CloudFormation's limits"
    description = (f"A stack holds at most {LIMITS['resources']} resources, {LIMITS['outputs']} outputs, "
                   f"{LIMITS['parameters']} parameters and {LIMITS['bytes']:,} bytes of template. A layer's stack "
                   "that would pass one is split into ordered sub-stacks; this warns when a stack passes "
                   f"{TARGET:.0%} of a limit, when a layer was split, and when it cannot be (one component alone "
                   "passes a limit: split that component in the model).")

    def check(self, graph: SystemGraph) -> Iterator[Finding]:
        from archgen.render.cloudformation.assemble import synthesize
        from archgen.stacks import StackCycle

        try:
            synth = synthesize(graph)
        except StackCycle:
            return  # rule E104 reports it
        plan = synth.plan
        for name, used in sorted(plan.oversize.items()):
            layer = name.split("-", 1)[0]
            parts = [s for s in plan.order if plan.stacks[s].part and s.rsplit("-", 1)[0] == name]
            passed = ", ".join(f"{used[k]:,} {LIMIT_NAMES[k]} (limit {LIMITS[k]:,})" for k in over(used))
            if name in plan.unsplittable:
                yield Finding(_at(graph, layer), f"layer '{layer}': its stack '{name}' would hold {passed}, past "
                              f"CloudFormation's limits, and cannot be split: {plan.unsplittable[name]}; "
                              "split that component into several in the model")
            else:
                yield Finding(_at(graph, layer), f"layer '{layer}': its stack '{name}' would hold {passed}, past "
                              f"CloudFormation's limits: it deploys as {len(parts)} ordered sub-stacks "
                              f"({', '.join(parts)})")
        for name in synth.templates:
            used = plan.usage[name]
            near = over(used, TARGET)
            stack = plan.stacks[name]
            base = name.rsplit("-", 1)[0] if stack.part else name
            if near and base not in plan.oversize:
                what = ", ".join(f"{used[k]:,} of {LIMITS[k]:,} {LIMIT_NAMES[k]}" for k in near)
                yield Finding(_at(graph, stack.layer), f"layer '{stack.layer}': stack '{name}' holds {what}, near "
                              "CloudFormation's limits (it is split into sub-stacks when it would pass one)")


def _at(graph: SystemGraph, layer: str) -> tuple[str, ...]:
    """The layer's first component in the model: where a reader finds the layer."""
    first = next((c for c, component in graph.components.items() if str(component.layer) == layer), None)
    return ("components", first) if first else ("components",)


RULE = StackNearLimit
