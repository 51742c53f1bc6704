"""Layout of a view: which column each component stands in, the order lanes are declared in, and
how each arrow is written (left to right, between which sides of the icons).

Left alone, Graphviz lets every arrow pull: a watcher (alarms) lands left of what it
watches and drags the people outside AWS apart. Here the columns are decided from the
relations and handed to Graphviz as rank groups, chained in order by invisible edges.
Those edges are for layout only: each has `style=invis` and an id starting with
LAYOUT_EDGE_PREFIX, so no reader (and no test) takes them for relations.

Columns, left to right:
- the people outside AWS stand in column 0;
- everyone else stands one column right of each component that has a relation to them;
- a watcher, whose relations lead on to someone outside AWS (alarm -> topic -> on-call),
  reads right to left instead: it stands in the lowest column that is left of everything it
  watches and not left of where its chain goes, so the alert path ends beside the person.
"""

from __future__ import annotations

from dataclasses import dataclass

from graphviz import Digraph

from archgen.graph import SystemGraph, ViewContent
from archgen.schema import ComponentBase, Relation

LAYOUT_EDGE_PREFIX = "layout-"
ICON_PORT = "icon"  # the node table's icon cell
OUTSIDE = "external"
# Top-to-bottom order of the lanes in a left-to-right picture; layers not named share the middle lane.
LANE_ORDER = {"auth": 0, "monitoring": 2, "cicd": 3}
MIDDLE_LANE = 1


def watchers(graph: SystemGraph, view: ViewContent) -> set[str]:
    """The shown watchers and their alert chains (see `system_watchers`) that lead on, in this view,
    to someone outside AWS."""
    shown = list(view.components)
    relations = [r for r in view.relations if r.source in shown and r.target in shown]
    return system_watchers(graph) & _reaching(relations, {c for c in shown if _layer(graph, c) == OUTSIDE})


def system_watchers(graph: SystemGraph) -> set[str]:
    """The components that watch others (a relation meaning 'watch') and alert someone outside AWS,
    and the chain their alerts travel (alarm -> topic -> on-call). Leading to a person is not enough:
    a function that mails an admin through a topic is on the request path, and its arrows stay arrows."""
    def compute() -> set[str]:
        outside = {c for c in graph.components if _layer(graph, c) == OUTSIDE}
        alerting = _reaching(graph.relations, outside)
        watch = {r.index for r in graph.relations if graph.link(r).meaning.name == "watch"}
        found = {r.source for r in graph.relations if r.index in watch and r.source in alerting}
        frontier = set(found)
        while frontier:  # the alert chain: on from a watcher, never along what it watches
            frontier = {r.target for r in graph.relations if r.source in frontier and r.index not in watch
                        and r.target in alerting} - found
            found |= frontier
        return found
    return graph.memo(("watchers",), compute)


def watching(graph: SystemGraph, view: ViewContent) -> set[tuple[str, str]]:
    """(watcher, watched) for each relation from a watcher to what it watches (not along its chain)."""
    watcher = watchers(graph, view)
    return {(r.source, r.target) for r in view.relations if r.source in watcher and r.target not in watcher
            and r.target in view.components and _layer(graph, r.target) != OUTSIDE}


def marked(graph: SystemGraph, view: ViewContent) -> list[Relation]:
    """See `_marked`; asked by the drawing and by its legend on the site, so worked out once per view."""
    key = ("marked", view.id, tuple(view.components), tuple(r.index for r in view.relations))
    return graph.memo(key, lambda: _marked(graph, view))


def _marked(graph: SystemGraph, view: ViewContent) -> list[Relation]:
    """The watch relations a view draws as marks on what they watch instead of as arrows.

    A view of the whole system (one that shows a component of every layer) has its request path
    across the middle and its watchers in a lane below: an arrow from a watcher to each component it
    watches would cross that path once per alarm. There, each watched component carries a mark
    naming its watcher and what is watched, and the watcher keeps only its alert chain.
    A layer's drawing (id `layers/<layer>`) marks the watches of a watcher from another layer the same
    way: the page is about the layer, and the watcher's arrows would loop around it.
    """
    if view.flow is not None:
        return []
    if view.id.startswith("layers/"):
        layer = view.id.removeprefix("layers/")
        watching_ = system_watchers(graph)
        return [r for r in view.relations if r.source in watching_ and _layer(graph, r.source) != layer
                and r.target not in watching_ and _layer(graph, r.target) == layer]
    pairs = watching(graph, view)
    if {_layer(graph, c) for c in view.components} != set(graph.layers()):
        return []
    return [r for r in view.relations if (r.source, r.target) in pairs]


