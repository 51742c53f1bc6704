"""An AppSync GraphQL API: a schema file in the model folder, its fields resolved by data sources that are
the API's relations.

A relation `api -> notes-table` (`access: read-write`, `fields: [Query.getNote, Mutation.addNote]`) is a
DynamoDB data source with its own service role granting what SAM's connector profile for an AppSync
data source gives (`AWS::AppSync::DataSource` to the table), and one resolver per field, its APPSYNC_JS
code the file `resolvers/<Type>.<field>.js` beside the schema. A relation to a function is a Lambda data
source, its role allowed to invoke that function only, and its fields direct Lambda resolvers (no code).
Callers are checked by the user pool the API relates to (`authorize`), else by an API key whose expiry
the model gives. Logging (field-level, with a role that writes only the API's log group) comes from a
relation to the logs component, X-Ray from one to tracing; introspection is off and query depth bounded.

The local AWS (moto) keeps the API, its schema and key through its AppSync backend; data sources and
resolvers are kept by the project's adapters on moto's API object. It runs no query: what a resolver
does is shown by its code and role, not exercised.
"""

from __future__ import annotations

from datetime import date, datetime, timezone
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import Field, field_validator

from archgen.kinds._base import LOG_DEPLOY_ACTIONS, ROLE_DEPLOY_ACTIONS, Alarm, Fragment, Kind, Metric, Side
from archgen.kinds._cfn import document, getatt, log_group, log_writer, ref, sub
from archgen.kinds._deploy_scope import ARN
from archgen.kinds._graphql import schema_fields
from archgen.kinds._model_files import ModelFile, file_problem, inside, read
from archgen.schema import ComponentBase, Strict

if TYPE_CHECKING:
    from archgen.graph import SystemGraph
    from archgen.links import Link
    from archgen.render.cloudformation.scope import Scope

DATA = ("read", "write", "read-write")
RUNTIME = {"Name": "APPSYNC_JS", "RuntimeVersion": "1.0.0"}


class ApiKey(Strict):
    expires: Annotated[str, Field(pattern=r"^20[0-9]{2}-[01][0-9]-[0-3][0-9]$")] = Field(
        description="a day, YYYY-MM-DD: the key stops working then (AppSync allows up to 365 days ahead)")
    description: Annotated[str, Field(min_length=1, max_length=100)] = "The app's API key"

    @field_validator("expires")
    @classmethod
    def _a_day(cls, value: str) -> str:
        date.fromisoformat(value)  # a ValueError names the impossible day
        return value

    @property
    def day(self) -> date:
        return date.fromisoformat(self.expires)


class GraphqlSettings(Strict):
    schema_file: ModelFile = Field(description="a GraphQL schema (.graphql) inside the model folder, relative to "
                                               "it; resolver code goes in resolvers/ beside it")
    api_key: ApiKey | None = Field(None, description="An API key, {expires: YYYY-MM-DD, description}: the only "
                                                     "check without a user pool relation, else a second way in.")
    field_log_level: Literal["ERROR", "ALL", "INFO", "DEBUG"] = Field(
        "ERROR", description="What each field's resolution logs (ALL logs the data too).")
    query_depth_limit: Annotated[int, Field(ge=1, le=75)] = 10

    @property
    def resolvers(self) -> PurePosixPath:
        return PurePosixPath(self.schema_file).parent / "resolvers"


class GraphqlComponent(ComponentBase):
    kind: Literal["appsync.graphql_api"]
    settings: GraphqlSettings


