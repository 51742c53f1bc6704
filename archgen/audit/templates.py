"""Templates leg: deploy/*.yaml and deploy/manifest.json on disk against the model and its stack plan.

What the model expects comes from the kinds and the stack plan (`archgen/stacks.py`): which stacks
exist, which components deploy resources and in which stacks, which relations have wiring and in
which stacks it lives. A relation is realised when the templates show it: resources marked with it
(`Metadata.archgen.relation`), IAM statements of one side granting on the other side's resources,
or one side's resources referencing the other's (the origin a distribution points at, the alarm
action naming the topic). A relation whose wiring only sets a property of its home side, towards a
component that deploys nothing (tracing switched on), leaves no mark to check: it is a warning.
"""

from __future__ import annotations

from pathlib import Path

from archgen.audit.cfn import (DEPLOY_DIR, MANIFEST, Deployment, Traces, deployment, read_manifest, read_template,
                               traces)
from archgen.audit.report import Leg
from archgen.graph import SystemGraph
from archgen.schema import Relation
from archgen.stacks import StackPlan, grant_home, plan, stack_name, wiring_sides

NO_RESOURCES = "deploys nothing"
NO_WIRING = "nothing in CloudFormation"


def check(graph: SystemGraph, root: Path) -> Leg:
    stack_plan = plan(graph)
    leg = Leg("templates", expected_components=set(stack_plan.components),
              expected_relations={link.key for link in graph.links() if link.wired})
    leg.exempt_relations = {link.key: NO_WIRING for link in graph.links() if not link.wired}
    leg.exempt_components = {c: NO_RESOURCES for c in graph.components if c not in stack_plan.components}
    found = _read(root, stack_plan, leg)
    _check_origins(graph, stack_plan, found, leg)
    _check_components(stack_plan, found, leg)
    index = traces(found)
    for link in graph.links():
        if link.wired:
            _check_relation(graph, stack_plan, found, index, link.relation, leg)
    _check_unexplained_ties(graph, index, leg)
    return leg


def _read(root: Path, stack_plan: StackPlan, leg: Leg) -> Deployment:
    try:
        manifest = read_manifest(root)
    except ValueError as failed:
        leg.gap(MANIFEST, str(failed))
        manifest = {}
    listed = [entry.get("name") for entry in manifest.get("stacks", [])]
    for name in stack_plan.order:
        if manifest and name not in listed:
            leg.gap(MANIFEST, f"stack '{name}' of the model's stack plan is not listed")
    for name in listed:
        if name not in stack_plan.stacks:
            leg.orphan(f"stack {name}", f"listed in {MANIFEST}, but the model has no such stack")
    templates = {}
    for name in stack_plan.order:
        path = root / DEPLOY_DIR / f"{name}.yaml"
        if not path.is_file():
            leg.gap(f"{DEPLOY_DIR}/{name}.yaml", f"missing: the template of stack '{name}'")
            continue
        try:
            templates[name] = read_template(path)
        except ValueError as failed:
            leg.gap(f"{DEPLOY_DIR}/{name}.yaml", str(failed))
    for path in sorted((root / DEPLOY_DIR).glob("*.yaml")):
        if path.stem not in stack_plan.stacks:
            leg.orphan(f"{DEPLOY_DIR}/{path.name}", "a template of no stack of the model")
    return deployment(manifest, templates)


def _homes(graph: SystemGraph, stack_plan: StackPlan) -> dict[str, set[str]]:
    """component -> the stacks its resources may be in: its own, and those of the wiring it is home of."""
    stacks = {c: set(regions.values()) for c, regions in stack_plan.components.items()}
    for link in graph.links():
        for component, regions in wiring_sides(link, graph):
            layer = str(graph.components[component].layer)
            stacks.setdefault(component, set()).update(stack_name(layer, region, graph) for region in regions)
        home = grant_home(link)
        if home is not None:
            stacks.setdefault(home, set()).update(stack_plan.components.get(home, {}).values())
    return stacks


