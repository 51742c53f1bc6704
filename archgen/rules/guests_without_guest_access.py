"""E160: a grant for guests through an identity pool that gives guests no credentials."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from archgen.rules._base import Finding, Rule

if TYPE_CHECKING:
    from archgen.graph import SystemGraph


class GuestsWithoutGuestAccess(Rule):
    id = "E160"
    shortdesc = "Grant for guests through an identity pool without guest identities"
    description = ("A relation through an identity pool with `scope: guests` grants guests (unauthenticated "
                   "identities), which the pool has only when the model switches its `no-guests` control off "
                   "with the reason; otherwise the grant would sit on a role no one can assume.")

    def check(self, graph: SystemGraph) -> Iterator[Finding]:
        for relation in graph.relations:
            if relation.scope != "guests" or relation.via is None:
                continue
            pool = graph.components[relation.via]
            if not graph.kind(pool.id).acts_for:
                continue
            if all(c.on for c in graph.controls(pool.id) if c.id == "no-guests"):
                yield Finding(("relations", relation.index, "scope"), (
                    f"'{pool.id}' gives guests no credentials: switch its control off with the reason "
                    f"({{component: {pool.id}, control: no-guests, reason: ...}}), or remove 'scope: guests'"),
                    relation.source)


RULE = GuestsWithoutGuestAccess
