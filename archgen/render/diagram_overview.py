"""Views too big to read: an overview of groups, and one drawing per group.

A view with more than `MAX_NODES` components is drawn as an overview: one box per group (a layer,
or a part of a large layer) with how many components it holds, and one arrow per pair of groups
with how many relations run between them. Each group is drawn as a view of its own,
`<view>/part-<n>`, with its components, the relations assigned to it, and the components at the
other end of those relations; the overview's boxes link to those drawings.

Every relation of the view is assigned to exactly one part: a relation inside a group to that
group, a relation between two groups to the group of the end with fewer relations in the view
(so a component that watches or fronts hundreds of others is drawn beside each of them, in their
parts, instead of dragging them all into its own). The audit checks each part like any view and
that the parts together draw all of the view's relations.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from archgen import escape
from archgen.graph import ViewContent

if TYPE_CHECKING:
    from archgen.graph import SystemGraph

MAX_NODES = 40    # more components than this in one drawing and the names can no longer be read
PART_SIZE = 36    # a part's own components: room is left for the few it connects to
PART_PREFIX = "part-"
OVERVIEW_NODE = "group-"  # overview node ids: `group-<n>`, never a component id (those hold no such prefix rule)


@dataclass(frozen=True)
class Group:
    number: int
    layer: str
    title: str
    members: tuple[str, ...]
    view: ViewContent  # the group's own drawing: members, their assigned relations and the other ends


@dataclass(frozen=True)
class Split:
    view: ViewContent
    groups: tuple[Group, ...]
    # (from group, to group) -> how many of the view's relations run that way
    edges: tuple[tuple[int, int, int], ...]


def is_part(view_id: str) -> bool:
    return view_id.rsplit("/", 1)[-1].startswith(PART_PREFIX)


def too_big(view: ViewContent) -> bool:
    """Flows are drawn whole (a flow's steps are read in order on one picture), and so is a part."""
    return view.flow is None and not is_part(view.id) and len(view.components) > MAX_NODES


def part_id(view_id: str, number: int) -> str:
    return f"{view_id}/{PART_PREFIX}{number}"


def split(graph: SystemGraph, view: ViewContent) -> Split | None:
    """The view's overview and parts, or None when it is small enough to be drawn whole."""
    if not too_big(view):
        return None
    return graph.memo(("split", view.id), lambda: _split(graph, view))


def _split(graph: SystemGraph, view: ViewContent) -> Split:
    from archgen.render.diagram import LAYER_TITLES

    members = _groups(graph, view)
    home = {c: n for n, (_, group) in enumerate(members) for c in group}
    degree: dict[str, int] = {}
    for relation in view.relations:
        for end in (relation.source, relation.target):
            degree[end] = degree.get(end, 0) + 1
    assigned: list[list[object]] = [[] for _ in members]
    counts: dict[tuple[int, int], int] = {}
    for relation in view.relations:
        a, b = home[relation.source], home[relation.target]
        if a != b:
            counts[(a, b)] = counts.get((a, b), 0) + 1
        # between groups: drawn in the group of the end with fewer relations (ties: the source's)
        owner = a if a == b or degree[relation.source] <= degree[relation.target] else b
        assigned[owner].append(relation)
    per_layer: dict[str, int] = {}
    groups = []
    for n, (layer, group) in enumerate(members):
        per_layer[layer] = per_layer.get(layer, 0) + 1
        parts_in_layer = sum(1 for other, _ in members if other == layer)
        name = LAYER_TITLES.get(layer, layer.title())
        title = name if parts_in_layer == 1 else f"{name} {per_layer[layer]} of {parts_in_layer}"
        relations = tuple(assigned[n])
        shown = dict.fromkeys(group)
        shown.update(dict.fromkeys(c for r in relations for c in (r.source, r.target)))  # type: ignore[attr-defined]
        order = {c: i for i, c in enumerate(view.components)}
        part = ViewContent(part_id(view.id, n + 1), f"{view.title}: {title}",
                           f"Part {n + 1} of the view '{view.title}': {len(group)} component{'s' if len(group) != 1 else ''} of {title} "
                           "and the relations drawn with them.",
                           tuple(sorted(shown, key=order.__getitem__)), relations, None,  # type: ignore[arg-type]
                           view.controls, view.direction)
        groups.append(Group(n + 1, layer, title, tuple(group), part))
    edges = tuple((a + 1, b + 1, count) for (a, b), count in sorted(counts.items()))
    return Split(view, tuple(groups), edges)


def _groups(graph: SystemGraph, view: ViewContent) -> list[tuple[str, list[str]]]:
    """(layer, component ids) per group: each layer of the view, a large one cut into parts of whole
    clusters (components joined by the view's relations inside the layer), in the view's order."""
    by_layer: dict[str, list[str]] = {}
    for component_id in view.components:
        by_layer.setdefault(str(graph.components[component_id].layer), []).append(component_id)
    from archgen.schema import LAYERS

    groups: list[tuple[str, list[str]]] = []
    for layer in sorted(by_layer, key=LAYERS.index):
        for part in _pack(_clusters(by_layer[layer], view)):
            groups.append((layer, part))
    return groups


def _clusters(members: list[str], view: ViewContent) -> list[list[str]]:
    """The layer's components joined by relations among them (union-find), each in the view's order."""
    parent = {c: c for c in members}

    def root(c: str) -> str:
        while parent[c] != c:
            parent[c] = parent[parent[c]]
            c = parent[c]
        return c

    for relation in view.relations:
        if relation.source in parent and relation.target in parent:
            a, b = root(relation.source), root(relation.target)
            if a != b:
                parent[max(a, b, key=members.index)] = min(a, b, key=members.index)
    clusters: dict[str, list[str]] = {}
    for c in members:
        clusters.setdefault(root(c), []).append(c)
    return list(clusters.values())


def _pack(clusters: list[list[str]]) -> list[list[str]]:
    """Whole clusters into parts of at most PART_SIZE, in order; a larger cluster is cut in order."""
    parts: list[list[str]] = [[]]
    for cluster in clusters:
        for start in range(0, len(cluster), PART_SIZE):
            piece = cluster[start:start + PART_SIZE]
            if len(parts[-1]) + len(piece) > PART_SIZE:
                parts.append([])
            parts[-1].extend(piece)
    return [part for part in parts if part]


def part_views(graph: SystemGraph, views: dict[str, ViewContent]) -> dict[str, ViewContent]:
    """view id -> the drawing of each part of every view too big to read."""
    parts: dict[str, ViewContent] = {}
    for view in views.values():
        found = split(graph, view)
        for group in found.groups if found else ():
            parts[group.view.id] = group.view
    return parts


def overview_dot(graph: SystemGraph, found: Split) -> str:
    """The overview as DOT: a box per group (linking to its drawing), an arrow per pair with a count."""
    from archgen.render.diagram import (ARROW_COLORS, CLUSTER_SIZE, EDGE_SIZE, FONT, GRAPH_ATTRS, LAYER_COLORS,
                                        NODE_SIZE, TEXT_COLOR, TITLE_SIZE)

    view = found.view
    graph_attrs = {**GRAPH_ATTRS, "rankdir": view.direction, "label": "", "nodesep": "0.4", "ranksep": "0.6"}
    lines = [f'digraph "{view.id}" {{', *(f"\tgraph [{_attrs(graph_attrs)}]",),
             f'\tnode [{_attrs({"fontname": FONT, "fontsize": str(NODE_SIZE), "fontcolor": TEXT_COLOR, "shape": "box", "style": "rounded,filled", "margin": "0.2,0.1"})}]',
             f'\tedge [{_attrs({"fontname": FONT, "fontsize": str(EDGE_SIZE), "fontcolor": TEXT_COLOR, "arrowsize": "0.7", "penwidth": "1.2", "style": "solid", "dir": "forward"})}]',
             f'\tsubgraph "cluster_view {view.id}" {{',
             f'\t\tgraph [{_attrs({"label": escape.dot(view.title + " (overview: each box is drawn on its own)"), "fontsize": str(TITLE_SIZE), "labeljust": "c", "labelloc": "t", "peripheries": "0", "fontname": FONT})}]']
    for group in found.groups:
        count = len(group.members)
        label = (f"{escape.dot(group.title)}\\n{count} component{'s' if count != 1 else ''}, "
                 f"{len(group.view.relations)} relation{'s' if len(group.view.relations) != 1 else ''}")
        lines.append(f'\t\t"{OVERVIEW_NODE}{group.number}" [{_attrs({"label": label, "fillcolor": LAYER_COLORS.get(group.layer, "#FFFFFF"), "URL": part_url(view.id, group.number), "target": "_top", "tooltip": escape.dot(group.view.description), "fontsize": str(CLUSTER_SIZE)})}]')
    for tail, head, count in found.edges:
        color = ARROW_COLORS.get(found.groups[tail - 1].layer, TEXT_COLOR)
        label = f"{count} relation{'s' if count != 1 else ''}"
        lines.append(f'\t\t"{OVERVIEW_NODE}{tail}" -> "{OVERVIEW_NODE}{head}" [{_attrs({"label": label, "color": color, "fontcolor": color, "id": f"{OVERVIEW_NODE}{tail}-{head}"})}]')
    lines += ["\t}", "}", ""]
    return "\n".join(lines)


def part_url(view_id: str, number: int) -> str:
    """A box's link: the part's drawing, relative to the site's copy of the overview (`diagrams/<view>.svg`)."""
    return f"{view_id.rsplit('/', 1)[-1]}/{PART_PREFIX}{number}.svg"


def _attrs(attrs: dict[str, str]) -> str:
    """DOT attributes, each double-quoted: model text in them went through `escape.dot` already."""
    return " ".join(f'{key}="{value}"' for key, value in attrs.items())
