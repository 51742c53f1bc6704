"""The direct-integration hook is all a kind needs: a kind written here, as a queue would be, with one
`Side` for the API and one `api_integration` method, becomes a REST API's method calling it with the
integration role granted exactly its call (the code the queue, bus and state machine kinds add)."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any, Literal

from archgen.graph import SystemGraph
from archgen.kinds import Registry, registry
from archgen.kinds._api_direct import FORM, integration, method_responses
from archgen.kinds._base import Fragment, Kind, Side
from archgen.render.cloudformation.assemble import synthesize
from archgen.schema import ComponentBase
from archgen.validate import load_model

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "functionless-api" / "model"


class QueueComponent(ComponentBase):
    kind: Literal["test.queue"]


class Queue(Kind):
    name = "test.queue"
    title = "A queue, as sqs.queue would add the hook"
    layer = "backend"
    summary = "A test queue."
    icon = "aws.integration.SQS"
    component = QueueComponent
    cfn_type = "AWS::SQS::Queue"
    identities = {"Arn": "arn:${AWS::Partition}:sqs:${AWS::Region}:${AWS::AccountId}:{name}", "Name": "{name}"}
    exports = {"Arn": ("Queue", "Arn"), "Name": ("Queue", "QueueName")}
    accepts = (
        Side("send", "the API sends the request itself (a direct integration, sqs:SendMessage with the "
                     "relation's mapping templates)", kinds=("apigateway.rest_api",),
             requires=("routes", "request_template"), allows=("response_template",),
             grant=({"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "%{Destination.Arn}"},)),
        Side("send"),
    )

    def resources(self, component: Any, t: Any) -> Fragment:
        return {"Resources": {t.lid(component.id, "Queue"): {"Type": "AWS::SQS::Queue", "Metadata": t.meta(),
                                                              "Properties": {"QueueName": t.name(component.id)}}}}

    def api_integration(self, link: Any, t: Any) -> dict[str, Any]:
        return integration(link, t, "sqs", path="${AWS::AccountId}/" + self.physical_name(link.target, t),
                           headers=FORM)

    def api_method_responses(self, link: Any, t: Any) -> list[dict[str, Any]]:
        return method_responses()


def test_a_kind_with_the_side_and_the_method_is_integrated_directly(tmp_path: Path) -> None:
    folder = tmp_path / "model"
    shutil.copytree(EXAMPLE, folder)
    (folder / "templates" / "send.vtl").write_text("Action=SendMessage&MessageBody=$util.urlEncode($input.body)\n")
    text = (folder / "system.yaml").read_text()
    text = text.replace("  logs:\n", "  jobs:\n    kind: test.queue\n    label: Jobs\n    description: Work to do.\n"
                        "  logs:\n", 1).replace(
        '    protects: ["POST /orders", ', '    protects: ["POST /jobs", "POST /orders", ', 1).replace(
        "  - {from: api, to: logs, label: access logs}\n", "  - {from: api, to: jobs, label: SendMessage, routes: "
        '["POST /jobs"], request_template: templates/send.vtl}\n  - {from: api, to: logs, label: access logs}\n')
    (folder / "system.yaml").write_text(text)
    kinds = Registry([*registry(), Queue()])
    result = synthesize(SystemGraph(load_model(folder, kinds), kinds))
    resources = {lid: body for template in result.templates.values() for lid, body in template["Resources"].items()}
    method = resources["ApiMethodPostJobs"]["Properties"]
    assert method["Integration"]["Uri"] == {
        "Fn::Sub": "arn:${AWS::Partition}:apigateway:${AWS::Region}:sqs:path/${AWS::AccountId}/orders-dev-jobs"}
    assert method["Integration"]["RequestParameters"] == {
        "integration.request.header.Content-Type": "'application/x-www-form-urlencoded'"}
    assert method["AuthorizationType"] == "COGNITO_USER_POOLS"
    policy = next(p for p in resources["ApiIntegrationRole"]["Properties"]["Policies"] if p["PolicyName"] == "send-jobs")
    assert policy["PolicyDocument"]["Statement"] == [{"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": {
        "Fn::Sub": "arn:${AWS::Partition}:sqs:${AWS::Region}:${AWS::AccountId}:orders-dev-jobs"}}]
