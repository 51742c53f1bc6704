"""The docs renderer: every page, the drawings the pages show, the site's assets, and mkdocs.yml."""

from __future__ import annotations

from archgen.docs import deployed, site
from archgen.docs.assets import CSS, CSS_PATH, JS, JS_PATH
from archgen.docs.components import component_pages
from archgen.docs.config import CONFIG_FILE, mkdocs_config
from archgen.docs.deployment import deployment_page, manifest_stacks, templates
from archgen.docs.figures import Drawing
from archgen.docs.kinds import kinds_page
from archgen.docs.layers import layer_pages
from archgen.docs.overview import architecture_page, overview_page
from archgen.docs.rules import rules_page
from archgen.docs.security import security_page
from archgen.docs.site import Page
from archgen.docs.views import diagrams_page, flow_pages
from archgen.docs.worklog import worklog_files, worklog_pages
from archgen.graph import SystemGraph
from archgen.render import RenderContext
from archgen.render.diagram_svg import dark, fitted, size
from archgen.render.diagram_views import all_views
from archgen.render.diagrams_renderer import OUT_DIR as DIAGRAMS_OUT
from archgen.render.templates_renderer import DERIVED as TEMPLATES_DERIVED
from archgen.write import Outputs


class DiagramsMissing(RuntimeError):
    pass


class DocsRenderer:
    name = "docs"
    reads = ("diagrams", "templates")  # the drawings (their sizes, their files) and the templates of this run

    def render(self, graph: SystemGraph, context: RenderContext) -> Outputs:
        images, drawings = _images(graph, context)
        pages = build_pages(graph, context, drawings)
        outputs: Outputs = {f"{site.DOCS_DIR}/{page.path}": page.text.encode("utf-8") for page in pages}
        outputs.update(images)
        outputs[f"{site.DOCS_DIR}/{CSS_PATH}"] = CSS.encode("utf-8")
        outputs[f"{site.DOCS_DIR}/{JS_PATH}"] = JS.encode("utf-8")
        outputs.update(worklog_files(graph))  # the images the worklog pages show
        outputs[CONFIG_FILE] = mkdocs_config(graph, pages, context.model_dir)
        return outputs


def build_pages(graph: SystemGraph, context: RenderContext, drawings: dict[str, Drawing]) -> list[Page]:
    parsed = context.derived.get(TEMPLATES_DERIVED)
    found = deployed.index(graph, manifest_stacks(context.earlier), templates(context.earlier, parsed))
    return [overview_page(graph, drawings), architecture_page(graph, drawings), *layer_pages(graph, drawings),
            *component_pages(graph, found), *flow_pages(graph, drawings), security_page(graph, drawings),
            diagrams_page(graph, drawings), deployment_page(graph, context.earlier, parsed),
            *worklog_pages(graph), kinds_page(graph), rules_page(graph)]


def _images(graph: SystemGraph, context: RenderContext) -> tuple[Outputs, dict[str, Drawing]]:
    """Each view's drawings as the diagrams renderer made them in this run (mkdocs serves docs/ only):
    the PNG of each model view (the worklog shows it), and the light and dark SVG of every drawing."""
    images: Outputs = {}
    drawings: dict[str, Drawing] = {}
    for view_id, view in all_views(graph).items():
        svg = context.earlier.get(f"{DIAGRAMS_OUT}/{view_id}.svg")
        png = context.earlier.get(f"{DIAGRAMS_OUT}/{view_id}.png")
        if svg is None or (png is None and view_id in graph.views):  # a view's part is drawn as SVG only
            raise DiagramsMissing(f"the docs show the diagram of view '{view_id}', but the diagrams renderer "
                                  "did not run before them: list DocsRenderer after DiagramRenderer")
        if view_id in graph.views:
            images[f"{site.DOCS_DIR}/{site.view_image(view_id)}"] = png
        images[f"{site.DOCS_DIR}/{site.view_svg(view_id)}"] = fitted(svg)
        images[f"{site.DOCS_DIR}/{site.view_svg(view_id, dark=True)}"] = dark(svg)
        drawings[view_id] = Drawing(view, size(svg))
    return images, drawings
