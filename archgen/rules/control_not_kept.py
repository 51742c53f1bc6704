"""E109: no security control the docs show as on that the templates cannot set (each kind says which)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from archgen.rules._base import Finding, Rule, component_path

if TYPE_CHECKING:
    from archgen.graph import SystemGraph


class ControlNotKept(Rule):
    id = "E109"
    shortdesc = "Security control the design cannot keep"
    description = ("A control is on unless the model switches it off with its reason, and the Security page "
                   "says so; where the design leaves a kind no way to keep one (a CloudFront distribution with no "
                   "certificate of its own accepts TLS 1.0), the model adds what keeps it, or an exception naming "
                   "the control with the reason, which the docs and the template's checkov skip then carry.")

    def check(self, graph: SystemGraph) -> Iterator[Finding]:
        for component in graph.components.values():
            unkept = graph.kind(component.id).unkept_controls(component, graph)
            for control in graph.controls(component.id):
                if control.on and control.id in unkept:
                    yield Finding(component_path(component.id), (
                        f"'{component.id}' cannot keep its control '{control.id}' ({control.description}): "
                        f"{unkept[control.id]}, or add an exception {{component: {component.id}, control: "
                        f"{control.id}, reason: ...}}"), component.id)


RULE = ControlNotKept
