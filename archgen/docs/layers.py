"""One page per layer: a drawing of the layer and its neighbours only, and its components at a glance
(each one's details are on its own page)."""

from __future__ import annotations

from archgen import escape
from archgen.docs import facts, site
from archgen.docs.components import kind_link
from archgen.docs.figures import Drawing, figure, front_matter, page_width_hide
from archgen.docs.markdown import code, heading, join_lines, table
from archgen.docs.site import Page
from archgen.graph import SystemGraph
from archgen.render.diagram_views import layer_view_id
from archgen.schema import ComponentBase


def layer_pages(graph: SystemGraph, drawings: dict[str, Drawing]) -> list[Page]:
    return [_layer_page(graph, drawings, layer, members) for layer, members in graph.layers().items()]


def _layer_page(graph: SystemGraph, drawings: dict[str, Drawing], layer: str,
                members: list[ComponentBase]) -> Page:
    path = site.layer_page(layer)
    title = site.layer_title(layer)
    drawing = drawings.get(layer_view_id(layer))
    shown = [drawing] if drawing else []
    blocks = [front_matter(page_width_hide(shown)), heading(1, f"{title} layer")]
    blocks += [figure(graph, path, d) for d in shown]
    blocks.append([*heading(2, "Components"), *table(
        ["Component", "Kind", "Where", "Purpose"], [_row(graph, path, c) for c in members])])
    return Page(path, title, join_lines(blocks))


def _row(graph: SystemGraph, path: str, component: ComponentBase) -> list[str]:
    return [f"{site.component_link(path, graph, component.id)}<br>{code(component.id)}",
            kind_link(path, graph, component.id), escape.markdown(facts.where(graph, component.id)),
            escape.markdown(component.description)]
