"""One page per component: what it is, its settings, its controls, every relation in and out with
what it grants, the flows it is in, the views that show it, its stack, resources and outputs."""

from __future__ import annotations

from archgen import escape
from archgen.docs import facts, site
from archgen.docs.deployed import Deployed, marker
from archgen.docs.markdown import admonition, code, heading, join_lines, link, slug, table
from archgen.docs.meanings import meaning
from archgen.docs.site import Page
from archgen.graph import SystemGraph
from archgen.schema import ComponentBase, Relation

OUT, IN = "→ out", "← in"
RELATIONS_ANCHOR = "relations"


def component_pages(graph: SystemGraph, deployed: Deployed) -> list[Page]:
    return [_page(graph, deployed, component) for component in graph.components.values()]


def kind_link(from_page: str, graph: SystemGraph, component_id: str) -> str:
    kind = graph.kind(component_id)
    return f"[{escape.markdown(kind.title)}]({link(from_page, site.KINDS, site.kind_anchor(kind.name))})"


def _page(graph: SystemGraph, deployed: Deployed, component: ComponentBase) -> Page:
    path = site.component_page(graph, component.id)
    layer = str(component.layer)
    blocks = [heading(1, escape.markdown(component.label)), [escape.markdown(component.description), ""],
              [f"**Kind:** {kind_link(path, graph, component.id)} · **Id:** {code(component.id)} · "
               f"**Layer:** [{site.layer_title(layer)}]({link(path, site.layer_page(layer))}) · "
               f"**Where:** {escape.markdown(facts.where(graph, component.id, deployed.stacks.get(component.id, {}).values()))}",
               ""],
              _settings(graph, component), _controls(graph, component), _relations(graph, path, component),
              _flows(graph, path, component), _views(graph, path, component),
              _stack(graph, path, deployed, component)]
    return Page(path, escape.html(component.label), join_lines(blocks))


def _settings(graph: SystemGraph, component: ComponentBase) -> list[str]:
    settings = graph.kind(component.id).key_settings(component)
    if not settings:
        return []
    return [*heading(2, "Settings"), *table(["Setting", "Value"], [[code(k), code(v)] for k, v in settings.items()])]


def _controls(graph: SystemGraph, component: ComponentBase) -> list[str]:
    controls = graph.controls(component.id)
    if not controls:
        return []
    rows = [[code(c.id), escape.markdown(c.description), "on" if c.on else "**off** (exception below)"]
            for c in controls]
    lines = [*heading(2, "Security controls"), *table(["Control", "What it does", "Status"], rows)]
    for control in controls:
        if control.exception is not None:
            lines += admonition("warning", f"Exception: {control.id} is off", escape.markdown(control.exception))
    return lines


def _relations(graph: SystemGraph, path: str, component: ComponentBase) -> list[str]:
    rows = [relation_row(graph, path, r, outgoing=True) for r in graph.outgoing(component.id)]
    rows += [relation_row(graph, path, r, outgoing=False) for r in graph.incoming(component.id)]
    if not rows:
        return []
    return [*heading(2, "Relations", RELATIONS_ANCHOR),
            *table(["Direction", "With", "Relation", "Details", "What it grants"], rows)]


def relation_row(graph: SystemGraph, path: str, relation: Relation, outgoing: bool) -> list[str]:
    other = relation.target if outgoing else relation.source
    return [OUT if outgoing else IN, site.component_link(path, graph, other), escape.markdown(relation.label),
            relation_details(graph, relation), grants(graph, relation)]


def relation_details(graph: SystemGraph, relation: Relation) -> str:
    parts = []
    if relation.access:
        parts.append(f"access: {code(relation.access)}")
    if relation.path:
        parts.append(f"path: {code(relation.path)}")
    for name in ("routes", "protects"):
        routes = facts.served_routes(graph, relation, name)
        if routes:
            parts.append(f"{name}: " + ", ".join(code(route) for route in routes))
    return "<br>".join(parts) or "—"


def grants(graph: SystemGraph, relation: Relation) -> str:
    found = meaning(graph, relation)
    return f"**{escape.markdown(found.name)}**: {escape.markdown(found.grants)}" if found.grants else "—"


def _flows(graph: SystemGraph, path: str, component: ComponentBase) -> list[str]:
    lines = []
    for flow_id, flow in graph.flows.items():
        steps = [str(s.number) for s in flow.steps if component.id in (s.source, s.target)]
        if steps:
            lines.append(f"- [{escape.markdown(flow.title)}]({link(path, site.flow_page(flow_id))}): "
                         f"step{'s' if len(steps) > 1 else ''} {', '.join(steps)}")
    return [*heading(2, "Flows"), *lines, ""] if lines else []


def _views(graph: SystemGraph, path: str, component: ComponentBase) -> list[str]:
    layer = str(component.layer)
    lines = [f"- [{escape.markdown(v.title)}]({link(path, site.DIAGRAMS, v.id)})"
             for v in site.views_showing(graph, component.id)]
    lines.append(f"- [{site.layer_title(layer)} layer and its neighbours]({link(path, site.layer_page(layer))})")
    return [*heading(2, "Diagrams showing it"), *lines, ""]


def _stack(graph: SystemGraph, path: str, deployed: Deployed, component: ComponentBase) -> list[str]:
    stacks = deployed.stacks.get(component.id, {})
    if not stacks:
        return [*heading(2, "Stack and resources"),
                "It deploys nothing: the model names it so the diagrams and docs show what the system depends on.", ""]
    names = ", ".join(f"[{code(name)}]({link(path, site.DEPLOYMENT, 'stack-' + slug(name))}) ({escape.markdown(region)})"
                      for name, region in stacks.items())
    rows = [[code(stack), code(logical), code(kind)] for stack, logical, kind in deployed.resources.get(component.id, [])]
    lines = [*heading(2, "Stack and resources"), f"**Stack:** {names}", "",
             *table(["Stack", "Logical id", "Type"], rows)]
    outputs = deployed.outputs.get(component.id, [])
    if outputs:
        lines += [*heading(2, "Outputs"),
                  *table(["Stack", "Output", "Description"],
                         [[code(o.stack), code(o.name), escape.markdown(o.description)] for o in outputs]),
                  *heading(3, "Values of the last deploy"),
                  marker("component", [(o.stack, o.name) for o in outputs]), ""]
    return lines
