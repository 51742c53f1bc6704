"""What a relation means and what it grants, read from the kinds in one place.

Every page and diagram that says what a relation is asks here, so the day the kinds' relation
meanings come from another accessor, this module is the only reader to change.
"""

from __future__ import annotations

from dataclasses import dataclass

from archgen.graph import SystemGraph
from archgen.schema import Relation


@dataclass(frozen=True)
class Meaning:
    name: str     # e.g. "invoke", "origin", "watch"
    grants: str   # what it becomes in the templates, in words (kind text: trusted)




def meaning(graph: SystemGraph, relation: Relation) -> Meaning:
    """The relation's meaning and what it becomes, from both sides' kinds and its grant."""
    link = graph.link(relation)
    return Meaning(link.meaning.name, link.becomes())


def meanings_in_use(graph: SystemGraph, relations: tuple[Relation, ...] | list[Relation]) -> dict[str, list[str]]:
    """meaning name -> the distinct grants it has among these relations, in order of first use."""
    used: dict[str, list[str]] = {}
    for relation in relations:
        found = meaning(graph, relation)
        grants = used.setdefault(found.name, [])
        if found.grants not in grants:
            grants.append(found.grants)
    return used
