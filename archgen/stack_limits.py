"""CloudFormation's limits per stack, and the split of a layer's stack that would pass them.

A stack holds at most 500 resources, 200 outputs and 200 parameters, and its template at most 1 MB
(through S3; 51,200 bytes inline, which deploy handles by uploading). When a layer's stack would
pass one of them, its components are spread over ordered sub-stacks `<stack>-1`, `<stack>-2`, ...
and the templates are rendered again: wiring and exports are computed as for any two stacks (a
reference across sub-stacks is an output there and a parameter here, and the deploy order follows).
Components joined by relations inside the stack stay together where they fit, so sub-stacks rarely
need each other both ways; if they would (a cycle), the stack stays whole and rule W211 says so.
Each part is filled to `TARGET` of the limits, leaving room to grow before the next split.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any, Callable

from archgen.stacks import StackCycle

if TYPE_CHECKING:
    from archgen.graph import SystemGraph
    from archgen.render.cloudformation.assemble import Synth

LIMITS = {"resources": 500, "outputs": 200, "parameters": 200, "bytes": 1_000_000}
LIMIT_NAMES = {"resources": "resources", "outputs": "outputs", "parameters": "parameters",
               "bytes": "bytes of template"}
TARGET = 0.8  # parts are filled to 80% of each limit; rule W211 warns of a stack past it
ATTEMPTS = 4

Split = dict[tuple[str, str], str]
Synthesize = Callable[["SystemGraph", str, "Split | None"], "Synth"]


def usage(template: dict[str, Any], text: bytes | None = None) -> dict[str, int]:
    """What of each limit the template uses (its size as deploy uploads it: the YAML, `text` if given)."""
    from archgen.render.cloudformation.emit import template_yaml

    return {"resources": len(template.get("Resources", {})), "outputs": len(template.get("Outputs", {})),
            "parameters": len(template.get("Parameters", {})),
            "bytes": len(text if text is not None else template_yaml(template))}


def _measured(synth: Synth, first: bool = False) -> dict[str, dict[str, int]]:
    """Each template's YAML (kept: the templates renderer writes these bytes) and what it uses. On the
    `first` pass a template past a count limit is split whatever its size: its size is estimated from
    its compact JSON (YAML is larger), not dumped, as those bytes will never be written."""
    import json

    from archgen.render.cloudformation.emit import template_yaml

    for name, template in synth.templates.items():
        counted = usage(template, b"")
        if first and over(counted):
            synth.plan.usage[name] = {**counted, "bytes": len(json.dumps(template, separators=(",", ":")))}
            continue
        if name not in synth.texts:
            synth.texts[name] = template_yaml(template)
        synth.plan.usage[name] = usage(template, synth.texts[name])
    return synth.plan.usage


def over(used: dict[str, int], share: float = 1.0) -> list[str]:
    """The limits `used` passes (or passes `share` of)."""
    return [name for name, limit in LIMITS.items() if used[name] > limit * share]


def within_limits(graph: SystemGraph, model_dir: str, synthesize: Synthesize) -> Synth:
    """The templates, with every layer's stack that would pass a limit split into sub-stacks."""
    whole = synthesize(graph, model_dir, None)
    used = dict(_measured(whole, first=True))
    parts = {name: _parts_needed(u) for name, u in used.items() if over(u)}
    if not parts:
        return whole
    whole.plan.oversize.update({name: used[name] for name in parts})
    result = whole
    for _ in range(ATTEMPTS):
        split = _split(graph, whole, parts)
        try:
            result = synthesize(graph, model_dir, split)
        except StackCycle:
            whole.plan.unsplittable.update(dict.fromkeys(parts, "its parts would need each other in a cycle"))
            return whole
        result.plan.oversize.update(whole.plan.oversize)
        measured = _measured(result)
        still = set()
        for name in result.templates:
            stack = result.plan.stacks[name]
            if not over(measured[name]):
                continue
            members = [c for c, regions in result.plan.components.items() if regions.get(stack.region) == name]
            base = name.rsplit("-", 1)[0] if stack.part else name
            if len(members) == 1:  # one component's own resources: no split can help
                result.plan.unsplittable[base] = f"component '{members[0]}' alone passes {_passed(measured[name])}"
            else:
                still.add(base)
        if not still:
            return result
        parts.update({name: parts[name] + 1 for name in still if name in parts})
    result.plan.unsplittable.update(dict.fromkeys(still, "a part still passes a limit"))
    return result