def _check_origins(graph: SystemGraph, stack_plan: StackPlan, found: Deployment, leg: Leg) -> None:
    """Every resource comes from a component of the model, in a stack the model puts it in."""
    keys = {r.key: r for r in graph.relations}
    homes = _homes(graph, stack_plan)
    wiring_only = {c for c in graph.components if not graph.kind(c).deploys}
    for (stack, lid), resource in found.resources.items():
        subject, component = f"resource {stack}/{lid}", resource.component
        if component is None:
            leg.orphan(subject, "has no Metadata.archgen.component: no model origin")
            continue
        if component not in graph.components:
            leg.orphan(subject, f"names component '{component}', which the model does not have")
            continue
        if stack not in homes.get(component, set()):
            leg.orphan(subject, f"{component} has no resources in stack '{stack}' in the model's stack plan")
        if not resource.relations and component in wiring_only:
            leg.orphan(subject, f"names no relation, and {component}'s kind deploys nothing of its own: "
                                "only its relations' wiring can have made it")
        for key in resource.relations:
            relation = keys.get(key)
            if relation is None:
                leg.orphan(subject, f"names relation '{key}', which the model does not have")
            elif component not in (relation.source, relation.target, relation.via):
                leg.orphan(subject, f"names relation '{key}' but component '{component}', not one of its sides")
        leg.found_component(component, lid)


def _check_components(stack_plan: StackPlan, found: Deployment, leg: Leg) -> None:
    present = {(r.component, r.stack) for r in found.resources.values()}
    for component, regions in stack_plan.components.items():
        for stack in sorted(set(regions.values())):
            if stack in found.templates and (component, stack) not in present:
                leg.gap(component, f"no resource in {DEPLOY_DIR}/{stack}.yaml, where the stack plan puts it")
            elif stack not in found.templates:
                leg.gap(component, f"its stack's template {DEPLOY_DIR}/{stack}.yaml is missing")


def _check_relation(graph: SystemGraph, stack_plan: StackPlan, found: Deployment, index: Traces,
                    relation: Relation, leg: Leg) -> None:
    marked = index.marked.get(relation.key, [])
    sides = [(relation.source, relation.target), (relation.target, relation.source)]
    statements = index.statements.get(relation.key, []) + [t for pair in sides for t in index.grants.get(pair, [])]
    # Every resource a relation's template creates or patches carries its mark, so marks and grants
    # are the whole trace: a reference alone (the dashboard naming the API) proves no wiring.
    places = [r.lid for r in marked] + [f"IAM {t.what}" for t in statements]
    for place in places:
        leg.found_relation(relation.key, place)
    # Wiring that marks its resources must do so in every stack it lives in; else any trace of it counts.
    where = {r.stack for r in marked} or {t.stack for t in statements}
    wanted = set(stack_plan.wiring.get(relation.index, ()))
    if not where:
        leg.gap(relation.key, "realised by no resource, IAM statement or reference in "
                              + ", ".join(f"{DEPLOY_DIR}/{s}.yaml" for s in sorted(wanted)))
        return
    for stack in sorted((wanted & found.templates.keys()) - where):
        leg.gap(relation.key, f"nothing in {DEPLOY_DIR}/{stack}.yaml, where its wiring lives")


def _check_unexplained_ties(graph: SystemGraph, index: Traces, leg: Leg) -> None:
    """A resource of one component that references or grants on another's, along no relation (a relation's
    `via`, the function signing its uploads, is tied to its target along it; a component is tied to the one
    it is inside, a VPC's member to the VPC, by the placement the model says)."""
    acting = {pair for r in graph.relations if r.via for pair in ((r.via, r.target), (r.target, r.via))}
    # A JWT authorizer trusts its user pool's app clients (their ids are the tokens' audience): the API is
    # tied to each client along its relation to the pool and the client's own.
    acting |= {pair for r in graph.relations if r.protects for c in graph.incoming(r.target)
               for pair in ((r.source, c.source), (c.source, r.source))}
    acting |= {pair for cid, component in graph.components.items()
               for member in graph.kind(cid).encloses(component, graph) for pair in ((member, cid), (cid, member))}
    acting |= {(c, other) for c in graph.components for other in graph.kind(c).reaches_through(graph.components[c], graph)}
    for ties, verb in ((index.references, "references"), (index.grants, "grants on")):
        for (component, other), found in ties.items():
            if component in graph.components and other in graph.components and (component, other) not in acting \
                    and graph.relation(component, other) is None and graph.relation(other, component) is None:
                for trace in found:
                    leg.orphan(f"resource {trace.stack}/{trace.lid}",
                               f"{trace.what} of {component} {verb} {other}'s resources along no relation")
