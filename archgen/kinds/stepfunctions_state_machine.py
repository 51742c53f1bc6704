"""A Step Functions state machine: a workflow whose states call the components it relates to.

Its definition is a file in the model folder (Amazon States Language, JSON or YAML; see `_asl.py` for
what is checked on load). Placeholders in it name components: `${process-order}` is that component's
ARN, `${orders-table.Name}` another of its exports, and each must be a component the machine has a
relation to: the relation is what grants the call (SAM's connector profiles from
AWS::StepFunctions::StateMachine: invoke a function, read or write a table or a bucket, publish to a
topic, send to a queue, start another state machine). Its executions are logged (level ALL, without
the execution's input and output unless the model says so) to the log group of its `logs` relation,
traced with X-Ray along its `trace` relation, and encrypted with a key of its own. A function starts it
(`start`: SAM's StartExecution grant and the machine's ARN in `STATE_MACHINE_ARN`); a REST API starts it
itself (a direct integration, `_api_direct.py`) with StartExecution, or StartSyncExecution for EXPRESS.

The local AWS (moto) creates the machine with its definition, but its CloudFormation drops the type,
the logging, the tracing, the key and the substitutions: the project's fix passes them on
(deploy/local/_stream_fixes.py). It runs no execution.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import Field

from archgen.kinds import _asl
from archgen.kinds._api_direct import integration, method_responses
from archgen.kinds._base import (KEY_DEPLOY_ACTIONS, LOG_DEPLOY_ACTIONS, ROLE_DEPLOY_ACTIONS, Alarm, Fragment, Kind,
                                 Metric, Side)
from archgen.kinds._cfn import allow, getatt, inline_policy, kms_key, log_group, ref, service_role, sub
from archgen.schema import ComponentBase, Strict
from archgen.kinds._deploy_scope import ARN

if TYPE_CHECKING:
    from archgen.links import Link
    from archgen.render.cloudformation.scope import Scope

# What the machine's states may do to others: each is a SAM profile from AWS::StepFunctions::StateMachine.
CALLS = ("invoke", "read", "write", "read-write", "publish", "send", "start", "put-events")
# Vended logs: CloudWatch Logs' delivery API, which has no resource-level permissions.
LOG_DELIVERY = ["logs:CreateLogDelivery", "logs:DeleteLogDelivery", "logs:DescribeLogGroups",
                "logs:DescribeResourcePolicies", "logs:GetLogDelivery", "logs:ListLogDeliveries",
                "logs:PutResourcePolicy", "logs:UpdateLogDelivery"]
START, START_SYNC = "states:StartExecution", "states:StartSyncExecution"
XRAY = ["xray:GetSamplingRules", "xray:GetSamplingTargets", "xray:PutTelemetryRecords", "xray:PutTraceSegments"]
# One reason on the role for both (the role's metadata is one value, whichever relation wrote it).
WILDCARD = "CloudWatch Logs' log delivery and X-Ray's write actions have no resource-level permissions"
FROM_THIS_ACCOUNT = {"StringEquals": {"aws:SourceAccount": {"Ref": "AWS::AccountId"}}}
EXAMPLE = """  {id}:
    kind: stepfunctions.state_machine
    label: {label}
    description: Checks an order, charges it, and records it.
    settings:
      definition: workflows/order.asl.json   # in the model folder
      type: STANDARD
