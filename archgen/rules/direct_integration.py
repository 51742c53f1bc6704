"""E123: an API's direct integration with a service is one the service's kind supports, making one call."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from archgen.rules._base import Finding, Rule

if TYPE_CHECKING:
    from archgen.graph import SystemGraph

CALLS = ("read", "write", "read-write", "publish", "send", "start", "put-events")


class DirectIntegration(Rule):
    id = "E123"
    shortdesc = "Direct integration the service cannot take"
    description = ("A relation from an API straight to a service (read, write, publish, send, start, put-events: "
                   "no function between) needs the service's kind to declare that integration, and names "
                   "the one action its methods call (`actions: [dynamodb:GetItem]`): a method is one call.")

    def check(self, graph: SystemGraph) -> Iterator[Finding]:
        for relation in graph.relations:
            link = graph.link(relation)
            if link.meaning.name not in CALLS or not link.source.kind.startswith("apigateway."):
                continue
            if link.source.kind not in link.into.kinds:
                yield Finding(("relations", relation.index, "to"), (
                    f"{link.target.kind} '{link.target.id}' cannot be called by {link.source.id} directly: "
                    "put a function between them (the API invokes it, it calls the service)"))
            elif link.grant is None or len(link.grant.actions) != 1:
                actions = ", ".join(link.grant.actions) if link.grant is not None else "none"
                yield Finding(("relations", relation.index, "actions"), (
                    f"a direct integration makes one call: name it in 'actions' (one of {actions}); "
                    "another call is another relation with its own routes and templates"))


RULE = DirectIntegration
