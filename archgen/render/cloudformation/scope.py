"""Scope: what a kind sees while it builds one fragment of one stack, and the helpers it may call.

Names and logical ids are deterministic. `ref` gives another component's export as seen from this
stack: a `Ref`/`GetAtt` in the same stack, else a parameter fed by the other stack's output (and
this stack then needs that one: that is where the deploy order comes from). `identity` gives an
export the other kind can spell from its deterministic name alone (an ARN in a policy), which
needs no output and so no order. `meta` says where a resource comes from and carries the scanner
skips the model's exceptions and the kind's waivers imply.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from archgen.schema import Relation

if TYPE_CHECKING:
    from archgen.graph import SystemGraph
    from archgen.links import Link
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


def logical_id(*parts: str) -> str:
    """`("items-fn", "Role")` -> `ItemsFnRole`: letters and digits only, as CloudFormation wants."""
    words = re.split(r"[^A-Za-z0-9]+", "-".join(parts))
    return "".join(word[:1].upper() + word[1:] for word in words if word)


def json_sub(value: Any) -> Any:
    """A JSON text holding CloudFormation expressions, as one `Fn::Sub` (a dashboard body)."""
    variables: dict[str, Any] = {}

    def lift(item: Any) -> Any:
        if isinstance(item, dict) and item.keys() == {"Ref"} and str(item["Ref"]).startswith("AWS::"):
            return "${" + item["Ref"] + "}"  # a pseudo parameter is Sub syntax already
        if isinstance(item, dict) and len(item) == 1 and next(iter(item)) in ("Ref", "Fn::GetAtt", "Fn::Sub"):
            for name, known in variables.items():  # the same expression, one variable
                if known == item:
                    return "${" + name + "}"
            name = f"V{len(variables)}"
            variables[name] = item
            return "${" + name + "}"
        if isinstance(item, dict):
            return {key: lift(v) for key, v in item.items()}
        if isinstance(item, list):
            return [lift(v) for v in item]
        # A `${` in model text (a flow title) must stay literal inside the Sub: `${!` is Sub's escape.
        return item.replace("${", "${!") if isinstance(item, str) else item

    lifted = lift(value)
    text = json.dumps(lifted, sort_keys=True, ensure_ascii=False)
    if variables:
        return {"Fn::Sub": [text, variables]}
    return {"Fn::Sub": text} if "${AWS::" in text else json.dumps(value, sort_keys=True, ensure_ascii=False)


@dataclass(frozen=True)
class Feed:
    """A value one stack gives another: an output of `source` read as a parameter by the consumer."""

    source: str
    name: str
    value: Any
    description: str


@dataclass
class Wires:
    """What rendering found out: the cross-stack values, and which stack needs which (and why)."""

    model_dir: str = "model"  # the model folder, relative to the project (where functions' code lives)
    feeds: dict[str, dict[str, Feed]] = field(default_factory=dict)
    needs: dict[str, dict[str, list[Relation]]] = field(default_factory=dict)

    _seen: set[tuple[str, str, int]] = field(default_factory=set)

    def need(self, stack: str, other: str, because: Relation) -> None:
        # Relations are told apart by their index: comparing pydantic models field by field made this
        # quadratic on a large model (one alarm watching 1,000 components).
        why = self.needs.setdefault(stack, {}).setdefault(other, [])
        if (stack, other, because.index) not in self._seen:
            self._seen.add((stack, other, because.index))
            why.append(because)


class Scope:
    """One fragment's view: the graph, the stack it renders into, the component whose side it is."""

    def __init__(self, graph: SystemGraph, plan: StackPlan, wires: Wires, stack: str, home: str,
                 link: Link | None = None, manifest: dict[str, Any] | None = None,
                 templates: dict[str, dict[str, Any]] | None = None) -> None:
        self.graph, self.plan, self.wires, self.stack = graph, plan, wires, stack
        self.manifest = manifest  # the deploy manifest, for the wiring that deploys the stacks
        self.templates = templates or {}  # with the manifest: every stack's template so far (what it creates)
        self.system = graph.system
        self.region = plan.stacks[stack].region
        self.home, self.link = home, link
        self.model_dir = wires.model_dir

    def prefix(self) -> str:
        return f"{self.system.name}-{self.system.environment}"

    def stack_name(self, stack: str | None = None) -> str:
        """The CloudFormation name of a stack (this one by default): `<system>-<environment>-<stack>`."""
        return f"{self.prefix()}-{stack or self.stack}"

    def name(self, component_id: str, suffix: str = "") -> str:
        """A deterministic physical name: `<system>-<environment>-<component>[-suffix]`."""
        return "-".join(part for part in (self.prefix(), component_id, suffix) if part)

    def lid(self, component_id: str, suffix: str = "") -> str:
        return logical_id(component_id, suffix)

    def local(self, component_id: str, attribute: str) -> Any:
        """The export as written in the component's own stack."""
        export = self.graph.kind(component_id).export_of(self.graph.components[component_id], attribute)
        assert export is not None, f"{component_id} exports no {attribute}"
        if export == NAME:
            return self.name(component_id)
        if isinstance(export, str):
            text = _SUB_NAME.sub(lambda m: "${" + self.lid(component_id, m[1]) + "}", export)
            if "{name}" in text:  # an ARN spelled from the component's name (a resource the model declares)
                component = self.graph.components[component_id]
                text = text.replace("{name}", self.graph.kind(component_id).physical_name(component, self))
            return {"Fn::Sub": text}
        suffix, attr = export
        lid = self.lid(component_id, suffix)
        return {"Ref": lid} if attr is None else {"Fn::GetAtt": [lid, attr]}

    def ref(self, component_id: str, attribute: str) -> Any:
        """`attribute` of `component_id` as seen from this stack (an output of its stack when elsewhere)."""
        source = self.plan.stack_of(component_id, self.region)
        assert source is not None, f"{component_id} deploys nothing to reference"
        if source == self.stack:
            return self.local(component_id, attribute)
        self.wires.need(self.stack, source, self._because(component_id))
        name = self.lid(component_id, attribute)
        description = f"{attribute} of {component_id} (output of stack {source})"
        self.wires.feeds.setdefault(self.stack, {})[name] = Feed(
            source, name, self.local(component_id, attribute), description)
        return {"Ref": name}

    def identity(self, component_id: str, attribute: str) -> Any:
        """The export spelled from the component's name when its kind can (no stack order), else `ref`."""
        kind = self.graph.kind(component_id)
        text = kind.identity_of(self.graph.components[component_id], attribute)
        same_region = self.region in kind.regions(self.graph.components[component_id], self.graph)
        if text is None or not same_region:
            return self.ref(component_id, attribute)
        physical = kind.physical_name(self.graph.components[component_id], self)
        value = text.replace("{name}", physical)
        return {"Fn::Sub": value} if "${" in value else value

    def _because(self, component_id: str) -> Relation:
        """The relation that makes this fragment reference `component_id` (for cycle reports)."""
        if self.link is not None:
            return self.link.relation
        found = self.graph.relation(self.home, component_id) or self.graph.relation(component_id, self.home)
        assert found is not None, f"{self.home} references {component_id} along no relation"
        return found

    def on(self, control: str, component_id: str | None = None) -> bool:
        return all(c.on for c in self.graph.controls(component_id or self.home) if c.id == control)

    def meta(self, *controls: str, of: str | None = None, waive: tuple[str, ...] | list[str] = (),
             wildcard: str | None = None) -> dict[str, Any]:
        """Metadata: the origin of the resource and a checkov skip per control off and per waiver."""
        owner = of or self.home
        origin: dict[str, Any] = {"component": self.home}
        if self.link is not None:
            origin["relation"] = self.link.key
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
        return metadata

    def retention(self, component_id: str | None = None) -> dict[str, str]:
        """Deletion and replacement policies of a data-holding resource: kept when its stack goes (its
        `retain` control), unless the model says otherwise with its reason."""
        policy = "Retain" if self.on("retain", component_id) else "Delete"
        return {"DeletionPolicy": policy, "UpdateReplacePolicy": policy}

    def region_ref(self, region: str) -> Any:
        """A region as this stack names it: its own as `AWS::Region` (so `deploy --region` moves it), one
        AWS fixes elsewhere (CloudFront's us-east-1) as a literal."""
        return {"Ref": "AWS::Region"} if region == self.region else region

    def tags_map(self, component_id: str | None = None) -> dict[str, str]:
        return dict(sorted({**self.system.tags, "archgen:component": component_id or self.home}.items()))

    def tags(self, component_id: str | None = None) -> list[dict[str, str]]:
        return [{"Key": key, "Value": value} for key, value in self.tags_map(component_id).items()]
