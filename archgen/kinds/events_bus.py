"""A custom EventBridge event bus: where the application's own events are put, and rules match them.

Functions put events on it (SAM's profile: `events:PutEvents` on this bus only) and are told its name;
rules on it are `match` relations from the bus. An archive (replayable events) exists only when the
model asks for one (`archive_days`), and a bus policy only when other accounts may put events on it
(`allow_accounts`: each account's root may call `events:PutEvents` on this bus, nothing else). Events on a bus are encrypted at rest by EventBridge with an AWS
owned key; a customer key on the bus would have to be opened to every rule's target service, so the
kind leaves it out. A function may send its failed asynchronous events to a bus (`on-failure`). A REST API may put events
on it itself (a direct integration, `_api_direct.py`): events:PutEvents on the API's integration role.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import Field

from archgen.kinds._api_direct import integration, method_responses
from archgen.kinds._base import Fragment, Kind, Metric, Side
from archgen.kinds._cfn import getatt
from archgen.schema import ComponentBase, Strict
from archgen.kinds._deploy_scope import ARN

if TYPE_CHECKING:
    from archgen.links import Link
    from archgen.render.cloudformation.scope import Scope


class BusSettings(Strict):
    archive_days: Annotated[int, Field(ge=0, le=36_500)] | None = Field(
        None, description="Keep every event of the bus this many days in an archive, to replay (0: forever); "
                          "none by default.")
    allow_accounts: Annotated[list[Annotated[str, Field(pattern=r"^[0-9]{12}$")]], Field(max_length=20)] = Field(
        [], description="Other AWS accounts (12 digits) that may put events on the bus, through a bus policy; "
                        "none by default.")


class BusComponent(ComponentBase):
    kind: Literal["events.bus"]
    settings: BusSettings = BusSettings()


class EventsBus(Kind):
    name = "events.bus"
    title = "EventBridge event bus"
    layer = "backend"
    summary = "A custom event bus: functions put the application's events on it, rules on it route them."
    icon = "aws.integration.EventbridgeCustomEventBusResource"
    component = BusComponent
    cfn_type = "AWS::Events::EventBus"
    offers = (Side("match", "its events, matched by the rule's pattern", kinds=("events.rule",)),)
    accepts = (
        # Before the generic side: a REST API puts the event itself (no SAM profile has an API as source).
        Side("put-events", "the API puts the request's event itself (a direct integration, events:PutEvents "
                           "with the relation's mapping templates)",
             kinds=("apigateway.rest_api",), requires=("routes", "request_template"), allows=("response_template",),
             grant=({"Effect": "Allow", "Action": "events:PutEvents", "Resource": "%{Destination.Arn}"},)),
        Side("put-events"),
        Side("on-failure", narrow=("events:PutEvents",)),
    )
    exports = {"Arn": ("Bus", "Arn"), "Name": ("Bus", "Name")}
    identities = {"Arn": "arn:${AWS::Partition}:events:${AWS::Region}:${AWS::AccountId}:event-bus/{name}",
                  "Name": "{name}"}
    env = ("EVENT_BUS_NAME", "Name")
    deploy_actions = tuple(f"events:{a}" for a in (
        "CreateArchive", "CreateEventBus", "DeleteArchive", "DeleteEventBus", "DescribeArchive",
        "DescribeEventBus", "ListTagsForResource", "PutPermission", "RemovePermission", "TagResource",
        "UntagResource", "UpdateArchive"))
    deploy_arns = {
        "AWS::Events::EventBus": ("Name", [("events", ARN + "event-bus/{n}")]),
        "AWS::Events::Archive": ("ArchiveName", [("events", ARN + "archive/{n}"), ("events", ARN + "event-bus/*")]),
        # PutPermission and RemovePermission have no resource type in IAM: the policy is scoped by its calls only
        "AWS::Events::EventBusPolicy": (None, [("events", ARN + "event-bus/*")])}

    def resources(self, c: Any, t: Scope) -> Fragment:
        bus = t.lid(c.id, "Bus")
        resources: dict[str, Any] = {bus: {
            "Type": "AWS::Events::EventBus", "Metadata": t.meta(),
            "Properties": {"Name": t.name(c.id), "Description": c.description, "Tags": t.tags()}}}
        if c.settings.archive_days is not None:
            resources[t.lid(c.id, "Archive")] = {
                "Type": "AWS::Events::Archive", "Metadata": t.meta(),
                "Properties": {"ArchiveName": t.name(c.id, "archive")[:48], "SourceArn": getatt(bus, "Arn"),
                               "Description": f"Every event of {t.name(c.id)}, to replay",
                               "RetentionDays": c.settings.archive_days}}
        for account in sorted(set(c.settings.allow_accounts)):
            resources[t.lid(c.id, f"account-{account}")] = {
                "Type": "AWS::Events::EventBusPolicy", "Metadata": t.meta(),
                "Properties": {"EventBusName": {"Ref": bus}, "StatementId": f"PutEventsFrom{account}",
                               "Statement": {"Sid": f"PutEventsFrom{account}", "Effect": "Allow",
                                             "Principal": {"AWS": {"Fn::Sub": f"arn:${{AWS::Partition}}:iam::{account}:root"}},
                                             "Action": "events:PutEvents", "Resource": getatt(bus, "Arn")}}}
        return {"Resources": resources}

    def api_integration(self, link: Link, t: Scope) -> dict[str, Any]:
        """events:PutEvents called by the API's method itself: EventBridge's JSON API names the call in a
        header; the request template writes the entry (the bus's name as `{{name}}`)."""
        return integration(link, t, "events", headers={"X-Amz-Target": "AWSEvents.PutEvents",
                                                       "Content-Type": "application/x-amz-json-1.1"})

    def api_method_responses(self, link: Link, t: Scope) -> list[dict[str, Any]]:
        return method_responses()

    def event_target(self, link: Link, t: Scope) -> dict[str, Any] | None:
        return {"Arn": t.identity(link.target.id, "Arn")}  # the rule's role puts the events (its RoleArn)

    def key_settings(self, component: Any) -> dict[str, str]:
        days = component.settings.archive_days
        shown = {"archive": "none" if days is None else "forever" if days == 0 else f"{days} days"}
        if component.settings.allow_accounts:
            shown["allow_accounts"] = ", ".join(sorted(set(component.settings.allow_accounts)))
        return shown

    def metrics(self, component: Any) -> list[Metric]:
        dims = (("EventBusName", "Name"),)
        return [Metric("AWS/Events", "MatchedEvents", dims)]


KIND = EventsBus
