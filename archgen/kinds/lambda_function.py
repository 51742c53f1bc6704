"""A Lambda function: the application's code, run on demand, with its own least-privilege role.

Everything it may do comes from its relations: each outgoing relation is a grant (from SAM's
connector profiles) and, where the target has one, an environment variable with the target's name,
URL or ARN; each event source relation into it (a queue, a stream) is an event source mapping.

Its code is the folder `source` (zipped as it is, the same bytes for the same files); the handler's
file must be there, with the runtime's extension (`.py`, or `.js`/`.mjs`/`.cjs`). An optional function
URL (`url:`) lets users call it over HTTPS without an API: IAM-signed requests only, unless the model's
exception to `url-iam-auth` says why anyone may call it. The local AWS keeps the URL's settings but
serves no requests on it (moto runs no function code).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import Field

from archgen import escape
from archgen.kinds._base import (CODE_KEY_SUFFIX, KEY_DEPLOY_ACTIONS, LOG_DEPLOY_ACTIONS, ROLE_DEPLOY_ACTIONS,
                                 Alarm, Fragment, Kind, Metric, Side)
from archgen.kinds._cfn import allow, getatt, inline_policy, kms_key, log_group, log_writer, ref, service_role, sub
from archgen.kinds._deploy_scope import ARN
from archgen.kinds._event_targets import one_failure_destination
from archgen.kinds._function_async import FAILURE_TEXT, on_failure
from archgen.kinds._function_code import handler_problems, runtime_support
from archgen.kinds._function_url import function_url, url_output, url_text
from archgen.kinds._function_vpc import in_vpc, with_vpc
from archgen.kinds._vpc import MEMBER_DEPLOY_ACTIONS
from archgen.schema import ComponentBase, Strict

if TYPE_CHECKING:
    from archgen.graph import SystemGraph
    from archgen.links import Link
    from archgen.render.cloudformation.scope import Scope

Runtime = Literal["python3.9", "python3.10", "python3.11", "python3.12", "python3.13", "python3.14", "nodejs20.x",
                  "nodejs22.x", "nodejs24.x"]
DEFAULT_HANDLERS = {"python": "handler.handler", "nodejs": "index.handler"}
# The files a handler's module may be, per runtime family: Lambda loads `.js` as CommonJS (or as an ES
# module under `"type": "module"`), `.mjs` always as an ES module, `.cjs` always as CommonJS.
HANDLER_FILES = {"python": ("{module}.py", "{module}/__init__.py"),
                 "nodejs": ("{module}.js", "{module}.mjs", "{module}.cjs")}
UrlMethod = Literal["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "*"]
Origin = Annotated[str, Field(pattern=r"^(\*|https://[a-z0-9.-]+(:[0-9]{1,5})?|http://localhost(:[0-9]{1,5})?)$",
                              description="https://host[:port], http://localhost[:port] or *")]
Header = Annotated[str, Field(pattern=r"^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,100}$")]
# The meanings whose target the code calls: each gives the code the target's name (or URL, ARN).
CALLS = ("read", "write", "read-write", "invoke", "publish", "send", "start", "put-events", "post")
ENV = "the target's {what} as an environment variable"


class UrlCors(Strict):
    """Which web pages may call the function URL from a browser."""

    allow_origins: Annotated[list[Origin], Field(min_length=1, max_length=100)] | None = Field(
        None, description="Origins allowed; default: https:// and the system's domain.")
    allow_methods: Annotated[list[UrlMethod], Field(min_length=1)] = ["GET", "POST"]
    allow_headers: list[Header] = ["content-type", "authorization"]
    max_age_s: Annotated[int, Field(ge=0, le=86_400)] = 300


class FunctionUrl(Strict):
    """An HTTPS endpoint of the function itself (AWS::Lambda::Url), without an API in front."""

    cors: UrlCors | None = Field(UrlCors(), description="CORS for browsers (the system's domain by default); "
                                                         "null: no CORS headers at all.")
    streaming: bool = Field(False, description="Stream the response (InvokeMode RESPONSE_STREAM).")


class LambdaSettings(Strict):
    source: Annotated[str, Field(pattern=r"^[A-Za-z0-9_][A-Za-z0-9_/-]*$",
                                 description="Folder of the code, relative to the model's folder.")]
    handler: Annotated[str, Field(pattern=r"^[A-Za-z_][A-Za-z0-9_/]*\.[A-Za-z_][A-Za-z0-9_]*$")] | None = Field(
        None, description="module.function; default handler.handler (Python) or index.handler (Node.js).")
    runtime: Runtime = "python3.12"
    memory_mb: Annotated[int, Field(ge=128, le=10_240)] = 256
    timeout_s: Annotated[int, Field(ge=1, le=900)] = 10
    reserved_concurrency: Annotated[int, Field(ge=1, le=1000)] | None = None
    architecture: Literal["x86_64", "arm64"] = Field("x86_64", description="The instruction set: arm64 "
                                                                           "(Graviton) costs less per GB-second.")
    url: FunctionUrl | None = Field(None, description="A function URL; `url: {}` for IAM-signed calls from "
                                                      "the system's domain.")

    @property
    def family(self) -> str:
        return "nodejs" if self.runtime.startswith("nodejs") else "python"

    @property
    def entry(self) -> str:
        return self.handler or DEFAULT_HANDLERS[self.family]

    def handler_files(self) -> tuple[str, ...]:
        """The files (relative to `source`) any of which holds the handler's module."""
        module = self.entry.rsplit(".", 1)[0]
        return tuple(pattern.format(module=module) for pattern in HANDLER_FILES[self.family])


