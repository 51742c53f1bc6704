"""What an architecture rule is: an id, a description, a severity, and a check over the graph.

Like cfn-lint's rules: one class per file, metadata as class attributes, the severity
read from the id's first letter (E error, W warning, I informational). A rule reports
paths into the model; validation turns them into `file:line:col`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar, Iterator

from archgen.errors import Path_

if TYPE_CHECKING:
    from archgen.graph import SystemGraph

SEVERITIES = {"E": "error", "W": "warning", "I": "informational"}


@dataclass(frozen=True)
class Finding:
    path: Path_
    message: str
    component: str | None = None  # the component an exception may name to waive it


class Rule:
    id: ClassVar[str]
    shortdesc: ClassVar[str]
    description: ClassVar[str]
    # Runs the templates' synthesis: only on a model the other rules found no error in (synthesis
    # assumes what they check, such as one pipeline deploying the stacks).
    synthesizes: ClassVar[bool] = False
    # Whether an exception naming the rule may waive it for one component. None: a warning may be waived,
    # an error may not (most errors stop what CloudFormation or AWS would refuse, and a waived one would
    # only move the failure to the deploy). An error that guards a design choice (a public route, an entry
    # point without WAF) says True, and its exception's reason is shown in the docs.
    waivable: ClassVar[bool | None] = None

    @property
    def severity(self) -> str:
        return SEVERITIES[self.id[0]]

    @property
    def may_be_waived(self) -> bool:
        return self.severity != "error" if self.waivable is None else self.waivable

    def check(self, graph: SystemGraph) -> Iterator[Finding]:
        raise NotImplementedError


def meaning(graph: SystemGraph, source: str, target: str) -> str:
    """What the relation source -> target means ('protect', 'watch', ...); '' when there is none."""
    relation = graph.relation(source, target)
    return graph.link(relation).meaning.name if relation is not None else ""


def component_path(component_id: str) -> Path_:
    return ("components", component_id)


def kinds_targeted(graph: SystemGraph, meaning_: str) -> set[str]:
    """The kinds some registered kind may start a relation of this meaning to ('protect', 'watch')."""
    kinds = graph.registry
    return kinds.memo(("kinds_targeted", meaning_), lambda: {
        kind.name for kind in kinds for source in kinds
        if source.offered(meaning_, kind.name) and kind.accepted(meaning_, source.name)})


def has_incoming(graph: SystemGraph, component_id: str, meaning_: str) -> bool:
    return any(meaning(graph, r.source, r.target) == meaning_ for r in graph.incoming(component_id))
