"""The typed model: what `model/system.yaml` may say, as pydantic classes.

The component entries are typed per kind: each kind module declares its own
`Component` subclass (with `kind: Literal[...]` and its `settings`), and the
union of them is assembled from the registry (see `root_model`).
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, create_model, model_validator

Layer = Literal["external", "edge", "frontend", "auth", "backend", "cicd", "monitoring"]
LAYERS: tuple[str, ...] = ("external", "edge", "frontend", "auth", "backend", "cicd", "monitoring")
Access = Literal["read", "write", "read-write"]

ID_PATTERN = r"^[a-z][a-z0-9-]{0,40}$"
Id = Annotated[str, Field(pattern=ID_PATTERN)]
Ref = Annotated[str, Field(min_length=1, max_length=100)]
# An HTTP route (`GET /items/{id}`, `ANY /{proxy+}`), an HTTP API's catch-all `$default`, or a WebSocket API's
# route key (`$connect`, `$disconnect`, `$default`, an action such as `sendmessage`): which of these an API
# serves is its kind's to say (`Kind.route_problem`, checked with the relations).
Route = Annotated[str, Field(pattern=r"^((GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS|ANY) /[A-Za-z0-9/{}._*+-]*"
                                     r"|\$default|\$connect|\$disconnect|[a-z][A-Za-z0-9_.-]{0,63})$",
                             description="METHOD /path, e.g. 'GET /items/{id}'; '$default'; a WebSocket route key")]
Text = Annotated[str, Field(min_length=1, max_length=300)]
STEP_PATTERN = re.compile(r"^\s*(?P<source>\S+)\s*->\s*(?P<target>\S+?)\s*:\s*(?P<message>\S.*?)\s*$")


class Strict(BaseModel):
    """Unknown fields are errors, and no value is coerced from another type."""

    # defer_build: a kind's classes are built when a model first uses it, not when the registry imports it
    model_config = ConfigDict(extra="forbid", strict=True, populate_by_name=False, defer_build=True)


class NoSettings(Strict):
    """A kind with nothing to configure."""


class ComponentBase(Strict):
    """What every component has; kind modules subclass it with their `kind` and `settings`."""

    kind: str
    layer: Layer | None = Field(None, description="Defaults to the kind's layer.")
    label: Annotated[str, Field(min_length=1, max_length=40)]
    description: Text
    _id: str = PrivateAttr("")

    @property
    def id(self) -> str:
        # read where pydantic keeps private attributes: `self._id` would reach it through
        # BaseModel.__getattr__ after a failed lookup, and ids are read hundreds of thousands of times
        return self.__pydantic_private__["_id"]  # type: ignore[index,no-any-return]


EnvironmentName = Annotated[str, Field(pattern=r"^[a-z][a-z0-9]{1,15}$")]
Domain = Annotated[str, Field(pattern=r"^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")]


class EnvironmentSettings(Strict):
    """Another environment of the same system: its own names (`<system>-<name>-...`), domain and stacks."""

    domain: Domain | None = Field(None, description="Its domain; default `<name>.<system domain>`.")
    region: Annotated[str, Field(pattern=r"^[a-z]{2}(-gov)?-[a-z]+-[0-9]$")] | None = Field(
        None, description="Its region; default the system's.")


class SystemInfo(Strict):
    name: Annotated[str, Field(pattern=r"^[a-z][a-z0-9-]{0,30}$",
                               description="Short name; prefixes stack and resource names.")]
    title: Text
    description: Annotated[str, Field(min_length=1, max_length=2000)]
    region: Annotated[str, Field(pattern=r"^[a-z]{2}(-gov)?-[a-z]+-[0-9]$", description="e.g. ap-southeast-1")]
    environment: Annotated[str, Field(pattern=r"^[a-z][a-z0-9]{1,15}$", description="e.g. dev, prod")]
    domain: Domain = Field(description="the app's own domain, e.g. items.example.com: the web origin its APIs "
                                       "allow (CORS), and the name its certificate and DNS record carry")
    tags: dict[Annotated[str, Field(min_length=1, max_length=128)],
               Annotated[str, Field(max_length=256)]] = {}
    environments: dict[EnvironmentName, EnvironmentSettings] = Field({}, description=(
        "More environments deployed side by side (e.g. staging): each gets deploy/<name>/ with its own names, "
        "domain and stacks; `environment` is the one in deploy/ itself."))

    @model_validator(mode="after")
    def _other_environments(self) -> SystemInfo:
        if self.environment in self.environments:
            raise ValueError(f"environments: {self.environment!r} is the system's own environment (deploy/); "
                             "list only the others")
        return self


# A placeholder-ARN of a hand-written grant: letters, digits, ARN punctuation and `{name}` placeholders
# (never `$`: nothing the model writes can become a `Fn::Sub` variable).
GrantResource = Annotated[str, Field(
    pattern=r"^[A-Za-z0-9{}:/._*+=,@-]*[A-Za-z0-9{}:/._+=,@-][A-Za-z0-9{}:/._*+=,@-]*$", max_length=1024,
    description="An ARN: '{Arn}' (the target's), '{Arn}/*', or 'arn:{partition}:ses:{region}:{account}:identity/x'; "
                "placeholders are the target's exports and partition, region, account, url_suffix.")]
GrantAction = Annotated[str, Field(pattern=r"^[a-z0-9-]+:[A-Za-z0-9*]*[A-Za-z0-9][A-Za-z0-9*]*$",
                                   description="service:Action, e.g. ses:SendEmail (no service:* wildcard)")]


# A mapping template, relative to the model folder (a rule checks it is there, inside the folder).
TemplateFile = Annotated[str, Field(pattern=r"^[A-Za-z0-9_][A-Za-z0-9_/.-]{0,200}\.vtl$",
                                    description="A .vtl file, relative to the model folder.")]


class RelationGrant(Strict):
    """IAM written in the model, for a relation to a kind that has no SAM profile and no grant of its own
    (a `cloudformation.resource`): the calls the source's code makes, on the resources named."""

    actions: Annotated[list[GrantAction], Field(min_length=1)]
    resources: Annotated[list[GrantResource], Field(min_length=1)] = ["{Arn}"]


