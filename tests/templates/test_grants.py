"""Grants come from SAM's connector profiles: for every pair of kinds and meaning the registry allows,
the statements are exactly the profile's for the meaning's access categories; rendered, each role
policy and resource policy holds those statements with every placeholder filled."""

from __future__ import annotations

import json
from typing import Any

import pytest

from archgen.grants import from_profile, profiles, replace, unreplaced
from archgen.graph import SystemGraph
from archgen.kinds import registry
from archgen.links import find_grant, meanings_between
from archgen.meanings import MEANINGS
from archgen.render.cloudformation.assemble import synthesize
from archgen.render.cloudformation.grant import policy_name


def _pairs() -> list[tuple[str, str, str]]:
    kinds = registry()
    return [(source.name, target.name, meaning) for source in kinds for target in kinds
            for meaning in meanings_between(kinds, source.name, target.name)]


def _profile(source: str, target: str) -> dict[str, Any] | None:
    kinds = registry()
    return profiles()["Permissions"].get(kinds[source].cfn_type or "", {}).get(kinds[target].cfn_type or "")


@pytest.mark.parametrize("source,target,meaning", _pairs(), ids=lambda v: str(v))
def test_a_pair_with_a_profile_grants_exactly_the_profiles_statements(source: str, target: str,
                                                                       meaning: str) -> None:
    kinds = registry()
    out, into = kinds[source].offered(meaning, target), kinds[target].accepted(meaning, source)
    assert out is not None and into is not None
    grant = find_grant(kinds[source], kinds[target], MEANINGS[meaning], out, into)
    found = _profile(source, target)
    if found is None:
        # no profile: only a kind's own, declared grant, said to be so
        assert grant is None or grant.origin == "kind"
        return
    assert grant is not None and grant.origin == "sam"
    categories = found["Properties"]["AccessCategories"]
    wanted = MEANINGS[meaning].categories or found["Properties"].get("ValidAccessCategories", [list(categories)])[0]
    expected = [statement for name in ("Read", "Write") if name in wanted and name in categories
                for statement in ([categories[name]] if "Statement" not in categories[name]
                                  else categories[name]["Statement"])]
    assert list(grant.statements) == expected


def test_the_placeholder_rule_is_sams() -> None:
    """Whole-string placeholders become the value; inside a string they make a Fn::Sub."""
    values = {("Destination", "Arn"): {"Fn::GetAtt": ["Table", "Arn"]}, ("Source", "Arn"): {"Ref": "Queue"}}
    assert replace("%{Destination.Arn}", lambda s, n: values[(s, n)]) == {"Fn::GetAtt": ["Table", "Arn"]}
    assert replace("%{Destination.Arn}/index/*", lambda s, n: values[(s, n)]) == {
        "Fn::Sub": ["${DestinationArn}/index/*", {"DestinationArn": {"Fn::GetAtt": ["Table", "Arn"]}}]}
    assert replace("${AWS::AccountId}", lambda s, n: None) == {"Fn::Sub": "${AWS::AccountId}"}
    assert unreplaced({"a": ["%{Source.Arn}"]}) == ["%{Source.Arn}"]


def test_narrowing_keeps_only_the_calls_named() -> None:
    found = profiles()["Permissions"]["AWS::Lambda::Function"]["AWS::DynamoDB::Table"]
    grant = from_profile(found, ("Read", "Write"))
    assert grant is not None
    narrowed = grant.narrow(["dynamodb:GetItem", "dynamodb:PutItem"])
    assert narrowed.actions == ["dynamodb:GetItem", "dynamodb:PutItem"]
    assert [s["Action"] for s in narrowed.statements] == ["dynamodb:GetItem", "dynamodb:PutItem"]


def _policies(template: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    found: dict[str, list[dict[str, Any]]] = {}
    for resource in template.get("Resources", {}).values():
        if resource.get("Type") != "AWS::IAM::Role":
            continue
        for policy in resource.get("Properties", {}).get("Policies", []):
            found.setdefault(policy["PolicyName"], []).extend(policy["PolicyDocument"]["Statement"])
    return found


def test_rendered_grants_hold_the_profiles_statements_filled(graph: SystemGraph) -> None:
    synth = synthesize(graph)
    policies: dict[str, list[dict[str, Any]]] = {}
    for template in synth.templates.values():
        for name, statements in _policies(template).items():
            policies.setdefault(name, []).extend(statements)
    checked = 0
    for link in graph.links():
        if link.grant is None or link.grant.type != "role":
            continue
        rendered = policies[policy_name(link)]
        for statement in link.grant.statements:
            match = [s for s in rendered if s.get("Action") == statement["Action"]]
            assert match, (link.key, statement["Action"])
            assert not unreplaced(match[0])
            checked += 1
    assert checked > 0
    assert not unreplaced(json.dumps([t for t in synth.templates.values()]))
