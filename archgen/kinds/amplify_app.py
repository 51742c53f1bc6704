"""An Amplify Hosting app: the browser app built from a GitHub repository and served on Amplify's CDN,
an alternative to an S3 bucket behind CloudFront.

Its repository is a relation (`github -> app`, meaning `source`): the branch the app builds, with the
access token kept in Secrets Manager (the repository's `token_secret`, read at deploy time). The build
spec is the model folder's file the settings name, else a static build of the repository's `public/`
folder. What the browser code must know, it is told at build time as environment variables, from the
relations of the users it serves: the user pool and app client they sign in with, the identity pool
they get credentials from, the buckets and tables they reach through it (`IDENTITY_POOL_ID`,
`PHOTOS_BUCKET_NAME`, ...). Security headers (HSTS, no sniffing, no framing) are on every answer, and
pull-request previews are off unless the model says why.

The local AWS (moto) has no Amplify: the project's adapters keep the app, branch and domain in memory so
that the stack deploys and its outputs exist, but nothing is built, served or read back.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import Field

from archgen.kinds._base import Fragment, Kind, Side
from archgen.kinds._cfn import getatt, secret_reference, sub
from archgen.kinds._deploy_scope import ARN
from archgen.kinds._model_files import ModelFile, file_problem, read
from archgen.schema import ComponentBase, Strict

if TYPE_CHECKING:
    from archgen.links import Link
    from archgen.render.cloudformation.scope import Scope

# What the browser's code needs of each thing its users reach: the export, and the variable's last word.
BROWSER = {"cognito.app_client": ("Id", "CLIENT_ID"), "cognito.identity_pool": ("Id", "ID"),
           "cognito.user_pool": ("Id", "ID"), "s3.bucket": ("Name", "BUCKET_NAME"),
           "dynamodb.table": ("Name", "TABLE_NAME"), "appsync.graphql_api": ("GraphQLUrl", "GRAPHQL_URL")}
DEFAULT_BUILD = """version: 1
frontend:
  phases:
    build:
      commands:
        - env | grep -E '^(REGION|[A-Z0-9_]+_(ID|CLIENT_ID|BUCKET_NAME|TABLE_NAME|GRAPHQL_URL))=' > public/.env
  artifacts:
    baseDirectory: public
    files:
      - '**/*'
"""
HEADERS = """customHeaders:
  - pattern: '**'
    headers:
      - key: Strict-Transport-Security
        value: max-age=63072000; includeSubDomains; preload
      - key: X-Content-Type-Options
        value: nosniff
      - key: X-Frame-Options
        value: DENY
      - key: Referrer-Policy
        value: strict-origin-when-cross-origin