class RelationBatch(Strict):
    """How a polled source (a queue) hands messages to a function: its event source mapping's batches."""

    size: Annotated[int, Field(ge=1, le=10_000, description="Messages per invocation (at most 10 for a FIFO "
                                                            "queue; above 10 needs a window).")] = 10
    window_s: Annotated[int, Field(ge=0, le=300, description="Seconds to gather a batch (not for FIFO "
                                                             "queues).")] = 0
    report_failures: bool = Field(True, description="ReportBatchItemFailures: the code returns the ids of the "
                                                    "messages it failed, and only those come back.")


class Relation(Strict):
    """One arrow: the single source of a diagram edge, a template wiring and a docs line."""

    # References are plain names here: an unknown one is reported once, as "unknown component".
    source: Ref = Field(alias="from")
    target: Ref = Field(alias="to")
    label: Annotated[str, Field(min_length=1, max_length=40)]
    meaning: Annotated[str, Field(pattern=r"^[a-z][a-z-]{1,20}$")] | None = Field(
        None, description="What the relation means (invoke, read, publish, trigger, ...); needed only when "
                          "the two kinds allow more than one.")
    access: Access | None = Field(None, description="Data access this relation grants (tables, buckets).")
    actions: Annotated[list[Annotated[str, Field(pattern=r"^[a-z0-9-]+:[A-Za-z0-9*]+$")]],
                       Field(min_length=1)] | None = Field(
        None, description="Narrow the grant to the calls the code makes (e.g. dynamodb:GetItem).")
    routes: list[Route] | None = Field(None, description="API routes served along this relation.")
    path: Annotated[str, Field(pattern=r"^/[A-Za-z0-9/_.-]*\*?$")] | None = Field(
        None, description="Path pattern routed along this relation, e.g. /api/*.")
    protects: list[Route] | None = Field(None, description="Routes whose callers must pass this check.")
    prefix: Annotated[str, Field(min_length=1, max_length=1024)] | None = Field(
        None, description="Only objects whose key starts with this trigger the target.")
    suffix: Annotated[str, Field(min_length=1, max_length=1024)] | None = Field(
        None, description="Only objects whose key ends with this trigger the target (e.g. .jpg).")
    filter: dict[Annotated[str, Field(min_length=1, max_length=128)], list[Any]] | None = Field(
        None, description="A subscription's filter policy on message attributes, e.g. {type: [order]}.")
    batch: RelationBatch | None = Field(None, description="Batches of a queue's event source mapping.")
    via: Ref | None = Field(None, description="The component acting for this relation: for an upload, the "
                                              "function that signs the presigned URL (its role gets s3:PutObject).")
    grant: RelationGrant | None = Field(None, description="The IAM this relation grants, written out: only for "
                                                          "targets no grant is known for (cloudformation.resource).")
    request_template: TemplateFile | None = Field(
        None, description="A direct integration's request mapping template (VTL), a file in the model folder.")
    response_template: TemplateFile | None = Field(
        None, description="A direct integration's response mapping template (VTL), a file in the model folder.")
    fields: Annotated[list[Annotated[str, Field(pattern=r"^[A-Za-z_][A-Za-z0-9_]{0,99}\.[A-Za-z_][A-Za-z0-9_]{0,99}$",
                                                description="Type.field, e.g. Query.getNote")]],
                      Field(min_length=1)] | None = Field(
        None, description="The GraphQL fields this data source resolves (Type.field), for an AppSync API.")
    scope: Literal["signed-in", "own", "guests"] | None = Field(
        None, description="Through an identity pool (`via`): signed-in users (the default), each signed-in user "
                          "their own objects or items only ('own'), or guests as well ('guests').")
    _index: int = PrivateAttr(-1)

    @property
    def index(self) -> int:
        return self.__pydantic_private__["_index"]  # type: ignore[index,no-any-return]  # see ComponentBase.id

    @property
    def key(self) -> str:
        return f"{self.source}->{self.target}"


