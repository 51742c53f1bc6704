"""I301: every flow is drawn by a view, so the numbered hops a reader needs exist as a picture."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from archgen.rules._base import Finding, Rule

if TYPE_CHECKING:
    from archgen.graph import SystemGraph


class FlowNotDrawn(Rule):
    id = "I301"
    shortdesc = "Flow without a view"
    description = "Each flow is shown by at least one view (`views.<id>.flow`)."

    def check(self, graph: SystemGraph) -> Iterator[Finding]:
        drawn = {view.flow for view in graph.model.views.values() if view.flow}
        for flow_id in graph.flows:
            if flow_id not in drawn:
                yield Finding(("flows", flow_id), f"flow '{flow_id}' is in no view: add a view with "
                                                  f"'flow: {flow_id}'")


RULE = FlowNotDrawn