def columns(graph: SystemGraph, view: ViewContent) -> dict[str, int]:
    """Each shown component's column (see the module's docstring)."""
    shown = list(view.components)
    relations = [r for r in view.relations if r.source in shown and r.target in shown]
    outside = {c for c in shown if _layer(graph, c) == OUTSIDE}
    watching = watchers(graph, view)
    column = dict.fromkeys(sorted(outside, key=shown.index), 0)
    flowing = [c for c in shown if c not in outside and c not in watching]
    after = {c: [r.source for r in relations if r.target == c and r.source not in watching] for c in flowing}
    for component in _in_order(flowing, after):
        # a relation back along a cycle (a function reading the bucket that triggers it) places nothing
        column[component] = 1 + max((column[c] for c in after[component] if c in column), default=0)
    _pull_sources_right(flowing, relations, column)
    _place_watchers(shown, relations, watching, column)
    return column


def _pull_sources_right(flowing: list[str], relations: list[Relation], column: dict[str, int]) -> None:
    """A component nothing leads to stands just left of what it leads to, not at the far left."""
    for component in flowing:
        if any(r.target == component for r in relations):
            continue
        targets = [column[r.target] for r in relations if r.source == component and r.target in flowing]
        if targets:
            column[component] = max(column[component], min(targets) - 1)


def _place_watchers(shown: list[str], relations: list[Relation], watchers: set[str],
                    column: dict[str, int]) -> None:
    """Watchers from the outside person inward; the rest shift right if a watcher needs room."""
    for watcher in _in_order([c for c in shown if c in watchers], _chain_next(relations, watchers)):
        targets = [r.target for r in relations if r.source == watcher and r.target in column]
        chain = [column[t] for t in targets if t in watchers or column[t] == 0]
        watched = [column[t] for t in targets if t not in watchers and column[t] > 0]
        lowest = max([1, *chain])
        column[watcher] = max(lowest, min(watched, default=lowest + 1) - 1)
        room = lowest + 1 - min(watched, default=lowest + 1)
        if room > 0:
            for component in column:
                if component != watcher and column[component] > 0 and component not in watchers:
                    column[component] += room


def _chain_next(relations: list[Relation], watchers: set[str]) -> dict[str, list[str]]:
    """watcher -> the watchers its relations lead to (placed before it)."""
    return {w: [r.target for r in relations if r.source == w and r.target in watchers] for w in watchers}


def _layer(graph: SystemGraph, component: str) -> str:
    return str(graph.components[component].layer)


def _reaching(relations: list[Relation], targets: set[str]) -> set[str]:
    """Components (not in `targets`) from which a chain of relations leads to one of `targets`."""
    found: set[str] = set()
    frontier = set(targets)
    while frontier:
        frontier = {r.source for r in relations if r.target in frontier} - found - targets
        found |= frontier
    return found


def _in_order(components: list[str], before: dict[str, list[str]]) -> list[str]:
    """The components, each after those it must follow that are among them (cycles broken in order)."""
    done: list[str] = []
    visiting: set[str] = set()

    def visit(component: str) -> None:
        if component in done or component in visiting:
            return
        visiting.add(component)
        for earlier in before.get(component, []):
            if earlier in before:
                visit(earlier)
        visiting.discard(component)
        done.append(component)

    for component in components:
        visit(component)
    return done


def add_rank_groups(view: ViewContent, dot: Digraph, column: dict[str, int]) -> None:
    """One rank group per column, and an invisible chain that keeps the columns in order."""
    by_column: dict[int, list[str]] = {}
    for component in view.components:
        by_column.setdefault(column[component], []).append(component)
    for number in sorted(by_column):
        dot.body.append(f"\t{{rank=same; {'; '.join(_quote(c) for c in by_column[number])}}}\n")
    heads = [by_column[number][0] for number in sorted(by_column)]
    for left, right in zip(heads, heads[1:]):
        dot.edge(left, right, style="invis", id=f"{LAYOUT_EDGE_PREFIX}{left}-{right}")


@dataclass(frozen=True)
class Arrow:
    """What to draw: an arrow from source to target, its label (HTML) and its other attributes."""

    source: str
    target: str
    label: str
    attrs: dict[str, str]


@dataclass(frozen=True)
class WrittenEdge:
    """How an arrow is written in DOT: left to right, `points_back` when the arrowhead is at the tail."""

    tail: str
    head: str
    points_back: bool
    attrs: dict[str, str]