class LambdaComponent(ComponentBase):
    kind: Literal["lambda.function"]
    settings: LambdaSettings


class LambdaFunction(Kind):
    name = "lambda.function"
    title = "Lambda function"
    layer = "backend"
    summary = "Application code run on demand, with its own least-privilege role."
    icon = "aws.compute.Lambda"
    component = LambdaComponent
    cfn_type = "AWS::Lambda::Function"
    role = "Role"
    controls = {
        "least-privilege": "its role grants exactly what its relations say",
        "tracing": "X-Ray active tracing",
        "log-retention": "its log group keeps logs for a bounded time",
        "url-iam-auth": "its function URL answers only IAM-signed (SigV4) requests",
    }
    checks = {"url-iam-auth": ("CKV_AWS_258",)}
    offers = (
        *(Side(meaning, ENV.format(what="name, URL or ARN"), wires=True) for meaning in CALLS),
        Side("logs", "its log group (retention, encryption), JSON logs", wires=True),
        Side("trace", "active tracing and the X-Ray write actions", wires=True),
        Side("on-failure", FAILURE_TEXT, wires=True),
    )
    accepts = (
        Side("invoke"),
        Side("authorize", "called with each request to a route it protects; its answer allows or denies it",
             kinds=("apigatewayv2.http_api", "apigatewayv2.websocket_api")),
        Side("request", "HTTPS requests to its function URL", wires=True),
        Side("trigger", "an event source mapping, for sources that are polled (queues, streams)", wires=True),
        Side("subscribe"),
        Side("on-failure", narrow=("lambda:InvokeFunction",)),
        Side("watch"),
    )
    exports = {"Arn": ("Function", "Arn"), "Name": ("Function", None)}
    identities = {"Arn": "arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:{name}",
                  "Name": "{name}"}
    env = ("FUNCTION_NAME", "Name")
    subscription = ("lambda", "Arn")
    signs_urls = True
    # Hints in rule E105's message, true of any function: the model's own reason is what the outputs carry.
    waivers = {
        "CKV_AWS_116": "it has no DeadLetterConfig: failed asynchronous events go to its on-failure relation "
                       "instead (an invoke config's destination, which keeps the error; checkov does not read it), "
                       "and a synchronous caller such as an API gets the error back",
        "CKV_AWS_117": "it is outside a VPC: it reaches AWS APIs over TLS with IAM, and a VPC (a function is "
                       "placed in one when it relates to a database or proxy there) protects only private network "
                       "resources, at the cost of NAT and slower cold starts",
        "CKV_AWS_115": "no reserved concurrency (settings.reserved_concurrency): it shares the account's "
                       "unreserved pool; say what bounds its load (an API's throttling, a queue's batches)",
    }
    deploy_actions = ROLE_DEPLOY_ACTIONS + KEY_DEPLOY_ACTIONS + LOG_DEPLOY_ACTIONS + tuple(f"lambda:{a}" for a in (
        "AddPermission", "CreateEventSourceMapping", "CreateFunction", "DeleteEventSourceMapping",
        "DeleteFunction", "DeleteFunctionConcurrency", "GetEventSourceMapping", "GetFunction",
        "GetFunctionConfiguration", "ListTags", "PutFunctionConcurrency", "RemovePermission", "TagResource",
        "UntagResource", "UpdateEventSourceMapping", "UpdateFunctionCode", "UpdateFunctionConfiguration",
        "CreateFunctionUrlConfig", "DeleteFunctionUrlConfig", "GetFunctionUrlConfig", "UpdateFunctionUrlConfig",
        "DeleteFunctionEventInvokeConfig", "GetFunctionEventInvokeConfig", "PutFunctionEventInvokeConfig",
        "UpdateFunctionEventInvokeConfig")) + MEMBER_DEPLOY_ACTIONS + ("ec2:DescribeSubnets", "ec2:DescribeVpcs")
    deploy_arns = {
        "AWS::Lambda::Function": ("FunctionName", [("lambda", ARN + "function:{n}")]),
        "AWS::Lambda::EventSourceMapping": (None, [("lambda", ARN + "event-source-mapping:*")]),
        "AWS::Lambda::EventInvokeConfig": ("FunctionName", [("lambda", ARN + "function:{n}")])}

    def waived_checks(self, component: Any, graph: SystemGraph) -> tuple[str, ...]:
        waived = ["CKV_AWS_116"] + ([] if in_vpc(component, graph) else ["CKV_AWS_117"])
        if component.settings.reserved_concurrency is None:
            waived.append("CKV_AWS_115")
        return tuple(waived)

    def resources(self, c: Any, t: Scope) -> Fragment:
        settings = c.settings
        key, role = t.lid(c.id, "Key"), t.lid(c.id, "Role")
        function: dict[str, Any] = {
            "FunctionName": t.name(c.id), "Description": escape.cfn_text(c.description, 256),
            "Runtime": settings.runtime,
            "Handler": settings.entry, "MemorySize": settings.memory_mb, "Timeout": settings.timeout_s,
        }
        if settings.architecture != "x86_64":
            function["Architectures"] = [settings.architecture]
        if settings.reserved_concurrency is not None:
            function["ReservedConcurrentExecutions"] = settings.reserved_concurrency
        function |= {"Code": {"S3Bucket": ref("CodeBucket"), "S3Key": ref(t.lid(c.id, CODE_KEY_SUFFIX))},
                     "Role": getatt(role, "Arn"), "KmsKeyArn": getatt(key, "Arn"), "Tags": t.tags()}
        return with_vpc(c, t, {
            "Parameters": {
                "CodeBucket": {"Type": "String", "Description": "The bucket holding the packaged function code "
                                                                "(filled by deploy or the pipeline's build)"},
                t.lid(c.id, CODE_KEY_SUFFIX): {
                    "Type": "String",
                    "Description": f"The object key of the zip of {c.id}'s code ({settings.source})"},
            },
            "Resources": {
                key: kms_key(f"Encrypts the environment variables of {t.name(c.id)}", t.meta()),
                role: service_role(t, f"Execution role of {t.name(c.id)}: each policy is one relation of the model",
                                   "lambda.amazonaws.com", t.meta("least-privilege"), policies=[
                                       inline_policy("environment-key", allow("kms:Decrypt", getatt(key, "Arn")))]),
                t.lid(c.id, "Function"): {"Type": "AWS::Lambda::Function",
                                          "Metadata": t.meta(waive=self.waived_checks(c, t.graph)),
                                          "Properties": function},
                **(function_url(c, t) if settings.url is not None else {}),
            },
            "Outputs": url_output(c, t) if settings.url is not None else {},
        })

    def support_problem(self, component: Any, today: date) -> tuple[tuple[Any, ...], str] | None:
        return runtime_support(component, today)

    def control_applies(self, component: Any, control: str) -> bool:
        return control != "url-iam-auth" or component.settings.url is not None

    def model_files(self, component: Any) -> list[tuple[tuple[Any, ...], str]]:
        return [(("components", component.id, "settings", "source"), component.settings.source)]

    def file_problems(self, component: Any, model_dir: Path) -> list[tuple[tuple[Any, ...], str]]:
        return handler_problems(component, model_dir)

    def link_problems(self, link: Link) -> list[tuple[tuple[Any, ...], str]]:
        if link.target.kind == self.name and link.meaning.name == "request" and link.target.settings.url is None:
            return [(("relations", link.index, "to"), (
                f"'{link.target.id}' has no function URL for {link.source.id} to call: give it one "
                f"(settings: url: {{}}), or let an API route the requests to it"))]
        return []

    def key_settings(self, component: Any) -> dict[str, str]:
        shown = super().key_settings(component)
        if component.settings.url is not None:
            shown["url"] = url_text(component)
        return shown

    def side_text(self, link: Link, side: Side) -> str:
        if link.target.kind == self.name and link.meaning.name == "trigger" and not link.source_kind.polled:
            return ""  # a bucket or topic pushes its events: its side says how
        return side.becomes

    def wires_via(self, link: Link) -> bool:
        return link.meaning.name == "upload"  # the signer is told which bucket it signs for

    def wires_for(self, link: Link, side: Side) -> bool:
        if link.target.kind == self.name and link.meaning.name == "invoke" and side is link.into:
            return bool(link.source_kind.callee_environment(link.source))  # a CORS API: the origin to answer
        if link.target.kind == self.name and link.meaning.name == "trigger":
            return link.source_kind.polled  # a bucket or topic pushes its events: it wires them itself
        if link.source.kind == self.name and link.meaning.name in CALLS:
            return link.target_kind.env is not None
        return side.wires

    def wire(self, link: Link, t: Scope) -> Fragment:
        if link.via is not None and t.home == link.via.id:
            return _signer_environment(link, t)
        if link.target.kind == self.name and link.meaning.name == "request":
            return {"Resources": {t.lid(link.target.id, "Url"): {}}}  # the URL: marked as this relation's
        if link.target.kind == self.name and link.meaning.name == "invoke" and t.home == link.target.id:
            return _caller_environment(link, t)
        if link.target.kind == self.name and link.meaning.name == "trigger":
            return _event_source_mapping(link, t)
        if link.meaning.name == "logs":
            return _logs(link, t)
        if link.meaning.name == "trace":
            return _trace(link, t)
        if link.meaning.name == "on-failure":
            return on_failure(link, t)
        return _environment(link, t)

    def graph_problems(self, component: Any, graph: SystemGraph) -> list[tuple[tuple[Any, ...], str]]:
        return one_failure_destination(component, graph, "a function sends its failed events to")

    def event_target(self, link: Link, t: Scope) -> dict[str, Any] | None:
        return {"Arn": t.identity(link.target.id, "Arn")}  # a rule's Lambda permission lets it invoke

    def api_integration(self, link: Link, t: Scope) -> dict[str, Any]:
        """A Lambda proxy integration: the request goes to the function whole."""
        uri = "arn:${AWS::Partition}:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${FunctionArn}/invocations"
        return {"Type": "AWS_PROXY", "IntegrationHttpMethod": "POST",
                "Uri": sub(uri, FunctionArn=t.ref(link.target.id, "Arn"))}

    def metrics(self, component: Any) -> list[Metric]:
        dims = (("FunctionName", "Name"),)
        return [Metric("AWS/Lambda", "Invocations", dims), Metric("AWS/Lambda", "Errors", dims),
                Metric("AWS/Lambda", "Throttles", dims), Metric("AWS/Lambda", "Duration", dims, "p99")]

    def alarms(self, component: Any) -> list[Alarm]:
        dims = (("FunctionName", "Name"),)
        return [Alarm("ErrorsAlarm", "errors", Metric("AWS/Lambda", "Errors", dims), 1),
                Alarm("ThrottlesAlarm", "throttles", Metric("AWS/Lambda", "Throttles", dims), 1)]


