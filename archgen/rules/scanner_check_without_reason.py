"""E105: every scanner check a component's CloudFormation does not meet has the model's reason."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from archgen.rules._base import Finding, Rule, component_path

if TYPE_CHECKING:
    from archgen.graph import SystemGraph


class ScannerCheckWithoutReason(Rule):
    id = "E105"
    shortdesc = "Scanner check not met without a reason in the model"
    description = ("Where a kind's templates cannot meet a checkov check (a function outside a VPC, say), the "
                   "model says why that is acceptable: an exception naming the check, for the component or its "
                   "whole kind. The template's suppression carries that reason, and so does the Security page.")

    def check(self, graph: SystemGraph) -> Iterator[Finding]:
        for component in graph.components.values():
            kind = graph.kind(component.id)
            for check in kind.waived_checks(component, graph):
                if graph.exception_reason(component.id, check) is None:
                    yield Finding(component_path(component.id),
                                  f"its CloudFormation does not meet checkov {check} ({kind.waivers[check]}): "
                                  f"add an exception with 'kind: {kind.name}' (or 'component: {component.id}'), "
                                  f"'control: {check}' and your reason", component.id)


RULE = ScannerCheckWithoutReason