class Flow(Strict):
    title: Text
    description: Text
    steps: Annotated[list[Annotated[str, Field(pattern=STEP_PATTERN.pattern,
                                               description="a step, 'from -> to: message'")]],
                     Field(min_length=1, description="'from -> to: message', each along a relation.")]


class View(Strict):
    title: Text
    description: Text
    flow: Ref | None = Field(None, description="Draw this flow with numbered hops.")
    layers: list[Layer] = Field([], description="Show every component of these layers.")
    components: list[Ref] = Field([], description="Show these components too.")
    controls: bool = Field(False, description="Annotate components with their security controls.")
    direction: Literal["LR", "TB"] = "LR"


class ControlException(Strict):
    """A security default switched off, an architecture rule waived, or a scanner check this product's
    design does not follow: always with the reason a reviewer reads."""

    component: Ref | None = Field(None, description="The component it applies to (or give `kind`).")
    kind: Ref | None = Field(None, description="Every component of this kind: only for scanner checks "
                                               "(e.g. CKV_AWS_117 for lambda.function).")
    control: Ref = Field(description="A control of the component's kind (e.g. access-logging), a rule id "
                                     "(e.g. W201), or a checkov check id the kind's templates cannot meet.")
    reason: Annotated[str, Field(min_length=10, max_length=500)]
    routes: Annotated[list[Route], Field(min_length=1)] | None = Field(
        None, description="Only with control E106: the component's routes served to anyone, with no authorizer "
                          "(every other route of an API that checks callers is protected).")
    _index: int = PrivateAttr(-1)

    @model_validator(mode="after")
    def _one_target(self) -> ControlException:
        if (self.component is None) == (self.kind is None):
            raise ValueError("give either 'component' or 'kind' (one of them)")
        return self

    @property
    def index(self) -> int:
        return self.__pydantic_private__["_index"]  # type: ignore[index,no-any-return]  # see ComponentBase.id


CHECK_ID = re.compile(r"^CKV2?_[A-Z0-9_]+$")


SECTION_MODELS: dict[str, Any] = {
    "system": SystemInfo,
    "relations": list[Relation],
    "flows": dict[Id, Flow],
    "views": dict[Id, View],
    "exceptions": list[ControlException],
}
REQUIRED_SECTIONS = ("system", "components", "relations")


def root_model(component_classes: list[type[ComponentBase]]) -> type[Strict]:
    """The whole model as one class, for the JSON Schema: components are a union keyed by `kind`."""
    union = Annotated[Union[tuple(component_classes)], Field(discriminator="kind")]  # type: ignore[valid-type]
    return create_model(
        "SystemModel",
        __base__=Strict,
        system=(SystemInfo, ...),
        components=(dict[Id, union], ...),  # type: ignore[valid-type]
        relations=(list[Relation], ...),
        flows=(dict[Id, Flow], {}),
        views=(dict[Id, View], {}),
        exceptions=(list[ControlException], []),
    )


class Model:
    """The validated model: every section typed, ids attached, ready for the graph."""

    def __init__(self, *, root: Any, system: SystemInfo, components: dict[str, ComponentBase],
                 relations: list[Relation], flows: dict[str, Flow], views: dict[str, View],
                 exceptions: list[ControlException], weeks: list[Any], folder: str = "model",
                 worklog: Any = None) -> None:
        self.root = root  # the project folder: outputs are written beside the model folder
        self.folder = folder  # the model folder's name, relative to root (where functions' code lives)
        self.system = system
        self.components = components
        self.relations = relations
        self.flows = flows
        self.views = views
        self.exceptions = exceptions
        self.weeks = weeks  # one per week number (its default-language page)
        self.worklog = worklog  # archgen.worklog.model.Worklog: every language, the pages, their images
        self.warnings: list[Any] = []  # ModelErrors of warning rules: reported, not fatal
        self.graph: Any = None  # the SystemGraph the rules ran on: the pipeline reuses it (and what it memoised)
