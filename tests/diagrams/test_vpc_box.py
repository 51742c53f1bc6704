"""A VPC is drawn as a box around what is inside it: its members (and its own node) in one cluster, nothing
else there; a VPC with nobody inside is still a box; a flow view boxes the members it shows."""

from __future__ import annotations

import re
from pathlib import Path

from archgen.graph import SystemGraph
from archgen.render.diagram import view_dot
from archgen.validate import load_model

MODEL = Path(__file__).resolve().parents[1] / "templates" / "kinds" / "rds.aurora_serverless" / "system.yaml"


def _boxed(dot: str, box: str) -> list[str]:
    """The node ids drawn directly inside the cluster `enclosure <box>`."""
    start = dot.index(f'subgraph "cluster_enclosure {box}" {{')
    body = dot[start:dot.index("\n\t\t\t}", start)]
    return re.findall(r'^\t{4}"?([a-z][a-z0-9-]*)"? \[label=', body, flags=re.M)


def test_the_vpc_boxes_exactly_its_members() -> None:
    graph = SystemGraph(load_model(MODEL))
    dot = view_dot(graph, graph.views["architecture"])
    assert sorted(_boxed(dot, "vpc")) == ["db-proxy", "notes-db", "notes-fn", "vpc"]
    assert 'label="VPC: Database VPC"' in dot


def test_a_flow_view_boxes_the_members_it_shows() -> None:
    graph = SystemGraph(load_model(MODEL))
    dot = view_dot(graph, graph.views["write"])
    assert sorted(_boxed(dot, "vpc")) == ["db-proxy", "notes-db", "notes-fn"]  # the VPC itself is not a step


def test_a_vpc_with_nobody_inside_is_still_a_box(tmp_path: Path) -> None:
    model = tmp_path / "system.yaml"
    model.write_text(MODEL.read_text().replace("  db-proxy:\n", "  spare:\n    kind: ec2.vpc\n    label: Spare\n"
                                               "    description: Nobody in it yet.\n  db-proxy:\n", 1).replace(
        "relations:\n", "relations:\n  - {from: spare, to: logs, label: flow logs}\n", 1).replace(
        "    settings:\n      engine: postgresql\n", "    settings:\n      vpc: vpc\n      engine: postgresql\n", 1).replace(
        "    description: Pools the function's connections; IAM sign-in and TLS only.\n",
        "    description: Pools the function's connections; IAM sign-in and TLS only.\n    settings: {vpc: vpc}\n", 1))
    graph = SystemGraph(load_model(model))
    dot = view_dot(graph, graph.views["architecture"])
    assert _boxed(dot, "spare") == ["spare"]
    assert sorted(_boxed(dot, "vpc")) == ["db-proxy", "notes-db", "notes-fn", "vpc"]