class GraphqlApi(Kind):
    name = "appsync.graphql_api"
    title = "AppSync GraphQL API"
    layer = "backend"
    summary = "A GraphQL API whose fields its relations resolve: DynamoDB and Lambda data sources, each with " \
              "its own role."
    icon = "aws.mobile.Appsync"
    component = GraphqlComponent
    cfn_type = "AWS::AppSync::DataSource"  # SAM's profiles grant a data source's role
    role = "DataSourceRole"
    controls = {
        "logging": "field-level logs, through a role that may write only the API's log group",
        "no-verbose-logs": "request headers and resolver context are left out of the logs",
        "no-introspection": "the schema cannot be read by callers (introspection off)",
        "query-limits": "queries nest at most query_depth_limit levels",
    }
    checks = {"logging": ("CKV_AWS_193", "CKV_AWS_194")}
    waivers = {"CKV2_AWS_33": "the web ACL's association is in the web ACL's own stack (the protect relation's "
                              "wiring), and checkov reads one template at a time"}
    offers = (
        Side("authorize", "callers need the user pool's token (AMAZON_COGNITO_USER_POOLS)", wires=True,
             kinds=("cognito.user_pool",)),
        Side("invoke", "a Lambda data source and a direct resolver per field", requires=("fields",), wires=True,
             kinds=("lambda.function",)),
        *(Side(meaning, "a DynamoDB data source and a resolver per field (its APPSYNC_JS code beside the schema)",
               requires=("fields",), wires=True, kinds=("dynamodb.table",)) for meaning in DATA),
        Side("logs", "field-level logs in the API's log group, written through its own role", wires=True),
        Side("trace", "X-Ray tracing of every request", wires=True),
    )
    accepts = (Side("request", "GraphQL over HTTPS", kinds=("external.users",)), Side("watch"),
               Side("protect", "the web ACL associated with the API"))
    web_acl_resource = "Arn"
    exports = {"ApiId": ("Api", "ApiId"), "Arn": ("Api", "Arn"), "GraphQLUrl": ("Api", "GraphQLUrl")}
    deploy_actions = ROLE_DEPLOY_ACTIONS + LOG_DEPLOY_ACTIONS + tuple(f"appsync:{a}" for a in (
        "CreateApiKey", "CreateDataSource", "CreateGraphqlApi", "CreateResolver", "DeleteApiKey", "DeleteDataSource",
        "DeleteGraphqlApi", "DeleteResolver", "GetDataSource", "GetGraphqlApi", "GetResolver",
        "GetSchemaCreationStatus", "ListTagsForResource", "StartSchemaCreation", "TagResource", "UntagResource",
        "UpdateApiKey", "UpdateDataSource", "UpdateGraphqlApi", "UpdateResolver"))
    deploy_arns = {  # AWS makes the API's id; its data sources, resolvers and schema are under it
        "AWS::AppSync::GraphQLApi": (None, [("appsync", ARN + "apis/*")]),
        "AWS::AppSync::GraphQLSchema": (None, [("appsync", ARN + "apis/*")]),
        "AWS::AppSync::DataSource": (None, [("appsync", ARN + "apis/*")]),
        "AWS::AppSync::Resolver": (None, [("appsync", ARN + "apis/*")]),
        "AWS::AppSync::ApiKey": (None, [("appsync", ARN + "apis/*")])}

    def user_pools(self, component: Any, graph: SystemGraph) -> list[str]:
        return [r.target for r in graph.outgoing(component.id) if graph.components[r.target].kind == "cognito.user_pool"]

    def waived_checks(self, component: Any, graph: SystemGraph) -> tuple[str, ...]:
        protected = any(graph.link(r).meaning.name == "protect" for r in graph.incoming(component.id))
        return ("CKV2_AWS_33",) if protected else ()

    def resources(self, c: Any, t: Scope) -> Fragment:
        settings, api = c.settings, t.lid(c.id, "Api")
        pooled = bool(self.user_pools(c, t.graph))
        properties: dict[str, Any] = {"Name": t.name(c.id),
                                      "AuthenticationType": "AMAZON_COGNITO_USER_POOLS" if pooled else "API_KEY"}
        if pooled and settings.api_key is not None:
            properties["AdditionalAuthenticationProviders"] = [{"AuthenticationType": "API_KEY"}]
        if t.on("no-introspection"):
            properties["IntrospectionConfig"] = "DISABLED"
        if t.on("query-limits"):
            properties["QueryDepthLimit"] = settings.query_depth_limit
        properties["Tags"] = t.tags()
        resources: dict[str, Any] = {
            api: {"Type": "AWS::AppSync::GraphQLApi",
                  "Metadata": t.meta("logging", waive=self.waived_checks(c, t.graph)), "Properties": properties},
            t.lid(c.id, "Schema"): {"Type": "AWS::AppSync::GraphQLSchema", "Metadata": t.meta(), "Properties": {
                "ApiId": getatt(api, "ApiId"), "Definition": read(t.graph, settings.schema_file)}},
        }
        if settings.api_key is not None:
            expires = datetime.combine(settings.api_key.day, datetime.min.time(), timezone.utc)
            resources[t.lid(c.id, "Key")] = {"Type": "AWS::AppSync::ApiKey", "Metadata": t.meta(), "Properties": {
                "ApiId": getatt(api, "ApiId"), "Description": settings.api_key.description,
                "Expires": int(expires.timestamp())}}
        return {"Resources": resources, "Outputs": {t.lid(c.id, "GraphQLUrl"): {
            "Description": f"GraphQLUrl of {c.id}", "Value": getatt(api, "GraphQLUrl")}}}

    def file_problems(self, component: Any, model_dir: Path) -> list[tuple[tuple[Any, ...], str]]:
        where = ("components", component.id, "settings", "schema_file")
        problem = file_problem(model_dir, component.settings.schema_file, "GraphQL schema", (".graphql",))
        if problem is None:
            found = inside(model_dir, component.settings.schema_file)
            assert found is not None
            problem = schema_fields(found)[1]
            problem = f"the schema does not parse: {problem}" if problem else None
        return [(where, problem)] if problem else []

    def wire(self, link: Link, t: Scope) -> Fragment:
        api = t.lid(link.source.id, "Api")
        if link.meaning.name == "authorize":
            return {"Resources": {api: {"Properties": {"UserPoolConfig": {
                "UserPoolId": t.ref(link.target.id, "Id"), "AwsRegion": {"Ref": "AWS::Region"},
                "DefaultAction": "ALLOW"}}}}}
        if link.meaning.name == "trace":
            return {"Resources": {api: {"Properties": {"XrayEnabled": True}}}}
        if link.meaning.name == "logs":
            return _logs(link, t)
        return _data_source(link, t)

    def held_statements(self, link: Link, statements: list[dict[str, Any]],
                        t: Scope) -> dict[str, list[dict[str, Any]]]:
        return {f"{link.target.id}-role": statements}  # each data source's own role

    def side_text(self, link: Link, side: Side) -> str:
        if link.relation.fields:
            return f"{side.becomes}: {', '.join(link.relation.fields)}"
        return side.becomes

    def metrics(self, component: Any) -> list[Metric]:
        dims = (("GraphQLAPIId", "ApiId"),)
        return [Metric("AWS/AppSync", "4XXError", dims), Metric("AWS/AppSync", "5XXError", dims),
                Metric("AWS/AppSync", "Latency", dims, "p99")]

    def alarms(self, component: Any) -> list[Alarm]:
        dims = (("GraphQLAPIId", "ApiId"),)
        return [Alarm("ServerErrorsAlarm", "5xx", Metric("AWS/AppSync", "5XXError", dims), 1)]

    def annotations(self, component: Any, graph: SystemGraph) -> list[str]:
        pools = self.user_pools(component, graph)
        notes = [f"callers checked by {', '.join(graph.components[p].label for p in pools)}"] if pools else []
        if component.settings.api_key is not None:
            notes.append(f"API key until {component.settings.api_key.expires}")
        return notes


