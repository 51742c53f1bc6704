"""The flow pages (each flow's drawing beside its steps, as a table a reader can filter), the
Flows index, and the Diagrams page (every view of the model)."""

from __future__ import annotations

from archgen import escape
from archgen.docs import site
from archgen.docs.figures import Drawing, figure, front_matter, page_width_hide
from archgen.docs.markdown import heading, join_lines, link, table
from archgen.docs.meanings import meaning
from archgen.docs.site import Page
from archgen.graph import FlowPath, SystemGraph

FILTER = ('<input class="archgen-filter" type="search" placeholder="Filter the steps" '
          'aria-label="Filter the steps">')


def flow_pages(graph: SystemGraph, drawings: dict[str, Drawing]) -> list[Page]:
    return [_index(graph), *(_flow_page(graph, drawings, flow) for flow in graph.flows.values())]


def _index(graph: SystemGraph) -> Page:
    path = site.FLOWS
    blocks = [heading(1, "Flows"),
              ["Each flow is a path along the model's relations; its steps are numbered as on its drawing.", ""]]
    if not graph.flows:
        blocks.append(["The model has no flows yet: add them under `flows:` in the model.", ""])
    blocks.append([f"- [{escape.markdown(flow.title)}]({link(path, site.flow_page(flow_id))}): "
                   f"{escape.markdown(flow.description)} ({len(flow.steps)} steps)"
                   for flow_id, flow in graph.flows.items()] + [""])
    return Page(path, "Flows", join_lines(blocks))


def _flow_page(graph: SystemGraph, drawings: dict[str, Drawing], flow: FlowPath) -> Page:
    path = site.flow_page(flow.id)
    shown = [drawings[v.id] for v in site.flow_views(graph, flow.id) if v.id in drawings]
    rows = [[str(step.number), f"{site.component_link(path, graph, step.source)} → "
             f"{site.component_link(path, graph, step.target)}", escape.markdown(step.message),
             ("response along " if step.returning else "") + escape.markdown(step.relation.label)
             + f" ({escape.markdown(meaning(graph, step.relation).name)})"]
            for step in flow.steps]
    steps = [*heading(2, "Steps", "steps"), FILTER, "",
             *table(["#", "From → to", "Message", "Along the relation"], rows),
             "What each relation grants is on the pages of its two components.", ""]
    pictures = [line for drawing in shown for line in figure(graph, path, drawing)]
    blocks = [front_matter(page_width_hide(shown)), heading(1, escape.markdown(flow.title)),
              [escape.markdown(flow.description), ""],
              ['<div class="archgen-flow" markdown>', "", '<div class="archgen-flow__picture" markdown>', "",
               *pictures, "</div>", "", '<div class="archgen-flow__steps" markdown>', "", *steps, "</div>", "",
               "</div>", ""]]
    return Page(path, escape.html(flow.title), join_lines(blocks))


def diagrams_page(graph: SystemGraph, drawings: dict[str, Drawing]) -> Page:
    path = site.DIAGRAMS
    shown = site.view_pages(graph)
    views = [drawings[v] for v in graph.views if v in drawings]
    blocks = [front_matter(page_width_hide(views)), heading(1, "Diagrams"),
              ["Every view of the model, drawn from it on each run: an arrow is a relation of the model, and "
               "each component links to its page. Hover an arrow for what the relation means.", ""]]
    for view_id, view in graph.views.items():
        pages = ", ".join(f"[{title}]({link(path, page)})" for page, title in shown[view_id])
        blocks.append([*heading(2, escape.markdown(view.title), view_id), escape.markdown(view.description), "",
                       *(figure(graph, path, drawings[view_id], caption=False) if view_id in drawings else []),
                       f"Shown on: {pages}." if pages else "", *_parts(graph, path, view_id), ""])
    return Page(path, "Diagrams", join_lines(blocks))


def _parts(graph: SystemGraph, path: str, view_id: str) -> list[str]:
    """A view too big to read is drawn as an overview: the drawing of each of its groups, linked."""
    from archgen.render.diagram_overview import split

    found = split(graph, graph.views[view_id])
    if found is None:
        return []
    links = ", ".join(f"[{escape.markdown(group.title)}]({link(path, site.view_svg(group.view.id))}) "
                      f"({len(group.members)})" for group in found.groups)
    return ["", f"Too big to read whole: each box of the overview is drawn on its own: {links}."]
