"""The docs renderer: every page, the diagram images the pages show, and mkdocs.yml."""

from __future__ import annotations

from archgen.docs import site
from archgen.docs.config import CONFIG_FILE, mkdocs_config
from archgen.docs.deployment import deployment_page
from archgen.docs.kinds import kinds_page
from archgen.docs.layers import layer_pages
from archgen.docs.overview import overview_page
from archgen.docs.rules import rules_page
from archgen.docs.security import security_page
from archgen.docs.site import Page
from archgen.docs.views import diagrams_page, flows_page
from archgen.docs.worklog import worklog_files, worklog_pages
from archgen.graph import SystemGraph
from archgen.render import RenderContext
from archgen.render.diagrams_renderer import OUT_DIR as DIAGRAMS_OUT
from archgen.render.templates_renderer import DERIVED as TEMPLATES_DERIVED
from archgen.write import Outputs


class DiagramsMissing(RuntimeError):
    pass


class DocsRenderer:
    name = "docs"

    def render(self, graph: SystemGraph, context: RenderContext) -> Outputs:
        pages = build_pages(graph, context)
        outputs: Outputs = {f"{site.DOCS_DIR}/{page.path}": page.text.encode("utf-8") for page in pages}
        outputs.update(_images(graph, context))
        outputs.update(worklog_files(graph))  # the images the worklog pages show
        outputs[CONFIG_FILE] = mkdocs_config(graph, pages, context.model_dir)
        return outputs


def build_pages(graph: SystemGraph, context: RenderContext) -> list[Page]:
    return [overview_page(graph), *layer_pages(graph), flows_page(graph), security_page(graph),
            diagrams_page(graph), deployment_page(graph, context.earlier, context.derived.get(TEMPLATES_DERIVED)), *worklog_pages(graph),
            kinds_page(graph), rules_page(graph)]


def _images(graph: SystemGraph, context: RenderContext) -> Outputs:
    """Each view's PNG, as the diagrams renderer drew it in this run (mkdocs serves docs/ only)."""
    images: Outputs = {}
    for view_id in graph.views:
        png = context.earlier.get(f"{DIAGRAMS_OUT}/{view_id}.png")
        if png is None:
            raise DiagramsMissing(f"the docs show the diagram of view '{view_id}', but the diagrams renderer "
                                  "did not run before them: list DocsRenderer after DiagramRenderer")
        images[f"{site.DOCS_DIR}/{site.view_image(view_id)}"] = png
    return images
