"""E101: every entry point that people reach directly is filtered by a web ACL, where one can be put."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from archgen.rules._base import Finding, Rule, component_path, has_incoming, kinds_targeted

if TYPE_CHECKING:
    from archgen.graph import SystemGraph


class PublicEntryWithoutWaf(Rule):
    id = "E101"
    waivable = True  # an entry point without WAF is a cost choice the reason states
    shortdesc = "Public entry point without WAF"
    description = ("A component reached directly from outside (a relation from the external layer) whose kind "
                   "a web ACL can protect must have a 'protect' relation from one.")

    def check(self, graph: SystemGraph) -> Iterator[Finding]:
        protectable = kinds_targeted(graph, "protect")
        for component in graph.components.values():
            if component.kind not in protectable:
                continue
            public = any(graph.components[r.source].layer == "external" for r in graph.incoming(component.id))
            if public and not has_incoming(graph, component.id, "protect"):
                yield Finding(component_path(component.id),
                              f"'{component.id}' is reached from outside without a web ACL: add a relation "
                              f"from a wafv2.web_acl to it", component.id)


RULE = PublicEntryWithoutWaf
