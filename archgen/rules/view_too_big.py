"""W210: a hand-written view small enough to read (more components than that are drawn as an overview)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from archgen.render.diagram_overview import MAX_NODES, split
from archgen.rules._base import Finding, Rule

if TYPE_CHECKING:
    from archgen.graph import SystemGraph


class ViewTooBig(Rule):
    id = "W210"
    shortdesc = "View too big to read"
    description = (f"A view shows at most {MAX_NODES} components: past that its names cannot be read at any size. "
                   "A larger view is drawn as an overview of its groups (one box per layer or part, arrows with "
                   "counts) and one drawing per group; a flow is drawn whole.")

    def check(self, graph: SystemGraph) -> Iterator[Finding]:
        for view_id, view in graph.views.items():
            if view_id not in graph.model.views:
                continue  # the default view is no one's hand-written view: it is drawn as an overview
            count = len(view.components)
            if count <= MAX_NODES:
                continue
            found = split(graph, view)
            drawn = (f"it is drawn as an overview of {len(found.groups)} groups, each on its own" if found
                     else "a flow is drawn whole, so its picture will be hard to read")
            yield Finding(("views", view_id), (
                f"view '{view_id}' shows {count} components, more than the {MAX_NODES} a drawing can show "
                f"readably: {drawn}; split it into smaller views (by layers or components)"))


RULE = ViewTooBig
