"""The Flows page (each flow's diagram and numbered steps) and the Diagrams page (every view)."""

from __future__ import annotations

from archgen.docs import site
from archgen.docs.layers import component_link, grants
from archgen.docs.markdown import heading, join_lines, link, table
from archgen.docs.site import Page
from archgen.graph import FlowPath, SystemGraph


def flows_page(graph: SystemGraph) -> Page:
    blocks = [heading(1, "Flows"),
              ["Each flow is a path along the model's relations; its steps are numbered as on its diagram.", ""]]
    if not graph.flows:
        blocks.append(["The model has no flows yet: add them under `flows:` in the model.", ""])
    blocks += [_flow(graph, flow) for flow in graph.flows.values()]
    return Page(site.FLOWS, "Flows", join_lines(blocks))


def _flow(graph: SystemGraph, flow: FlowPath) -> list[str]:
    path = site.FLOWS
    lines = [*heading(2, flow.title, flow.id), flow.description, ""]
    for view in site.flow_views(graph, flow.id):
        lines += site.diagram(path, view)
    rows = [[str(step.number), component_link(path, graph, step.source), component_link(path, graph, step.target),
             step.message, ("response along " if step.returning else "") + step.relation.label,
             grants(graph, step.relation)]
            for step in flow.steps]
    return lines + table(["#", "From", "To", "Message", "Relation", "What the relation grants"], rows)


def diagrams_page(graph: SystemGraph) -> Page:
    path = site.DIAGRAMS
    shown = site.view_pages(graph)
    blocks = [heading(1, "Diagrams"),
              ["Every view of the model, drawn from it on each run: an arrow is a relation of the model. "
               "Click a diagram to zoom.", ""]]
    for view_id, view in graph.views.items():
        pages = ", ".join(f"[{title}]({link(path, page)})" for page, title in shown[view_id])
        blocks.append([*heading(2, view.title, view_id), view.description, "",
                       site.image_markdown(path, view), "",
                       f"Shown on: {pages}." if pages else "", ""])
    return Page(path, "Diagrams", join_lines(blocks))
