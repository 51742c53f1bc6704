"""Diagrams: one DOT graph per view, drawn with `diagrams` from the typed model.

`diagrams` builds the graph (icons, clusters, stable node ids); we keep its DOT text
and run Graphviz ourselves, so that the DOT holds no machine path (icons are named
relative to the icon folder, found through `imagepath` at draw time), views draw in
parallel, and an unchanged view is not drawn again.

Each node is one HTML-like table (icon, name, protections), so Graphviz knows the true
size of everything it places; that is what keeps names off arrows and labels off nodes.
Where things stand (columns, lanes, the order arrows are written in) is decided in
`diagram_layout`.
"""

from __future__ import annotations

import importlib
import textwrap
from dataclasses import replace
from functools import cache
from pathlib import Path

import diagrams
from diagrams import Cluster, Diagram, Edge, Node, setdiagram

from archgen import escape
from archgen.docs.meanings import meaning
from archgen.graph import Step, SystemGraph, ViewContent
from archgen.kinds import Kind
from archgen.render.diagram_layout import (ICON_PORT, LAYOUT_EDGE_PREFIX, Arrow, add_rank_groups, columns, drawing_order, marked,
                                           watching, written)
from archgen.schema import ComponentBase, Relation

ICON_ROOT = Path(diagrams.__file__).resolve().parent.parent / "resources"
FONT = "DejaVu Sans"
TEXT_COLOR, NOTE_COLOR, EDGE_COLOR, FLOW_COLOR = "#23313F", "#1E6B3A", "#5A6B7B", "#C2255C"
# Every text is at least 12 points: drawn at one CSS pixel per point (the site never shows a drawing
# smaller than that, it scrolls instead), no label is under 12 px.
TITLE_SIZE, CLUSTER_SIZE, NODE_SIZE, EDGE_SIZE, NOTE_SIZE = 18, 13, 12, 12, 12
MIN_TEXT_SIZE = min(TITLE_SIZE, CLUSTER_SIZE, NODE_SIZE, EDGE_SIZE, NOTE_SIZE)
ICON_SIZE = 48  # points: the icon's cell in the node table
WRAP = 12  # characters per line of a node or edge label before it wraps
NOTE_WRAP, NOTE_INDENT = 22, "&#160;" * 4  # a protection's lines under a node; later ones indented past "✓ "
PNG_DPI = 144  # twice the site's pixels, so the PNG stays sharp on high-density screens
RELATION_ID, STEP_ID = "relation-", "step-"
# Where a node links: its component's page on the site, relative to the site's copy of the drawing
# (`diagrams/<view>.svg`; a view id with a slash sits deeper). Built from the id, never from text.
COMPONENT_PAGE = "architecture/components/{}.md"
# The node attribute naming the watchers a component is marked with instead of an arrow each.
WATCHED_BY = "archgen_watched_by"
LAYER_TITLES = {
    "external": "Outside AWS", "edge": "Edge", "frontend": "Frontend", "auth": "Auth",
    "backend": "Backend", "cicd": "CI/CD", "monitoring": "Monitoring",
}
LAYER_COLORS = {
    "external": "#F4F6F8", "edge": "#EAF2FB", "frontend": "#EEF8EE", "auth": "#FBF3E6",
    "backend": "#F3EEFA", "cicd": "#EEF6F7", "monitoring": "#FCEFEF",
}
# Arrows take a deeper shade of their source's layer colour: a bundle of lines stays tellable apart.
ARROW_COLORS = {
    "external": "#4A5560", "edge": "#2B6CB0", "frontend": "#2F855A", "auth": "#B7791F",
    "backend": "#6B46C1", "cicd": "#2C7A7B", "monitoring": "#C53030",
}
GRAPH_ATTRS = {
    "fontname": FONT, "fontsize": str(TITLE_SIZE), "fontcolor": TEXT_COLOR, "bgcolor": "white",
    "splines": "spline", "pad": "0.2", "nodesep": "0.25", "ranksep": "0.25", "newrank": "true",
    "labelloc": "b", "labeljust": "l", "dpi": str(PNG_DPI), "outputorder": "edgesfirst",
}
NODE_ATTRS = {"fontname": FONT, "fontsize": str(NODE_SIZE), "fontcolor": TEXT_COLOR, "shape": "plain",
              "fixedsize": "false", "width": "0.3", "height": "0.3", "margin": "0"}
