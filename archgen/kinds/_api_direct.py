"""A REST API's direct integration with an AWS service: a method calls the service's action itself (no
function between them), with the model's request and response mapping templates (VTL files in the model
folder) and the API's integration role, which may make exactly the relation's calls.

The target kind says how it is called (`Kind.api_integration`, using `integration` here) and what the
role may do (its `Side` for the API's meaning, whose `grant` is the kind's own: SAM has no profiles with
an API as the source of anything but a function). A relation names one action (`actions:`): a method
is one call. In the templates, `{{name}}` and `{{arn}}` stand for the target's name and ARN.

The local AWS (moto) keeps the methods, their integrations and the role, but calls nothing through them:
that a template's call succeeds is for a real account to show.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from archgen.escape import cfn_sub
from archgen.kinds._cfn import getatt
from archgen.rules.mapping_template_missing import template_problem

if TYPE_CHECKING:
    from archgen.links import Link
    from archgen.render.cloudformation.scope import Scope

ROLE = "IntegrationRole"  # the REST API's role for its direct integrations
STATUSES = (("200", None), ("400", r"4\d{2}"), ("500", r"5\d{2}"))
PLACEHOLDERS = {"{{name}}": "Name", "{{arn}}": "Arn"}
FORM = {"Content-Type": "application/x-www-form-urlencoded"}  # SNS's and SQS's query API takes a form


def action(link: Link) -> str:
    """The one call a direct integration makes: the grant's only action (`dynamodb:GetItem` -> GetItem)."""
    if link.grant is None or len(link.grant.actions) != 1:
        return ""  # rule E123 refuses the model (E104 lays its stacks out first: nothing is written)
    return link.grant.actions[0].split(":", 1)[1]


def integration(link: Link, t: Scope, service: str, path: str | None = None,
                headers: dict[str, str] | None = None) -> dict[str, Any]:
    """An `AWS` integration of the service, signed with the API's integration role: its action's URI
    (`dynamodb:action/PutItem`), or a `path` (SNS and SQS take a form-encoded body at `path//`), with the
    `headers` the service needs (Content-Type, X-Amz-Target) as constants."""
    where = f"path/{path}" if path is not None else f"action/{action(link)}"
    properties: dict[str, Any] = {
        "Type": "AWS", "IntegrationHttpMethod": "POST",
        "Uri": {"Fn::Sub": f"arn:${{AWS::Partition}}:apigateway:${{AWS::Region}}:{service}:{where}"},
        "Credentials": getatt(t.lid(link.source.id, ROLE), "Arn"), "PassthroughBehavior": "NEVER",
    }
    if headers:
        properties["RequestParameters"] = {f"integration.request.header.{name}": f"'{value}'"
                                           for name, value in sorted(headers.items())}
    properties["RequestTemplates"] = {"application/json": template(link, t, link.relation.request_template)}
    responses: list[dict[str, Any]] = []
    for status, pattern in STATUSES:
        response: dict[str, Any] = {"StatusCode": status}
        if pattern is not None:
            response["SelectionPattern"] = pattern
        elif link.relation.response_template is not None:
            response["ResponseTemplates"] = {"application/json": template(link, t, link.relation.response_template)}
        responses.append(response)
    properties["IntegrationResponses"] = responses
    return properties


def method_responses() -> list[dict[str, Any]]:
    return [{"StatusCode": status} for status, _ in STATUSES]


def template(link: Link, t: Scope, name: str | None) -> Any:
    """The mapping template's text, with the target's name and ARN where it writes `{{name}}`, `{{arn}}`."""
    assert name is not None  # required by the target's side
    folder = (Path(t.graph.model.root) / t.graph.model.folder).resolve()
    path = (folder / name).resolve()
    # Rule E104 lays the stacks out before E122 has said a file is missing or outside: such a model is
    # refused, so its text here is never written anywhere.
    if not path.is_relative_to(folder) or not path.is_file() or template_problem(path) is not None:
        return ""
    text = cfn_sub(path.read_text("utf-8"))
    variables = {}
    for placeholder, export in PLACEHOLDERS.items():
        if placeholder in text:
            text = text.replace(placeholder, "${Target" + export + "}")
            variables["Target" + export] = t.identity(link.target.id, export)
    return {"Fn::Sub": [text, variables]} if variables else {"Fn::Sub": text} if "${" in text else text
