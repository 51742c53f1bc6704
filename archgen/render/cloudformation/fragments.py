"""Fragments: one Jinja2 template per kind (and per relation between kinds) rendered to a plain dict.

A template writes YAML in CloudFormation's long form (`{"Ref": ...}`, never `!Ref`, so `yaml.safe_load`
reads it back); model values enter through the `json` filter, so any text is quoted safely. The helpers
below are all a template may call: names and logical ids (deterministic), `ref` to another component's
export (a `Ref`/`GetAtt` in the same stack, a parameter fed by the other stack's output across stacks),
`meta` (where a resource comes from, and the scanner skips its exceptions and waivers imply), `on`.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
import yaml

from archgen.graph import SystemGraph
from archgen.kinds._base import TEMPLATES
from archgen.schema import Relation
from archgen.stacks import StackPlan

_SUB_NAME = re.compile(r"\$\{([A-Za-z0-9]+)\}")
NAME = "=name"  # an export that is the component's deterministic physical name


# Key policies: the account administers the key (and may delegate its use through IAM). In a key policy
# `Resource: "*"` means the key itself: AWS requires exactly that.
KEY_ADMIN = {
    "Sid": "AccountAdministersTheKey",
    "Effect": "Allow",
    "Principal": {"AWS": {"Fn::Sub": "arn:${AWS::Partition}:iam::${AWS::AccountId}:root"}},
    "Action": sorted(f"kms:{action}" for action in (
        "CancelKeyDeletion", "CreateAlias", "CreateGrant", "Decrypt", "DeleteAlias", "DescribeKey", "DisableKey",
        "DisableKeyRotation", "Encrypt", "EnableKey", "EnableKeyRotation", "GenerateDataKey", "GetKeyPolicy",
        "GetKeyRotationStatus", "ListGrants", "ListResourceTags", "PutKeyPolicy", "ReEncryptFrom", "ReEncryptTo",
        "RetireGrant", "RevokeGrant", "ScheduleKeyDeletion", "TagResource", "UntagResource",
        "UpdateKeyDescription")),
    "Resource": "*",
}


def json_sub(value: Any) -> Any:
    """A JSON text holding CloudFormation expressions, as one `Fn::Sub` (a dashboard body)."""
    variables: dict[str, Any] = {}

    def lift(item: Any) -> Any:
        if isinstance(item, dict) and len(item) == 1 and next(iter(item)) in ("Ref", "Fn::GetAtt", "Fn::Sub"):
            name = f"V{len(variables)}"
            variables[name] = item
            return "${" + name + "}"
        if isinstance(item, dict):
            return {key: lift(v) for key, v in item.items()}
        if isinstance(item, list):
            return [lift(v) for v in item]
        return item

    text = json.dumps(lift(value), sort_keys=True, ensure_ascii=False)
    return {"Fn::Sub": [text, variables]} if variables else text


def logical_id(*parts: str) -> str:
    """`("items-fn", "Role")` -> `ItemsFnRole`: letters and digits only, as CloudFormation wants."""
    words = re.split(r"[^A-Za-z0-9]+", "-".join(parts))
    return "".join(word[:1].upper() + word[1:] for word in words if word)


@dataclass(frozen=True)
class Feed:
    """A value one stack gives another: an output of `source` read as a parameter by the consumer."""

    source: str
    name: str
    value: Any
    description: str


@dataclass
class Wires:
    """The cross-stack values found while rendering: stack -> parameter -> feed."""

    feeds: dict[str, dict[str, Feed]] = field(default_factory=dict)
    model_dir: str = "model"  # the model folder, relative to the project (where functions' code lives)


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), undefined=jinja2.StrictUndefined,
                             autoescape=False, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
                             bytecode_cache=_bytecode_cache())
    env.filters["json"] = lambda value: json.dumps(value, ensure_ascii=False)
    return env


def _bytecode_cache() -> jinja2.BytecodeCache | None:
    """Compiling the templates was three quarters of synth's time; Jinja keys its cache on each
    template's source checksum, so an edited template is compiled again. No cache when unwritable."""
    folder = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "archgen" / "jinja"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return jinja2.FileSystemBytecodeCache(str(folder))


