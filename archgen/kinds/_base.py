"""What a component kind is: its metadata, its typed settings, the meanings it offers and accepts,
and the CloudFormation it becomes.

A kind never names another kind's CloudFormation: it says which meanings it takes part in
(`offers` as a relation's source, `accepts` as its target) and builds its own resources and its
own side of each relation (`resources`, `wire`). The grant between the two sides comes from SAM's
connector profiles (archgen/grants.py), keyed by the kinds' `cfn_type`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, Literal

from archgen.schema import ComponentBase, Layer

if TYPE_CHECKING:
    from archgen.graph import SystemGraph
    from archgen.links import Link
    from archgen.render.cloudformation.scope import Scope

# CloudFront's certificate and web ACL exist only in this region, whatever the system's region.
GLOBAL_EDGE_REGION = "us-east-1"

# What a kind exports to the templates of others: attribute -> (resource suffix, GetAtt attribute),
# where None means `Ref`, or a `Fn::Sub` text whose `${Suffix}` names the kind's own resources.
Export = tuple[str, str | None] | str
Fragment = dict[str, Any]  # a part of a template: Parameters, Conditions, Resources, Outputs

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

# The relation fields whose presence the two sides' declarations decide.
RELATION_FIELDS: tuple[str, ...] = ("access", "routes", "path", "protects", "filter", "prefix", "suffix")
# The relation fields of the storage building blocks: the function that signs an upload, a hand-written grant.
RELATION_FIELDS += ("via", "grant")
# The mapping templates of an API's direct integration with a service (no function between them).
RELATION_FIELDS += ("request_template", "response_template")
# Whose credentials a grant through an identity pool is for (signed-in users, each their own, or guests too).
RELATION_FIELDS += ("scope",)
# The GraphQL fields a data source resolves (`Query.getNote`).
RELATION_FIELDS += ("fields",)
# The relation fields of the messaging building blocks: a queue's batches into a function.
RELATION_FIELDS += ("batch",)


@dataclass(frozen=True)
class Side:
    """A kind's part in relations of one meaning: as their source (in `offers`) or target (`accepts`)."""

    meaning: str
    becomes: str = ""  # what this side makes of such a relation, for the docs ('' when the grant says it)
    requires: tuple[str, ...] = ()  # relation fields this side needs (routes, path, protects)
    allows: tuple[str, ...] = ()    # relation fields this side reads when they are given
    kinds: tuple[str, ...] = ()     # only these kinds on the other side (empty: any kind declaring the meaning)
    wires: bool = False             # this kind's `wire` builds something for such a relation
    # Hand-written IAM statements, for pairs SAM's profiles do not cover; placeholders as in SAM's.
    grant: tuple[dict[str, Any], ...] = ()
    grant_holder: Literal["source", "target", "via"] = "source"
    reads_manifest: bool = False    # the wiring deploys the stacks themselves: rendered last
    # The only actions of the grant this side needs (a dead-letter queue is only ever sent to): the
    # profile's statements narrowed to them.
    narrow: tuple[str, ...] = ()

    def admits(self, other_kind: str) -> bool:
        return not self.kinds or other_kind in self.kinds

    @staticmethod
    def registered(other_kind: str) -> Kind | None:
        """The other side's kind in this installation's registry, for a side that admits kinds by what they
        can do rather than by name (None for a kind outside it, such as a test's)."""
        from archgen.kinds import registry

        return registry().get(other_kind)


@dataclass(frozen=True)
class Metric:
    """One CloudWatch metric of a component; dimension values are export names of the component."""

    namespace: str
    name: str
    dimensions: tuple[tuple[str, str], ...]
    stat: str = "Sum"
    region: str | None = None  # where the metric is published, when AWS fixes it (CloudFront: us-east-1)


@dataclass(frozen=True)
class Alarm:
    """An alarm a watched component wants: on one of its metrics, above a threshold."""

    suffix: str      # logical-id suffix, e.g. ErrorsAlarm
    title: str       # short name, part of the alarm's name
    metric: Metric
    threshold: float | int | str  # a number, or the name of a setting of the alarms component


