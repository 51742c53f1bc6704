"""Docs leg: docs/**/*.md and mkdocs.yml on disk against the model.

Documented means: a component has its page (`architecture/components/<id>.md`), and a relation has
both of its rows in those pages' Relations tables (`{ #relations }`), `→ out` on its source's page
and `← in` on its target's, each with the other side's link and the relation's label (as escaped
Markdown). A flow's steps are the rows of its page's Steps table. Every link into the component
pages, the flow pages or the Diagrams page must name a component, a flow or a view; every drawing
on the site a drawing the diagrams renderer makes; every page must be in the navigation. Anything
else is an entry with no model origin (an orphan). Other pages that link both sides of a relation
in one row (the Security page's tables), or name it by key (the Deployment page's resources), are
listed where it is documented, but not required. Routes and regions are checked in `docs_facts`.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from archgen import escape
from archgen.audit.docs_facts import check_regions, check_routes
from archgen.audit.markdown import Page, Row, navigation, read_page
from archgen.audit.report import Leg
from archgen.docs.site import (COMPONENTS_DIR, DIAGRAMS, DOCS_DIR, FLOWS, FLOWS_DIR, IMAGE_DIR, LAYERS_DIR,
                               component_page, flow_page, layer_page, view_image, view_svg)
from archgen.graph import SystemGraph
from archgen.render.diagram_views import all_views

MKDOCS = "mkdocs.yml"
RELATIONS, STEPS = "relations", "steps"
_RELATION_MENTION = re.compile(r"relation `(?P<key>[^`]+->[^`]+)`")
OUT, IN = "→ out", "← in"
RowKey = tuple[str, str, str]  # direction, linked page, label


def check(graph: SystemGraph, root: Path) -> Leg:
    leg = Leg("docs", expected_relations={r.key for r in graph.relations}, expected_components=set(graph.components))
    docs = root / DOCS_DIR
    pages = {p.relative_to(docs).as_posix(): p for p in sorted(docs.rglob("*.md"))} if docs.is_dir() else {}
    read = {path: read_page(docs, path) for path in pages}
    _check_navigation(graph, root, set(pages), leg)
    for component_id in graph.components:
        _check_component(graph, read.get(component_page(graph, component_id)), component_id, leg)
    _check_flows(graph, read, leg)
    for page in read.values():
        _check_links(graph, page, leg)
        _note_mentions(graph, page, leg)
    _check_images(graph, docs, leg)
    check_routes(graph, root, read, leg)
    check_regions(graph, read, leg)
    return leg


def _short(page: str) -> str:
    return page.removeprefix("architecture/").removesuffix(".md")


def _wanted_pages(graph: SystemGraph) -> set[str]:
    return ({layer_page(layer) for layer in graph.layers()} | {component_page(graph, c) for c in graph.components}
            | {flow_page(f) for f in graph.flows} | {FLOWS})  # made even with no flows


def _check_navigation(graph: SystemGraph, root: Path, on_disk: set[str], leg: Leg) -> None:
    try:
        listed = navigation(root / MKDOCS)
    except ValueError as failed:
        leg.gap(MKDOCS, str(failed))
        return
    wanted = _wanted_pages(graph)
    for page in sorted(wanted - listed):
        leg.gap(f"docs/{page}", f"not in the navigation of {MKDOCS}")
    for page in sorted(listed - on_disk):
        leg.gap(f"docs/{page}", f"in the navigation of {MKDOCS}, but not on disk")
    for page in sorted(on_disk - listed):
        leg.orphan(f"docs/{page}", f"not in the navigation of {MKDOCS}: not a page generated from the model")
    model_dirs = (LAYERS_DIR + "/", COMPONENTS_DIR + "/", FLOWS_DIR + "/")
    for page in sorted(p for p in listed | on_disk if p.startswith(model_dirs) and p not in wanted):
        leg.orphan(f"docs/{page}", "a page of a layer, component or flow that is not in the model")


def _check_component(graph: SystemGraph, page: Page | None, component_id: str, leg: Leg) -> None:
    where = f"docs/{component_page(graph, component_id)}"
    if page is None:
        leg.gap(component_id, f"no page {where}")
        for relation in graph.outgoing(component_id) + graph.incoming(component_id):
            leg.gap(relation.key, f"no row for it: {where} is missing")
        return
    leg.found_component(component_id, _short(page.path))
    rows: Counter[RowKey] = Counter(_row_key(row) for row in page.rows if row.section == RELATIONS)
    for direction, relations in ((OUT, graph.outgoing(component_id)), (IN, graph.incoming(component_id))):
        for relation in relations:
            other = relation.target if direction == OUT else relation.source
            label = escape.markdown(relation.label).replace("\\|", "|")  # as the table reader gives it
            key = (direction, component_page(graph, other), label)
            if rows[key]:
                rows[key] -= 1
                leg.found_relation(relation.key, _short(page.path))
            else:
                leg.gap(relation.key, f"no '{direction}' row for it in the Relations of {where}")
    for (direction, other, label), count in rows.items():
        if count > 0:
            leg.orphan(f"row {component_id} {direction} {_short(other)}",
                       f"in the Relations of {where}: no relation with that side and label '{label}'")


def _row_key(row: Row) -> RowKey:
    links = row.links[1] if len(row.links) > 1 else ()
    return (row.cells[0] if row.cells else "", links[0].page if links else "",
            row.cells[2] if len(row.cells) > 2 else "")


def _check_flows(graph: SystemGraph, read: dict[str, Page], leg: Leg) -> None:
    for flow_id, flow in graph.flows.items():
        page = read.get(flow_page(flow_id))
        rows = {row.cells[0]: _ends(row) for row in (page.rows if page else []) if row.section == STEPS}
        for step in flow.steps:
            ends = (component_page(graph, step.source), component_page(graph, step.target))
            if rows.pop(str(step.number), None) == ends:
                leg.found_relation(step.relation.key, _short(flow_page(flow_id)))
            else:
                leg.gap(step.relation.key, f"step {step.number} of flow '{flow_id}' ({step.source} -> "
                                           f"{step.target}) has no row in the Steps of docs/{flow_page(flow_id)}")
        for number, (source, target) in sorted(rows.items()):
            leg.orphan(f"step row {flow_id} #{number}", f"on docs/{flow_page(flow_id)}: {_short(source)} -> "
                                                        f"{_short(target)} is no step of flow '{flow_id}'")


def _ends(row: Row) -> tuple[str, str]:
    """The pages a step row's `From → to` cell links, in order."""
    links = [link.page for link in row.links[1]] if len(row.links) > 1 else []
    return (links + ["", ""])[0], (links + ["", ""])[1]


