"""Views too big to read: an overview of groups plus a drawing per group, and every relation in one."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from archgen.audit import run_audit
from archgen.cli import main
from archgen.graph import SystemGraph
from archgen.render.diagram_overview import MAX_NODES, PART_SIZE, overview_dot, split
from archgen.render.diagram_views import all_views
from archgen.rules.view_too_big import ViewTooBig
from archgen.validate import load_model

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "scripts"))
from synthetic_model import write_model  # noqa: E402


def synthetic(size: int, folder: Path) -> SystemGraph:
    return SystemGraph(load_model(write_model(size, folder)))


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> SystemGraph:
    return synthetic(300, tmp_path_factory.mktemp("big"))


def test_a_big_view_is_split_into_groups_that_hold_everything_once(big: SystemGraph) -> None:
    view = big.views["system"]
    found = split(big, view)
    assert found is not None and len(view.components) == 300
    members = [c for group in found.groups for c in group.members]
    assert sorted(members) == sorted(view.components)  # each component in exactly one group
    assigned = [r.index for group in found.groups for r in group.view.relations]
    assert sorted(assigned) == sorted(r.index for r in view.relations)  # each relation in exactly one part
    for group in found.groups:
        assert len(group.members) <= PART_SIZE
        assert len(group.view.components) <= MAX_NODES, group.view.id  # the part itself is readable
        shown = set(group.view.components)
        assert all(r.source in shown and r.target in shown for r in group.view.relations)


def test_the_overview_counts_the_relations_between_groups(big: SystemGraph) -> None:
    found = split(big, big.views["system"])
    assert found is not None
    assert sum(count for _, _, count in found.edges) == sum(
        1 for r in found.view.relations
        if next(g for g in found.groups if r.source in g.members) is not next(g for g in found.groups
                                                                              if r.target in g.members))
    dot = overview_dot(big, found)
    assert dot.count('URL="system/part-') == len(found.groups)
    assert all(f"{n} relations" in dot for _, _, n in found.edges if n > 1)


def test_parts_are_drawn_and_layer_drawings_split_too(big: SystemGraph) -> None:
    views = all_views(big)
    assert "system/part-1" in views and any(v.startswith("layers/backend/part-") for v in views)
    assert all(len(v.components) <= MAX_NODES or v.flow is not None for v in views.values()
               if "/part-" in v.id)


def test_small_views_and_the_default_model_are_drawn_whole(graph: SystemGraph) -> None:
    assert all(split(graph, view) is None for view in all_views(graph).values())
    assert list(ViewTooBig().check(graph)) == []


def test_rule_warns_of_a_hand_written_view_too_big(big: SystemGraph) -> None:
    findings = list(ViewTooBig().check(big))
    assert [f.path for f in findings] == [("views", "system")]
    assert "300 components" in findings[0].message and "overview" in findings[0].message


def test_the_audit_proves_every_relation_drawn_in_a_part(tmp_path: Path) -> None:
    model = write_model(45, tmp_path)
    assert main(["--quiet", "--model", str(model)]) == 0
    assert (tmp_path / "diagrams" / "system" / "part-1.svg").is_file()
    assert not (tmp_path / "diagrams" / "system" / "part-1.png").exists()  # parts are for the site: SVG
    audit = run_audit(model)
    assert audit.passed, [p for leg in audit.legs for p in leg.problems][:5]
    (tmp_path / "diagrams" / "system" / "part-2.dot").unlink()
    assert not run_audit(model).passed  # a part missing is a gap: the check can fail