EDGE_ATTRS = {"fontname": FONT, "fontsize": str(EDGE_SIZE), "fontcolor": TEXT_COLOR, "color": EDGE_COLOR,
              "arrowsize": "0.7", "penwidth": "1.2"}
CLUSTER_ATTRS = {"fontname": FONT, "fontsize": str(CLUSTER_SIZE), "fontcolor": TEXT_COLOR, "labeljust": "l",
                 "labelloc": "t", "style": "rounded", "margin": "10", "pencolor": "#AEB6BE"}
REGION_ATTRS = CLUSTER_ATTRS | {"bgcolor": "#FFFFFF", "style": "dashed,rounded", "fontsize": str(NOTE_SIZE)}
TITLE_ATTRS = CLUSTER_ATTRS | {"fontsize": str(TITLE_SIZE), "labeljust": "c", "peripheries": "0", "margin": "4",
                               "bgcolor": "transparent"}


class _SourceOnlyDiagram(Diagram):
    """A Diagram whose exit draws nothing: we only take its DOT text."""

    def __exit__(self, *exc: object) -> None:
        setdiagram(None)


@cache
def icon_class(name: str) -> type[Node]:
    """A kind's icon, named `aws.compute.Lambda` after its class in the `diagrams` package."""
    module, _, cls = name.rpartition(".")
    icon = getattr(importlib.import_module(f"diagrams.{module}"), cls)
    assert isinstance(icon, type) and issubclass(icon, Node), name
    return icon


def icon_name(icon: type[Node] | str) -> str:
    """The icon's file relative to the icon folder, e.g. `aws/compute/lambda.png`."""
    icon = icon_class(icon) if isinstance(icon, str) else icon
    return f"{str(icon._icon_dir).removeprefix('resources/')}/{icon._icon}"


def view_dot(graph: SystemGraph, view: ViewContent) -> str:
    """The DOT text of one view: deterministic, path-free."""
    legend = _legend(graph, view) if view.flow else ""
    with _SourceOnlyDiagram("", filename=view.id, show=False, direction=view.direction, curvestyle="curved",
                            graph_attr=GRAPH_ATTRS | {"label": legend}, node_attr=NODE_ATTRS,
                            edge_attr=EDGE_ATTRS) as diagram:
        diagram.dot.name = view.id
        # Cluster names are DOT identities: each gets one of its own, its title goes in its label.
        marks = marked(graph, view)
        drawn = replace(view, relations=tuple(r for r in view.relations if r not in marks))
        with Cluster(f"view {view.id}", graph_attr=TITLE_ATTRS | {"label": escape.dot(view.title)}):
            nodes = _draw_clusters(graph, view, marks)
        column = columns(graph, drawn)
        arrows = ([_step_arrow(graph, s) for s in view.flow.steps] if view.flow
                  else [_relation_arrow(graph, r) for r in drawn.relations])
        for edge in written(arrows, column, list(nodes), watching(graph, drawn), view.direction):
            style = {"fontname": FONT, "fontsize": str(EDGE_SIZE), "fontcolor": edge.attrs.get("color", TEXT_COLOR)}
            nodes[edge.tail].connect(nodes[edge.head], Edge(forward=not edge.points_back, reverse=edge.points_back,
                                                            **style | edge.attrs))
        add_rank_groups(view, diagram.dot, column)
        for relation in marks:  # a mark holds its place in the layout as the arrow would, unseen
            diagram.dot.edge(relation.source, relation.target, style="invis",
                             id=f"{LAYOUT_EDGE_PREFIX}watch-{relation.index}")
        return str(diagram.dot.source)


def _draw_clusters(graph: SystemGraph, view: ViewContent, marks: list[Relation]) -> dict[str, Node]:
    nodes: dict[str, Node] = {}
    for layer, members in drawing_order(graph, view).items():
        with Cluster(f"layer {layer}", graph_attr=CLUSTER_ATTRS | {"label": LAYER_TITLES[layer],
                                                                    "bgcolor": LAYER_COLORS[layer]}):
            for region, group in _by_region(graph, members).items():
                if region is None:
                    nodes.update(_draw_group(graph, group, view, marks))
                    continue
                with Cluster(f"region {layer} {region}", graph_attr=REGION_ATTRS | {"label": escape.dot(region)}):
                    nodes.update(_draw_group(graph, group, view, marks))
    return nodes