def env_name(link: Link, graph: SystemGraph) -> str | None:
    """`TABLE_NAME` when the function calls one target with that variable, else `<TARGET>_TABLE_NAME`."""
    env = getattr(graph.kind(link.target.id), "env", None)
    if env is None:
        return None
    same = [other for other in graph.outgoing(link.source.id)
            if getattr(graph.kind(other.target), "env", None) == env and graph.link(other).meaning.name in CALLS]
    alone = len(same) == 1 and not graph.kind(link.target.id).env_prefixed
    return env[0] if alone else f"{link.target.id.upper().replace('-', '_')}_{env[0]}"


def _environment(link: Link, t: Scope) -> Fragment:
    variable = env_name(link, t.graph)
    if variable is None:
        return {}
    env = t.graph.kind(link.target.id).env  # type: ignore[attr-defined]
    value = t.identity(link.target.id, env[1])  # by name: no order between function and target
    more = t.graph.kind(link.target.id).caller_environment(link, t)  # what else the code must know (a database's)
    return {"Resources": {t.lid(link.source.id, "Function"): {"Properties": {
        "Environment": {"Variables": {variable: value, **more}}}}}}


def _caller_environment(link: Link, t: Scope) -> Fragment:
    """What the caller says its callees must know (a CORS API's allowed origin)."""
    variables = {name: value.replace("{domain}", t.system.domain)
                 for name, value in link.source_kind.callee_environment(link.source).items()}
    return {"Resources": {t.lid(link.target.id, "Function"): {"Properties": {
        "Environment": {"Variables": variables}}}}}


