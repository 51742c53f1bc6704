"""What a component kind is: its metadata, its typed settings and the relations it may start."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, Literal

from diagrams import Node

from archgen.schema import ComponentBase, Layer

if TYPE_CHECKING:
    from archgen.graph import SystemGraph

# CloudFront's certificate and web ACL exist only in this region, whatever the system's region.
GLOBAL_EDGE_REGION = "us-east-1"

# The Jinja2 templates of the CloudFormation each kind (and each relation between kinds) becomes.
TEMPLATES = Path(__file__).resolve().parents[2] / "templates"

# What a kind exports to the templates of others: attribute -> (resource suffix, GetAtt attribute),
# where None means `Ref`, or a `Fn::Sub` text whose `${Suffix}` names the kind's own resources.
Export = tuple[str, str | None] | str

# What CloudFormation needs to manage the resources most kinds share: roles, keys, log groups.
ROLE_DEPLOY_ACTIONS = tuple(f"iam:{a}" for a in (
    "AttachRolePolicy", "CreateRole", "DeleteRole", "DeleteRolePolicy", "DetachRolePolicy", "GetRole",
    "GetRolePolicy", "PassRole", "PutRolePolicy", "TagRole", "UntagRole", "UpdateAssumeRolePolicy",
    "UpdateRoleDescription"))
KEY_DEPLOY_ACTIONS = tuple(f"kms:{a}" for a in (
    "CreateKey", "DescribeKey", "EnableKeyRotation", "GetKeyPolicy", "GetKeyRotationStatus", "ListResourceTags",
    "PutKeyPolicy", "ScheduleKeyDeletion", "TagResource", "UntagResource", "UpdateKeyDescription"))
LOG_DEPLOY_ACTIONS = tuple(f"logs:{a}" for a in (
    "AssociateKmsKey", "CreateLogGroup", "DeleteLogGroup", "DeleteRetentionPolicy", "DescribeLogGroups",
    "DisassociateKmsKey", "ListTagsForResource", "PutRetentionPolicy", "TagResource", "UntagResource"))
BUCKET_DEPLOY_ACTIONS = tuple(f"s3:{a}" for a in (
    "CreateBucket", "DeleteBucket", "DeleteBucketPolicy", "GetBucketPolicy", "GetBucketTagging",
    "PutBucketLogging", "PutBucketOwnershipControls", "PutBucketPolicy", "PutBucketPublicAccessBlock",
    "PutBucketTagging", "PutBucketVersioning", "PutEncryptionConfiguration", "PutLifecycleConfiguration"))

# Template parameters that carry a function's packaged code: deploy (or the pipeline's build) fills them.
CODE_LOCATION: dict[str, dict[str, str]] = {
    "CodeBucket": {"from": "code-bucket"},
}
CODE_KEY_SUFFIX = "CodeKey"  # `<Function>CodeKey`: the object key of that function's zip

# The relation fields whose presence a kind's `Allows` decides.
RELATION_FIELDS: tuple[str, ...] = ("access", "routes", "path", "protects")


@dataclass(frozen=True)
class Allows:
    """A relation this kind may start, to a component of kind `target`, and what it becomes."""

    target: str
    meaning: str
    becomes: str
    requires: tuple[str, ...] = ()
    accepts: tuple[str, ...] = ()
    # Which side's stack holds the wiring: the side whose resources it patches, and the one that
    # keeps the stacks acyclic (the home stack depends on the other side's stack, never back).
    lives: Literal["source", "target"] = "source"
    # A region AWS imposes on the wiring whatever the sides' regions (CloudFront's metrics: us-east-1).
    region: str | None = None
    # The wiring deploys the stacks themselves (a pipeline): it is rendered last, with the deploy manifest.
    reads_manifest: bool = False

    def field_problems(self, present: set[str]) -> list[tuple[str, str]]:
        """(field, message) for each relation field that is missing or not meaningful here."""
        problems = [(name, f"required for a '{self.meaning}' relation to a {self.target}")
                    for name in self.requires if name not in present]
        allowed = set(self.requires) | set(self.accepts)
        problems += [(name, f"has no meaning on a '{self.meaning}' relation to a {self.target}: remove it")
                     for name in sorted(present - allowed)]
        return problems


@dataclass(frozen=True)
class Metric:
    """One CloudWatch metric of a component; dimension values are export names of the component."""

    namespace: str
    name: str
    dimensions: tuple[tuple[str, str], ...]
    stat: str = "Sum"
    region: str | None = None  # where the metric is published, when AWS fixes it (CloudFront: us-east-1)


class Kind:
    """Base of every kind module's class; the registry keeps one instance per kind."""

    name: ClassVar[str]
    title: ClassVar[str]
    layer: ClassVar[Layer]
    summary: ClassVar[str]
    icon: ClassVar[type[Node]]
    component: ClassVar[type[ComponentBase]]
    # Security controls on by default: id -> what it does. An exception names one of these.
    controls: ClassVar[dict[str, str]] = {}
    allows: ClassVar[tuple[Allows, ...]] = ()
    # CloudFormation: the checkov ids each control satisfies (an exception turns them into skips),
    # checks that do not fit this kind as designed (id -> why), what other templates may reference,
    # and the actions CloudFormation needs to create, update and delete this kind's resources.
    checks: ClassVar[dict[str, tuple[str, ...]]] = {}
    waivers: ClassVar[dict[str, str]] = {}
    exports: ClassVar[dict[str, Export]] = {}
    deploy_actions: ClassVar[tuple[str, ...]] = ()

    def allowed(self, target_kind: str) -> Allows | None:
        return self._allows_by_target.get(target_kind)

    @cached_property
    def _allows_by_target(self) -> dict[str, Allows]:
        """The kind's fixed metadata, indexed once: asked per relation, on models of thousands."""
        return {rule.target: rule for rule in self.allows}

    def waived_checks(self, component: Any, graph: SystemGraph) -> tuple[str, ...]:
        """The scanner checks this component's CloudFormation will not meet (a subset of `waivers`):
        each needs an exception in the model with its reason (rule E105)."""
        return tuple(sorted(self.waivers))

    def region(self, component: Any, graph: SystemGraph) -> str:
        """The region this component lives in: the system's, unless AWS says otherwise."""
        return graph.system.region

    def regions(self, component: Any, graph: SystemGraph) -> tuple[str, ...]:
        """Every region the component's resources are rendered in (a topic that alarms in two regions use)."""
        return (self.region(component, graph),)

    def template(self) -> str | None:
        """The component's template under templates/, or None for a kind that deploys nothing."""
        name = f"{self.name}.yaml.j2"
        return name if (TEMPLATES / name).is_file() else None

    def wiring_template(self, target_kind: str) -> str | None:
        """The template of a relation from this kind to `target_kind`, or None when it wires nothing."""
        name = f"relations/{self.name}--{target_kind}.yaml.j2"
        return name if (TEMPLATES / name).is_file() else None

    def template_context(self, component: Any, graph: SystemGraph) -> dict[str, Any]:
        """Values the component's template needs beyond its settings (computed here, not in Jinja)."""
        return {}

    def template_relations(self, component: Any, graph: SystemGraph) -> list[Any]:
        """Relations whose far side the component's own template references (so its stack needs theirs)."""
        return []

    def relation_context(self, relation: Any, graph: SystemGraph) -> dict[str, Any]:
        """Values the template of a relation this kind starts needs beyond the relation itself."""
        return {}

    def access_actions(self, access: str) -> tuple[str, ...]:
        """The IAM actions a relation with this `access` level grants on a component of this kind."""
        return ()

    def key_actions(self, access: str) -> tuple[str, ...]:
        """The KMS actions that access needs on the component's own key, when it is encrypted with one."""
        return ()

    def metrics(self, component: Any) -> list[Metric]:
        """The metrics a dashboard shows for this component, in the order they read best."""
        return []

    def annotations(self, component: Any, graph: SystemGraph) -> list[str]:
        """Short lines naming the protections in place, for the security view."""
        return []

    def key_settings(self, component: Any) -> dict[str, str]:
        """The settings a reader wants to see, as text (docs tables, diagram annotations)."""
        settings = getattr(component, "settings", None)
        if settings is None:
            return {}
        return {name: _text(value) for name, value in settings.model_dump().items() if value not in (None, [], {})}


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def wiring_rule(relation: Any, graph: SystemGraph) -> Allows:
    rule = graph.kind(relation.source).allowed(graph.components[relation.target].kind)
    assert rule is not None  # validated: every relation is one its kind allows
    return rule


def wiring_home(relation: Any, graph: SystemGraph) -> str:
    """The component whose stack holds the relation's wiring."""
    return relation.source if wiring_rule(relation, graph).lives == "source" else relation.target


def wiring_regions(relation: Any, graph: SystemGraph) -> tuple[str, ...]:
    """The regions the relation's wiring is rendered in: its home's, unless AWS fixes one."""
    rule = wiring_rule(relation, graph)
    if rule.region is not None:
        return (rule.region,)
    home = wiring_home(relation, graph)
    return graph.kind(home).regions(graph.components[home], graph)
