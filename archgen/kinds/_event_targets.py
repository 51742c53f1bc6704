"""What EventBridge rules and schedules share: their targets' entries (each target kind's `event_target`),
retries, a dead-letter queue named by an `on-failure` relation, and the meanings a target is reached by."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from archgen.errors import one_of

if TYPE_CHECKING:
    from archgen.links import Link
    from archgen.render.cloudformation.scope import Scope

# How a rule or schedule reaches each kind of target: the target's own word for it.
TARGET_MEANINGS = ("invoke", "send", "publish", "start", "put-events")


def targets(component_id: str, graph: Any) -> list[Link]:
    return [graph.link(r) for r in graph.outgoing(component_id) if graph.link(r).meaning.name in TARGET_MEANINGS]


def dead_letter(component_id: str, t: Scope) -> dict[str, Any] | None:
    """`DeadLetterConfig` of the component's targets: the queue its on-failure relation names."""
    for relation in t.graph.outgoing(component_id):
        if t.graph.link(relation).meaning.name == "on-failure":
            return {"Arn": t.identity(relation.target, "Arn")}
    return None


def retry_policy(settings: Any) -> dict[str, Any]:
    return {"MaximumRetryAttempts": settings.retry_attempts, "MaximumEventAgeInSeconds": settings.max_event_age_s}


def target_problems(link: Link, registry_kinds: list[str]) -> list[tuple[tuple[Any, ...], str]]:
    """A target kind that declares the meaning but cannot be an EventBridge target (no `event_target`)."""
    if link.meaning.name not in TARGET_MEANINGS:
        return []
    probe = type(link.target_kind).event_target
    from archgen.kinds._base import Kind

    if probe is not Kind.event_target:
        return []
    return [(("relations", link.index, "to"), (
        f"'{link.target.id}' ({link.target.kind}) cannot be the target of {link.source.kind} '{link.source.id}': "
        f"point it at {one_of(registry_kinds)}"))]


def one_failure_destination(component: Any, graph: Any, what: str) -> list[tuple[tuple[Any, ...], str]]:
    """At most one on-failure relation from a component (a rule's targets, a function, share one)."""
    found = [r for r in graph.outgoing(component.id) if graph.link(r).meaning.name == "on-failure"]
    return [(("relations", r.index, "to"), (
        f"'{component.id}' has {len(found)} on-failure relations: {what} one; keep one (a topic can fan failures "
        "out)")) for r in found[1:]]
