"""Docs leg: docs/**/*.md and mkdocs.yml on disk against the model.

Documented means: a component has its section (`## Label { #id }`) on its layer's page, and a
relation has both of its rows, `→ out` in its source's section and `← in` in its target's, each
with the other side's link and the relation's label. A flow's steps are the rows of its section
on the Flows page. Every link into a layer page, the Flows page or the Diagrams page must name a
component of that layer, a flow or a view; every diagram image a view; every page must be in the
navigation. Anything else is an entry with no model origin (an orphan). Other pages that name a
relation (the Security page's tables, the Deployment page's resources) are listed where it is
documented, but not required.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from archgen.audit.markdown import Page, Row, navigation, read_page
from archgen.audit.report import Leg
from archgen.docs.site import DIAGRAMS, DOCS_DIR, FLOWS, IMAGE_DIR, component_page, layer_page
from archgen.graph import SystemGraph

MKDOCS = "mkdocs.yml"
LAYERS_DIR = layer_page("").rsplit("/", 1)[0]  # architecture/layers
_RELATION_MENTION = re.compile(r"relation `(?P<key>[^`]+->[^`]+)`")
OUT, IN = "→ out", "← in"
RowKey = tuple[str, str, str, str]  # direction, linked page, anchor, label


def check(graph: SystemGraph, root: Path) -> Leg:
    leg = Leg("docs", expected_relations={r.key for r in graph.relations}, expected_components=set(graph.components))
    docs = root / DOCS_DIR
    pages = {p.relative_to(docs).as_posix(): p for p in sorted(docs.rglob("*.md"))} if docs.is_dir() else {}
    read = {path: read_page(docs, path) for path in pages}
    _check_navigation(graph, root, set(pages), leg)
    for layer, members in graph.layers().items():
        page = read.get(layer_page(layer))
        rows = _relation_rows(page)
        for component in members:
            _check_component(graph, page, rows.get(component.id, Counter()), component.id, leg)
        for anchor in sorted(set(page.sections if page else ()) - {c.id for c in members}):
            leg.orphan(f"section #{anchor}", f"on docs/{layer_page(layer)}: no component '{anchor}' in layer {layer}")
    _check_flows(graph, read.get(FLOWS), leg)
    for page in read.values():
        _check_links(graph, page, leg)
        _note_mentions(graph, page, leg)
    _check_images(graph, docs, leg)
    return leg


def _short(page: str) -> str:
    return page.removeprefix("architecture/").removesuffix(".md")


def _check_navigation(graph: SystemGraph, root: Path, on_disk: set[str], leg: Leg) -> None:
    try:
        listed = navigation(root / MKDOCS)
    except ValueError as failed:
        leg.gap(MKDOCS, str(failed))
        return
    wanted = {layer_page(layer) for layer in graph.layers()} | ({FLOWS} if graph.flows else set())
    for page in sorted(wanted - listed):
        leg.gap(f"docs/{page}", f"not in the navigation of {MKDOCS}")
    for page in sorted(listed - on_disk):
        leg.gap(f"docs/{page}", f"in the navigation of {MKDOCS}, but not on disk")
    for page in sorted(on_disk - listed):
        leg.orphan(f"docs/{page}", f"not in the navigation of {MKDOCS}: not a page generated from the model")
    for page in sorted(p for p in listed | on_disk if p.startswith(LAYERS_DIR + "/") and p not in wanted):
        leg.orphan(f"docs/{page}", "a page of a layer with no component in the model")


def _relation_rows(page: Page | None) -> dict[str, Counter[RowKey]]:
    """section anchor -> the rows of its Relations table."""
    rows: dict[str, Counter[RowKey]] = {}
    for row in page.rows if page else []:
        if row.subheading == "Relations":
            rows.setdefault(row.section, Counter())[_row_key(row)] += 1
    return rows


def _check_component(graph: SystemGraph, page: Page | None, rows: Counter[RowKey], component_id: str,
                     leg: Leg) -> None:
    where = f"docs/{component_page(graph, component_id)}"
    if page is None or component_id not in page.sections:
        leg.gap(component_id, f"no section '{{ #{component_id} }}' on {where}")
    else:
        leg.found_component(component_id, _short(page.path))
    for direction, relations in ((OUT, graph.outgoing(component_id)), (IN, graph.incoming(component_id))):
        for relation in relations:
            other = relation.target if direction == OUT else relation.source
            key = (direction, component_page(graph, other), other, relation.label)
            if rows[key]:
                rows[key] -= 1
                leg.found_relation(relation.key, _short(component_page(graph, component_id)))
            else:
                leg.gap(relation.key, f"no '{direction}' row for it in section #{component_id} of {where}")
    for (direction, _, other, label), count in rows.items():
        if count > 0:
            leg.orphan(f"row {component_id} {direction} {other}",
                       f"in section #{component_id} of {where}: no relation with that side and label '{label}'")


def _row_key(row: Row) -> RowKey:
    links = row.links[1] if len(row.links) > 1 else ()
    link = links[0] if links else None
    label = row.cells[2] if len(row.cells) > 2 else ""
    return (row.cells[0] if row.cells else "", link.page if link else "", link.anchor if link else "", label)


def _check_flows(graph: SystemGraph, page: Page | None, leg: Leg) -> None:
    if not graph.flows:
        return
    for flow_id in sorted(set(page.sections) - set(graph.flows) if page else ()):
        leg.orphan(f"section #{flow_id}", f"on docs/{FLOWS}: no flow '{flow_id}' in the model")
    for flow_id, flow in graph.flows.items():
        rows = {row.cells[0]: _ends(row) for row in (page.rows if page else []) if row.section == flow_id}
        for step in flow.steps:
            if rows.pop(str(step.number), None) == (step.source, step.target):
                leg.found_relation(step.relation.key, _short(FLOWS))
            else:
                leg.gap(step.relation.key, f"step {step.number} of flow '{flow_id}' ({step.source} -> "
                                           f"{step.target}) has no row in section #{flow_id} of docs/{FLOWS}")
        for number, (source, target) in sorted(rows.items()):
            leg.orphan(f"step row {flow_id} #{number}", f"on docs/{FLOWS}: {source} -> {target} is no step of "
                                                        f"flow '{flow_id}'")


def _ends(row: Row) -> tuple[str, str]:
    """The components a flow row's From and To cells link to."""
    source, target = ([links[0].anchor if links else "" for links in row.links[1:3]] + ["", ""])[:2]
    return source, target


