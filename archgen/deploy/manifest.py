"""The deploy manifest (deploy/manifest.json, written by the templates renderer), read as typed data."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


class DeployError(Exception):
    """A deploy problem the user can act on; the message says what happened and what to do."""


@dataclass(frozen=True)
class ParameterSource:
    """Where a stack parameter's value comes from: another stack's output, or deploy itself."""

    stack: str | None = None
    output: str | None = None
    input: str | None = None          # 'code-bucket', 'code-key', 'deploy' (hosted zone, artifact buckets)
    component: str | None = None      # for code-key: the function
    source: str | None = None         # for code-key: its code folder, relative to the project


@dataclass(frozen=True)
class StackSpec:
    name: str
    stack_name: str
    template: str
    region: str
    order: int
    depends_on: tuple[str, ...]
    parameters: dict[str, ParameterSource] = field(default_factory=dict)
    outputs: tuple[str, ...] = ()


@dataclass(frozen=True)
class Manifest:
    system: str
    environment: str
    stacks: tuple[StackSpec, ...]

    def select(self, names: list[str] | None) -> list[StackSpec]:
        if not names:
            return list(self.stacks)
        known = {s.name for s in self.stacks}
        unknown = [n for n in names if n not in known]
        if unknown:
            raise DeployError(f"unknown stack {', '.join(unknown)}: stacks are {', '.join(sorted(known))}")
        return [s for s in self.stacks if s.name in names]


def read_manifest(root: Path, folder: str = "deploy") -> Manifest:
    path = root / folder / "manifest.json"
    try:
        data = json.loads(path.read_text("utf-8"))
    except OSError:
        raise DeployError(f"{path} not found: run 'python generate.py synth' first") from None
    stacks = tuple(sorted((_stack(entry) for entry in data["stacks"]), key=lambda s: s.order))
    return Manifest(data["system"], data["environment"], stacks)


def _stack(entry: dict[str, Any]) -> StackSpec:
    return StackSpec(
        name=entry["name"], stack_name=entry["stack_name"], template=entry["template"], region=entry["region"],
        order=entry["order"], depends_on=tuple(entry["depends_on"]),
        parameters={name: _source(value) for name, value in entry["parameters"].items()},
        outputs=tuple(entry["outputs"]))


def _source(value: dict[str, Any]) -> ParameterSource:
    if "stack" in value:
        return ParameterSource(stack=value["stack"], output=value["output"])
    given = value["input"]
    return ParameterSource(input=given["from"], component=given.get("component"), source=given.get("source"))
