"""Environments side by side: the model's own (`system.environment`, outputs in deploy/) and each one
`system.environments` names (outputs in deploy/<name>/), all from the same components and relations.

An environment differs in what makes two deploys collide in one account: every physical name carries
its name (`<system>-<environment>-<component>`), its domain is its own (`<name>.<system domain>` unless
set), and so are its stacks, parameters and outputs. What exists once per account and region (API
Gateway's CloudWatch role setting, an SES identity) is created by the first environment in each region:
the model's own in its region, else the first by name. The others in that region rely on it.
"""

from __future__ import annotations

import copy

from archgen.graph import SystemGraph
from archgen.schema import SystemInfo

DEPLOY_DIR = "deploy"


def deploy_dir(graph: SystemGraph) -> str:
    """Where the graph's templates, manifest and deploy records live."""
    return getattr(graph, "deploy_dir", DEPLOY_DIR)


def holds_account_settings(graph: SystemGraph) -> bool:
    """Whether this environment's stacks create what exists once per account and region: the model's own
    environment does, and another one does when it is the first in its region."""
    return bool(getattr(graph, "first_in_region", True))


def _first_in_region(system: SystemInfo, name: str) -> bool:
    """Whether no environment before `name` (the model's own, then the others by name) shares its region."""
    def region(other: str) -> str:
        return system.environments[other].region or system.region
    earlier = {system.region, *(region(other) for other in system.environments if other < name)}
    return region(name) not in earlier


def names(graph: SystemGraph) -> list[str]:
    return sorted(graph.system.environments)


def variant(graph: SystemGraph, name: str) -> SystemGraph:
    """The graph of environment `name`: the same model with that environment's system settings."""
    system = graph.system
    if name == system.environment:
        return graph
    if name not in system.environments:
        known = ", ".join([system.environment, *names(graph)])
        raise KeyError(f"unknown environment {name!r}: the model has {known} (system.environments)")
    settings = system.environments[name]
    model = copy.copy(graph.model)
    model.system = system.model_copy(update={
        "environment": name, "domain": settings.domain or f"{name}.{system.domain}",
        "region": settings.region or system.region, "environments": {}})
    other = SystemGraph(model, graph.registry)
    other.deploy_dir = f"{DEPLOY_DIR}/{name}"  # type: ignore[attr-defined]
    other.first_in_region = _first_in_region(system, name)  # type: ignore[attr-defined]
    return other
