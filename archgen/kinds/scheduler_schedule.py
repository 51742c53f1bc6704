"""An EventBridge Scheduler schedule: its one target called on a `rate(...)`, `cron(...)` or `at(...)`
expression, in a time zone, within a flexible window when the model allows one.

The schedule calls its target with a role of its own that only the scheduler may assume (from this
account), granted exactly that call: SAM has no profile for schedules, so the kind writes it
(`lambda:InvokeFunction`, `sqs:SendMessage`, `sns:Publish`, `states:StartExecution`, `events:PutEvents`
on the target) and the docs say so. An `on-failure` relation to a queue is the schedule's dead-letter
queue (the role may send there too). The target entry comes from the target's kind (`event_target`).
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import Field

from archgen.kinds._base import ROLE_DEPLOY_ACTIONS, Fragment, Kind, Side
from archgen.kinds._cfn import document, getatt, service_role
from archgen.kinds._deploy_scope import ARN
from archgen.kinds._event_targets import dead_letter, one_failure_destination, retry_policy, target_problems
from archgen.kinds._schedule_expression import expression_problem
from archgen.schema import ComponentBase, Strict

if TYPE_CHECKING:
    from archgen.graph import SystemGraph
    from archgen.links import Link
    from archgen.render.cloudformation.scope import Scope


def _call(action: str) -> tuple[dict[str, Any], ...]:
    return ({"Effect": "Allow", "Action": [action], "Resource": ["%{Destination.Arn}"]},)


# The one call per target meaning (no SAM profile for AWS::Scheduler::Schedule).
CALLS = {"invoke": "lambda:InvokeFunction", "send": "sqs:SendMessage", "publish": "sns:Publish",
         "start": "states:StartExecution", "put-events": "events:PutEvents"}
TEXT = "called by the schedule's own role ({action} on the target only)"


class ScheduleSettings(Strict):
    expression: Annotated[str, Field(min_length=6, max_length=256, description=(
        "rate(5 minutes), cron(0 8 * * ? *) (minutes hours day-of-month month day-of-week year) or "
        "at(2030-01-31T09:00:00)"))]
    timezone: Annotated[str, Field(min_length=1, max_length=50)] = Field(
        "UTC", description="The IANA time zone of a cron or at expression, e.g. Europe/Paris.")
    flexible_window_min: Annotated[int, Field(ge=1, le=1440)] | None = Field(
        None, description="Let the scheduler start up to this many minutes late (spreads load); off by default.")
    retry_attempts: Annotated[int, Field(ge=0, le=185)] = 185
    max_event_age_s: Annotated[int, Field(ge=60, le=86_400)] = 86_400
    input: dict[str, Any] | None = Field(None, description="The JSON the target receives (an empty object by "
                                                           "default).")
    enabled: bool = True


class ScheduleComponent(ComponentBase):
    kind: Literal["scheduler.schedule"]
    settings: ScheduleSettings


@lru_cache(maxsize=1)
def _zones() -> frozenset[str]:
    import zoneinfo

    return frozenset(zoneinfo.available_timezones())


class SchedulerSchedule(Kind):
    name = "scheduler.schedule"
    title = "EventBridge Scheduler schedule"
    layer = "backend"
    summary = "Calls one target on a rate, cron or one-time expression, with a role of its own."
    icon = "aws.integration.EventbridgeScheduler"
    component = ScheduleComponent
    cfn_type = "AWS::Scheduler::Schedule"
    role = "Role"
    offers = (
        *(Side(meaning, TEXT.format(action=action), grant=_call(action)) for meaning, action in CALLS.items()),
        Side("on-failure", "its dead-letter queue, after the retries", grant=_call("sqs:SendMessage"),
             kinds=("sqs.queue",)),
    )
    exports = {"Arn": ("Schedule", "Arn"), "Name": ("Schedule", None)}
    identities = {"Arn": "arn:${AWS::Partition}:scheduler:${AWS::Region}:${AWS::AccountId}:schedule/default/{name}"}
    deploy_actions = ROLE_DEPLOY_ACTIONS + tuple(f"scheduler:{a}" for a in (
        "CreateSchedule", "DeleteSchedule", "GetSchedule", "UpdateSchedule"))
    deploy_arns = {"AWS::Scheduler::Schedule": ("Name", [("scheduler", ARN + "schedule/*/{n}")])}

    def settings_problems(self, component: Any, region: str) -> list[tuple[tuple[Any, ...], str]]:
        settings, where = component.settings, ("components", component.id, "settings")
        problems = []
        found = expression_problem(settings.expression)
        if found is not None:
            problems.append((where + ("expression",), found))
        if settings.timezone not in _zones():
            problems.append((where + ("timezone",), f"'{settings.timezone}' is not an IANA time zone: write it "
                                                    "like Europe/Paris, America/New_York or UTC"))
        return problems

    def graph_problems(self, component: Any, graph: SystemGraph) -> list[tuple[tuple[Any, ...], str]]:
        calls = [r for r in graph.outgoing(component.id) if graph.link(r).meaning.name in CALLS]
        problems = one_failure_destination(component, graph, "a schedule has")
        if len(calls) != 1:
            problems.append((("components", component.id), (
                f"'{component.id}' calls {len(calls)} targets: a schedule calls exactly one; "
                + ("add a relation from it to a function, queue or topic" if not calls else
                   "make one schedule per target, or let a topic fan out"))))
        return problems

    def link_problems(self, link: Link) -> list[tuple[tuple[Any, ...], str]]:
        if link.source.kind != self.name:
            return []
        return target_problems(link, ["lambda.function", "sqs.queue", "sns.topic", "events.bus"])

    def resources(self, c: Any, t: Scope) -> Fragment:
        settings = c.settings
        schedule: dict[str, Any] = {"Name": t.name(c.id), "Description": c.description,
                                    "ScheduleExpression": settings.expression}
        if not settings.expression.startswith("rate("):
            schedule["ScheduleExpressionTimezone"] = settings.timezone
        window = settings.flexible_window_min
        schedule["FlexibleTimeWindow"] = ({"Mode": "FLEXIBLE", "MaximumWindowInMinutes": window} if window
                                          else {"Mode": "OFF"})
        schedule["State"] = "ENABLED" if settings.enabled else "DISABLED"
        target = self._target(c, t)
        if target is not None:
            schedule["Target"] = target
        # Only the scheduler, for schedules of this account, may assume the role.
        role = service_role(t, f"Role of schedule {t.name(c.id)}: exactly the call to its target", "scheduler.amazonaws.com",
                            t.meta())
        role["Properties"]["AssumeRolePolicyDocument"] = document({
            "Effect": "Allow", "Principal": {"Service": "scheduler.amazonaws.com"}, "Action": "sts:AssumeRole",
            "Condition": {"StringEquals": {"aws:SourceAccount": {"Ref": "AWS::AccountId"}}}})
        return {"Resources": {t.lid(c.id, "Schedule"): {"Type": "AWS::Scheduler::Schedule", "Metadata": t.meta(),
                                                        "Properties": schedule},
                              t.lid(c.id, "Role"): role}}

    def _target(self, c: Any, t: Scope) -> dict[str, Any] | None:
        """The one target, from its kind (the relation itself is realised by the role's grant)."""
        link = next((t.graph.link(r) for r in t.graph.outgoing(c.id) if t.graph.link(r).meaning.name in CALLS), None)
        if link is None:
            return None
        entry = link.target_kind.event_target(link, t)
        if entry is None:
            return None
        target: dict[str, Any] = {**entry, "RoleArn": getatt(t.lid(c.id, "Role"), "Arn"),
                                  "RetryPolicy": retry_policy(c.settings)}
        failures = dead_letter(c.id, t)
        if failures is not None:
            target["DeadLetterConfig"] = failures
        target["Input"] = json.dumps(c.settings.input or {}, sort_keys=True, ensure_ascii=False)
        return target


KIND = SchedulerSchedule
