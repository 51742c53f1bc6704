"""Where things are on the site: page paths, diagram files, and which views a page shows.

Every page module asks here for the path of another page, so a link and its target
cannot drift apart. Diagrams reach the site as SVG (a light and a dark drawing per view,
whose nodes link to the component pages); their PNGs stay for the worklog and the README.
"""

from __future__ import annotations

from dataclasses import dataclass

from archgen import escape
from archgen.docs.markdown import image, link, slug
from archgen.graph import SystemGraph, ViewContent
from archgen.render.diagram import COMPONENT_PAGE, LAYER_TITLES

DOCS_DIR = "docs"
IMAGE_DIR = "diagrams"  # under docs/: copies of the diagrams renderer's drawings, since mkdocs serves docs/ only
ASSETS_DIR = "assets"
OVERVIEW = "index.md"
ARCHITECTURE = "architecture/index.md"
FLOWS = "architecture/flows/index.md"
SECURITY = "architecture/security.md"
DIAGRAMS = "architecture/diagrams.md"
DEPLOYMENT = "deployment.md"
WORKLOG = "worklog/index.md"
KINDS = "reference/kinds.md"
RULES = "reference/rules.md"
COMPONENTS_DIR = COMPONENT_PAGE.split("{", 1)[0].rstrip("/")  # architecture/components
FLOWS_DIR = FLOWS.rsplit("/", 1)[0]
LAYERS_DIR = "architecture/layers"


@dataclass(frozen=True)
class Page:
    path: str   # relative to docs/
    title: str  # the navigation label (Markdown-escaped by mkdocs_config when it is model text)
    text: str


def layer_title(layer: str) -> str:
    return LAYER_TITLES.get(layer, layer.title())


def layer_page(layer: str) -> str:
    return f"{LAYERS_DIR}/{layer}.md"


def component_page(graph: SystemGraph, component_id: str) -> str:
    assert component_id in graph.components
    return f"{COMPONENTS_DIR}/{component_id}.md"


def flow_page(flow_id: str) -> str:
    return f"{FLOWS_DIR}/{flow_id}.md"


def week_page(week: int) -> str:
    return f"worklog/week-{week:02d}.md"


def view_image(view_id: str) -> str:
    """The view's PNG on the site (the worklog's galleries show it)."""
    return f"{IMAGE_DIR}/{view_id}.png"


def view_svg(view_id: str, dark: bool = False) -> str:
    """The view's SVG on the site: `diagrams/<view>.svg`, and `<view>.dark.svg` for the dark scheme
    (a view id holds no dot, so no name collides); layer drawings are `diagrams/layers/<layer>.svg`."""
    return f"{IMAGE_DIR}/{view_id}{'.dark' if dark else ''}.svg"


def kind_anchor(kind_name: str) -> str:
    return slug(kind_name)


def overview_view(graph: SystemGraph) -> ViewContent | None:
    """The architecture diagram: the view showing the most components (the first such, in model order)."""
    views = list(graph.views.values())
    return max(views, key=lambda view: len(view.components)) if views else None


def flow_views(graph: SystemGraph, flow_id: str) -> list[ViewContent]:
    return [view for view in graph.views.values() if view.flow is not None and view.flow.id == flow_id]


def security_views(graph: SystemGraph) -> list[ViewContent]:
    return [view for view in graph.views.values() if view.controls]


def views_showing(graph: SystemGraph, component_id: str) -> list[ViewContent]:
    return [view for view in graph.views.values() if component_id in view.components]


def view_pages(graph: SystemGraph) -> dict[str, list[tuple[str, str]]]:
    """view id -> the (page, title) pairs that show its diagram, in navigation order (titles are Markdown)."""
    shown: dict[str, list[tuple[str, str]]] = {view_id: [] for view_id in graph.views}
    overview = overview_view(graph)
    if overview is not None:
        shown[overview.id] += [(OVERVIEW, "Overview"), (ARCHITECTURE, "Architecture")]
    for flow_id, flow in graph.flows.items():
        for view in flow_views(graph, flow_id):
            shown[view.id].append((flow_page(flow_id), escape.markdown(flow.title)))
    for view in security_views(graph):
        shown[view.id].append((SECURITY, "Security"))
    for week in sorted(graph.model.weeks, key=lambda w: w.week):
        delivered = dict.fromkeys(v for d in week.deliverables for v in d.views if v in shown)
        for view_id in delivered:
            shown[view_id].append((week_page(week.week), f"Week {week.week}"))
    return shown


def component_link(from_page: str, graph: SystemGraph, component_id: str) -> str:
    """A link to the component's page, its label as text."""
    label = escape.markdown(graph.components[component_id].label)
    return f"[{label}]({link(from_page, component_page(graph, component_id))})"


def image_markdown(from_page: str, view: ViewContent) -> str:
    """The view's PNG as a Markdown image (zoomable: glightbox wraps every content image)."""
    return image(from_page, view_image(view.id), escape.markdown(view.title))
