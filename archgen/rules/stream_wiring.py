"""E131: a delivery stream has one bucket to deliver to and one kind of source; a stream's failed batches go
to a topic or queue its consumer may write to."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Iterator

from archgen.rules._base import Finding, Rule

if TYPE_CHECKING:
    from archgen.graph import SystemGraph

FIREHOSE, KINESIS = "firehose.delivery_stream", "kinesis.stream"
FAILURE_MEANINGS = ("publish", "send")  # what lets a function's role write a failed batch's record


class StreamWiring(Rule):
    id = "E131"
    shortdesc = "Delivery stream or stream consumer wired so that AWS would refuse it"
    description = ("A Firehose delivery stream delivers to exactly one S3 bucket and reads either one Kinesis stream "
                   "or what functions and APIs write to it, never both; an API writing its access logs to one writes "
                   "them nowhere else; a Kinesis stream's `on_failure` names a topic or queue every function it "
                   "triggers publishes or sends to.")

    def check(self, graph: SystemGraph) -> Iterator[Finding]:
        for component in graph.components.values():
            if component.kind == FIREHOSE:
                yield from _delivery(graph, component)
                yield from _one_log_destination(graph, component)
            elif component.kind == KINESIS and component.settings.consumer.on_failure:  # type: ignore[attr-defined]
                yield from _on_failure(graph, component)


def _delivery(graph: SystemGraph, c: Any) -> Iterator[Finding]:
    out = [r for r in graph.outgoing(c.id) if graph.link(r).meaning.name == "deliver"]
    if len(out) != 1:
        where = ("relations", out[1].index) if len(out) > 1 else ("components", c.id)
        yield Finding(where, f"'{c.id}' delivers to {len(out)} buckets: a delivery stream has exactly one S3 "
                             f"destination (one relation {{from: {c.id}, to: <s3.bucket>}})", c.id)
    sources = [r for r in graph.incoming(c.id) if graph.components[r.source].kind == KINESIS]
    direct = [r for r in graph.incoming(c.id) if graph.link(r).meaning.name in ("write", "logs")]
    if len(sources) > 1:
        yield Finding(("relations", sources[1].index), f"'{c.id}' reads {len(sources)} Kinesis streams: a delivery "
                                                         "stream reads one: give each stream its own", c.id)
    if sources and direct:
        yield Finding(("relations", direct[0].index), (
            f"'{direct[0].source}' writes to '{c.id}', which reads the Kinesis stream '{sources[0].source}': AWS "
            f"refuses direct writes to such a delivery stream: write to '{sources[0].source}' instead"), c.id)


def _one_log_destination(graph: SystemGraph, hose: Any) -> Iterator[Finding]:
    """An API stage has one access-log destination: this delivery stream, or a log group, not both."""
    for incoming in graph.incoming(hose.id):
        if graph.link(incoming).meaning.name != "logs":
            continue
        others = [r for r in graph.outgoing(incoming.source)
                  if r.target != hose.id and graph.link(r).meaning.name == "logs"]
        for other in others:
            yield Finding(("relations", other.index), (
                f"'{incoming.source}' already writes its access logs to the delivery stream '{hose.id}': a stage has "
                f"one access-log destination: drop this relation or that one"), incoming.source)


def _on_failure(graph: SystemGraph, stream: Any) -> Iterator[Finding]:
    target = stream.settings.consumer.on_failure
    where = ("components", stream.id, "settings", "consumer", "on_failure")
    if target not in graph.components:
        yield Finding(where, f"'{target}' is no component of the model: name the topic or queue that records "
                             "failed batches", stream.id)
        return
    consumers = [r.target for r in graph.outgoing(stream.id) if graph.link(r).meaning.name == "trigger"]
    for consumer in consumers:
        relation = graph.relation(consumer, target)
        if relation is None or graph.link(relation).meaning.name not in FAILURE_MEANINGS:
            yield Finding(where, (
                f"'{consumer}' reads '{stream.id}' but cannot write its failed batches to '{target}': add the "
                f"relation {{from: {consumer}, to: {target}}} (it grants the publish or send)"), stream.id)


RULE = StreamWiring
