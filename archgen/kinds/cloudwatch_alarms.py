"""CloudWatch alarms: the metrics that page a person, per monitored component."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any, Callable, Literal

from diagrams.aws.management import CloudwatchAlarm
from pydantic import Field

from archgen.kinds._base import GLOBAL_EDGE_REGION, Allows, Kind
from archgen.schema import ComponentBase, Strict

if TYPE_CHECKING:
    from archgen.graph import SystemGraph

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
    icon = CloudwatchAlarm
    component = AlarmsComponent
    allows = (
        Allows("lambda.function", "watch", "alarms on errors and throttles"),
        Allows("apigateway.rest_api", "watch", "alarms on 5XX errors and p99 latency"),
        Allows("dynamodb.table", "watch", "alarms on throttled requests"),
        Allows("cloudfront.distribution", "watch", "an alarm on the 5xx error rate (in us-east-1, where "
               "CloudFront publishes its metrics)", region=GLOBAL_EDGE_REGION),
        Allows("sns.topic", "notify", "alarm actions publish to the topic", lives="target"),
    )
    deploy_actions = ("cloudwatch:DeleteAlarms", "cloudwatch:DeleteDashboards", "cloudwatch:DescribeAlarms",
                      "cloudwatch:GetDashboard", "cloudwatch:ListTagsForResource", "cloudwatch:PutDashboard",
                      "cloudwatch:PutMetricAlarm", "cloudwatch:TagResource", "cloudwatch:UntagResource")

    def template_relations(self, component: Any, graph: SystemGraph) -> list[Any]:
        return self._watched(component, graph)

    def _watched(self, component: Any, graph: SystemGraph) -> list[Any]:
        return [r for r in graph.outgoing(component.id) if self._meaning(r, graph) == "watch"]

    def _meaning(self, relation: Any, graph: SystemGraph) -> str:
        rule = self.allowed(graph.components[relation.target].kind)
        return rule.meaning if rule else ""

    def relation_context(self, relation: Any, graph: SystemGraph) -> dict[str, Any]:
        topics = graph.memo(("alarm-topics", relation.source), lambda: [
            r.target for r in graph.outgoing(relation.source) if self._meaning(r, graph) == "notify"])
        return {"topics": topics}

    def template_context(self, component: Any, graph: SystemGraph) -> dict[str, Any]:
        """The dashboard: a row per flow, a widget per hop whose component these alarms watch, in flow order."""
        watched = {r.target for r in self._watched(component, graph)}
        rows = []
        for flow in graph.flows.values():
            hops = list(dict.fromkeys(c for step in flow.steps for c in (step.source, step.target) if c in watched))
            if hops:
                rows.append((flow, hops))

        def body(refv: Callable[[str, str], Any]) -> dict[str, Any]:
            widgets: list[dict[str, Any]] = []
            y = 0
            for flow, hops in rows:
                path = " → ".join(dict.fromkeys(c for s in flow.steps for c in (s.source, s.target)))
                widgets.append({"type": "text", "x": 0, "y": y, "width": ROW_WIDTH, "height": 1,
                                "properties": {"markdown": f"### {flow.title}: {path}"}})
                y += 1
                for index, hop in enumerate(hops):
                    x = (index * WIDGET_WIDTH) % ROW_WIDTH
                    if index and x == 0:
                        y += WIDGET_HEIGHT
                    widgets.append(self._widget(graph, hop, refv, x, y, component.settings.period_s))
                y += WIDGET_HEIGHT
            return {"widgets": widgets}

        return {"dashboard": body}

    @staticmethod
    def _widget(graph: SystemGraph, hop: str, refv: Callable[[str, str], Any], x: int, y: int,
                period: int) -> dict[str, Any]:
        hop_component = graph.components[hop]
        kind = graph.kind(hop)
        metrics = kind.metrics(hop_component)
        region = next((m.region for m in metrics if m.region), None) or kind.region(hop_component, graph)
        lines = []
        for metric in metrics:
            dims: list[Any] = []
            for dim, export in metric.dimensions:
                dims += [dim, export[1:] if export.startswith("=") else refv(hop, export)]
            lines.append([metric.namespace, metric.name, *dims, {"stat": metric.stat, "region": region}])
        return {"type": "metric", "x": x, "y": y, "width": WIDGET_WIDTH, "height": WIDGET_HEIGHT,
                "properties": {"title": hop_component.label, "region": region, "view": "timeSeries",
                               "period": period, "metrics": lines}}


KIND = CloudWatchAlarms
