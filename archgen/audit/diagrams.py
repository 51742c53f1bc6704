"""Diagrams leg: each view's DOT file on disk, read back, against what the model says the view shows.

The DOT is read by Graphviz's own parser through `gvpr` (installed with Graphviz; it parses and
lays nothing out, so a large view costs milliseconds). What is drawn: every node and edge whose
style is not `invis` (the layout's helpers are invisible edges, see `diagram_layout`; the flow
legend is the graph's label, not a node). An edge points from tail to head, or from head to tail
with `dir=back` (the generator writes arrows left to right). A view's arrows are its relations,
source to target; a flow view's are its steps, each in the direction it travels. A watch the view
draws as a mark (see `diagram_layout.marked`) is drawn by the watched node's `archgen_watched_by`
attribute naming its watcher. Each layer's drawing (`diagrams/layers/<layer>.dot`) is checked too.
"""

from __future__ import annotations

import shutil
import subprocess
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from archgen.audit.report import Leg
from archgen.graph import SystemGraph, ViewContent
from archgen.render.diagram_overview import OVERVIEW_NODE, Split, split
from archgen.render.diagram_views import all_views
from archgen.render.diagrams_renderer import GraphvizMissing

DOT_DIR = "diagrams"
FIELD = "\t"
_PROGRAM = (r'N { printf("N\t%s\t%s\t%s\n", $.name, $.style, hasAttr($, "archgen_watched_by") ? aget($, "archgen_watched_by") : ""); } '
            r'E { printf("E\t%s\t%s\t%s\t%s\n", $.tail.name, $.head.name, hasAttr($, "dir") ? aget($, "dir") : "", '
            r'hasAttr($, "style") ? aget($, "style") : ""); }')
# (`hasAttr` first: a drawing whose edges never set `dir`, such as a layer of one person, declares no such
# attribute, and reading it directly makes gvpr warn)


@dataclass(frozen=True)
class Drawing:
    nodes: tuple[str, ...]
    arrows: tuple[tuple[str, str], ...]  # (from, to) as the arrowhead points
    marks: tuple[tuple[str, str], ...] = ()  # (watcher, watched): a watch drawn as a mark on the watched


def read_dot(path: Path) -> Drawing:
    """The visible nodes and arrows of a DOT file; ValueError when Graphviz cannot parse it."""
    gvpr = shutil.which("gvpr")
    if gvpr is None:
        raise GraphvizMissing("Graphviz's 'gvpr' is not installed: run 'make setup' or 'apt-get install graphviz'")
    result = subprocess.run([gvpr, _PROGRAM, str(path)], capture_output=True, text=True)
    if result.returncode != 0 or result.stderr.strip():
        raise ValueError(result.stderr.strip() or f"gvpr exited with {result.returncode}")
    nodes, arrows, marks = [], [], []
    for line in result.stdout.splitlines():
        record, *fields = line.split(FIELD)
        if record == "N" and "invis" not in fields[1]:
            nodes.append(fields[0])
            marks += [(watcher, fields[0]) for watcher in fields[2].split()]
        elif record == "E" and "invis" not in fields[3]:
            tail, head, direction = fields[0], fields[1], fields[2]
            arrows.append((head, tail) if direction == "back" else (tail, head))
    return Drawing(tuple(nodes), tuple(arrows), tuple(marks))


def check(graph: SystemGraph, root: Path) -> Leg:
    leg = Leg("diagrams", expected_relations={r.key for r in graph.relations},
              expected_components=set(graph.components))
    folder = root / DOT_DIR
    files = {path.relative_to(folder).as_posix().removesuffix(".dot"): path for path in sorted(folder.rglob("*.dot"))}
    views = all_views(graph)
    for view_id in sorted(files.keys() - views.keys()):
        leg.orphan(f"{DOT_DIR}/{view_id}.dot", f"no view '{view_id}' in the model (nor a layer)")
    for view in views.values():
        where = f"{DOT_DIR}/{view.id}.dot"
        drawing = _read(leg, files.get(view.id), where)
        if drawing is None:
            for component in view.components:
                leg.gap(component, f"not drawn: {where} is missing or unreadable")
            for key in {key for key, _ in _expected_arrows(graph, view).values()}:
                leg.gap(key, f"not drawn: {where} is missing or unreadable")
            continue
        found = split(graph, view)
        if found is not None:  # an overview of groups: its parts, checked as views, draw the relations
            _check_overview(found, drawing, where, leg)
            continue
        _check_nodes(graph, view, drawing, where, leg)
        _check_arrows(graph, view, drawing, where, leg)
    _check_everything_shown(graph, leg)
    return leg