def _draw_group(graph: SystemGraph, group: list[ComponentBase], view: ViewContent,
                marks: list[Relation]) -> dict[str, Node]:
    """The components of one layer and region; those inside another (a VPC's members) in a box named after
    it, with the enclosing component's own node in the box when the view shows it."""
    inside = _enclosures(graph)
    boxes: dict[str, list[ComponentBase]] = {}
    for component in group:
        encloser = type(graph.kind(component.id)).encloses is not Kind.encloses  # a VPC, even with nobody inside
        box = inside.get(component.id) or (component.id if encloser else None)
        if box is not None:
            boxes.setdefault(box, []).append(component)
    nodes = {c.id: _draw_component(graph, c, view, marks) for c in group
             if not any(c in members for members in boxes.values())}
    for box, members in boxes.items():
        outer = graph.components[box]
        title = f"{graph.kind(box).title}: {outer.label}"
        with Cluster(f"enclosure {box}", graph_attr=REGION_ATTRS | {"label": escape.dot(title),
                                                                     "style": "rounded,bold"}):
            nodes.update({c.id: _draw_component(graph, c, view, marks) for c in members})
    return nodes


def _enclosures(graph: SystemGraph) -> dict[str, str]:
    """component id -> the component it is inside (a VPC), for the components some kind encloses."""
    def compute() -> dict[str, str]:
        return {member: cid for cid, component in graph.components.items()
                for member in graph.kind(cid).encloses(component, graph)}
    return graph.memo(("diagram-enclosures",), compute)


def _by_region(graph: SystemGraph, components: list[ComponentBase]) -> dict[str | None, list[ComponentBase]]:
    """Components grouped by the region they live in when it is not the system's region."""
    grouped: dict[str | None, list[ComponentBase]] = {}
    for component in components:
        region = graph.kind(component.id).region(component, graph)
        grouped.setdefault(region if region != graph.system.region else None, []).append(component)
    return grouped


def _draw_component(graph: SystemGraph, component: ComponentBase, view: ViewContent,
                    marks: list[Relation]) -> Node:
    kind = graph.kind(component.id)
    rows = [f'<TR><TD PORT="{ICON_PORT}" FIXEDSIZE="TRUE" WIDTH="{ICON_SIZE}" HEIGHT="{ICON_SIZE}">'
            f'<IMG SRC="{icon_name(kind.icon)}" SCALE="TRUE"/></TD></TR>',
            f"<TR><TD>{_lines(component.label)}</TD></TR>"]
    if view.controls:
        rows += [f'<TR><TD ALIGN="LEFT" BALIGN="LEFT"><FONT POINT-SIZE="{NOTE_SIZE}" COLOR="{NOTE_COLOR}">'
                 f"{_note_lines(note)}</FONT></TD></TR>" for note in protections(graph, component)]
    watched_by = [r for r in marks if r.target == component.id]
    rows += [_mark_row(graph, relation) for relation in watched_by]
    if any(r.source == component.id for r in marks):
        rows.append(_mark_row(graph, None))
    # A blank row under the name keeps lines that pass below the component off its name.
    rows.append('<TR><TD HEIGHT="4"></TD></TR>')
    label = f'<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="1">{"".join(rows)}</TABLE>>'
    marked_by = {WATCHED_BY: " ".join(r.source for r in watched_by)} if watched_by else {}
    # The icon is in the table: image=None keeps the node free of `diagrams`' absolute icon path.
    return icon_class(kind.icon)(label, nodeid=component.id, shape="plain", image=None, height=None,
                                 tooltip=escape.dot(component.description), URL=component_url(view, component.id),
                                 target="_top", **marked_by)


def component_url(view: ViewContent, component_id: str) -> str:
    """The node's link: its component page, relative to the site's copy of the drawing."""
    page = COMPONENT_PAGE.format(component_id).removesuffix(".md") + "/"
    return "../" * (view.id.count("/") + 1) + page


def _mark_row(graph: SystemGraph, relation: Relation | None) -> str:
    """What stands for a watch drawn as a mark: under the watched, the watcher and what it watches for;
    under the watcher, that its marks are on the components it watches."""
    if relation is None:
        text = "marks what it watches"
    else:
        text = f"{graph.components[relation.source].label}: {relation_text(relation)}"
    color = ARROW_COLORS["monitoring"]
    return (f'<TR><TD ALIGN="CENTER"><FONT POINT-SIZE="{NOTE_SIZE}" COLOR="{color}">'
            f"{_lines('⚑ ' + text, NOTE_WRAP)}</FONT></TD></TR>")


