"""The CloudFormation on disk, read back: each resource's origin, what it references, its IAM statements.

A resource says where it comes from in `Metadata.archgen`: `component`, and for wiring
`relation` ("a->b"; a list under `relations` is read too). What it references is read from the
template itself: `Ref`, `Fn::GetAtt`, `${...}` in `Fn::Sub` and `DependsOn`, followed across
stacks through `deploy/manifest.json` (a parameter fed by another stack's output) to the
resources that output names. IAM statements (role and managed policies, bucket, topic and key
policies: any `Statement` list) are kept apart, each with what it grants on.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator

import yaml

DEPLOY_DIR = "deploy"
MANIFEST = f"{DEPLOY_DIR}/manifest.json"
_SUB_NAME = re.compile(r"\$\{(?!!)([A-Za-z0-9]+)(?:\.[A-Za-z0-9.]+)?\}")
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: 10x faster

Address = tuple[str, str]  # (stack, logical id)


@dataclass(frozen=True)
class Statement:
    label: str  # the statement's Sid, or its policy's name and its position there
    grants_on: frozenset[Address]


@dataclass(frozen=True)
class Resource:
    stack: str
    lid: str
    type: str
    component: str | None
    relations: tuple[str, ...]
    references: frozenset[Address]  # outside its IAM statements
    statements: tuple[Statement, ...]

    @property
    def address(self) -> Address:
        return (self.stack, self.lid)


@dataclass
class Deployment:
    manifest: dict[str, Any]
    templates: dict[str, dict[str, Any]]  # stack -> template, as on disk
    resources: dict[Address, Resource]


def read_manifest(root: Path) -> dict[str, Any]:
    """deploy/manifest.json; ValueError when it is missing or not JSON."""
    try:
        data = json.loads((root / MANIFEST).read_text("utf-8"))
    except (OSError, json.JSONDecodeError) as failed:
        raise ValueError(f"{MANIFEST} cannot be read: {failed}") from None
    return data if isinstance(data, dict) else {}


def read_template(path: Path) -> dict[str, Any]:
    try:
        data = yaml.load(path.read_text("utf-8"), Loader=_Loader)
    except (OSError, yaml.YAMLError) as failed:
        raise ValueError(f"cannot be read: {failed}") from None
    return data if isinstance(data, dict) else {}


def deployment(manifest: dict[str, Any], templates: dict[str, dict[str, Any]]) -> Deployment:
    feeds = {entry.get("name"): entry.get("parameters", {}) for entry in manifest.get("stacks", [])}
    found = Deployment(manifest, templates, {})
    for stack, template in templates.items():
        for lid, body in (template.get("Resources") or {}).items():
            found.resources[(stack, lid)] = _resource(stack, lid, _mapping(body), templates, feeds)
    return found


def _resource(stack: str, lid: str, body: dict[str, Any], templates: dict[str, dict[str, Any]],
              feeds: dict[str, Any]) -> Resource:
    origin = _mapping(_mapping(body.get("Metadata")).get("archgen"))
    listed = origin.get("relations") or []
    relations = [origin["relation"]] if "relation" in origin else []
    relations += [listed] if isinstance(listed, str) else list(listed)
    statements: list[tuple[str, Any]] = []
    rest = _without_statements(_mapping(body.get("Properties")), "", statements)
    depends = body.get("DependsOn") or []
    names = [*_names(rest), *([depends] if isinstance(depends, str) else depends)]

    def resolve(items: Iterable[str]) -> frozenset[Address]:
        return frozenset(a for name in items for a in _resolve(stack, name, templates, feeds, set()))

    component = origin.get("component")
    return Resource(stack, lid, str(body.get("Type", "")), str(component) if component else None,
                    tuple(str(r) for r in relations), resolve(names) - {(stack, lid)},
                    tuple(Statement(label, resolve(_names(statement))) for label, statement in statements))


def _mapping(value: Any) -> dict[str, Any]:
    """A mapping as read, or an empty one for anything else (a file edited by hand may hold anything)."""
    return value if isinstance(value, dict) else {}


def _without_statements(value: Any, policy: str, statements: list[tuple[str, Any]]) -> Any:
    """The value with every IAM `Statement` list taken out into `statements` (labelled)."""
    if isinstance(value, list):
        return [_without_statements(item, policy, statements) for item in value]
    if not isinstance(value, dict):
        return value
    policy = str(value.get("PolicyName", policy))
    kept = {}
    for key, item in value.items():
        if key == "Statement" and isinstance(item, list):
            for number, statement in enumerate(item, start=1):
                sid = statement.get("Sid") if isinstance(statement, dict) else None
                statements.append((str(sid) if sid else f"{policy or 'policy'}#{number}", statement))
        else:
            kept[key] = _without_statements(item, policy, statements)
    return kept


def _names(value: Any) -> Iterator[str]:
    """Every logical name the value refers to (resources, parameters), pseudo parameters left out."""
    if isinstance(value, list):
        for item in value:
            yield from _names(item)
    elif isinstance(value, dict):
        for key, item in value.items():
            if key == "Ref" and isinstance(item, str):
                yield item
            elif key == "Fn::GetAtt":
                target = item[0] if isinstance(item, list) and item else str(item).split(".")[0]
                yield str(target)
            elif key == "Fn::Sub":
                text, local = (item[0], item[1:]) if isinstance(item, list) and item else (item, [])
                local = local[0] if local and isinstance(local[0], dict) else {}
                yield from (name for name in _SUB_NAME.findall(str(text)) if name not in local)
                yield from _names(local)
            else:
                yield from _names(item)


def _resolve(stack: str, name: str, templates: dict[str, dict[str, Any]], feeds: dict[str, Any],
             seen: set[Address]) -> set[Address]:
    """The resources a name stands for: one of the stack's own, or, for a parameter another stack
    feeds, those its output's value names there."""
    if (stack, name) in seen or name.startswith("AWS::"):
        return set()
    seen.add((stack, name))
    template = templates.get(stack, {})
    if name in (template.get("Resources") or {}):
        return {(stack, name)}
    feed = (feeds.get(stack) or {}).get(name) or {}
    source, output = feed.get("stack"), feed.get("output")
    value = ((templates.get(source, {}).get("Outputs") or {}).get(output) or {}).get("Value")
    if value is None:
        return set()
    return {a for inner in _names(value) for a in _resolve(source, inner, templates, feeds, seen)}


