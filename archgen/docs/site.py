"""Where things are on the site: page paths, diagram images, and which views a page shows.

Every page module asks here for the path of another page, so a link and its target
cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass

from archgen.docs.markdown import image, link, slug
from archgen.graph import SystemGraph, ViewContent
from archgen.render.diagram import LAYER_TITLES

DOCS_DIR = "docs"
IMAGE_DIR = "diagrams"  # under docs/: copies of the diagrams renderer's PNGs, since mkdocs serves docs/ only
OVERVIEW = "index.md"
FLOWS = "architecture/flows.md"
SECURITY = "architecture/security.md"
DIAGRAMS = "architecture/diagrams.md"
DEPLOYMENT = "deployment.md"
WORKLOG = "worklog/index.md"
KINDS = "reference/kinds.md"
RULES = "reference/rules.md"


@dataclass(frozen=True)
class Page:
    path: str   # relative to docs/
    title: str  # the navigation label
    text: str


def layer_title(layer: str) -> str:
    return LAYER_TITLES.get(layer, layer.title())


def layer_page(layer: str) -> str:
    return f"architecture/layers/{layer}.md"


def week_page(week: int) -> str:
    return f"worklog/week-{week:02d}.md"


def view_image(view_id: str) -> str:
    return f"{IMAGE_DIR}/{view_id}.png"


def kind_anchor(kind_name: str) -> str:
    return slug(kind_name)


def component_page(graph: SystemGraph, component_id: str) -> str:
    return layer_page(str(graph.components[component_id].layer))


def overview_view(graph: SystemGraph) -> ViewContent | None:
    """The architecture diagram: the view showing the most components (the first such, in model order)."""
    views = list(graph.views.values())
    return max(views, key=lambda view: len(view.components)) if views else None


def views_covering(graph: SystemGraph, layer: str) -> list[ViewContent]:
    """The views that show every component of a layer, the most focused first.

    A view that shows the whole system is the overview's; a layer page shows it only when
    no smaller view covers the layer.
    """
    members = {c.id for c in graph.layers().get(layer, [])}
    covering = [view for view in graph.views.values() if members and members <= set(view.components)]
    focused = [view for view in covering if len(view.components) < len(graph.components)]
    chosen = focused or covering
    return sorted(chosen, key=lambda view: len(view.components))


def flow_views(graph: SystemGraph, flow_id: str) -> list[ViewContent]:
    return [view for view in graph.views.values() if view.flow is not None and view.flow.id == flow_id]


def security_views(graph: SystemGraph) -> list[ViewContent]:
    return [view for view in graph.views.values() if view.controls]


def view_pages(graph: SystemGraph) -> dict[str, list[tuple[str, str]]]:
    """view id -> the (page, title) pairs that show its diagram, in navigation order."""
    shown: dict[str, list[tuple[str, str]]] = {view_id: [] for view_id in graph.views}
    overview = overview_view(graph)
    if overview is not None:
        shown[overview.id].append((OVERVIEW, "Overview"))
    for layer in graph.layers():
        for view in views_covering(graph, layer):
            shown[view.id].append((layer_page(layer), f"{layer_title(layer)} layer"))
    for flow_id, flow in graph.flows.items():
        for view in flow_views(graph, flow_id):
            shown[view.id].append((FLOWS, flow.title))
    for view in security_views(graph):
        shown[view.id].append((SECURITY, "Security"))
    for week in sorted(graph.model.weeks, key=lambda w: w.week):
        delivered = dict.fromkeys(v for d in week.deliverables for v in d.views if v in shown)
        for view_id in delivered:
            shown[view_id].append((week_page(week.week), f"Week {week.week}"))
    return shown


def diagram(from_page: str, view: ViewContent) -> list[str]:
    """A view's diagram (zoomable: glightbox wraps every content image) and its caption."""
    caption = f"*{view.title}*: {view.description} ([all diagrams]({link(from_page, DIAGRAMS, view.id)}))"
    return [image_markdown(from_page, view), "", caption, ""]


def image_markdown(from_page: str, view: ViewContent) -> str:
    return image(from_page, view_image(view.id), view.title)