class Scope:
    """What one fragment's template sees: the graph, its stack, and the helpers."""

    def __init__(self, graph: SystemGraph, plan: StackPlan, wires: Wires, stack: str, home: str,
                 relation: Relation | None = None) -> None:
        self.graph, self.plan, self.wires, self.stack = graph, plan, wires, stack
        self.region = plan.stacks[stack].region
        self.home, self.relation = home, relation

    def prefix(self) -> str:
        return f"{self.graph.system.name}-{self.graph.system.environment}"

    def name(self, component_id: str, suffix: str = "") -> str:
        """A deterministic physical name: `<system>-<environment>-<component>[-suffix]`."""
        return "-".join(part for part in (self.prefix(), component_id, suffix) if part)

    def lid(self, component_id: str, suffix: str = "") -> str:
        return logical_id(component_id, suffix)

    def local(self, component_id: str, attribute: str) -> Any:
        export = self.graph.kind(component_id).exports[attribute]
        if export == NAME:
            return self.name(component_id)
        if isinstance(export, str):
            return {"Fn::Sub": _SUB_NAME.sub(lambda m: "${" + self.lid(component_id, m[1]) + "}", export)}
        suffix, attr = export
        lid = self.lid(component_id, suffix)
        return {"Ref": lid} if attr is None else {"Fn::GetAtt": [lid, attr]}

    def ref(self, component_id: str, attribute: str) -> str:
        """JSON of the expression for `attribute` of `component_id`, as seen from this fragment's stack."""
        return json.dumps(self.refv(component_id, attribute))

    def refv(self, component_id: str, attribute: str) -> Any:
        """The expression for `attribute` of `component_id` itself (for values built in Python)."""
        source = self.plan.stack_of(component_id, self.region)
        assert source is not None, f"{component_id} deploys nothing to reference"
        if source == self.stack:
            return self.local(component_id, attribute)
        assert source in self.plan.needs.get(self.stack, {}), (
            f"{self.stack} references {component_id} in {source} along no relation")
        name = self.lid(component_id, attribute)
        description = f"{attribute} of {component_id} (output of stack {source})"
        self.wires.feeds.setdefault(self.stack, {})[name] = Feed(
            source, name, self.local(component_id, attribute), description)
        return {"Ref": name}

    def on(self, control: str, component_id: str | None = None) -> bool:
        return all(c.on for c in self.graph.controls(component_id or self.home) if c.id == control)

    def meta(self, *controls: str, of: str | None = None, waive: tuple[str, ...] = (),
             wildcard: str | None = None) -> str:
        """JSON Metadata: the origin of the resource and a checkov skip per control off and per waiver."""
        owner = of or self.home
        origin: dict[str, str] = {"component": self.home}
        if self.relation is not None:
            origin["relation"] = self.relation.key
        if wildcard is not None:
            origin["wildcard-resource"] = wildcard
        skips = [{"id": check, "comment": control.exception}
                 for control in self.graph.controls(owner) if control.id in controls and not control.on
                 for check in self.graph.kind(owner).checks.get(control.id, ())]
        # The model's reason (rule E105 makes sure there is one); the kind's own text only for graphs
        # that skipped validation, such as a test building one by hand.
        waivers = self.graph.kind(owner).waivers
        skips += [{"id": check, "comment": self.graph.exception_reason(owner, check) or waivers[check]}
                  for check in waive]
        metadata: dict[str, Any] = {"archgen": origin}
        if skips:
            metadata["checkov"] = {"skip": skips}
        return json.dumps(metadata, ensure_ascii=False)

    def tags(self, component_id: str | None = None) -> str:
        tags = {**self.graph.system.tags, "archgen:component": component_id or self.home}
        return json.dumps([{"Key": key, "Value": value} for key, value in sorted(tags.items())])


# libyaml when PyYAML has it: reading the fragments back was most of synth's time on large models.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def render_fragment(template: str, scope: Scope, values: dict[str, Any]) -> dict[str, Any]:
    """Render one template and read its YAML back into a dict."""
    text = environment().get_template(template).render(
        **values, system=scope.graph.system, graph=scope.graph, region=scope.region, stack=scope.stack,
        name=scope.name, lid=scope.lid, ref=scope.ref, refv=scope.refv, json_sub=json_sub, key_admin=KEY_ADMIN, on=scope.on, meta=scope.meta, tags=scope.tags,
        tags_map=dict(sorted({**scope.graph.system.tags, "archgen:component": scope.home}.items())),
        prefix=scope.prefix(), model_dir=scope.wires.model_dir)
    try:
        data = yaml.load(text, Loader=_LOADER)
    except yaml.YAMLError as exc:
        raise ValueError(f"templates/{template} rendered invalid YAML: {exc}\n{text}") from None
    return data or {}
