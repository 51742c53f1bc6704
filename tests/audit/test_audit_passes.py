"""The default model's outputs pass the audit, every relation and component found in every leg; the
command prints the tables and exits 0, 1 on any problem, 2 on an invalid model."""

from __future__ import annotations

from pathlib import Path

import pytest

from archgen.cli import main
from archgen.graph import SystemGraph
from archgen.stacks import plan
from tests.audit.breaking import audit, drop_lines, problems


def test_default_outputs_pass_with_everything_found(generated: Path, graph: SystemGraph) -> None:
    result = audit(generated)
    assert problems(result) == [] and result.passed
    drawn, realised, documented = result.legs
    keys = {r.key for r in graph.relations}
    assert set(drawn.relations) == keys and set(documented.relations) == keys
    assert set(drawn.components) == set(graph.components) == set(documented.components)
    wired = {link.key for link in graph.links() if link.wired}
    unchecked = {p.subject for p in realised.problems if p.severity == "warning"}
    assert set(realised.relations) == wired - unchecked
    assert set(realised.components) == set(plan(graph).components)


def test_only_relations_that_become_nothing_are_exempt_from_the_templates(generated: Path,
                                                                          graph: SystemGraph) -> None:
    realised = audit(generated).legs[1]
    warned = {p.subject for p in realised.problems if p.severity == "warning"}
    exempt = {key for key, why in realised.exempt_relations.items() if key not in warned}
    assert exempt == {link.key for link in graph.links() if not link.wired}
    assert realised.problems == []


def test_command_prints_each_relation_and_component_and_passes(generated: Path, graph: SystemGraph,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["audit", "--model", str(generated / "model")]) == 0
    out = capsys.readouterr().out
    rows = {line.split()[0]: line for line in out.splitlines() if line.strip()}
    for relation in graph.relations:
        assert relation.key in rows and "MISSING" not in rows[relation.key]
    for component_id in graph.components:
        assert component_id in rows and "MISSING" not in rows[component_id]
    assert out.splitlines()[-1].startswith("audit PASS: relations drawn 100%")


def test_quiet_prints_nothing_when_it_passes(generated: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["audit", "--quiet", "--model", str(generated / "model")]) == 0
    assert capsys.readouterr().out == ""


def test_a_gap_exits_1_and_names_it(outputs: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (outputs / "diagrams" / "cicd.dot").unlink()
    assert main(["audit", "--quiet", "--model", str(outputs / "model")]) == 1
    out = capsys.readouterr().out
    assert "diagrams/cicd.dot is missing" in out and out.splitlines()[-1].startswith("audit FAIL")
    assert not any(line.startswith(("relation ", "component ")) for line in out.splitlines())  # no tables


def test_an_invalid_model_exits_2(outputs: Path) -> None:
    removed = drop_lines(outputs / "model" / "system.yaml", lambda line: not line.startswith("system:"))
    assert removed
    assert main(["audit", "--model", str(outputs / "model")]) == 2


def test_no_outputs_at_all_fails_every_leg(project: Path) -> None:
    result = audit(project)
    assert not result.passed
    assert all(leg.count("gap") > 0 for leg in result.legs)


def test_a_model_that_names_no_view_is_drawn_whole_by_its_layer_views(tmp_path: Path) -> None:
    """Found by the fuzzer: a valid model with no `views` generated and then failed its own audit, which
    counted only the model's views although every layer's drawing shows its components and relations."""
    import shutil

    import yaml

    from archgen.audit import run_audit
    from archgen.pipeline import run

    fixture = Path(__file__).resolve().parents[1] / "templates" / "kinds" / "acm.certificate"
    shutil.copytree(fixture, tmp_path / "model", ignore=shutil.ignore_patterns("expected.yaml"))
    data = yaml.safe_load((tmp_path / "model" / "system.yaml").read_text("utf-8"))
    assert not data.get("views") and data["relations"]
    run(tmp_path / "model")
    result = run_audit(tmp_path / "model")
    assert problems(result) == [] and result.passed
    assert set(result.legs[0].relations) == {f"{r['from']}->{r['to']}" for r in data["relations"]}
