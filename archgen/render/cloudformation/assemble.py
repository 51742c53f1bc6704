"""Assemble: every fragment merged into its stack, cross-stack values wired, and the deploy manifest.

Fragments merge deeply: a relation's fragment may add to a resource of its home side (an origin to a
distribution, a statement to a policy). Dicts merge key by key, lists append what they lack, and two
different values for one key are a bug in the templates, reported with the path.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from archgen.environments import deploy_dir
from archgen.graph import SystemGraph
from archgen.kinds._base import CODE_KEY_SUFFIX, CODE_LOCATION
from archgen.links import Link
from archgen.render.cloudformation.grant import grant_fragment
from archgen.render.cloudformation.scope import Scope, Wires, logical_id
from archgen.stack_limits import within_limits
from archgen.stacks import StackPlan, grant_home, order, place, side_stack, wiring_sides

TEMPLATE_VERSION = "2010-09-09"
RESOURCE_KEYS = ("Type", "Condition", "DependsOn", "DeletionPolicy", "UpdateReplacePolicy", "Metadata",
                 "Properties")


class TemplateConflict(ValueError):
    pass


@dataclass(frozen=True)
class Synth:
    plan: StackPlan
    templates: dict[str, dict[str, Any]]   # stack -> template
    manifest: dict[str, Any]
    texts: dict[str, bytes] = field(default_factory=dict)  # stack -> its template's YAML, once dumped


def merge(into: dict[str, Any], new: dict[str, Any], path: str = "") -> None:
    for key, value in new.items():
        here = f"{path}.{key}" if path else key
        if key not in into:
            into[key] = _fresh(value)
        elif isinstance(into[key], dict) and isinstance(value, dict):
            merge(into[key], value, here)
        elif isinstance(into[key], list) and isinstance(value, list):
            _merge_list(into[key], value, here)
        elif into[key] != value:
            raise TemplateConflict(f"{here}: {into[key]!r} and {value!r} from two fragments")


def _fresh(value: Any) -> Any:
    """A copy of the containers of a fragment's value: later fragments extend what is merged, and a
    kind's constants (a key policy statement) must never change under it."""
    if isinstance(value, dict):
        return {key: _fresh(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_fresh(item) for item in value]
    return value


def _merge_list(into: list[Any], new: list[Any], path: str) -> None:
    """Named items (pipeline stages, actions) merge by name, in first-seen order; others append if new."""
    def named(items: list[Any]) -> bool:
        return bool(items) and all(isinstance(item, dict) and "Name" in item for item in items)

    if named(into) and named(new):
        by_name = {item["Name"]: item for item in into}
        for item in new:
            if item["Name"] in by_name:
                merge(by_name[item["Name"]], item, f"{path}[{item['Name']}]")
            else:
                into.append(item)
        return
    into.extend(_fresh(item) for item in new if item not in into)


def synthesize(graph: SystemGraph, model_dir: str | None = None) -> Synth:
    """Every stack's template and the deploy manifest; rendered once per graph (rule E104 and the
    templates renderer share it)."""
    folder = model_dir or graph.model.folder
    return graph.memo(("synth", folder), lambda: within_limits(graph, folder, _synthesize))


def _synthesize(graph: SystemGraph, model_dir: str, split: dict[tuple[str, str], str] | None = None) -> Synth:
    stack_plan = place(graph, split)
    wires = Wires(model_dir=model_dir)
    docs: dict[str, dict[str, Any]] = {name: {} for name in stack_plan.stacks}
    for component_id, regions in stack_plan.components.items():
        kind = graph.kind(component_id)
        if not kind.deploys:
            continue
        for stack in regions.values():
            scope = Scope(graph, stack_plan, wires, stack, component_id)
            merge(docs[stack], kind.resources(graph.components[component_id], scope), stack)
    wired = [link for link in graph.links() if link.wired]
    for link in [link for link in wired if not link.reads_manifest]:
        _render_link(graph, stack_plan, wires, docs, link)
    stack_plan.needs = wires.needs
    stack_plan.order = order(stack_plan)
    # The wiring that deploys the stacks reads the manifest of everything else, so it comes last.
    for link in [link for link in wired if link.reads_manifest]:
        so_far = _templates(graph, stack_plan, docs, wires)
        manifest = _manifest(graph, stack_plan, so_far, wires, model_dir)
        _render_link(graph, stack_plan, wires, docs, link, manifest, so_far)
    templates = _templates(graph, stack_plan, docs, wires)
    return Synth(stack_plan, templates, _manifest(graph, stack_plan, templates, wires, model_dir))


def _render_link(graph: SystemGraph, stack_plan: StackPlan, wires: Wires, docs: dict[str, dict[str, Any]],
                 link: Link, manifest: dict[str, Any] | None = None,
                 templates: dict[str, dict[str, Any]] | None = None) -> None:
    """Each side's wiring in its own stack(s), then the grant in the stack of the policy holding it."""
    for component_id, regions in wiring_sides(link, graph):
        layer = str(graph.components[component_id].layer)
        for region in regions:
            stack = side_stack(stack_plan, component_id, layer, region, graph)
            scope = Scope(graph, stack_plan, wires, stack, component_id, link, manifest, templates)
            fragment = graph.kind(component_id).wire(link, scope)
            merge(docs[stack], _mark_patches(fragment, link.key), stack)
    home = grant_home(link)
    if home is None:
        return
    for stack in stack_plan.components[home].values():
        scope = Scope(graph, stack_plan, wires, stack, home, link, manifest, templates)
        merge(docs[stack], _mark_patches(grant_fragment(link, scope), link.key), stack)


def _mark_patches(fragment: dict[str, Any], relation: str) -> dict[str, Any]:
    """A resource a relation only changes (an origin, a tracing flag) names that relation too, so
    every relation can be traced to the resources it touches (the audit reads these marks)."""
    for resource in fragment.get("Resources", {}).values():
        if "Type" not in resource:
            resource.setdefault("Metadata", {}).setdefault("archgen", {}).setdefault("relations", []).append(relation)
    return fragment


def _templates(graph: SystemGraph, stack_plan: StackPlan, docs: dict[str, dict[str, Any]],
               wires: Wires) -> dict[str, dict[str, Any]]:
    # Wiring adds parameters and outputs: only those are copied (not the whole documents, twice the time of
    # the rest); the resources are shared with `docs`, which no fragment changes once merged.
    wired = {name: {**doc, "Parameters": dict(doc.get("Parameters", {})),
                    "Outputs": {key: dict(value) for key, value in doc.get("Outputs", {}).items()}}
             for name, doc in docs.items()}
    _wire(wired, wires)
    return {name: _template(graph, stack_plan, name, wired[name]) for name in stack_plan.order}


def _wire(docs: dict[str, dict[str, Any]], wires: Wires) -> None:
    for consumer, feeds in wires.feeds.items():
        for name, feed in feeds.items():
            docs[consumer].setdefault("Parameters", {})[name] = {"Type": "String", "Description": feed.description}
            merge(docs[feed.source], {"Outputs": {name: {"Description": feed.description.split(" (")[0],
                                                         "Value": feed.value}}})


def _template(graph: SystemGraph, stack_plan: StackPlan, name: str, doc: dict[str, Any]) -> dict[str, Any]:
    stack = stack_plan.stacks[name]
    where = "" if stack.region == graph.system.region else f", in {stack.region} where AWS requires it"
    if stack.part:
        count = sum(1 for other in stack_plan.stacks.values() if (other.layer, other.region) == (stack.layer,
                                                                                                stack.region))
        where += f", part {stack.part} of {count} (split to stay within CloudFormation's limits)"
    template: dict[str, Any] = {
        "AWSTemplateFormatVersion": TEMPLATE_VERSION,
        "Description": f"{graph.system.title}: the {stack.layer} layer{where} (generated by archgen from the "
                       "model; do not edit)",
        # cfn-lint checks each template against the region it deploys to (what exists there differs).
        "Metadata": {"cfn-lint": {"config": {"regions": [stack.region]}}},
    }
    for section in ("Parameters", "Conditions", "Resources", "Outputs"):
        if doc.get(section):
            template[section] = dict(sorted(doc[section].items()))
    template["Resources"] = {lid: _ordered(resource) for lid, resource in template.get("Resources", {}).items()}
    return template


def _ordered(resource: dict[str, Any]) -> dict[str, Any]:
    unknown = set(resource) - set(RESOURCE_KEYS)
    if unknown or "Type" not in resource:
        raise TemplateConflict(f"resource without a Type or with unknown keys {sorted(unknown)}: {resource}")
    return {key: resource[key] for key in RESOURCE_KEYS if key in resource}


def stack_name(graph: SystemGraph, stack: str) -> str:
    return f"{graph.system.name}-{graph.system.environment}-{stack}"


def _input(graph: SystemGraph, parameter: str, model_dir: str) -> dict[str, str]:
    """What deploy must fill a parameter no stack feeds with: a function's code, or a value it is given."""
    if parameter in CODE_LOCATION:
        return CODE_LOCATION[parameter]
    return _code_keys(graph, model_dir).get(parameter, {"from": "deploy"})


def _code_keys(graph: SystemGraph, model_dir: str) -> dict[str, dict[str, str]]:
    """The code-key parameter of each component with code, by parameter name (computed once per graph)."""
    def compute() -> dict[str, dict[str, str]]:
        keys = {}
        for component_id, component in graph.components.items():
            source = getattr(component.settings, "source", None)
            if source is not None:
                keys.setdefault(logical_id(component_id, CODE_KEY_SUFFIX), {
                    "from": "code-key", "component": component_id, "source": f"{model_dir}/{source}"})
        return keys
    return graph.memo(("code-keys", model_dir), compute)


def _manifest(graph: SystemGraph, stack_plan: StackPlan, templates: dict[str, dict[str, Any]],
              wires: Wires, model_dir: str) -> dict[str, Any]:
    stacks = []
    for order, name in enumerate(stack_plan.order, start=1):
        feeds = wires.feeds.get(name, {})
        parameters: dict[str, Any] = {}
        for parameter in templates[name].get("Parameters", {}):
            if parameter in feeds:
                parameters[parameter] = {"stack": feeds[parameter].source, "output": parameter}
            else:
                parameters[parameter] = {"input": _input(graph, parameter, model_dir)}
        stacks.append({
            "name": name,
            "stack_name": stack_name(graph, name),
            "template": f"{deploy_dir(graph)}/{name}.yaml",
            "region": stack_plan.stacks[name].region,
            "order": order,
            "depends_on": stack_plan.depends_on(name),
            "parameters": parameters,
            "outputs": sorted(templates[name].get("Outputs", {})),
        })
    return {"system": graph.system.name, "environment": graph.system.environment, "stacks": stacks}