@dataclass(frozen=True)
class Trace:
    """One thing on disk that ties components together: a resource, or an IAM statement in one."""

    what: str  # "Lid" or "Lid/statement"
    stack: str
    lid: str


@dataclass
class Traces:
    """Who is tied to whom in the templates, indexed once, so each relation is a lookup."""

    # relation key -> the resources marked with it, and the IAM statements in or granting on those
    marked: dict[str, list[Resource]] = field(default_factory=dict)
    statements: dict[str, list[Trace]] = field(default_factory=dict)
    # (a, b) -> a's IAM statements granting on b's resources; a's resources referencing b's
    grants: dict[tuple[str, str], list[Trace]] = field(default_factory=dict)
    references: dict[tuple[str, str], list[Trace]] = field(default_factory=dict)


def traces(found: Deployment) -> Traces:
    index = Traces()
    for resource in found.resources.values():
        for key in resource.relations:
            index.marked.setdefault(key, []).append(resource)
    for resource in found.resources.values():
        for statement in resource.statements:
            trace = Trace(f"{resource.lid}/{statement.label}", resource.stack, resource.lid)
            on = [found.resources[a] for a in statement.grants_on if a in found.resources]
            for key in dict.fromkeys([*resource.relations, *(k for target in on for k in target.relations)]):
                index.statements.setdefault(key, []).append(trace)
            for other in _others(resource, on):
                index.grants.setdefault((str(resource.component), other), []).append(trace)
        named = [found.resources[a] for a in resource.references if a in found.resources]
        for other in _others(resource, named):
            index.references.setdefault((str(resource.component), other), []).append(
                Trace(resource.lid, resource.stack, resource.lid))
    return index


def _others(resource: Resource, targets: list[Resource]) -> list[str]:
    """The components other than the resource's own that own `targets`, in a stable order."""
    if resource.component is None:
        return []
    return sorted({t.component for t in targets if t.component and t.component != resource.component})
