"""One page per layer: its diagrams, its components, their controls and every relation in and out."""

from __future__ import annotations

from archgen.docs import site
from archgen.docs.markdown import admonition, code, heading, join_lines, link, table
from archgen.docs.site import Page
from archgen.graph import SystemGraph
from archgen.schema import ComponentBase, Relation


def layer_pages(graph: SystemGraph) -> list[Page]:
    return [_layer_page(graph, layer, members) for layer, members in graph.layers().items()]


def _layer_page(graph: SystemGraph, layer: str, members: list[ComponentBase]) -> Page:
    path = site.layer_page(layer)
    title = site.layer_title(layer)
    blocks = [heading(1, f"{title} layer")]
    blocks += [site.diagram(path, view) for view in site.views_covering(graph, layer)]
    blocks.append([*heading(2, "Components"), *table(
        ["Component", "Kind", "Purpose", "Key settings", "Security controls"],
        [_summary_row(graph, path, c) for c in members])])
    blocks += [_component_section(graph, path, c) for c in members]
    return Page(path, title, join_lines(blocks))


def kind_link(from_page: str, graph: SystemGraph, component_id: str) -> str:
    kind = graph.kind(component_id)
    return f"[{kind.title}]({link(from_page, site.KINDS, site.kind_anchor(kind.name))})"


def component_link(from_page: str, graph: SystemGraph, component_id: str) -> str:
    component = graph.components[component_id]
    return f"[{component.label}]({link(from_page, site.component_page(graph, component_id), component_id)})"


def _summary_row(graph: SystemGraph, path: str, component: ComponentBase) -> list[str]:
    settings = graph.kind(component.id).key_settings(component)
    controls = graph.controls(component.id)
    on = ", ".join(c.id for c in controls if c.on)
    off = ", ".join(c.id for c in controls if not c.on)
    return [f"[{component.label}](#{component.id})<br>{code(component.id)}",
            kind_link(path, graph, component.id),
            component.description,
            "<br>".join(f"{name}: {code(value)}" for name, value in settings.items()) or "—",
            (on or "—") + (f"<br>**off:** {off}" if off else "")]


def _component_section(graph: SystemGraph, path: str, component: ComponentBase) -> list[str]:
    kind = graph.kind(component.id)
    lines = [*heading(2, component.label, component.id), component.description, "",
             f"**Kind:** {kind_link(path, graph, component.id)} · **Id:** {code(component.id)} · "
             f"**Region:** {kind.region(component, graph)}", ""]
    settings = kind.key_settings(component)
    if settings:
        lines += [*heading(3, "Settings"),
                  *table(["Setting", "Value"], [[code(k), code(v)] for k, v in settings.items()])]
    lines += _controls(graph, component)
    lines += _relations(graph, path, component)
    return lines


def _controls(graph: SystemGraph, component: ComponentBase) -> list[str]:
    controls = graph.controls(component.id)
    if not controls:
        return []
    rows = [[code(c.id), c.description, "on" if c.on else "**off** (exception below)"] for c in controls]
    lines = [*heading(3, "Security controls"), *table(["Control", "What it does", "Status"], rows)]
    for control in controls:
        if control.exception is not None:
            lines += admonition("warning", f"Exception: {control.id} is off", control.exception)
    return lines


def _relations(graph: SystemGraph, path: str, component: ComponentBase) -> list[str]:
    rows = [_relation_row(graph, path, r, outgoing=True) for r in graph.outgoing(component.id)]
    rows += [_relation_row(graph, path, r, outgoing=False) for r in graph.incoming(component.id)]
    if not rows:
        return []
    return [*heading(3, "Relations"), *table(["Direction", "With", "Label", "Details", "What it grants"], rows)]


def _relation_row(graph: SystemGraph, path: str, relation: Relation, outgoing: bool) -> list[str]:
    other = relation.target if outgoing else relation.source
    return ["→ out" if outgoing else "← in", component_link(path, graph, other), relation.label,
            relation_details(relation), grants(graph, relation)]


def relation_details(relation: Relation) -> str:
    parts = []
    if relation.access:
        parts.append(f"access: {code(relation.access)}")
    if relation.path:
        parts.append(f"path: {code(relation.path)}")
    for name, routes in (("routes", relation.routes), ("protects", relation.protects)):
        if routes:
            parts.append(f"{name}: " + ", ".join(code(route) for route in routes))
    return "<br>".join(parts) or "—"


def grants(graph: SystemGraph, relation: Relation) -> str:
    """What the relation means and becomes, from both sides' kinds and its grant."""
    link = graph.link(relation)
    return f"**{link.meaning.name}**: {link.becomes()}"
