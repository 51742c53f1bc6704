"""The drawings the site adds to the model's views: one per layer, of that layer and its neighbours.

A layer page shows the layer's components, every component one relation away from them, and the
relations that touch the layer, nothing else; its id is `layers/<layer>`, so its files sit in
`diagrams/layers/` and no model view's id (which holds no slash) can take its name.
"""

from __future__ import annotations

from archgen.graph import SystemGraph, ViewContent
from archgen.render.diagram import LAYER_TITLES

LAYER_VIEW_PREFIX = "layers/"


def layer_view_id(layer: str) -> str:
    return f"{LAYER_VIEW_PREFIX}{layer}"


def layer_views(graph: SystemGraph) -> dict[str, ViewContent]:
    """view id -> the drawing of one layer and its neighbours, for every layer with components."""
    return graph.memo(("layer-views",), lambda: {
        layer_view_id(layer): _layer_view(graph, layer, {c.id for c in members})
        for layer, members in graph.layers().items()})


def _layer_view(graph: SystemGraph, layer: str, members: set[str]) -> ViewContent:
    relations = tuple(r for r in graph.relations if r.source in members or r.target in members)
    shown = dict.fromkeys(c for c in graph.components if c in members)
    shown.update(dict.fromkeys(c for r in relations for c in (r.source, r.target)))
    title = f"{LAYER_TITLES.get(layer, layer.title())} layer and its neighbours"
    description = "The layer's components, every component one relation away, and the relations between them."
    return ViewContent(layer_view_id(layer), title, description, tuple(shown), relations, None, False, "LR")


def all_views(graph: SystemGraph) -> dict[str, ViewContent]:
    """The model's views, then the layers' drawings, then the parts of those too big to read whole
    (`diagram_overview`): everything the diagrams renderer draws."""
    def compute() -> dict[str, ViewContent]:
        from archgen.render.diagram_overview import part_views

        views = {**graph.views, **layer_views(graph)}
        return {**views, **part_views(graph, views)}
    return graph.memo(("all-views",), compute)