"""
# A single-page app: any path that is not a file is the app's index page.
SPA_RULE = {"Source": "</^[^.]+$|\\.(?!(css|gif|ico|jpg|jpeg|js|json|map|png|svg|txt|webp|woff2?)$)([^.]+$)/>",
            "Target": "/index.html", "Status": "200"}


class AmplifySettings(Strict):
    branch: Annotated[str, Field(pattern=r"^[A-Za-z0-9_./-]{1,100}$")] | None = Field(
        None, description="The branch served (default: the repository's branch, else main).")
    build_spec: ModelFile | None = Field(None, description="a build spec (amplify.yml) inside the model folder, "
                                                           "relative to it; default: public/ served as it is")
    custom_domain: bool = Field(False, description="Serve the app on the system's domain (Amplify's certificate).")
    single_page_app: bool = Field(True, description="Answer every path that is not a file with /index.html.")
    stage: Literal["PRODUCTION", "BETA", "DEVELOPMENT", "EXPERIMENTAL"] = "PRODUCTION"


class AmplifyComponent(ComponentBase):
    kind: Literal["amplify.app"]
    settings: AmplifySettings = AmplifySettings()


class AmplifyApp(Kind):
    name = "amplify.app"
    title = "Amplify Hosting app"
    layer = "frontend"
    summary = "The browser app, built from its GitHub repository and served by Amplify Hosting (HTTPS, its CDN)."
    icon = "aws.mobile.Amplify"
    component = AmplifyComponent
    controls = {
        "security-headers": "HSTS, nosniff, no framing and a strict referrer policy on every answer",
        "no-previews": "no pull-request previews: unreviewed code is never served",
    }
    accepts = (
        Side("request", "HTTPS from Amplify's CDN; the browser code is told what its users reach", wires=True,
             kinds=("external.users",)),
        Side("source", "the app's repository and branch, cloned with the token in Secrets Manager", wires=True,
             kinds=("github.repository",)),
    )
    exports = {"AppId": ("App", "AppId"), "DefaultDomain": ("App", "DefaultDomain"), "Arn": ("App", "Arn")}
    deploy_actions = tuple(f"amplify:{a}" for a in (
        "CreateApp", "CreateBranch", "CreateDomainAssociation", "DeleteApp", "DeleteBranch",
        "DeleteDomainAssociation", "GetApp", "GetBranch", "GetDomainAssociation", "ListTagsForResource",
        "TagResource", "UntagResource", "UpdateApp", "UpdateBranch", "UpdateDomainAssociation"))
    deploy_arns = {
        "AWS::Amplify::App": (None, [("amplify", ARN + "apps/*")]),
        "AWS::Amplify::Branch": ("BranchName", [("amplify", ARN + "apps/*/branches/{n}")]),
        "AWS::Amplify::Domain": ("DomainName", [("amplify", ARN + "apps/*/domains/{n}")])}

    def branch(self, c: Any, graph: Any) -> str:
        if c.settings.branch:
            return str(c.settings.branch)
        for relation in graph.incoming(c.id):
            if graph.components[relation.source].kind == "github.repository":
                return str(graph.components[relation.source].settings.branch)
        return "main"

    def resources(self, c: Any, t: Scope) -> Fragment:
        app, branch = t.lid(c.id, "App"), self.branch(c, t.graph)
        spec = read(t.graph, c.settings.build_spec) if c.settings.build_spec else DEFAULT_BUILD
        properties: dict[str, Any] = {"Name": t.name(c.id), "Description": c.description, "Platform": "WEB",
                                      "BuildSpec": spec, "EnableBranchAutoDeletion": True}
        if t.on("security-headers"):
            properties["CustomHeaders"] = HEADERS
        if c.settings.single_page_app:
            properties["CustomRules"] = [dict(SPA_RULE)]
        properties["EnvironmentVariables"] = [{"Name": "REGION", "Value": {"Ref": "AWS::Region"}}]
        properties["Tags"] = t.tags()
        resources: dict[str, Any] = {
            app: {"Type": "AWS::Amplify::App", "Metadata": t.meta(), "Properties": properties},
            t.lid(c.id, "Branch"): {"Type": "AWS::Amplify::Branch", "Metadata": t.meta(), "Properties": {
                "AppId": getatt(app, "AppId"), "BranchName": branch, "Stage": c.settings.stage,
                "EnableAutoBuild": True, "EnablePullRequestPreview": not t.on("no-previews"), "Tags": t.tags()}},
        }
        if c.settings.custom_domain:
            resources[t.lid(c.id, "Domain")] = {"Type": "AWS::Amplify::Domain", "Metadata": t.meta(), "Properties": {
                "AppId": getatt(app, "AppId"), "DomainName": t.system.domain, "EnableAutoSubDomain": False,
                "SubDomainSettings": [{"Prefix": "", "BranchName": {"Fn::GetAtt": [t.lid(c.id, "Branch"),
                                                                                   "BranchName"]}}]}}
        url = (f"https://{t.system.domain}" if c.settings.custom_domain
               else sub(f"https://{branch}.${{Domain}}", Domain=getatt(app, "DefaultDomain")))
        return {"Resources": resources, "Outputs": {t.lid(c.id, "Url"): {
            "Description": f"Where {c.id} serves the app", "Value": url}}}

    def file_problems(self, component: Any, model_dir: Path) -> list[tuple[tuple[Any, ...], str]]:
        if component.settings.build_spec is None:
            return []
        problem = file_problem(model_dir, component.settings.build_spec, "build spec", (".yml", ".yaml"))
        return [(("components", component.id, "settings", "build_spec"), problem)] if problem else []

    def link_problems(self, link: Link) -> list[tuple[tuple[Any, ...], str]]:
        if link.meaning.name == "source" and link.source.settings.token_secret is None:
            return [(("relations", link.index, "from"), (
                f"Amplify clones '{link.source.id}' with an access token: name the Secrets Manager secret that "
                f"holds it in {link.source.id}'s settings (token_secret: ...), never the token itself"))]
        return []

    def wire(self, link: Link, t: Scope) -> Fragment:
        if link.meaning.name == "source":
            repo = link.source.settings
            return {"Resources": {t.lid(link.target.id, "App"): {"Properties": {
                "Repository": f"https://github.com/{repo.repository}",
                "AccessToken": secret_reference(str(repo.token_secret))}}}}
        return {"Resources": {t.lid(link.target.id, "App"): {"Properties": {
            "EnvironmentVariables": browser_environment(link, t)}}}}

    def annotations(self, component: Any, graph: Any) -> list[str]:
        on = {c.id for c in graph.controls(component.id) if c.on}
        said = {"security-headers": "HSTS and security headers", "no-previews": "no pull-request previews"}
        return [text for control, text in said.items() if control in on]

    def reaches_through(self, component: Any, graph: Any) -> set[str]:
        users = [r.source for r in graph.incoming(component.id) if graph.components[r.source].kind == "external.users"]
        return {other for u in users for other in reached(graph, u, component.id)}

    def side_text(self, link: Link, side: Side) -> str:
        if link.meaning.name == "source":
            branch = link.target.settings.branch or link.source.settings.branch
            return f"the app's repository, branch {branch}, cloned with the token in Secrets Manager"
        return side.becomes


def reached(graph: Any, users: str, app: str) -> list[str]:
    """What the browser code of `app` needs to know: each component its users reach that has a browser
    export, the identity pool a relation goes through, the user pool behind an app client."""
    found: dict[str, None] = {}
    for relation in graph.outgoing(users):
        found[relation.target] = None
        if relation.via is not None:
            found[relation.via] = None
        for behind in graph.outgoing(relation.target):
            if graph.components[behind.target].kind == "cognito.user_pool":
                found[behind.target] = None
    return sorted(c for c in found if c != app and graph.components[c].kind in BROWSER)


def browser_environment(link: Link, t: Scope) -> list[dict[str, Any]]:
    """What the browser code needs, `<COMPONENT>_<WHAT>` at build time."""
    graph = t.graph
    variables = []
    for component_id in reached(graph, link.source.id, link.target.id):
        wanted = BROWSER[graph.components[component_id].kind]
        variables.append({"Name": variable(component_id, wanted[1]), "Value": t.identity(component_id, wanted[0])})
    return variables


def variable(component_id: str, what: str) -> str:
    """`app-client` + CLIENT_ID -> APP_CLIENT_ID: the words the id and the suffix share are said once."""
    name, words = component_id.upper().replace("-", "_").split("_"), what.split("_")
    for overlap in range(min(len(name), len(words)), 0, -1):
        if name[-overlap:] == words[:overlap]:
            return "_".join(name + words[overlap:])
    return "_".join(name + words)


KIND = AmplifyApp
