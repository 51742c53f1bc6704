"""The Overview page: what the system is, its architecture diagram, the layers at a glance."""

from __future__ import annotations

from archgen.docs import site
from archgen.docs.worklog import week_label  # a week's title is the student's text: escaped there
from archgen.docs.markdown import code, heading, join_lines, link, table
from archgen.docs.site import Page
from archgen.graph import SystemGraph

PATH = site.OVERVIEW


def overview_page(graph: SystemGraph) -> Page:
    system = graph.system
    blocks = [
        heading(1, system.title),
        [system.description, ""],
        table(["Setting", "Value"], _facts(graph)),
        _architecture(graph),
        _layers(graph),
        _flows(graph),
        _worklog(graph),
        _further(),
    ]
    return Page(PATH, "Overview", join_lines(blocks))


def _facts(graph: SystemGraph) -> list[list[str]]:
    system = graph.system
    tags = ", ".join(f"{code(key)} = {code(value)}" for key, value in sorted(system.tags.items()))
    rows = [["Name", code(system.name)], ["Region", system.region], ["Environment", system.environment],
            ["Domain", system.domain]]
    return rows + ([["Tags", tags]] if tags else [])


def _architecture(graph: SystemGraph) -> list[str]:
    view = site.overview_view(graph)
    if view is None:
        return []
    return [*heading(2, "Architecture"), *site.diagram(PATH, view)]


def _layers(graph: SystemGraph) -> list[str]:
    rows = []
    for layer, members in graph.layers().items():
        names = ", ".join(f"[{c.label}]({link(PATH, site.layer_page(layer), c.id)})" for c in members)
        kinds = ", ".join(dict.fromkeys(graph.kind(c.id).title for c in members))
        rows.append([f"[{site.layer_title(layer)}]({link(PATH, site.layer_page(layer))})", names, kinds])
    return [*heading(2, "The layers at a glance"), *table(["Layer", "Components", "Kinds"], rows)]


def _flows(graph: SystemGraph) -> list[str]:
    if not graph.flows:
        return []
    lines = [f"- [{flow.title}]({link(PATH, site.FLOWS, flow_id)}): {flow.description} "
             f"({len(flow.steps)} steps)" for flow_id, flow in graph.flows.items()]
    return [*heading(2, "Flows"), *lines, ""]


def _worklog(graph: SystemGraph) -> list[str]:
    if not graph.model.weeks:
        return []
    lines = [f"- [{week_label(week)}]({link(PATH, site.week_page(week.week))})" for week in graph.model.weeks]
    return [*heading(2, "Worklog"), *lines, ""]


def _further() -> list[str]:
    pages = [("Security", site.SECURITY, "the defaults on every component, and each exception with its reason"),
             ("Deployment", site.DEPLOYMENT, "the stacks, their order, regions, parameters and outputs"),
             ("Kinds reference", site.KINDS, "every kind of component: settings, controls, allowed relations")]
    lines = [f"- [{title}]({link(PATH, path)}): {text}" for title, path, text in pages]
    return [*heading(2, "Read on"), *lines, ""]