def _check_links(graph: SystemGraph, page: Page, leg: Leg) -> None:
    """Every link to a component page, a flow page or a diagram names something of the model."""
    components = {component_page(graph, c): c for c in graph.components}
    flows = {flow_page(f) for f in graph.flows}
    for link in page.links:
        where = f"docs/{page.path}:{link.line}"
        if link.image and link.page.startswith(IMAGE_DIR + "/") and _stem(link.page) not in graph.views:
            leg.orphan(f"image {link.page}", f"at {where}: no view '{_stem(link.page)}' in the model")
        if link.page.startswith(COMPONENTS_DIR + "/"):
            if link.page in components:
                leg.found_component(components[link.page], _short(page.path))
            else:
                leg.orphan(f"link {_short(link.page)}", f"at {where}: no such component in the model")
        elif link.page.startswith(FLOWS_DIR + "/") and link.page != FLOWS and link.page not in flows:
            leg.orphan(f"link {_short(link.page)}", f"at {where}: no such flow in the model")
        elif link.page == DIAGRAMS and link.anchor and link.anchor not in graph.views:
            leg.orphan(f"link diagrams#{link.anchor}", f"at {where}: no view '{link.anchor}' in the model")


def _note_mentions(graph: SystemGraph, page: Page, leg: Leg) -> None:
    """Rows elsewhere whose cells link the two sides of a relation (the Security page's tables), and
    mentions of a relation by its key (the Deployment page's resources), document it too."""
    keys = {r.key for r in graph.relations}
    for number, line in enumerate(page.lines, start=1):
        for mention in _RELATION_MENTION.finditer(line):
            if mention["key"] in keys:
                leg.found_relation(mention["key"], _short(page.path))
            else:
                leg.orphan(f"mention {mention['key']}", f"at docs/{page.path}:{number}: no such relation in the model")
    if page.path.startswith((COMPONENTS_DIR + "/", FLOWS_DIR + "/")):
        return
    for row in page.rows:
        firsts = [next((link for link in links if link.page.startswith(COMPONENTS_DIR + "/")), None)
                  for links in row.links]
        ends = [_stem(link.page) for link in firsts if link is not None]  # one per cell: a list is no pair
        for first, second in zip(ends, ends[1:]):
            relation = graph.relation(first, second) or graph.relation(second, first)
            if relation is not None:
                leg.found_relation(relation.key, _short(page.path))


def _stem(path: str) -> str:
    return path.rsplit("/", 1)[-1].rsplit(".", 1)[0]


def _check_images(graph: SystemGraph, docs: Path, leg: Leg) -> None:
    expected = {view_image(v) for v in graph.views}
    expected |= {view_svg(v, dark) for v in all_views(graph) for dark in (False, True)}
    folder = docs / IMAGE_DIR
    on_disk = {p.relative_to(docs).as_posix() for p in folder.rglob("*") if p.is_file()} if folder.is_dir() else set()
    for path in sorted(on_disk - expected):
        leg.orphan(f"docs/{path}", "no view of the model (or layer) draws it")
    for path in sorted(expected - on_disk):
        leg.gap(f"docs/{path}", "missing: the site's copy of a drawing")
