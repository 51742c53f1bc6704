"""Diagrams: one DOT graph per view, drawn with `diagrams` from the typed model.

`diagrams` builds the graph (icons, clusters, stable node ids); we keep its DOT text
and run Graphviz ourselves, so that the DOT holds no machine path (icons are named
relative to the icon folder, found through `imagepath` at draw time), views draw in
parallel, and an unchanged view is not drawn again.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

import diagrams
from diagrams import Cluster, Diagram, Edge, Node, setdiagram

from archgen.graph import Step, SystemGraph, ViewContent
from archgen.schema import ComponentBase, Relation

ICON_ROOT = Path(diagrams.__file__).resolve().parent.parent / "resources"
FONT = "DejaVu Sans"
LAYER_TITLES = {
    "external": "Outside AWS", "edge": "Edge", "frontend": "Frontend", "auth": "Auth",
    "backend": "Backend", "cicd": "CI/CD", "monitoring": "Monitoring",
}
GRAPH_ATTRS = {
    "fontname": FONT, "fontsize": "20", "pad": "0.4", "splines": "spline", "nodesep": "0.5",
    "ranksep": "1.1", "labelloc": "t", "newrank": "true",
}
NODE_ATTRS = {"fontname": FONT, "fontsize": "12", "width": "1.3", "height": "1.3"}
EDGE_ATTRS = {"fontname": FONT, "fontsize": "11", "color": "#5A6B7B", "fontcolor": "#23313F"}
CLUSTER_ATTRS = {"fontname": FONT, "fontsize": "14", "labeljust": "l", "style": "rounded", "margin": "16"}
FLOW_COLOR = "#D6336C"


class _SourceOnlyDiagram(Diagram):
    """A Diagram whose exit draws nothing: we only take its DOT text."""

    def __exit__(self, *exc: object) -> None:
        setdiagram(None)


def icon_name(icon: type[Node]) -> str:
    """The icon's file relative to the icon folder, e.g. `aws/compute/lambda.png`."""
    return f"{str(icon._icon_dir).removeprefix('resources/')}/{icon._icon}"


def view_dot(graph: SystemGraph, view: ViewContent) -> str:
    """The DOT text of one view: deterministic, path-free."""
    with _SourceOnlyDiagram(view.title, filename=view.id, show=False, direction=view.direction,
                            curvestyle="curved", graph_attr=GRAPH_ATTRS, node_attr=NODE_ATTRS,
                            edge_attr=EDGE_ATTRS) as diagram:
        nodes = _draw_clusters(graph, view)
        if view.flow:
            for step in view.flow.steps:
                _draw_step(nodes, step)
            _draw_legend(view)
        else:
            for relation in view.relations:
                _draw_relation(nodes, relation)
        return str(diagram.dot.source)


def _draw_clusters(graph: SystemGraph, view: ViewContent) -> dict[str, Node]:
    shown = set(view.components)
    nodes: dict[str, Node] = {}
    for layer, members in graph.layers().items():
        in_view = [c for c in members if c.id in shown]
        if not in_view:
            continue
        with Cluster(LAYER_TITLES[layer], graph_attr=CLUSTER_ATTRS | {"bgcolor": _LAYER_COLORS[layer]}):
            for region, group in _by_region(graph, in_view).items():
                if region is None:
                    nodes.update({c.id: _draw_component(graph, c, view) for c in group})
                    continue
                with Cluster(f"{region} (global edge services)", graph_attr=CLUSTER_ATTRS | {
                        "bgcolor": "#FFFFFF", "style": "dashed,rounded", "fontsize": "12"}):
                    nodes.update({c.id: _draw_component(graph, c, view) for c in group})
    return nodes


def _by_region(graph: SystemGraph, components: list[ComponentBase]) -> dict[str | None, list[ComponentBase]]:
    """Components grouped by the region they live in when it is not the system's region."""
    grouped: dict[str | None, list[ComponentBase]] = {}
    for component in components:
        region = graph.kind(component.id).region(component, graph)
        grouped.setdefault(region if region != graph.system.region else None, []).append(component)
    return grouped


def _draw_component(graph: SystemGraph, component: ComponentBase, view: ViewContent) -> Node:
    kind = graph.kind(component.id)
    label = _escape(component.label)
    attrs: dict[str, Any] = {"image": icon_name(kind.icon), "tooltip": _escape(component.description)}
    if view.controls:
        notes = kind.annotations(component, graph)
        notes += [f"✗ {c.id} (exception)" for c in graph.controls(component.id) if not c.on]
        if notes:
            small = "<BR/>".join(html.escape(n) for n in notes)
            label = f'<{html.escape(component.label)}<BR/><FONT POINT-SIZE="10" COLOR="#1E6B3A">{small}</FONT>>'
            attrs["height"] = str(1.9 + 0.2 * len(notes))
    return kind.icon(label, nodeid=component.id, **attrs)


def _draw_relation(nodes: dict[str, Node], relation: Relation) -> None:
    nodes[relation.source].connect(nodes[relation.target], Edge(label=_escape(relation.label), forward=True))


def _draw_step(nodes: dict[str, Node], step: Step) -> None:
    relation = step.relation
    edge = Edge(label=f"{step.number}", forward=not step.returning, reverse=step.returning,
                color=FLOW_COLOR, fontcolor=FLOW_COLOR, fontsize="14", penwidth="1.6",
                style="dashed" if step.returning else "solid", tooltip=_escape(step.message))
    nodes[relation.source].connect(nodes[relation.target], edge)


def _draw_legend(view: ViewContent) -> None:
    """The steps as a table under the picture: the numbers on the arrows, said in words."""
    assert view.flow is not None
    rows = "".join(
        f'<TR><TD ALIGN="RIGHT"><FONT COLOR="{FLOW_COLOR}"><B>{s.number}</B></FONT></TD>'
        f'<TD ALIGN="LEFT">{html.escape(s.source)} → {html.escape(s.target)}</TD>'
        f'<TD ALIGN="LEFT">{html.escape(s.message)}{" (return)" if s.returning else ""}</TD></TR>'
        for s in view.flow.steps)
    table = (f'<<TABLE BORDER="0" CELLBORDER="1" CELLSPACING="0" CELLPADDING="5" COLOR="#C0C8D0">'
             f'<TR><TD COLSPAN="3" ALIGN="LEFT"><B>{html.escape(view.flow.title)}: steps</B></TD></TR>'
             f'{rows}</TABLE>>')
    diagram = diagrams.getdiagram()
    diagram.node("legend", table, shape="plain", fontsize="12", fontname=FONT)


def _escape(text: str) -> str:
    """Plain text for a DOT label: never read as an HTML label or an escape sequence."""
    return text.replace("\\", "\\\\")


_LAYER_COLORS = {
    "external": "#F4F6F8", "edge": "#EAF2FB", "frontend": "#EEF8EE", "auth": "#FBF3E6",
    "backend": "#F3EEFA", "cicd": "#EEF6F7", "monitoring": "#FCEFEF",
}
