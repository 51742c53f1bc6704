"""The templates leg catches wiring gone from deploy/, resources with no model origin, and grants or
references between components along no relation."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from archgen.graph import SystemGraph
from archgen.stacks import plan
from tests.audit.breaking import audit, edit_template, problems


def _marked(outputs: Path) -> dict[str, list[tuple[str, str]]]:
    """relation key -> (stack, logical id) of the resources on disk marked with it."""
    marked: dict[str, list[tuple[str, str]]] = {}
    for path in sorted((outputs / "deploy").glob("*.yaml")):
        for lid, resource in yaml.safe_load(path.read_text("utf-8"))["Resources"].items():
            key = resource.get("Metadata", {}).get("archgen", {}).get("relation")
            if key:
                marked.setdefault(key, []).append((path.stem, lid))
    return marked


def _patched(outputs: Path) -> set[tuple[str, str]]:
    """(stack, relation key) of every resource a relation only patched (its `relations` mark)."""
    found = set()
    for path in sorted((outputs / "deploy").glob("*.yaml")):
        for resource in yaml.safe_load(path.read_text("utf-8"))["Resources"].values():
            for key in resource.get("Metadata", {}).get("archgen", {}).get("relations", []):
                found.add((path.stem, key))
    return found


def _remove(outputs: Path, stack: str, lids: list[str]) -> None:
    def change(resources: dict[str, Any]) -> None:
        for lid in lids:
            del resources[lid]
    edit_template(outputs / "deploy" / f"{stack}.yaml", change)


def test_a_wiring_resource_removed_is_a_gap_on_its_relation(outputs: Path) -> None:
    # api-waf -> api is wired by one association resource, and nothing else ties the two
    [(stack, lid)] = _marked(outputs)["api-waf->api"]
    _remove(outputs, stack, [lid])
    [gap] = problems(audit(outputs))
    assert (gap.severity, gap.subject) == ("gap", "api-waf->api")
    assert "realised by no resource, IAM statement or reference" in gap.text


def test_wiring_gone_from_one_of_its_stacks_is_a_gap_naming_that_stack(outputs: Path, graph: SystemGraph) -> None:
    stack_plan = plan(graph)
    marked = _marked(outputs)
    made = {(where, key) for key, places in marked.items() for where, _ in places}
    # a stack where the relation made resources and patched none (a patch stays when they are removed)
    relation, stack = next((r, stack) for r in graph.relations if len(stack_plan.wiring.get(r.index, ())) > 1
                           for stack in stack_plan.wiring[r.index]
                           if (stack, r.key) in made and (stack, r.key) not in _patched(outputs))
    _remove(outputs, stack, [lid for where, lid in marked[relation.key] if where == stack])
    [gap] = problems(audit(outputs))
    assert (gap.severity, gap.subject) == ("gap", relation.key)
    assert f"nothing in deploy/{stack}.yaml" in gap.text


def test_a_resource_without_its_metadata_is_an_orphan(outputs: Path) -> None:
    key, places = next((key, places) for key, places in _marked(outputs).items() if len(places) > 1)
    stack, lid = places[0]
    edit_template(outputs / "deploy" / f"{stack}.yaml", lambda resources: resources[lid].pop("Metadata"))
    [orphan] = problems(audit(outputs))
    assert (orphan.severity, orphan.subject) == ("orphan", f"resource {stack}/{lid}")
    assert "no Metadata.archgen.component" in orphan.text


def test_wiring_that_lost_its_relation_mark_is_an_orphan_when_its_kind_deploys_nothing_itself(
        outputs: Path, graph: SystemGraph) -> None:
    marked = _marked(outputs)
    key = next(r.key for r in graph.relations
               if r.key in marked and not graph.kind(r.source).deploys)
    stack, lid = marked[key][0]
    edit_template(outputs / "deploy" / f"{stack}.yaml",
                  lambda resources: resources[lid]["Metadata"]["archgen"].pop("relation"))
    [orphan] = problems(audit(outputs))
    assert (orphan.severity, orphan.subject) == ("orphan", f"resource {stack}/{lid}")
    assert "names no relation" in orphan.text


def test_a_resource_of_an_unknown_component_is_an_orphan(outputs: Path, graph: SystemGraph) -> None:
    stack = plan(graph).order[0]
    edit_template(outputs / "deploy" / f"{stack}.yaml", lambda resources: resources.update(
        GhostTopic={"Type": "AWS::SNS::Topic", "Metadata": {"archgen": {"component": "ghost"}}}))
    [orphan] = problems(audit(outputs))
    assert (orphan.severity, orphan.subject) == ("orphan", f"resource {stack}/GhostTopic")
    assert "component 'ghost'" in orphan.text


def test_a_resource_marked_with_an_unknown_relation_is_an_orphan(outputs: Path) -> None:
    key, [(stack, lid), *_] = next(iter(_marked(outputs).items()))
    source = key.split("->")[0]
    edit_template(outputs / "deploy" / f"{stack}.yaml",
                  lambda resources: resources[lid]["Metadata"]["archgen"].update(relation=f"{source}->ghost"))
    found = problems(audit(outputs))
    assert ("orphan", f"resource {stack}/{lid}") in {(p.severity, p.subject) for p in found}
    assert any(f"relation '{source}->ghost'" in p.text for p in found)


def test_a_grant_between_components_with_no_relation_is_an_orphan(outputs: Path, graph: SystemGraph) -> None:
    stack, holder, target = _unrelated_pair(outputs, graph)
    edit_template(outputs / "deploy" / f"{stack}.yaml", lambda resources: resources[holder]["Properties"].update(
        Policies=[{"PolicyName": "extra", "PolicyDocument": {"Statement": [
            {"Effect": "Allow", "Action": "*", "Resource": {"Fn::GetAtt": [target, "Arn"]}}]}}]))
    [orphan] = problems(audit(outputs))
    assert (orphan.severity, orphan.subject) == ("orphan", f"resource {stack}/{holder}")
    assert "along no relation" in orphan.text


def _unrelated_pair(outputs: Path, graph: SystemGraph) -> tuple[str, str, str]:
    """(stack, a resource, another component's resource in the same stack) with no relation between them."""
    for path in sorted((outputs / "deploy").glob("*.yaml")):
        resources = yaml.safe_load(path.read_text("utf-8"))["Resources"]
        owner = {lid: r["Metadata"]["archgen"]["component"] for lid, r in resources.items()}
        for holder, a in owner.items():
            for target, b in owner.items():
                if a != b and graph.relation(a, b) is None and graph.relation(b, a) is None:
                    return path.stem, holder, target
    raise AssertionError("every two components in a stack are related: pick another model")


def test_a_missing_template_and_a_stray_one_are_named(outputs: Path, graph: SystemGraph) -> None:
    stack = plan(graph).order[0]
    (outputs / "deploy" / f"{stack}.yaml").rename(outputs / "deploy" / "retired.yaml")
    found = problems(audit(outputs), "templates")
    assert ("gap", f"deploy/{stack}.yaml") in {(p.severity, p.subject) for p in found}
    assert ("orphan", "deploy/retired.yaml") in {(p.severity, p.subject) for p in found}