def written(arrows: list[Arrow], column: dict[str, int], declared: list[str],
            watched: set[tuple[str, str]], direction: str = "LR") -> list[WrittenEdge]:
    """The arrows as DOT edges, in the order Graphviz reads them (node by node).

    Each is written from its left end to its right end (`dir=back` when it points left), so no
    arrow pulls the columns out of order, and leaves the icon's right side for the next icon's
    left side. Where arrows go both ways between two components (a request and its response), the
    view's arrows pointing right run between the icons' upper corners and those pointing left
    between their middles, so no two lines, nor an arrowhead and a line, meet at one point.
    A watcher's arrow to what it watches (`watched`, see `watching`) enters it from below, under
    its name: the watchers' lane lies under what they watch, and an arrow coming in from the side
    would cut through the components of the watched lane on its way.
    """
    edges = [_left_to_right(arrow, column, direction) for arrow in arrows]
    if direction != "LR":  # the sides below are those of a left-to-right picture
        return sorted(edges, key=lambda edge: declared.index(edge.tail))
    edges = [_from_below(edge) if (_source(edge), _target(edge)) in watched else edge for edge in edges]
    two_way = {frozenset((e.tail, e.head)) for e in edges if e.points_back} & {
        frozenset((e.tail, e.head)) for e in edges if not e.points_back}
    if two_way:
        edges = [_upper(edge) if not edge.points_back and column[edge.tail] != column[edge.head] else edge
                 for edge in edges]
    return sorted(edges, key=lambda edge: declared.index(edge.tail))


def _source(edge: WrittenEdge) -> str:
    return edge.head if edge.points_back else edge.tail


def _target(edge: WrittenEdge) -> str:
    return edge.tail if edge.points_back else edge.head


def _from_below(edge: WrittenEdge) -> WrittenEdge:
    return WrittenEdge(edge.tail, edge.head, edge.points_back,
                       edge.attrs | {"tailport" if edge.points_back else "headport": "s"})


def _upper(edge: WrittenEdge) -> WrittenEdge:
    """The edge between the icons' upper corners (not the lower: a component's name is under its icon)."""
    ports = {"tailport": f"{ICON_PORT}:ne", "headport": f"{ICON_PORT}:nw"}
    return WrittenEdge(edge.tail, edge.head, edge.points_back, edge.attrs | ports)


def _left_to_right(arrow: Arrow, column: dict[str, int], direction: str) -> WrittenEdge:
    """Left (or top) end first; an arrow within one column is written as it points (dot 2.43 draws a
    same-column edge's arrowhead at its head even with dir=back)."""
    flat = column[arrow.target] == column[arrow.source]
    points_back = column[arrow.target] < column[arrow.source]
    tail, head = (arrow.target, arrow.source) if points_back else (arrow.source, arrow.target)
    leave, enter = ("e", "w") if direction == "LR" else ("s", "n")
    ports = {"tailport": ICON_PORT, "headport": ICON_PORT} if flat else {
        "tailport": f"{ICON_PORT}:{leave}", "headport": f"{ICON_PORT}:{enter}"}
    return WrittenEdge(tail, head, points_back, {"label": arrow.label} | ports | arrow.attrs)


def layer_lane(layer: str) -> int:
    return LANE_ORDER.get(layer, MIDDLE_LANE)


def lanes(graph: SystemGraph, view: ViewContent) -> dict[str, int]:
    """Each shown component's lane; someone outside AWS stands level with the highest lane they talk to."""
    peers: dict[str, list[str]] = {}
    for relation in view.relations:
        peers.setdefault(relation.source, []).append(relation.target)
        peers.setdefault(relation.target, []).append(relation.source)
    return {c: layer_lane(_layer(graph, c)) if _layer(graph, c) != OUTSIDE else
            min((layer_lane(_layer(graph, p)) for p in peers.get(c, ())), default=MIDDLE_LANE)
            for c in view.components}


def drawing_order(graph: SystemGraph, view: ViewContent) -> dict[str, list[ComponentBase]]:
    """The shown components by layer, in the order to declare them.

    Graphviz orders each column by crossing reduction, which cannot tell a picture from its
    mirror image: the order of declaration breaks the tie. Found by trying (and checked by the
    layout test): the people outside AWS first, lowest lane first; then the lanes top first.
    """
    shown = set(view.components)
    layers = {layer: [c for c in members if c.id in shown] for layer, members in graph.layers().items()}
    ordered = sorted((layer for layer in layers if layers[layer]),
                     key=lambda layer: (layer != OUTSIDE, layer_lane(layer)))
    lane = lanes(graph, view)
    return {layer: sorted(layers[layer], key=lambda c: -lane[c.id]) for layer in ordered}


def _quote(name: str) -> str:
    return f'"{name}"'