def _passed(used: dict[str, int]) -> str:
    return ", ".join(f"{used[name]:,} {LIMIT_NAMES[name]} (limit {LIMITS[name]:,})" for name in over(used))


def _parts_needed(used: dict[str, int]) -> int:
    return max(2, *(math.ceil(used[name] / (limit * TARGET)) for name, limit in LIMITS.items()))


def _split(graph: SystemGraph, whole: Synth, parts: dict[str, int]) -> Split:
    """(component, region) -> sub-stack, for the components of each stack in `parts`."""
    split: Split = {}
    for stack, count in parts.items():
        template = whole.templates[stack]
        region = whole.plan.stacks[stack].region
        members = [c for c, regions in whole.plan.components.items() if regions.get(region) == stack]
        weights = _weights(template, members)
        groups = _pack(_clusters(graph, members), weights, count)
        if len(groups) < 2:
            continue  # one component: it stays whole (rule W211 names it)
        for number, group in enumerate(groups, start=1):
            split.update({(c, region): f"{stack}-{number}" for c in group})
    return split


def _weights(template: dict[str, Any], members: list[str]) -> dict[str, float]:
    """Each component's share of the stack: the larger of its share of resources and of bytes."""
    import json

    resources: dict[str, int] = dict.fromkeys(members, 0)
    size: dict[str, int] = dict.fromkeys(members, 0)
    for resource in template.get("Resources", {}).values():
        owner = resource.get("Metadata", {}).get("archgen", {}).get("component")
        if owner in resources:
            resources[owner] += 1
            size[owner] += len(json.dumps(resource))
    total_resources, total_size = max(1, sum(resources.values())), max(1, sum(size.values()))
    return {c: max(resources[c] / total_resources, size[c] / total_size, 1e-6) for c in members}


def _clusters(graph: SystemGraph, members: list[str]) -> list[list[str]]:
    """The stack's components joined by relations between them (each in model order)."""
    inside = set(members)
    parent = {c: c for c in members}
    position = {c: n for n, c in enumerate(members)}

    def root(c: str) -> str:
        while parent[c] != c:
            parent[c] = parent[parent[c]]
            c = parent[c]
        return c

    for relation in graph.relations:
        if relation.source in inside and relation.target in inside:
            a, b = root(relation.source), root(relation.target)
            if a != b:
                first, second = sorted((a, b), key=position.__getitem__)
                parent[second] = first
    clusters: dict[str, list[str]] = {}
    for c in members:
        clusters.setdefault(root(c), []).append(c)
    return list(clusters.values())


def _pack(clusters: list[list[str]], weights: dict[str, float], count: int) -> list[list[str]]:
    """Whole clusters, in order, into `count` parts of about equal weight; a cluster larger than a
    part is cut in order."""
    capacity = sum(weights.values()) / count
    parts: list[list[str]] = [[]]
    load = 0.0
    for cluster in clusters:
        weight = sum(weights[c] for c in cluster)
        if parts[-1] and load + weight > capacity * 1.0001 and len(parts) < count:
            parts.append([])
            load = 0.0
        for component in cluster:
            if parts[-1] and load + weights[component] > capacity * 1.0001 and len(parts) < count:
                parts.append([])
                load = 0.0
            parts[-1].append(component)
            load += weights[component]
    return [part for part in parts if part]