def source_name(link: Link) -> str:
    """A data source's name: letters, digits and underscores only."""
    return "".join(part[:1].upper() + part[1:] for part in link.target.id.replace("_", "-").split("-"))


def _data_source(link: Link, t: Scope) -> Fragment:
    api, source = link.source.id, t.lid(link.source.id, f"{link.target.id}-source")
    role = t.lid(api, f"{link.target.id}-role")
    api_arn = getatt(t.lid(api, "Api"), "Arn")
    trust = {"Effect": "Allow", "Principal": {"Service": "appsync.amazonaws.com"}, "Action": "sts:AssumeRole",
             "Condition": {"ArnEquals": {"aws:SourceArn": api_arn}}}
    properties: dict[str, Any] = {"ApiId": getatt(t.lid(api, "Api"), "ApiId"), "Name": source_name(link),
                                  "ServiceRoleArn": getatt(role, "Arn")}
    lambda_source = link.target.kind == "lambda.function"
    if lambda_source:
        properties |= {"Type": "AWS_LAMBDA", "LambdaConfig": {"LambdaFunctionArn": t.identity(link.target.id, "Arn")}}
    else:
        properties |= {"Type": "AMAZON_DYNAMODB", "DynamoDBConfig": {
            "TableName": t.identity(link.target.id, "Name"), "AwsRegion": {"Ref": "AWS::Region"}}}
    resources: dict[str, Any] = {
        role: {"Type": "AWS::IAM::Role", "Metadata": t.meta(), "Properties": {
            "Description": f"The data source {source_name(link)} of {t.name(api)}: its policy is the relation",
            "AssumeRolePolicyDocument": document(trust), "Tags": t.tags()}},
        source: {"Type": "AWS::AppSync::DataSource", "Metadata": t.meta(), "Properties": properties},
    }
    folder = link.source.settings.resolvers
    taken = {f for r in t.graph.outgoing(api) if r.index < link.index for f in r.fields or []}
    for field in [f for f in link.relation.fields or [] if f not in taken]:
        type_name, field_name = field.split(".")
        resolver: dict[str, Any] = {"ApiId": getatt(t.lid(api, "Api"), "ApiId"), "TypeName": type_name,
                                    "FieldName": field_name, "DataSourceName": getatt(source, "Name"), "Kind": "UNIT"}
        if not lambda_source:
            code = code_of(t.graph, str(folder / f"{field}.js"))
            if code is None:
                continue  # rule E161 names the file it needs
            resolver |= {"Runtime": dict(RUNTIME), "Code": code}
        resources[t.lid(api, f"{type_name}-{field_name}-resolver")] = {
            "Type": "AWS::AppSync::Resolver", "DependsOn": [t.lid(api, "Schema")], "Metadata": t.meta(),
            "Properties": resolver}
    return {"Resources": resources}


