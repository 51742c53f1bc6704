"""E110: whoever uploads through a presigned URL must be able to ask the signing function for one."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from archgen.rules._base import Finding, Rule

if TYPE_CHECKING:
    from archgen.graph import SystemGraph


class UploadSignerUnreachable(Rule):
    id = "E110"
    shortdesc = "Upload URL signed by a function the uploader cannot reach"
    description = ("A relation acted for by a function (`via`, the function that signs an upload's URL) needs a "
                   "path of relations from its source to that function: the browser asks it for the URL first.")

    def check(self, graph: SystemGraph) -> Iterator[Finding]:
        for relation in graph.relations:
            if relation.via is not None and relation.via not in _reachable(graph, relation.source):
                if graph.kind(relation.via).acts_for:  # an identity pool: its credentials are asked for directly
                    yield Finding(("relations", relation.index, "via"), (
                        f"'{relation.source}' gets no credentials from '{relation.via}': add the relation "
                        f"{{from: {relation.source}, to: {relation.via}, label: credentials}}"), relation.source)
                    continue
                yield Finding(("relations", relation.index, "via"), (
                    f"'{relation.source}' has no path of relations to '{relation.via}', which signs its upload "
                    f"URL: route its requests there (through an API, or the function's URL)"), relation.source)


def _reachable(graph: SystemGraph, start: str) -> set[str]:
    """Every component a chain of relations leads to from `start` (requests, invocations, ...)."""
    seen, todo = {start}, [start]
    while todo:
        for relation in graph.outgoing(todo.pop()):
            if relation.target not in seen and relation.via is None:
                seen.add(relation.target)
                todo.append(relation.target)
    return seen


RULE = UploadSignerUnreachable
