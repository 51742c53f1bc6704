"""How a diagram stands on a page: its SVG drawings (light and dark) in a box that never shows
them smaller than one CSS pixel per point (a narrow screen scrolls the box instead), a caption,
and a legend generated from what the view draws: arrow colours, dashed returns, marks, and the
relation meanings in use.

The drawings are `<object>` elements, so their nodes are links (to the component pages, `_top`)
and their arrows have tooltips. Raw HTML is not rewritten by mkdocs, so its URLs are computed
here against the page's served address (`use_directory_urls`).
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass

from archgen import escape
from archgen.docs import site
from archgen.docs.markdown import link
from archgen.docs.meanings import meanings_in_use
from archgen.graph import SystemGraph, ViewContent
from archgen.render.diagram import ARROW_COLORS, FLOW_COLOR, LAYER_TITLES
from archgen.render.diagram_layout import marked
from archgen.render.diagram_svg import Size

WIDE = 900.0  # a drawing wider than this gets the page's whole width (no navigation sidebar)


@dataclass(frozen=True)
class Drawing:
    view: ViewContent
    size: Size


def served_url(from_page: str, target: str) -> str:
    """The URL of a file under docs/ as raw HTML on `from_page` must name it (pages are folders)."""
    folder = posixpath.dirname(from_page)
    if posixpath.basename(from_page) != "index.md":
        folder = posixpath.join(folder, posixpath.basename(from_page).removesuffix(".md"))
    return posixpath.relpath(target, folder or ".")


def figure(graph: SystemGraph, from_page: str, drawing: Drawing, caption: bool = True) -> list[str]:
    view, size = drawing.view, drawing.size
    title = escape.html(view.title)
    style = (f"--archgen-width: {size.width:.0f}px; --archgen-ratio: {size.width:.1f} / {size.height:.1f}")
    objects = "".join(
        f'<object class="archgen-drawing archgen-{scheme}" type="image/svg+xml" '
        f'data="{served_url(from_page, site.view_svg(view.id, scheme == "dark"))}" aria-label="{title}"></object>'
        for scheme in ("light", "dark"))
    lines = [f'<div class="archgen-diagram" style="{style}">{objects}</div>', ""]
    if caption:
        lines += [f"*{escape.markdown(view.title)}*: {escape.markdown(view.description)} "
                  f"([open the drawing]({link(from_page, site.view_svg(view.id))}){_all(from_page, view)})", ""]
    return lines + legend(graph, from_page, view)


def _all(from_page: str, view: ViewContent) -> str:
    """A link to the view on the Diagrams page (the model's views; a layer's drawing is not there)."""
    return f", [all diagrams]({link(from_page, site.DIAGRAMS, view.id)})" if "/" not in view.id else ""


def legend(graph: SystemGraph, from_page: str, view: ViewContent) -> list[str]:
    """A collapsed legend: what the colours, dashes and marks mean, and each relation meaning drawn."""
    items: list[str] = []
    if view.flow is not None:
        items.append(f'{_swatch(FLOW_COLOR)} numbered arrows: the steps of the flow, in order; '
                     "a dashed arrow is a response back along its relation")
    else:
        layers = dict.fromkeys(str(graph.components[r.source].layer) for r in view.relations)
        items += [f"{_swatch(ARROW_COLORS[layer])} an arrow from the {LAYER_TITLES[layer]} layer" for layer in layers]
    marks = marked(graph, view)
    if marks:
        watchers = ", ".join(dict.fromkeys(site.component_link(from_page, graph, r.source) for r in marks))
        items.append(f"⚑ under a component: watched by {watchers} (one mark per watch instead of an arrow "
                     "across the picture)")
    relations = tuple(step.relation for step in view.flow.steps) if view.flow else view.relations
    for name, grants in meanings_in_use(graph, relations).items():
        items.append(f"**{escape.markdown(name)}**: " + "; ".join(escape.markdown(g) for g in grants if g))
    if not items:
        return []
    return ['??? info "Legend"', "", *(f"    - {item}" for item in items), ""]


def _swatch(color: str) -> str:
    return f'<span class="archgen-swatch" style="background: {color}"></span>'


def page_width_hide(drawings: list[Drawing]) -> list[str]:
    """What the page hides to give its drawings room: the table of contents, and the navigation too
    when a drawing is wide."""
    if not drawings:
        return []
    return ["navigation", "toc"] if max(d.size.width for d in drawings) > WIDE else ["toc"]


def front_matter(hide: list[str]) -> list[str]:
    if not hide:
        return []
    return ["---", "hide:", *(f"  - {item}" for item in hide), "---", ""]
