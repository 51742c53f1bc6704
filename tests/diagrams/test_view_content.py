"""Each view's drawing, read back from Graphviz, shows exactly what the model says that view shows."""

from __future__ import annotations

from collections import Counter

import pytest

from archgen.graph import SystemGraph
from archgen.render.diagram import LAYER_TITLES, WATCHED_BY, view_dot
from archgen.render.diagram_layout import LAYOUT_EDGE_PREFIX, marked
from archgen.schema import Relation
from archgen.validate import load_model
from tests.conftest import MODEL
from tests.diagrams.layout import Edge, Layout

_DEFAULT = SystemGraph(load_model(MODEL))  # the view ids, known when tests are collected
VIEWS = sorted(_DEFAULT.views)
FLOW_VIEWS = sorted(v for v, view in _DEFAULT.views.items() if view.flow)
RELATION_VIEWS = sorted(v for v, view in _DEFAULT.views.items() if not view.flow)


def drawn(layout: Layout) -> list[Edge]:
    """The edges a reader sees: every edge but the invisible ones that only order the layout."""
    return [e for e in layout.edges if not e.id.startswith(LAYOUT_EDGE_PREFIX)]


def expected_label(relation: Relation) -> str:
    """What the model says an arrow reads: its label, and for data access what it grants."""
    if relation.access and relation.access not in relation.label:
        return f"{relation.label} ({relation.access})"
    return relation.label


@pytest.mark.parametrize("view_id", VIEWS)
def test_view_shows_exactly_its_components(view_id: str, graph: SystemGraph, layouts: dict[str, Layout]) -> None:
    assert sorted(layouts[view_id].nodes) == sorted(graph.views[view_id].components)


@pytest.mark.parametrize("view_id", VIEWS)
def test_only_layout_edges_are_invisible(view_id: str, layouts: dict[str, Layout]) -> None:
    for edge in layouts[view_id].edges:
        assert edge.invisible == edge.id.startswith(LAYOUT_EDGE_PREFIX), edge.id
        assert edge.invisible or edge.label is not None, f"{edge.id} has no label"


@pytest.mark.parametrize("view_id", VIEWS)
def test_every_arrowhead_is_drawn_at_the_arrows_target(view_id: str, layouts: dict[str, Layout]) -> None:
    """Not only what the DOT says (`dir`) but where Graphviz drew the head: next to the target."""
    drawing = layouts[view_id]
    for edge in drawn(layouts[view_id]):
        head = edge.drawn_arrowhead()
        assert head is not None, edge.id
        assert drawing.nearest_node(head) == edge.arrow[1], edge.id


@pytest.mark.parametrize("view_id", RELATION_VIEWS)
def test_view_draws_exactly_its_relations(view_id: str, graph: SystemGraph, layouts: dict[str, Layout]) -> None:
    view = graph.views[view_id]
    marks = marked(graph, view)
    arrows = Counter((e.arrow, e.label.text if e.label else "") for e in drawn(layouts[view_id]))
    expected = Counter(((r.source, r.target), expected_label(r)) for r in view.relations if r not in marks)
    assert arrows == expected
    dot = view_dot(graph, view)
    for relation in marks:  # a watch drawn as a mark names its watcher on the watched node
        node = next(line for line in dot.splitlines() if line.strip().startswith((f"{relation.target} [",
                                                                                f'"{relation.target}" [')))
        assert f"{WATCHED_BY}={relation.source}" in node or f'{WATCHED_BY}="{relation.source}' in node
    assert not any(e.dashed for e in drawn(layouts[view_id]))


@pytest.mark.parametrize("view_id", FLOW_VIEWS)
def test_flow_numbers_match_the_steps(view_id: str, graph: SystemGraph, layouts: dict[str, Layout]) -> None:
    steps = graph.views[view_id].flow.steps  # type: ignore[union-attr]
    edges = {e.id: e for e in drawn(layouts[view_id])}
    assert sorted(edges) == sorted(f"step-{s.number}" for s in steps)
    for step in steps:
        edge = edges[f"step-{step.number}"]
        assert edge.label is not None and edge.label.text == str(step.number)
        assert edge.arrow == (step.source, step.target)
        assert edge.dashed == step.returning
        assert str(edge.attrs.get("tooltip")).startswith(f"{step.number}. {step.message} (")


@pytest.mark.parametrize("view_id", FLOW_VIEWS)
def test_flow_legend_lists_every_step_in_order(view_id: str, graph: SystemGraph,
                                               layouts: dict[str, Layout]) -> None:
    legend = next(label for label in layouts[view_id].labels if label.owner == "graph")
    texts = [text.strip() for text, _ in legend.texts]
    names = {c: graph.components[c].label for c in graph.views[view_id].components}
    positions = []
    for step in graph.views[view_id].flow.steps:  # type: ignore[union-attr]
        row = [str(step.number), f"{names[step.source]} → {names[step.target]}", step.message]
        start = next(i for i in range(len(texts)) if texts[i:i + 3] == row)
        positions.append(start)
        assert ("(return)" in texts[start + 3:start + 4]) == step.returning
    assert positions == sorted(positions)


def test_every_relation_is_drawn_in_a_view(graph: SystemGraph, layouts: dict[str, Layout]) -> None:
    drawn_ids = {e.id for view_id in RELATION_VIEWS for e in drawn(layouts[view_id])}
    assert [r.key for r in graph.relations if f"relation-{r.index}" not in drawn_ids] == []


@pytest.mark.parametrize("view_id", VIEWS)
def test_layers_are_clusters_and_other_regions_nest_in_them(view_id: str, graph: SystemGraph,
                                                            layouts: dict[str, Layout]) -> None:
    drawing = layouts[view_id]
    for component_id in graph.views[view_id].components:
        component = graph.components[component_id]
        region = graph.kind(component_id).region(component, graph)
        cluster = drawing.innermost_cluster(component_id)
        if region != graph.system.region:
            assert cluster.title == region
            assert cluster.parent is not None
            cluster = drawing.clusters[cluster.parent]
        assert cluster.title == LAYER_TITLES[str(component.layer)]


@pytest.mark.parametrize("view_id", sorted(v for v, view in _DEFAULT.views.items() if view.controls))
def test_controls_view_shows_each_protection(view_id: str, graph: SystemGraph, layouts: dict[str, Layout]) -> None:
    texts = layouts[view_id].node_texts
    for component_id in graph.views[view_id].components:
        component = graph.components[component_id]
        for note in graph.kind(component_id).annotations(component, graph):
            assert note in texts[component_id], (component_id, note)
        for control in graph.controls(component_id):
            assert (f"no {control.id} (exception)" in texts[component_id]) == (not control.on)


def test_the_edge_protections_the_issue_names_are_in_the_security_picture(graph: SystemGraph,
                                                                         layouts: dict[str, Layout]) -> None:
    """WAF rules and rate limit, throttling, TLS policy, OAC, the authorizer: all said somewhere in it."""
    controls_views = [v for v in graph.views.values() if v.controls]
    assert controls_views, "the model has no view with controls"
    words = " ".join(text for view in controls_views for text in layouts[view.id].node_texts.values())
    for phrase in ("managed rule", "rate limit", "throttle", "TLS", "OAC", "authorizer"):
        assert phrase in words, phrase
