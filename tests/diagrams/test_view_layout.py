"""Readable pictures, checked on the layout Graphviz drew: no overlaps, legible text, left-to-right reading."""

from __future__ import annotations

import itertools
from dataclasses import replace

import pytest

from archgen.graph import SystemGraph
from archgen.render.diagram import ICON_ROOT, MIN_TEXT_SIZE, view_dot
from archgen.render.diagram_layout import LANE_ORDER, MIDDLE_LANE
from archgen.render.diagrams_renderer import lay_out
from tests.diagrams.layout import Layout, layout
from tests.diagrams.test_view_content import RELATION_VIEWS, VIEWS



@pytest.mark.parametrize("view_id", VIEWS)
def test_no_label_overlaps_a_node(view_id: str, layouts: dict[str, Layout]) -> None:
    drawing = layouts[view_id]
    overlaps = [(label.owner, label.text, node) for label in drawing.labels if not label.owner.startswith("node")
                for node, box in drawing.nodes.items() if label.box.overlaps(box)]
    assert overlaps == []


@pytest.mark.parametrize("view_id", VIEWS)
def test_no_label_overlaps_another_label(view_id: str, layouts: dict[str, Layout]) -> None:
    labels = layouts[view_id].labels
    overlaps = [(a.owner, a.text, b.owner, b.text) for a, b in itertools.combinations(labels, 2)
                if a.box.overlaps(b.box)]
    assert overlaps == []


@pytest.mark.parametrize("view_id", VIEWS)
def test_no_arrow_runs_through_a_component_it_does_not_join(view_id: str, layouts: dict[str, Layout]) -> None:
    drawing, inset = layouts[view_id], 1.0  # points: a line may graze what a node draws, not cross it
    crossings = [(edge.id, node) for edge in drawing.edges if not edge.invisible
                 for node, box in drawing.node_contents.items() if node not in (edge.tail, edge.head)
                 if any(box.left + inset < x < box.right - inset and box.bottom + inset < y < box.top - inset
                        for x, y in edge.line())]
    assert crossings == []


def test_the_overlap_check_sees_an_overlap(layouts: dict[str, Layout]) -> None:
    """The check above is real: a label moved onto a node is caught."""
    drawing = next(iter(layouts.values()))
    label = next(label for label in drawing.labels if label.owner.startswith("edge"))
    node = next(iter(drawing.nodes.values()))
    dx, dy = node.center[0] - label.box.center[0], node.center[1] - label.box.center[1]
    moved = type(label.box)(label.box.left + dx, label.box.bottom + dy, label.box.right + dx, label.box.top + dy)
    assert moved.overlaps(node)


@pytest.mark.parametrize("view_id", VIEWS)
def test_no_text_is_under_12_points(view_id: str, layouts: dict[str, Layout]) -> None:
    """The site never shows a drawing under one CSS pixel per point (it scrolls instead, see the browser
    test), so text of 12 points or more is at least 12 px on every screen."""
    smallest = min(size for label in layouts[view_id].labels for _, size in label.texts)
    assert smallest >= MIN_TEXT_SIZE == 12, f"{smallest} pt"


@pytest.mark.parametrize("view_id", VIEWS)
def test_people_outside_aws_stand_left_of_everything(view_id: str, graph: SystemGraph,
                                                     layouts: dict[str, Layout]) -> None:
    drawing = layouts[view_id]
    outside = [c for c in graph.views[view_id].components if graph.components[c].layer == "external"]
    inside = [c for c in graph.views[view_id].components if c not in outside]
    if outside and inside:
        assert max(drawing.nodes[c].right for c in outside) < min(drawing.nodes[c].left for c in inside)


@pytest.mark.parametrize("view_id", RELATION_VIEWS)
def test_every_flow_reads_left_to_right(view_id: str, graph: SystemGraph, layouts: dict[str, Layout]) -> None:
    """Along each flow's forward steps (those the view shows), every hop moves right."""
    drawing = layouts[view_id]
    for flow in graph.flows.values():
        for step in flow.steps:
            if step.returning or not {step.source, step.target} <= set(drawing.nodes):
                continue
            assert drawing.nodes[step.source].center[0] < drawing.nodes[step.target].center[0], (flow.id, step)


def test_lanes_stack_top_to_bottom_in_the_full_view(graph: SystemGraph, layouts: dict[str, Layout]) -> None:
    """In the view of everything: auth on top, then edge/frontend/backend, monitoring, then CI/CD."""
    full = next(v for v in graph.views.values() if set(v.components) == set(graph.components))
    drawing = layouts[full.id]
    lanes: dict[int, list[float]] = {}
    for component in full.components:
        layer = str(graph.components[component].layer)
        if layer != "external":
            lanes.setdefault(LANE_ORDER.get(layer, MIDDLE_LANE), []).append(drawing.nodes[component].center[1])
    ordered = sorted(lanes)
    for upper, lower in zip(ordered, ordered[1:]):
        assert min(lanes[upper]) > max(lanes[lower]), (upper, lower)  # y grows upward in Graphviz


def test_a_top_to_bottom_view_is_drawn_with_every_arrow_at_its_target(graph: SystemGraph) -> None:
    """The model may ask for direction TB: arrows still leave and enter the right icons."""
    for view in graph.views.values():
        drawing = layout(lay_out(view_dot(graph, replace(view, direction="TB")).encode()), str(ICON_ROOT))
        for edge in drawing.edges:
            if not edge.invisible:
                head = edge.drawn_arrowhead()
                assert head is not None and drawing.nearest_node(head) == edge.arrow[1], (view.id, edge.id)
