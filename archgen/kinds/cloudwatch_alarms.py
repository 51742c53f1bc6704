"""CloudWatch alarms: the metrics that page a person, per monitored component."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import Field

from archgen import escape
from archgen.kinds._base import Alarm, Fragment, Kind, Side
from archgen.render.cloudformation.scope import json_sub
from archgen.schema import ComponentBase, Strict
from archgen.kinds._deploy_scope import ARN

if TYPE_CHECKING:
    from archgen.graph import SystemGraph
    from archgen.links import Link
    from archgen.render.cloudformation.scope import Scope

WIDGET_WIDTH, WIDGET_HEIGHT, ROW_WIDTH = 6, 6, 24


class AlarmsSettings(Strict):
    period_s: Literal[60, 300, 900, 3600] = 300
    evaluation_periods: Annotated[int, Field(ge=1, le=10)] = 1
    latency_p99_ms: Annotated[int, Field(ge=50, le=29_000)] = 2000


class AlarmsComponent(ComponentBase):
    kind: Literal["cloudwatch.alarms"]
    settings: AlarmsSettings = AlarmsSettings()


class CloudWatchAlarms(Kind):
    name = "cloudwatch.alarms"
    title = "CloudWatch alarms"
    layer = "monitoring"
    summary = "Alarms on the metrics of each watched component, and the dashboard of the flows."
    icon = "aws.management.CloudwatchAlarm"
    component = AlarmsComponent
    offers = (
        Side("watch", "alarms on the metrics its kind names (in the region where AWS publishes them)", wires=True),
        Side("notify", "alarm and OK actions publish to the topic"),
    )
    deploy_actions = ("cloudwatch:DeleteAlarms", "cloudwatch:DeleteDashboards", "cloudwatch:DescribeAlarms",
                      "cloudwatch:GetDashboard", "cloudwatch:ListTagsForResource", "cloudwatch:PutDashboard",
                      "cloudwatch:PutMetricAlarm", "cloudwatch:TagResource", "cloudwatch:UntagResource")
    deploy_arns = {
        "AWS::CloudWatch::Alarm": ("AlarmName", [("cloudwatch", ARN + "alarm:{n}")]),
        "AWS::CloudWatch::Dashboard": ("DashboardName", [
            ("cloudwatch", "arn:${{AWS::Partition}}:cloudwatch::${{AWS::AccountId}}:dashboard/{n}")])}

    def side_text(self, link: Link, side: Side) -> str:
        if link.meaning.name != "watch":
            return side.becomes
        titles = [alarm.title for alarm in link.target_kind.alarms(link.target)]
        return f"alarms on {', '.join(titles)}" if titles else "the dashboard's widget (no alarms)"

    def wiring_regions(self, link: Link, graph: SystemGraph) -> tuple[str, ...]:
        """An alarm lives where its metric is published (CloudFront's: us-east-1)."""
        target = graph.kind(link.target.id)
        regions = {m.region for m in target.metrics(link.target) if m.region}
        return tuple(sorted(regions)) or target.regions(link.target, graph)

    def topics(self, component_id: str, graph: SystemGraph) -> list[str]:
        return graph.memo(("alarm-topics", component_id), lambda: [
            r.target for r in graph.outgoing(component_id) if graph.link(r).meaning.name == "notify"])

    def wire(self, link: Link, t: Scope) -> Fragment:
        target = link.target
        alarms = t.graph.kind(target.id).alarms(target)
        return {"Resources": {t.lid(target.id, alarm.suffix): self._alarm(link, alarm, t) for alarm in alarms}}

    def _alarm(self, link: Link, alarm: Alarm, t: Scope) -> dict[str, Any]:
        settings, target, metric = link.source.settings, link.target, alarm.metric
        threshold = getattr(settings, alarm.threshold) if isinstance(alarm.threshold, str) else alarm.threshold
        statistic = {"ExtendedStatistic": metric.stat} if metric.stat.startswith("p") else {"Statistic": metric.stat}
        actions = [t.ref(topic, "Arn") for topic in self.topics(link.source.id, t.graph)]
        return {"Type": "AWS::CloudWatch::Alarm", "Metadata": t.meta(), "Properties": {
            "AlarmName": t.name(target.id, alarm.title),
            "AlarmDescription": escape.cfn_text(f"{alarm.title} of {target.id} ({target.label})", 1024),
            "Namespace": metric.namespace, "MetricName": metric.name,
            "Dimensions": [{"Name": name, "Value": _dimension(target.id, export, t)}
                           for name, export in metric.dimensions],
            **statistic,
            "Period": settings.period_s, "EvaluationPeriods": settings.evaluation_periods,
            "Threshold": threshold, "ComparisonOperator": "GreaterThanOrEqualToThreshold",
            "TreatMissingData": "notBreaching", "AlarmActions": actions, "OKActions": list(actions)}}

    def resources(self, c: Any, t: Scope) -> Fragment:
        """The dashboard: a row per flow, a widget per hop whose component these alarms watch, in flow order."""
        watched = {r.target for r in t.graph.outgoing(c.id) if t.graph.link(r).meaning.name == "watch"}
        widgets: list[dict[str, Any]] = []
        y = 0
        for flow in t.graph.flows.values():
            hops = list(dict.fromkeys(x for step in flow.steps for x in (step.source, step.target) if x in watched))
            if not hops:
                continue
            # the ids are plain words; the title is model text, and CloudWatch renders this as Markdown
            path = " → ".join(dict.fromkeys(x for s in flow.steps for x in (s.source, s.target)))
            widgets.append({"type": "text", "x": 0, "y": y, "width": ROW_WIDTH, "height": 1,
                            "properties": {"markdown": f"### {escape.markdown(flow.title)}: {path}"}})
            y += 1
            for index, hop in enumerate(hops):
                x = (index * WIDGET_WIDTH) % ROW_WIDTH
                if index and x == 0:
                    y += WIDGET_HEIGHT
                widgets.append(_widget(hop, t, x, y, c.settings.period_s))
            y += WIDGET_HEIGHT
        return {"Resources": {t.lid(c.id, "Dashboard"): {
            "Type": "AWS::CloudWatch::Dashboard", "Metadata": t.meta(),
            "Properties": {"DashboardName": t.name(c.id), "DashboardBody": json_sub({"widgets": widgets})}}}}


def _dimension(component_id: str, export: str, t: Scope) -> Any:
    """A metric dimension's value: a literal (`=Global`) or an export of the watched component."""
    return export[1:] if export.startswith("=") else t.ref(component_id, export)


def _widget(hop: str, t: Scope, x: int, y: int, period: int) -> dict[str, Any]:
    graph = t.graph
    hop_component = graph.components[hop]
    kind = graph.kind(hop)
    metrics = kind.metrics(hop_component)
    region = t.region_ref(next((m.region for m in metrics if m.region), None) or kind.region(hop_component, graph))
    lines = []
    for metric in metrics:
        dims: list[Any] = []
        for dim, export in metric.dimensions:
            dims += [dim, _dimension(hop, export, t)]
        lines.append([metric.namespace, metric.name, *dims, {"stat": metric.stat, "region": region}])
    return {"type": "metric", "x": x, "y": y, "width": WIDGET_WIDTH, "height": WIDGET_HEIGHT,
            "properties": {"title": escape.cfn_text(hop_component.label), "region": region, "view": "timeSeries",
                           "period": period, "metrics": lines}}


KIND = CloudWatchAlarms