def _check_links(graph: SystemGraph, page: Page, leg: Leg) -> None:
    """Every link to an anchor on a layer, flows or diagrams page names something of the model."""
    layers = {layer_page(layer): {c.id for c in members} for layer, members in graph.layers().items()}
    for link in page.links:
        where = f"docs/{page.path}:{link.line}"
        if link.image and link.page.startswith(IMAGE_DIR + "/") and _stem(link.page) not in graph.views:
            leg.orphan(f"image {link.page}", f"at {where}: no view '{_stem(link.page)}' in the model")
        if not link.anchor:
            continue
        if link.page.startswith(LAYERS_DIR + "/"):
            if link.anchor in layers.get(link.page, set()):
                leg.found_component(link.anchor, _short(page.path))
            else:
                leg.orphan(f"link {_short(link.page)}#{link.anchor}",
                           f"at {where}: no component '{link.anchor}' on that layer in the model")
        elif link.page == FLOWS and link.anchor not in graph.flows:
            leg.orphan(f"link flows#{link.anchor}", f"at {where}: no flow '{link.anchor}' in the model")
        elif link.page == DIAGRAMS and link.anchor not in graph.views:
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
    if page.path.startswith(LAYERS_DIR + "/") or page.path == FLOWS:
        return
    for row in page.rows:
        firsts = [next((link for link in links if link.page.startswith(LAYERS_DIR + "/")), None)
                  for links in row.links]
        ends = [link.anchor for link in firsts if link is not None]  # one per cell: a list is no pair
        for first, second in zip(ends, ends[1:]):
            relation = graph.relation(first, second) or graph.relation(second, first)
            if relation is not None:
                leg.found_relation(relation.key, _short(page.path))


def _stem(path: str) -> str:
    return path.rsplit("/", 1)[-1].rsplit(".", 1)[0]


def _check_images(graph: SystemGraph, docs: Path, leg: Leg) -> None:
    on_disk = {path.stem for path in (docs / IMAGE_DIR).glob("*.png")}
    for view_id in sorted(on_disk - set(graph.views)):
        leg.orphan(f"docs/{IMAGE_DIR}/{view_id}.png", f"no view '{view_id}' in the model")
    for view_id in sorted(set(graph.views) - on_disk):
        leg.gap(f"docs/{IMAGE_DIR}/{view_id}.png", f"missing: the site's copy of view '{view_id}'")
