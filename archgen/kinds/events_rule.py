"""An EventBridge rule: the events matching its pattern, on the default bus or on a custom bus (a `match`
relation from the bus), delivered to its targets.

Each target is a relation from the rule in the target's own word (`invoke` a function, `send` to a
queue, `publish` to a topic, `start` a state machine, `put-events` on another bus); the target kind
gives its `Target` entry (`event_target`), SAM's profile the grant (a Lambda permission, a statement in
the queue's or topic's policy, or the rule's own role for a state machine or a bus). An `on-failure`
relation to a queue is every target's dead-letter queue, after the rule's retries.
"""

from __future__ import annotations

import difflib
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import Field

from archgen.kinds._base import ROLE_DEPLOY_ACTIONS, Alarm, Fragment, Kind, Metric, Side
from archgen.kinds._cfn import function_keys, getatt, service_role
from archgen.kinds._deploy_scope import ARN
from archgen.kinds._event_targets import (TARGET_MEANINGS, dead_letter, one_failure_destination, retry_policy,
                                          target_problems)
from archgen.schema import ComponentBase, Strict

if TYPE_CHECKING:
    from archgen.graph import SystemGraph
    from archgen.links import Link
    from archgen.render.cloudformation.scope import Scope

# The fields of an event EventBridge matches on (the envelope; `detail` is the event's own).
EVENT_FIELDS = ("version", "id", "detail-type", "source", "account", "time", "region", "resources", "detail")
TARGET_TEXT = "a target of the rule"


class RuleSettings(Strict):
    pattern: dict[str, Any] = Field(description="The event pattern, as EventBridge writes it: e.g. {source: "
                                                "[shop.orders], detail-type: [OrderPlaced]}.")
    retry_attempts: Annotated[int, Field(ge=0, le=185)] = Field(
        185, description="Retries of a failed delivery to a target (EventBridge's default).")
    max_event_age_s: Annotated[int, Field(ge=60, le=86_400)] = Field(
        86_400, description="Give up on an event this old (EventBridge's default: 24 hours).")
    enabled: bool = True


class RuleComponent(ComponentBase):
    kind: Literal["events.rule"]
    settings: RuleSettings


