"""The diagrams leg catches each way a view's DOT on disk can stop agreeing with the model."""

from __future__ import annotations

from pathlib import Path

from archgen.graph import SystemGraph, ViewContent
from archgen.render.diagram import RELATION_ID, STEP_ID
from tests.audit.breaking import add_before_last_brace, audit, drop_lines, problems


def _relation_view(graph: SystemGraph) -> ViewContent:
    return next(view for view in graph.views.values() if view.flow is None and view.relations)


def _flow_view(graph: SystemGraph) -> ViewContent:
    return next(view for view in graph.views.values() if view.flow is not None)


def test_an_arrow_removed_from_a_view_is_a_gap_on_its_relation(outputs: Path, graph: SystemGraph) -> None:
    view = _relation_view(graph)
    relation = view.relations[-1]
    removed = drop_lines(outputs / "diagrams" / f"{view.id}.dot",
                         lambda line: f'id="{RELATION_ID}{relation.index}"' not in line)
    assert len(removed) == 1
    [gap] = problems(audit(outputs))
    assert (gap.severity, gap.subject) == ("gap", relation.key)
    assert f"diagrams/{view.id}.dot" in gap.text


def test_a_flow_step_removed_is_a_gap_naming_the_step(outputs: Path, graph: SystemGraph) -> None:
    view = _flow_view(graph)
    assert view.flow is not None
    step = view.flow.steps[-1]
    removed = drop_lines(outputs / "diagrams" / f"{view.id}.dot",
                         lambda line: f'id="{STEP_ID}{step.number}"' not in line)
    assert len(removed) == 1
    [gap] = problems(audit(outputs))
    assert (gap.severity, gap.subject) == ("gap", step.relation.key)
    assert f"step {step.number} of flow '{view.flow.id}'" in gap.text


def test_an_arrow_turned_around_is_a_gap_and_an_orphan(outputs: Path, graph: SystemGraph) -> None:
    view = _relation_view(graph)
    relation = view.relations[0]
    path = outputs / "diagrams" / f"{view.id}.dot"
    marker = f'id="{RELATION_ID}{relation.index}"'
    lines = path.read_text("utf-8").splitlines(keepends=True)
    [line] = [line for line in lines if marker in line]
    turned = line.replace("dir=forward", "dir=back") if "dir=forward" in line else \
        line.replace("dir=back", "dir=forward")
    assert turned != line
    path.write_text("".join(turned if each == line else each for each in lines), "utf-8")
    found = problems(audit(outputs))
    assert {(p.severity, p.subject) for p in found} == {
        ("gap", relation.key), ("orphan", f"arrow {relation.target} -> {relation.source}")}
    assert any(f"points against relation {relation.key}" in p.text for p in found)


def test_an_orphan_node_is_named(outputs: Path, graph: SystemGraph) -> None:
    view = _relation_view(graph)
    add_before_last_brace(outputs / "diagrams" / f"{view.id}.dot", 'ghost [label="Ghost"]')
    [orphan] = problems(audit(outputs))
    assert (orphan.severity, orphan.subject) == ("orphan", "node ghost")
    assert f"diagrams/{view.id}.dot" in orphan.text and "no component 'ghost'" in orphan.text


def test_an_arrow_with_no_relation_is_an_orphan(outputs: Path, graph: SystemGraph) -> None:
    view = _relation_view(graph)
    a, b = next((a, b) for a in view.components for b in view.components
                if a != b and graph.relation(a, b) is None and graph.relation(b, a) is None)
    add_before_last_brace(outputs / "diagrams" / f"{view.id}.dot", f'"{a}" -> "{b}"')
    [orphan] = problems(audit(outputs))
    assert (orphan.severity, orphan.subject) == ("orphan", f"arrow {a} -> {b}")
    assert f"no relation {a}->{b}" in orphan.text


def test_invisible_layout_edges_are_not_arrows(outputs: Path, graph: SystemGraph) -> None:
    view = _relation_view(graph)
    a, b = next((a, b) for a in view.components for b in view.components
                if a != b and graph.relation(a, b) is None and graph.relation(b, a) is None)
    add_before_last_brace(outputs / "diagrams" / f"{view.id}.dot", f'"{a}" -> "{b}" [style=invis]')
    assert problems(audit(outputs)) == []


def test_a_missing_view_file_is_a_gap_for_everything_it_shows(outputs: Path, graph: SystemGraph) -> None:
    view = _relation_view(graph)
    (outputs / "diagrams" / f"{view.id}.dot").unlink()
    found = problems(audit(outputs), "diagrams")
    assert {p.severity for p in found} == {"gap"}
    assert {p.subject for p in found} == set(view.components) | {r.key for r in view.relations}


def test_a_dot_file_of_no_view_is_an_orphan(outputs: Path) -> None:
    (outputs / "diagrams" / "old-view.dot").write_text("digraph old { a -> b }\n", "utf-8")
    [orphan] = problems(audit(outputs))
    assert (orphan.severity, orphan.subject) == ("orphan", "diagrams/old-view.dot")


def test_an_unreadable_dot_file_is_a_gap(outputs: Path, graph: SystemGraph) -> None:
    view = _relation_view(graph)
    (outputs / "diagrams" / f"{view.id}.dot").write_text("digraph broken { a -> \n", "utf-8")
    found = problems(audit(outputs), "diagrams")
    assert any(p.subject == f"diagrams/{view.id}.dot" and "cannot read" in p.text for p in found)