relations:
  - {{from: {id}, to: check-order, label: check}}     # "Resource": "${{check-order}}"
  - {{from: {id}, to: orders, label: record, access: write}}
    # "Resource": "arn:aws:states:::dynamodb:putItem",
    # "Parameters": {{"TableName": "${{orders.Name}}", ...}}
  - {{from: {id}, to: logs, label: execution logs}}
  - {{from: {id}, to: tracing, label: traces}}"""


class StateMachineSettings(Strict):
    definition: Annotated[str, Field(min_length=1, max_length=200,
                                     description="The ASL definition file (JSON or YAML), relative to the model "
                                                 "folder. Placeholders: ${component-id} (its ARN), "
                                                 "${component-id.Name} (another export).")]
    type: Literal["STANDARD", "EXPRESS"] = Field(
        "STANDARD", description="STANDARD (up to a year, exactly once) or EXPRESS (up to 5 minutes, at least once).")
    log_level: Literal["ALL", "ERROR", "FATAL"] = Field("ALL", description="What the execution log keeps.")
    include_execution_data: bool = Field(
        False, description="Log each state's input and output too (they may hold personal data).")


class StateMachineComponent(ComponentBase):
    kind: Literal["stepfunctions.state_machine"]
    settings: StateMachineSettings


class StateMachine(Kind):
    name = "stepfunctions.state_machine"
    title = "Step Functions state machine"
    layer = "backend"
    summary = "A workflow (STANDARD or EXPRESS) defined in a file of the model; each state's calls are relations."
    icon = "aws.integration.StepFunctions"
    component = StateMachineComponent
    cfn_type = "AWS::StepFunctions::StateMachine"
    role = "Role"
    example = EXAMPLE
    controls = {
        "least-privilege": "its role grants exactly what its relations say",
        "logging": "execution history logged to CloudWatch Logs (level ALL, execution data off by default)",
        "tracing": "X-Ray tracing of every execution",
        "encryption": "its definition and execution data encrypted with a KMS key of its own",
    }
    offers = (
        *(Side(meaning, "a state of the definition names it by a placeholder (its ARN or name substituted)")
          for meaning in CALLS),
        Side("logs", "its execution log group (vended logs), level and execution data as set", wires=True),
        Side("trace", "X-Ray tracing on, and the X-Ray write actions", wires=True),
    )
    accepts = (
        # Before the generic side: a REST API starts the execution itself (no SAM profile has an API as
        # source). StartSyncExecution (the execution's result as the answer) runs EXPRESS machines only:
        # the relation's `actions:` picks one call, and link_problems refuses the sync one on a STANDARD.
        Side("start", "the API starts an execution itself (a direct integration with the relation's action and "
                      "mapping templates)",
             kinds=("apigateway.rest_api",), requires=("routes", "request_template"), allows=("response_template",),
             grant=({"Effect": "Allow", "Action": [START, START_SYNC], "Resource": "%{Destination.Arn}"},)),
        Side("start", "its ARN given to the caller"), Side("watch"))
    exports = {"Arn": ("StateMachine", None), "Name": ("StateMachine", "Name")}
    identities = {"Arn": "arn:${AWS::Partition}:states:${AWS::Region}:${AWS::AccountId}:stateMachine:{name}",
                  "Name": "{name}"}
    env = ("STATE_MACHINE_ARN", "Arn")
    deploy_actions = ROLE_DEPLOY_ACTIONS + KEY_DEPLOY_ACTIONS + LOG_DEPLOY_ACTIONS + tuple(f"states:{a}" for a in (
        "CreateStateMachine", "DeleteStateMachine", "DescribeStateMachine", "ListTagsForResource", "TagResource",
        "UntagResource", "UpdateStateMachine")) + tuple(LOG_DELIVERY) + (
        # Step Functions checks the caller may use the machine's key when it creates or updates the machine.
        "kms:Decrypt", "kms:GenerateDataKey")
    deploy_arns = {
        "AWS::StepFunctions::StateMachine": ("StateMachineName", [("states", ARN + "stateMachine:{n}")])}

    def file_problems(self, component: Any, model_dir: Path) -> list[tuple[tuple[Any, ...], str]]:
        where = ("components", component.id, "settings", "definition")
        return [(where, message) for message in _asl.problems(model_dir, component.settings.definition)]

    def definition(self, component: Any, model_dir: Path) -> dict[str, Any]:
        """The definition as the model folder holds it (checked when the model loaded)."""
        return _asl.read(model_dir, component.settings.definition)[0]

    def resources(self, c: Any, t: Scope) -> Fragment:
        settings, machine, role, key = c.settings, t.lid(c.id, "StateMachine"), t.lid(c.id, "Role"), t.lid(c.id, "Key")
        definition = self.definition(c, Path(t.graph.model.root) / t.graph.model.folder)
        texts = sorted({text for _, text in _asl.placeholders(definition) if _substitutable(c, text, t)})
        properties: dict[str, Any] = {
            "StateMachineName": t.name(c.id), "StateMachineType": settings.type, "RoleArn": getatt(role, "Arn"),
            "DefinitionString": json.dumps(_asl.rewrite(definition), indent=2, ensure_ascii=False),
        }
        if texts:
            properties["DefinitionSubstitutions"] = {_asl.substitution_key(text): t.identity(*_asl.named(text))
                                                     for text in texts}
        policies = []
        resources: dict[str, Any] = {}
        if t.on("encryption"):
            resources[key] = kms_key(f"Encrypts the definition and executions of {t.name(c.id)}", t.meta(), [{
                "Sid": "LogDeliveryDecryptsExecutionLogs", "Effect": "Allow",
                "Principal": {"Service": "delivery.logs.amazonaws.com"}, "Action": "kms:Decrypt", "Resource": "*",
                "Condition": FROM_THIS_ACCOUNT}], retain=True)
            properties["EncryptionConfiguration"] = {"Type": "CUSTOMER_MANAGED_KMS_KEY", "KmsKeyId": getatt(key, "Arn"),
                                                     "KmsDataKeyReusePeriodSeconds": 300}
            policies.append(inline_policy("state-machine-key", allow(
                ["kms:Decrypt", "kms:GenerateDataKey"], getatt(key, "Arn"),
                Condition={"StringEquals": {"kms:EncryptionContext:aws:states:stateMachineArn": sub(
                    self.identities["Arn"].replace("{name}", t.name(c.id)))}})))
        properties["Tags"] = t.tags()
        resources[role] = service_role(t, f"Execution role of {t.name(c.id)}: each policy is one relation of the model",
                                       "states.amazonaws.com", t.meta("least-privilege"), policies=policies)
        resources[machine] = {"Type": "AWS::StepFunctions::StateMachine",
                              "Metadata": t.meta("logging", "tracing", "encryption"), "Properties": properties}
        return {"Resources": resources}

    def wire(self, link: Link, t: Scope) -> Fragment:
        if link.meaning.name == "logs":
            return self._logs(link, t)
        if link.meaning.name == "trace":
            return {"Resources": {
                t.lid(link.source.id, "StateMachine"): {"Properties": {"TracingConfiguration": {"Enabled": True}}},
                t.lid(link.source.id, "Role"): {
                    "Metadata": {"archgen": {"wildcard-resource": WILDCARD}},
                    "Properties": {"Policies": [inline_policy("xray", allow(XRAY, "*"))]}}}}
        return {}

    def _logs(self, link: Link, t: Scope) -> Fragment:
        c = link.source
        group = t.lid(c.id, "LogGroup")
        # The vended-logs prefix: CloudWatch Logs' resource policy for deliveries then covers them all.
        resources = log_group(t, group, "/aws/vendedlogs/states/" + t.name(c.id), link.target.id)
        resources[t.lid(c.id, "StateMachine")] = {"Properties": {"LoggingConfiguration": {
            "Level": c.settings.log_level, "IncludeExecutionData": c.settings.include_execution_data,
            "Destinations": [{"CloudWatchLogsLogGroup": {"LogGroupArn": getatt(group, "Arn")}}]}}}
        resources[t.lid(c.id, "Role")] = {
            "Metadata": {"archgen": {"wildcard-resource": WILDCARD}},
            "Properties": {"Policies": [inline_policy("logs", allow(LOG_DELIVERY, "*"))]}}
        return {"Resources": resources}

    def link_problems(self, link: Link) -> list[tuple[tuple[Any, ...], str]]:
        if link.target.kind != self.name or link.meaning.name != "start" or link.grant is None:
            return []
        if link.grant.actions == [START_SYNC] and link.target.settings.type != "EXPRESS":
            return [(("relations", link.index, "actions"), (
                f"'{link.target.id}' is a STANDARD state machine: only an EXPRESS one runs synchronously; name "
                f"{START} (the API answers once the execution has started), or give the machine 'type: EXPRESS'"))]
        return []

    def api_integration(self, link: Link, t: Scope) -> dict[str, Any]:
        """The relation's one call (StartExecution, or StartSyncExecution of an EXPRESS machine) made by the
        API's method itself; the request template names the machine (`{{arn}}`) and its input."""
        return integration(link, t, "states")

    def api_method_responses(self, link: Link, t: Scope) -> list[dict[str, Any]]:
        return method_responses()

    def placeholder(self, name: str, link: Link, t: Scope) -> Any:
        own = link.source if link.source.kind == self.name else link.target
        if name == "Name":
            return t.name(own.id)  # deterministic: an execution ARN spelled without any reference
        return super().placeholder(name, link, t)

    def event_target(self, link: Link, t: Scope) -> dict[str, Any] | None:
        """As an EventBridge rule's target: the rule's role (SAM's Events::Rule -> StateMachine grant is on
        it) starts the executions, so the target names that role."""
        target = {"Arn": t.identity(link.target.id, "Arn"), "Id": t.lid(link.target.id, "Target")}
        if link.source_kind.role is not None:
            target["RoleArn"] = getatt(t.lid(link.source.id, link.source_kind.role), "Arn")
        return target

    def key_settings(self, component: Any) -> dict[str, str]:
        shown = super().key_settings(component)
        shown["definition"] = component.settings.definition
        return shown

    def metrics(self, component: Any) -> list[Metric]:
        dims = (("StateMachineArn", "Arn"),)
        return [Metric("AWS/States", name, dims) for name in (
            "ExecutionsStarted", "ExecutionsSucceeded", "ExecutionsFailed", "ExecutionsTimedOut")] + [
            Metric("AWS/States", "ExecutionTime", dims, "p99")]

    def alarms(self, component: Any) -> list[Alarm]:
        dims = (("StateMachineArn", "Arn"),)
        return [Alarm("FailedAlarm", "failed", Metric("AWS/States", "ExecutionsFailed", dims), 1),
                Alarm("TimedOutAlarm", "timed-out", Metric("AWS/States", "ExecutionsTimedOut", dims), 1),
                Alarm("ThrottledAlarm", "throttled", Metric("AWS/States", "ExecutionThrottled", dims), 1)]


def _substitutable(c: Any, text: str, t: Scope) -> bool:
    """A placeholder naming an export of a component the machine relates to; others are rule E130's errors
    (the stacks are planned, by synthesis, before that rule reports them)."""
    target, attribute = _asl.named(text)
    related = {r.target for r in t.graph.outgoing(c.id)}
    return target in related and attribute in t.graph.kind(target).export_names(t.graph.components[target])


KIND = StateMachine