def protections(graph: SystemGraph, component: ComponentBase) -> list[str]:
    """What a controls view says under a component: its protections, and each control switched off."""
    notes = [f"✓ {note}" for note in graph.kind(component.id).annotations(component, graph)]
    return notes + [f"✗ no {c.id} (exception)" for c in graph.controls(component.id) if not c.on]


def relation_text(relation: Relation) -> str:
    """The relation's label, and the access it grants when the label does not already say it."""
    if relation.access and relation.access not in relation.label:
        return f"{relation.label} ({relation.access})"
    return relation.label


def relation_tooltip(graph: SystemGraph, relation: Relation) -> str:
    """What an arrow's tooltip says: the relation's meaning and what it grants."""
    found = meaning(graph, relation)
    return f"{found.name}: {found.grants}" if found.grants else found.name


def _relation_arrow(graph: SystemGraph, relation: Relation) -> Arrow:
    color = ARROW_COLORS[str(graph.components[relation.source].layer)]
    return Arrow(relation.source, relation.target, f"<{_lines(relation_text(relation))}>",
                 {"id": f"{RELATION_ID}{relation.index}", "color": color,
                  "tooltip": escape.dot(relation_tooltip(graph, relation))})


def _step_arrow(graph: SystemGraph, step: Step) -> Arrow:
    """A numbered hop from the step's source to its target; a return (back along its relation) is dashed."""
    badge = (f'<<TABLE BORDER="0" CELLBORDER="0" CELLPADDING="2" BGCOLOR="{FLOW_COLOR}" STYLE="rounded">'
             f'<TR><TD><FONT COLOR="#FFFFFF"><B>{step.number}</B></FONT></TD></TR></TABLE>>')
    tooltip = f"{step.number}. {step.message} ({relation_tooltip(graph, step.relation)})"
    return Arrow(step.source, step.target, badge, {
        "id": f"{STEP_ID}{step.number}", "color": FLOW_COLOR, "penwidth": "1.6",
        "style": "dashed" if step.returning else "solid", "tooltip": escape.dot(tooltip)})


def _legend(graph: SystemGraph, view: ViewContent) -> str:
    """The steps as a table under the picture: the numbers on the arrows, said in words."""
    assert view.flow is not None
    names = {c: escape.dot_html(graph.components[c].label) for c in view.components}
    rows = "".join(
        f'<TR><TD BGCOLOR="{FLOW_COLOR}"><FONT COLOR="#FFFFFF"><B>{s.number}</B></FONT></TD>'
        f'<TD ALIGN="LEFT">{names[s.source]} → {names[s.target]}</TD>'
        f'<TD ALIGN="LEFT">{escape.dot_html(s.message)}{" <I>(return)</I>" if s.returning else ""}</TD></TR>'
        for s in view.flow.steps)
    return (f'<<FONT POINT-SIZE="{NODE_SIZE}"><TABLE BORDER="0" CELLBORDER="1" CELLSPACING="0" CELLPADDING="4"'
            f' COLOR="#C0C8D0"><TR><TD COLSPAN="3" ALIGN="LEFT"><FONT POINT-SIZE="{CLUSTER_SIZE}"><B>'
            f'{escape.dot_html(view.flow.title)}: steps</B></FONT></TD></TR>{rows}</TABLE></FONT>>')


def _lines(text: str, width: int = WRAP) -> str:
    """Text as HTML-label lines, wrapped so a long name does not widen its column."""
    lines = textwrap.wrap(escape.clean(text), width, break_long_words=False, break_on_hyphens=False)
    return "<BR/>".join(escape.dot_html(line) for line in lines)


def _note_lines(note: str) -> str:
    """A protection as HTML-label lines, narrow enough not to widen its column; later lines indented."""
    lines = textwrap.wrap(escape.clean(note), NOTE_WRAP, break_long_words=False, break_on_hyphens=False)
    return "<BR/>".join(escape.dot_html(line) if n == 0 else f"{NOTE_INDENT}{escape.dot_html(line)}"
                        for n, line in enumerate(lines))