def _check_overview(found: Split, drawing: Drawing, where: str, leg: Leg) -> None:
    """An overview draws one box per group and one arrow per pair of groups; its parts together hold
    every component and relation of the view, each relation in exactly one part."""
    boxes = {f"{OVERVIEW_NODE}{group.number}" for group in found.groups}
    pairs = {(f"{OVERVIEW_NODE}{a}", f"{OVERVIEW_NODE}{b}") for a, b, _ in found.edges}
    for node in sorted(boxes ^ set(drawing.nodes)):
        (leg.gap if node in boxes else leg.orphan)(f"node {node}", f"in {where}: the overview's groups differ")
    for tail, head in sorted(pairs ^ set(drawing.arrows)):
        (leg.gap if (tail, head) in pairs else leg.orphan)(f"arrow {tail} -> {head}",
                                                           f"in {where}: the overview's group arrows differ")
    drawn = Counter(r.key for group in found.groups for r in group.view.relations)
    for relation in found.view.relations:
        if drawn[relation.key] != 1:
            leg.gap(relation.key, f"in {drawn[relation.key]} parts of {where} (each relation is drawn in one)")
    members = {c for group in found.groups for c in group.members}
    for component in found.view.components:
        if component not in members:
            leg.gap(component, f"in no part of {where}")


def _read(leg: Leg, path: Path | None, where: str) -> Drawing | None:
    if path is None:
        return None
    try:
        return read_dot(path)
    except ValueError as unreadable:
        leg.gap(where, f"Graphviz cannot read it: {unreadable}")
        return None


def _check_nodes(graph: SystemGraph, view: ViewContent, drawing: Drawing, where: str, leg: Leg) -> None:
    shown = set(view.components)
    for node in drawing.nodes:
        if node not in graph.components:
            leg.orphan(f"node {node}", f"in {where}: no component '{node}' in the model")
        elif node not in shown:
            leg.orphan(f"node {node}", f"in {where}: the model's view '{view.id}' does not show {node}")
        else:
            leg.found_component(node, view.id)
    for component in sorted(shown - set(drawing.nodes)):
        leg.gap(component, f"no node in {where}, though view '{view.id}' shows it")


def _expected_arrows(graph: SystemGraph, view: ViewContent) -> dict[tuple[str, str], tuple[str, str]]:
    """(from, to) -> (relation key, which step): the view's relations, or its flow's steps."""
    if view.flow is not None:
        return {(s.source, s.target): (s.relation.key, f"step {s.number} of flow '{view.flow.id}'")
                for s in view.flow.steps}
    return {(r.source, r.target): (r.key, "") for r in view.relations}


def _wanted(view: ViewContent) -> Counter[tuple[str, str]]:
    """How many arrows each (from, to) pair should have (a flow may pass one way twice)."""
    if view.flow is not None:
        return Counter((s.source, s.target) for s in view.flow.steps)
    return Counter((r.source, r.target) for r in view.relations)


def _check_arrows(graph: SystemGraph, view: ViewContent, drawing: Drawing, where: str, leg: Leg) -> None:
    meaning = _expected_arrows(graph, view)
    wanted, drawn = _wanted(view), Counter(drawing.arrows) + Counter(drawing.marks)
    for pair, count in wanted.items():
        key, what = meaning[pair]
        if drawn[pair] >= count:
            leg.found_relation(key, view.id)
        else:
            leg.gap(key, f"{what + ': ' if what else ''}arrow {pair[0]} -> {pair[1]} missing from {where} "
                         f"({drawn[pair]} of {count} drawn)")
    for (tail, head), count in sorted((drawn - wanted).items()):
        leg.orphan(f"arrow {tail} -> {head}", f"in {where} ({count} too many): " + _why_extra(graph, view, tail, head))


def _why_extra(graph: SystemGraph, view: ViewContent, tail: str, head: str) -> str:
    if graph.relation(tail, head) is None and graph.relation(head, tail) is not None:
        return f"it points against relation {head}->{tail}"
    if graph.relation(tail, head) is None:
        return f"no relation {tail}->{head} in the model"
    return f"relation {tail}->{head} is not part of view '{view.id}'"


def _check_everything_shown(graph: SystemGraph, leg: Leg) -> None:
    """A relation or component that no drawn view shows is a gap in the model, not in a file. The drawn
    views are the model's and the layers' (each layer's components and their relations), so a model that
    names no view of its own is still drawn whole."""
    drawn = all_views(graph).values()
    shown_relations = {r.key for view in drawn for r in view.relations}
    shown_components = {c for view in drawn for c in view.components}
    fix = "add it to a view in the model (views: layers or components)"
    for relation in graph.relations:
        if relation.key not in shown_relations:
            leg.gap(relation.key, "no view of the model shows it", fix)
    for component_id in graph.components:
        if component_id not in shown_components:
            leg.gap(component_id, "no view of the model shows it", fix)