def signer_env_name(link: Link, graph: SystemGraph) -> str:
    """`UPLOAD_BUCKET_NAME` when the function signs uploads to one bucket, else `<BUCKET>_UPLOAD_BUCKET_NAME`."""
    assert link.via is not None
    signed = {r.target for r in graph.relations if r.via == link.via.id}
    return "UPLOAD_BUCKET_NAME" if len(signed) == 1 else f"{link.target.id.upper().replace('-', '_')}_UPLOAD_BUCKET_NAME"


def _signer_environment(link: Link, t: Scope) -> Fragment:
    """The function that signs upload URLs for a relation (its `via`) is told the bucket's name."""
    assert link.via is not None
    name = t.identity(link.target.id, "Name")  # by name: no order between the stacks
    return {"Resources": {t.lid(link.via.id, "Function"): {"Properties": {
        "Environment": {"Variables": {signer_env_name(link, t.graph): name}}}}}}


def _logs(link: Link, t: Scope) -> Fragment:
    group = t.lid(link.source.id, "LogGroup")
    resources = log_group(t, group, "/aws/lambda/" + t.name(link.source.id), link.target.id)
    resources[t.lid(link.source.id, "Function")] = {"Properties": {
        "LoggingConfig": {"LogGroup": ref(group), "LogFormat": "JSON"}}}
    resources[t.lid(link.source.id, "Role")] = {"Properties": {"Policies": [inline_policy("logs", log_writer(group))]}}
    return {"Resources": resources}


def _trace(link: Link, t: Scope) -> Fragment:
    reason = "xray:PutTraceSegments and xray:PutTelemetryRecords have no resource-level permissions"
    return {"Resources": {
        t.lid(link.source.id, "Function"): {"Properties": {"TracingConfig": {"Mode": "Active"}}},
        t.lid(link.source.id, "Role"): {
            "Metadata": {"archgen": {"wildcard-resource": reason}},
            "Properties": {"Policies": [inline_policy("xray", allow(
                ["xray:PutTelemetryRecords", "xray:PutTraceSegments"], "*"))]}},
    }}


def _event_source_mapping(link: Link, t: Scope) -> Fragment:
    """A queue or stream polled for the function: the source kind says how (`event_source`)."""
    source = t.graph.kind(link.source.id)
    settings = source.event_source(link, t)
    if settings is None:  # a source that pushes its events (a bucket, a topic) wires them itself
        return {}
    function = t.lid(link.target.id, "Function")
    return {"Resources": {t.lid(link.target.id, f"{link.source.id}-events"): {
        "Type": "AWS::Lambda::EventSourceMapping", "Metadata": t.meta(),
        "Properties": {"FunctionName": ref(function), **settings}}}}


KIND = LambdaFunction
