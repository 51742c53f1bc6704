"""W231: relations between messaging components that work, against AWS's advice (a queue's visibility
timeout under six times its consuming function's timeout)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from archgen.rules._base import Finding, Rule

if TYPE_CHECKING:
    from archgen.graph import SystemGraph


class MessagingAdvice(Rule):
    id = "W231"
    shortdesc = "Relation against AWS's advice"
    description = ("A setting that deploys and works but that AWS advises against for the relation it is in: an "
                   "SQS queue whose visibility timeout is under six times the consuming function's timeout.")

    def check(self, graph: SystemGraph) -> Iterator[Finding]:
        for link in graph.links():
            for kind in (link.source_kind, link.target_kind):
                for path, message in kind.link_warnings(link):
                    yield Finding(path, message, link.source.id)


RULE = MessagingAdvice
