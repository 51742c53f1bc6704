"""The home page (what the system is, where it is deployed, its architecture at a glance) and the
Architecture tab's first page (the whole system's drawing, its layers, flows and views)."""

from __future__ import annotations

from archgen import escape
from archgen.docs import site
from archgen.docs.deployed import marker
from archgen.docs.figures import Drawing, figure, front_matter, page_width_hide
from archgen.docs.markdown import code, heading, join_lines, link, table
from archgen.docs.site import Page
from archgen.graph import SystemGraph

PATH = site.OVERVIEW


def overview_page(graph: SystemGraph, drawings: dict[str, Drawing]) -> Page:
    system = graph.system
    view = site.overview_view(graph)
    shown = [drawings[view.id]] if view is not None and view.id in drawings else []
    blocks = [
        front_matter(page_width_hide(shown)),
        heading(1, escape.markdown(system.title)),
        [escape.markdown(system.description), ""],
        [marker("urls"), ""],
        table(["Setting", "Value"], _facts(graph)),
        [*heading(2, "Architecture"), *(line for d in shown for line in figure(graph, PATH, d))],
        _layers(graph, PATH),
        _flows(graph, PATH),
        _worklog(graph),
        _further(),
    ]
    return Page(PATH, "Overview", join_lines(blocks))


def architecture_page(graph: SystemGraph, drawings: dict[str, Drawing]) -> Page:
    path = site.ARCHITECTURE
    view = site.overview_view(graph)
    shown = [drawings[view.id]] if view is not None and view.id in drawings else []
    views = [f"- [{escape.markdown(v.title)}]({link(path, site.DIAGRAMS, v.id)}): {escape.markdown(v.description)}"
             for v in graph.views.values()]
    blocks = [front_matter(page_width_hide(shown)), heading(1, "Architecture"),
              [f"{len(graph.components)} components in {len(graph.layers())} layers, {len(graph.relations)} "
               "relations between them. Click a component in the drawing for its page: its settings, controls, "
               "relations, flows, stack and outputs.", ""],
              [line for d in shown for line in figure(graph, path, d)],
              _layers(graph, path), _flows(graph, path),
              [*heading(2, "Views"), *views, ""] if views else [],
              [f"Security: [the controls, exceptions and protected routes]({link(path, site.SECURITY)}).", ""]]
    return Page(path, "Architecture", join_lines(blocks))


def _facts(graph: SystemGraph) -> list[list[str]]:
    system = graph.system
    tags = ", ".join(f"{code(key)} = {code(value)}" for key, value in sorted(system.tags.items()))
    rows = [["Name", code(system.name)], ["Region", code(system.region)], ["Environment", code(system.environment)],
            ["Domain", code(system.domain)]]
    return rows + ([["Tags", tags]] if tags else [])


def _layers(graph: SystemGraph, path: str) -> list[str]:
    rows = []
    for layer, members in graph.layers().items():
        names = ", ".join(site.component_link(path, graph, c.id) for c in members)
        rows.append([f"[{site.layer_title(layer)}]({link(path, site.layer_page(layer))})", names])
    return [*heading(2, "The layers at a glance"), *table(["Layer", "Components"], rows)]


def _flows(graph: SystemGraph, path: str) -> list[str]:
    if not graph.flows:
        return []
    lines = [f"- [{escape.markdown(flow.title)}]({link(path, site.flow_page(flow_id))}): "
             f"{escape.markdown(flow.description)} ({len(flow.steps)} steps)" for flow_id, flow in graph.flows.items()]
    return [*heading(2, "Flows"), *lines, ""]


def _worklog(graph: SystemGraph) -> list[str]:
    if not graph.model.weeks:
        return []
    lines = [f"- [{escape.markdown(week.title)}]({link(PATH, site.week_page(week.week))})"
             for week in graph.model.weeks]
    return [*heading(2, "Worklog"), *lines, ""]


def _further() -> list[str]:
    pages = [("Architecture", site.ARCHITECTURE, "every layer, component and flow, each on its own page"),
             ("Security", site.SECURITY, "the defaults on every component, and each exception with its reason"),
             ("Deployment", site.DEPLOYMENT, "the stacks, their order, regions, parameters and outputs"),
             ("Kinds reference", site.KINDS, "every kind of component: settings, controls, allowed relations")]
    lines = [f"- [{title}]({link(PATH, path)}): {text}" for title, path, text in pages]
    return [*heading(2, "Read on"), *lines, ""]