def code_of(graph: Any, relative: str) -> str | None:
    """A resolver's code, when the model folder has it (rules run on a rendered model: E161 reports a missing one)."""
    found = inside(Path(graph.model.root) / graph.model.folder, relative)
    return read(graph, relative) if found is not None and found.is_file() else None


def _logs(link: Link, t: Scope) -> Fragment:
    """The API's log group (retention, key), a role that writes only it, and the API's log settings."""
    api, group, role = t.lid(link.source.id, "Api"), t.lid(link.source.id, "LogGroup"), t.lid(link.source.id, "LogRole")
    name = "/aws/appsync/apis/${" + api + ".ApiId}"
    resources = log_group(t, group, name, link.target.id)
    resources[group]["Properties"]["LogGroupName"] = sub(name)
    if group + "Key" in resources:  # its description names the group: not a Sub there
        resources[group + "Key"]["Properties"]["Description"] = f"Encrypts the log group of {t.name(link.source.id)}"
    trust = {"Effect": "Allow", "Principal": {"Service": "appsync.amazonaws.com"}, "Action": "sts:AssumeRole"}
    resources[role] = {"Type": "AWS::IAM::Role", "Metadata": t.meta(), "Properties": {
        "Description": f"Writes the logs of {t.name(link.source.id)} to its own log group only",
        "AssumeRolePolicyDocument": document(trust), "Tags": t.tags()}}
    resources[t.lid(link.source.id, "LogPolicy")] = {"Type": "AWS::IAM::Policy", "Metadata": t.meta(), "Properties": {
        "PolicyName": "logs", "Roles": [ref(role)], "PolicyDocument": document(log_writer(group))}}
    log_config = {"CloudWatchLogsRoleArn": getatt(role, "Arn"), "FieldLogLevel": link.source.settings.field_log_level,
                  "ExcludeVerboseContent": t.on("no-verbose-logs", link.source.id)}
    resources[api] = {"Properties": {"LogConfig": log_config}}
    return {"Resources": resources}


KIND = GraphqlApi