def pattern_problems(pattern: Any, path: tuple[Any, ...], top: bool = True) -> list[tuple[tuple[Any, ...], str]]:
    """EventBridge's pattern grammar: mappings down to lists of values (or of matchers like {prefix: x})."""
    if not isinstance(pattern, dict) or not pattern:
        return [(path, "an event pattern is a mapping of event fields to lists of values, e.g. "
                       "{source: [shop.orders]}")]
    problems: list[tuple[tuple[Any, ...], str]] = []
    for key, value in pattern.items():
        if top and key not in EVENT_FIELDS:
            close = difflib.get_close_matches(key, EVENT_FIELDS, n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            problems.append((path + (key,), f"'{key}' is not a field of an event{hint}: match on "
                                            f"{', '.join(EVENT_FIELDS)}; the event's own fields go under detail"))
        elif isinstance(value, dict):
            problems += pattern_problems(value, path + (key,), top=False)
        elif not isinstance(value, list) or not value:
            problems.append((path + (key,), f"'{key}' must list the values to match, e.g. {key}: [{value!s}]"))
    return problems


class EventsRule(Kind):
    name = "events.rule"
    title = "EventBridge rule"
    layer = "backend"
    summary = "Matches events on a bus by their pattern and delivers them to its targets, with retries and a " \
              "dead-letter queue."
    icon = "aws.integration.EventbridgeRule"
    component = RuleComponent
    cfn_type = "AWS::Events::Rule"
    role = "Role"
    offers = (
        *(Side(meaning, TARGET_TEXT, wires=True) for meaning in TARGET_MEANINGS),
        Side("on-failure", "the dead-letter queue of every target of the rule, after its retries",
             kinds=("sqs.queue",)),
    )
    accepts = (Side("match", "the rule on this bus"), Side("watch"))
    exports = {"Arn": ("Rule", "Arn"), "Name": ("Rule", None)}
    deploy_actions = ROLE_DEPLOY_ACTIONS + tuple(f"events:{a}" for a in (
        "DeleteRule", "DescribeRule", "DisableRule", "EnableRule", "ListTargetsByRule", "PutRule", "PutTargets",
        "RemoveTargets", "TagResource", "UntagResource"))
    deploy_arns = {"AWS::Events::Rule": ("Name", [("events", ARN + "rule/{n}"), ("events", ARN + "rule/*/{n}")])}

    def settings_problems(self, component: Any, region: str) -> list[tuple[tuple[Any, ...], str]]:
        path = ("components", component.id, "settings", "pattern")
        problems = pattern_problems(component.settings.pattern, path)
        said = {where for where, _ in problems}
        return problems + [(where, f"'{key}' would be read as a CloudFormation function, so no pattern can match "
                                   "an event field of that name: rename the field in the events")
                           for where, key in function_keys(component.settings.pattern, path) if where not in said]

    def graph_problems(self, component: Any, graph: SystemGraph) -> list[tuple[tuple[Any, ...], str]]:
        return one_failure_destination(component, graph, "a rule's targets share")

    def link_problems(self, link: Link) -> list[tuple[tuple[Any, ...], str]]:
        if link.source.kind != self.name:
            return []
        return target_problems(link, ["lambda.function", "sqs.queue", "sns.topic", "events.bus"])

    def _bus(self, c: Any, graph: SystemGraph) -> str | None:
        return next((r.source for r in graph.incoming(c.id) if graph.link(r).meaning.name == "match"), None)

    def _role_targets(self, c: Any, graph: SystemGraph) -> bool:
        """Whether a target is reached through the rule's own role (a bus, a state machine)."""
        return any(graph.link(r).grant is not None and graph.link(r).grant.type == "role"
                   for r in graph.outgoing(c.id) if graph.link(r).meaning.name in TARGET_MEANINGS)

    def resources(self, c: Any, t: Scope) -> Fragment:
        rule: dict[str, Any] = {"Name": t.name(c.id), "Description": c.description}
        bus = self._bus(c, t.graph)
        if bus is not None:
            rule["EventBusName"] = t.ref(bus, "Name")
        rule |= {"EventPattern": c.settings.pattern, "State": "ENABLED" if c.settings.enabled else "DISABLED"}
        resources: dict[str, Any] = {t.lid(c.id, "Rule"): {"Type": "AWS::Events::Rule", "Metadata": t.meta(),
                                                           "Properties": rule}}
        if self._role_targets(c, t.graph):
            resources[t.lid(c.id, "Role")] = service_role(
                t, f"Role of rule {t.name(c.id)}: each policy is one of its targets", "events.amazonaws.com",
                t.meta())
        return {"Resources": resources}

    def wire(self, link: Link, t: Scope) -> Fragment:
        """The target's entry, with the rule's retries and dead-letter queue (and its role when it needs one)."""
        entry = link.target_kind.event_target(link, t)
        if entry is None:  # refused when validating (target_problems)
            return {}
        entry = {"Id": link.target.id, **entry, "RetryPolicy": retry_policy(link.source.settings)}
        if link.grant is not None and link.grant.type == "role":
            entry["RoleArn"] = getatt(t.lid(link.source.id, "Role"), "Arn")
        failures = dead_letter(link.source.id, t)
        if failures is not None:
            entry["DeadLetterConfig"] = failures
        return {"Resources": {t.lid(link.source.id, "Rule"): {"Properties": {"Targets": [entry]}}}}

    def side_text(self, link: Link, side: Side) -> str:
        if link.source.kind == self.name and link.meaning.name in TARGET_MEANINGS:
            return f"a target of the rule (retried up to {link.source.settings.retry_attempts} times)"
        return side.becomes

    def key_settings(self, component: Any) -> dict[str, str]:
        import json

        shown = super().key_settings(component)
        shown["pattern"] = json.dumps(component.settings.pattern, sort_keys=True, ensure_ascii=False)
        return shown

    def metrics(self, component: Any) -> list[Metric]:
        dims = (("RuleName", "Name"),)
        return [Metric("AWS/Events", "TriggeredRules", dims), Metric("AWS/Events", "Invocations", dims),
                Metric("AWS/Events", "FailedInvocations", dims)]

    def alarms(self, component: Any) -> list[Alarm]:
        dims = (("RuleName", "Name"),)
        return [Alarm("FailedInvocationsAlarm", "failed-invocations",
                      Metric("AWS/Events", "FailedInvocations", dims), 1)]


KIND = EventsRule