class Kind:
    """Base of every kind module's class; the registry keeps one instance per kind."""

    name: ClassVar[str]
    title: ClassVar[str]
    layer: ClassVar[Layer]
    summary: ClassVar[str]
    # The icon's class in the `diagrams` package, by name ("aws.compute.Lambda"): looked up only when
    # drawing, so that commands that draw nothing never import Graphviz's bindings.
    icon: ClassVar[str]
    component: ClassVar[type[ComponentBase]]
    # The CloudFormation type SAM's connector profiles know this kind by (None: no profile can apply).
    cfn_type: ClassVar[str | None] = None
    # Security controls on by default: id -> what it does. An exception names one of these.
    controls: ClassVar[dict[str, str]] = {}
    offers: ClassVar[tuple[Side, ...]] = ()
    accepts: ClassVar[tuple[Side, ...]] = ()
    # CloudFormation: the checkov ids each control satisfies (an exception turns them into skips),
    # checks that do not fit this kind as designed (id -> why), what other templates may reference,
    # and the actions CloudFormation needs to create, update and delete this kind's resources.
    checks: ClassVar[dict[str, tuple[str, ...]]] = {}
    waivers: ClassVar[dict[str, str]] = {}
    exports: ClassVar[dict[str, Export]] = {}
    # Exports known from the component's deterministic name alone (`{name}` is its physical name):
    # a reference by identity (an ARN in a policy) needs no output of its stack, so no stack order.
    identities: ClassVar[dict[str, str]] = {}
    # The execution role's logical-id suffix, for kinds whose code or service acts on others.
    role: ClassVar[str | None] = None
    # The environment variable a function calling this component is given: (name, export), e.g.
    # ("TABLE_NAME", "Name"); `<TARGET>_TABLE_NAME` when the function calls several such targets.
    env: ClassVar[tuple[str, str] | None] = None
    # Whether that variable is always `<TARGET>_<NAME>` (a generic kind: `RESOURCE` alone would say nothing).
    env_prefixed: ClassVar[bool] = False
    # The logical-id suffix of the kind's one resource policy (a queue's, a topic's), where the grants of
    # relations to it add their statements.
    resource_policy: ClassVar[str | None] = None
    deploy_actions: ClassVar[tuple[str, ...]] = ()
    # How IAM names the resource types this kind's templates create, for the deploy role's scope:
    # CloudFormation type -> (the property holding its name or None, [(IAM service, ARN Sub text)]), with
    # `{r}` the stack's region and `{n}` the name (`archgen/kinds/_deploy_scope.py` reads them all).
    deploy_arns: ClassVar[dict[str, tuple[str | None, list[tuple[str, str]]]]] = {}
    # How a topic delivers to this kind when it subscribes: (protocol, endpoint export); None as the
    # export means the topic's own `email` setting (a person).
    subscription: ClassVar[tuple[str, str | None] | None] = None
    # An event source read by polling (a queue, a stream): the function's event source mapping reads it.
    polled: ClassVar[bool] = False
    # As a CloudFront origin: whether its answers are per request (nothing cached, every method and header
    # forwarded) rather than files.
    dynamic_origin: ClassVar[bool] = False
    # The export a WAF web ACL association attaches to (a REST API's stage ARN); None: not associable.
    web_acl_resource: ClassVar[str | None] = None
    # Whether its code can sign a presigned URL for a relation (an upload's `via`) with its own role.
    signs_urls: ClassVar[bool] = False
    # The meanings for which it may be a relation's `via` without signing anything: an identity pool hands
    # users credentials of its own role, which then holds the relation's grant.
    acts_for: ClassVar[tuple[str, ...]] = ()
    # The CloudFormation type whose SAM role profiles its role takes, acting for a relation (`via`): an identity
    # pool's role holds the same statements a function's role would (SAM's profiles know no identity pool).
    grants_as: ClassVar[str | None] = None

    # --- relations -------------------------------------------------------------------------------
    def offered(self, meaning: str, target_kind: str) -> Side | None:
        return next((side for side in self._offers.get(meaning, ()) if side.admits(target_kind)), None)

    def accepted(self, meaning: str, source_kind: str) -> Side | None:
        return next((side for side in self._accepts.get(meaning, ()) if side.admits(source_kind)), None)

    @cached_property
    def _offers(self) -> dict[str, list[Side]]:
        """The kind's fixed metadata, indexed once: asked per relation, on models of thousands. A meaning
        may have several sides, for different kinds on the other end (a table read by an API's direct
        integration is not read by a function): the first that admits the other kind is the one."""
        return _by_meaning(self.offers)

    @cached_property
    def _accepts(self) -> dict[str, list[Side]]:
        return _by_meaning(self.accepts)

    # --- placement -------------------------------------------------------------------------------
    def default_layer(self, component: Any) -> Layer:
        """The layer of a component whose model names none: the kind's (a data bucket's is the backend)."""
        return self.layer

    @property
    def deploys(self) -> bool:
        """Whether the kind has resources of its own (else it is placed only where it wires)."""
        return type(self).resources is not Kind.resources

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

    def wires_for(self, link: Link, side: Side) -> bool:
        """Whether this kind's side of this link renders something (the declaration says so, unless the
        other side's kind makes it moot: a distribution takes its web ACL itself)."""
        return side.wires

    def wiring_regions(self, link: Link, graph: SystemGraph) -> tuple[str, ...]:
        """The regions this kind's side of `link` is rendered in: its component's, unless AWS fixes one."""
        own = link.source if link.source.kind == self.name else link.target
        return self.regions(own, graph)

    # --- CloudFormation --------------------------------------------------------------------------
    def physical_name(self, component: Any, t: Scope) -> str:
        """The name AWS knows the component's main resource by (a FIFO queue's ends in .fifo)."""
        return t.name(component.id)

    def support_problem(self, component: Any, today: date) -> tuple[tuple[Any, ...], str] | None:
        """What AWS no longer supports in the component's settings on `today` (a deprecated runtime): the
        setting's model path and the message, for rule W203; None when all is supported."""
        return None

    def control_applies(self, component: Any, control: str) -> bool:
        """Whether one of the kind's controls has anything to do for this component (a function URL's auth
        only when it has a URL): the docs list, and an exception may name, only those that apply."""
        return True

    def unkept_controls(self, component: Any, graph: SystemGraph) -> dict[str, str]:
        """The controls the component cannot keep as the model makes it, each with why and what would keep it
        (a distribution with no certificate of its own cannot refuse TLS 1.0): rule E109 asks the model for
        the certificate, or for an exception with the reason, so the docs never claim a control the
        templates do not set."""
        return {}

    def link_problems(self, link: Link) -> list[tuple[tuple[Any, ...], str]]:
        """What this component's settings make wrong about a relation it is in: (model path, message)."""
        return []

    def model_files(self, component: Any) -> list[tuple[tuple[Any, ...], str]]:
        """The files and folders the component's settings name, relative to the model folder: (model path
        of the setting, the relative path). Each must resolve inside the model folder, symlinks resolved,
        and a folder must hold no symlink leading out of it; checked for every kind before `file_problems`."""
        return []

    def file_problems(self, component: Any, model_dir: Path) -> list[tuple[tuple[Any, ...], str]]:
        """What is wrong with the files the component's settings name inside the model folder (a function's
        handler missing from its code folder): (model path, message). Paths leaving the folder are refused
        before this is asked."""
        return []

    def settings_problems(self, component: Any, region: str) -> list[tuple[tuple[Any, ...], str]]:
        """What the settings say that their types cannot check (a CloudFormation resource's properties
        against its type's schema in the system's region): (model path, message)."""
        return []

    # --- a relation acted on by a third component (`via`: the function signing an upload URL) --------
    def wires_via(self, link: Link) -> bool:
        """Whether this kind's component, named as the relation's `via`, renders something for it."""
        return False

    # --- per-component references (a kind whose exports the model declares) -----------------------
    def export_of(self, component: Any, attribute: str) -> Export | None:
        """How `attribute` of this component is referenced: the kind's `exports` by default."""
        return self.exports.get(attribute)

    def export_names(self, component: Any) -> list[str]:
        """Every attribute of this component others may reference."""
        return list(self.exports)

    def identity_of(self, component: Any, attribute: str) -> str | None:
        """`attribute` spelled from the component's name, when the kind can: its `identities` by default."""
        return self.identities.get(attribute)

    def reaches_through(self, component: Any, graph: SystemGraph) -> set[str]:
        """Components its resources name along relations of others (an Amplify app tells the browser what its
        users reach): the audit accepts those references as explained by those relations."""
        return set()

    def resources(self, component: Any, t: Scope) -> Fragment:
        """The component's own resources (and parameters, outputs), as template data."""
        return {}

    def wire(self, link: Link, t: Scope) -> Fragment:
        """This kind's side of a relation whose declaration `wires`, in this kind's component's stack."""
        return {}

    def event_target(self, link: Link, t: Scope) -> dict[str, Any] | None:
        """This component as the target of an EventBridge rule or schedule: its `Target` entry (`Arn`, and
        `SqsParameters` for a FIFO queue); the rule adds its id, retries and dead-letter queue. None: it
        cannot be one."""
        return None

    def link_warnings(self, link: Link) -> list[tuple[tuple[Any, ...], str]]:
        """What this component's settings make unwise (not wrong) about a relation: (model path, message)."""
        return []

    def graph_problems(self, component: Any, graph: SystemGraph) -> list[tuple[tuple[Any, ...], str]]:
        """What AWS refuses in the component as the whole model makes it (a queue's name too long once the
        system's name prefixes it, a schedule without its one target): (model path, message), rule E150."""
        return []

    def event_source(self, link: Link, t: Scope) -> dict[str, Any] | None:
        """For a source that is polled (a queue, a stream): the event source mapping's settings
        (`EventSourceArn`, batch size, starting position). None: the source pushes its events itself."""
        return None

    def log_destination(self, link: Link, t: Scope) -> Any | None:
        """As the destination of an API's access logs (`logs`): the ARN the stage writes to. None: the API's
        own log group (CloudWatch Logs)."""
        return None

    def api_integration(self, link: Link, t: Scope) -> dict[str, Any]:
        """How an API method calls this component (`Integration` of AWS::ApiGateway::Method)."""
        raise NotImplementedError(f"{self.name} declares no API integration")

    def api_method_responses(self, link: Link, t: Scope) -> list[dict[str, Any]]:
        """The method responses a non-proxy integration's answers map to (`MethodResponses`); none for a
        proxy integration, whose target answers whole."""
        return []

    def route_problem(self, route: str) -> str | None:
        """What is wrong with a route (of `routes` or `protects`) on a relation from this API: REST-style
        `METHOD /path` only, by default (an HTTP or WebSocket API says what it serves instead)."""
        from archgen.kinds._routes import path_route_problem
        return path_route_problem(route, self.name)

    def origin(self, link: Link, t: Scope) -> tuple[dict[str, Any], str | None]:
        """This component as a CloudFront origin: the `Origins` entry (its `Id` is `<Component>Origin`),
        and the origin access control type that signs the requests to it (None: none)."""
        raise NotImplementedError(f"{self.name} cannot be an origin")

    def alias_target(self, link: Link, t: Scope) -> dict[str, Any]:
        """What a DNS alias record to this component points at (`DNSName`, `HostedZoneId`)."""
        raise NotImplementedError(f"{self.name} declares no alias target")

    def source_action(self, link: Link, t: Scope) -> dict[str, Any]:
        """A pipeline's source action on this repository (`ActionTypeId`, `Configuration`)."""
        raise NotImplementedError(f"{self.name} is no pipeline source")

    def key_statements(self, link: Link, t: Scope) -> list[dict[str, Any]]:
        """Statements a relation to this component needs on its KMS key (SAM's profiles omit keys)."""
        return []

    def callee_environment(self, component: Any) -> dict[str, str]:
        """Environment variables the code this component calls must have (an API answering browsers: the
        origin it allows); `{domain}` in a value is the system's domain."""
        return {}

    def caller_environment(self, link: Link, t: Scope) -> dict[str, Any]:
        """Environment variables a function calling this component needs besides its `env` (a database
        proxy: the database's name, user and port)."""
        return {}

    def placeholder(self, name: str, link: Link, t: Scope) -> Any:
        """A value for a grant's `%{Source.<name>}` / `%{Destination.<name>}` on this kind's side."""
        own = link.source if link.source.kind == self.name else link.target
        return self.own_placeholder(name, own, t)

    def own_placeholder(self, name: str, own: Any, t: Scope) -> Any:
        """A placeholder's value for one component of this kind (both sides of a function calling a function
        are of one kind: the caller says which side it means)."""
        if name == "Arn":
            return t.identity(own.id, "Arn")
        if name == "Qualifier":
            return "*"
        return t.ref(own.id, name)

    def held_statements(self, link: Link, statements: list[dict[str, Any]], t: Scope) -> dict[str, list[dict[str, Any]]]:
        """The grant's filled statements on this kind's roles, by role suffix: all on `role` by default (an
        identity pool scopes them to each user's identity, and gives guests' ones to its guest role too)."""
        assert self.role is not None
        return {self.role: statements}

    def permission_variants(self, link: Link, t: Scope) -> dict[str, dict[str, Any]]:
        """Lambda permissions this kind's side of a link needs, by logical-id suffix: placeholder values
        that differ between them (an API route each). One, with nothing different, by default."""
        return {"": {}}

    # --- what the other renderers read ------------------------------------------------------------
    def side_text(self, link: Link, side: Side) -> str:
        """What this kind's side makes of the link, for the docs (the declaration's text by default)."""
        return side.becomes

    def metrics(self, component: Any) -> list[Metric]:
        """The metrics a dashboard shows for this component, in the order they read best."""
        return []

    def alarms(self, component: Any) -> list[Alarm]:
        """The alarms a `watch` relation to this component sets."""
        return []

    def encloses(self, component: Any, graph: SystemGraph) -> list[str]:
        """The components inside this one (a VPC's members): the diagrams draw a box around them."""
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


def _by_meaning(sides: tuple[Side, ...]) -> dict[str, list[Side]]:
    found: dict[str, list[Side]] = {}
    for side in sides:
        found.setdefault(side.meaning, []).append(side)
    return found


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)
