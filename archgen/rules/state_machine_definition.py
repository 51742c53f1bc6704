"""E130: a state machine's definition names only components it relates to, and its logs and traces go somewhere."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Iterator

from archgen.errors import a_or_an, one_of, suggest
from archgen.kinds import _asl
from archgen.rules._base import Finding, Rule

if TYPE_CHECKING:
    from archgen.graph import SystemGraph

KIND = "stepfunctions.state_machine"
# Controls on by default that need a relation to say where their data goes: (control, meaning, kind).
NEEDS = (("logging", "logs", "cloudwatch.logs"), ("tracing", "trace", "xray.tracing"))


class StateMachineDefinition(Rule):
    id = "E130"
    shortdesc = "State machine definition names a component it has no relation to"
    description = ("Each `${component}` placeholder in a state machine's definition must name a component the "
                   "machine has a relation to (the relation grants the call) and an export that component has; "
                   "a machine that logs or traces needs its `logs` and `trace` relations.")

    def check(self, graph: SystemGraph) -> Iterator[Finding]:
        folder = Path(graph.model.root) / graph.model.folder
        for component in graph.components.values():
            if component.kind != KIND:
                continue
            yield from _placeholders(graph, component, folder)
            yield from _destinations(graph, component)


def _placeholders(graph: SystemGraph, component: object, folder: Path) -> Iterator[Finding]:
    machine_id = component.id  # type: ignore[attr-defined]
    setting = ("components", machine_id, "settings", "definition")
    relative = component.settings.definition  # type: ignore[attr-defined]
    definition, document = _asl.read(folder, relative)
    related = {r.target for r in graph.outgoing(machine_id)}
    for path, text in _asl.placeholders(definition):
        target, attribute = _asl.named(text)
        if target not in related:
            hint = suggest(target, related) or (f" (it relates to {one_of(sorted(related))})" if related else "")
            yield Finding(setting, _asl.at(document, path, (
                f"'${{{text}}}' names '{target}', which '{machine_id}' has no relation to{hint}: add the relation "
                "(it grants the call), or fix the name")), machine_id)
            continue
        exports = graph.kind(target).export_names(graph.components[target])
        if attribute not in exports:
            yield Finding(setting, _asl.at(document, path, (
                f"'${{{text}}}': '{target}' has no export '{attribute}'{suggest(attribute, exports)}: it has "
                f"{one_of(exports)}")), machine_id)


def _destinations(graph: SystemGraph, component: object) -> Iterator[Finding]:
    machine_id = component.id  # type: ignore[attr-defined]
    on = {control.id for control in graph.controls(machine_id) if control.on}
    meanings = {graph.link(r).meaning.name for r in graph.outgoing(machine_id)}
    for control, meaning, kind in NEEDS:
        if control in on and meaning not in meanings:
            yield Finding(("components", machine_id), (
                f"'{machine_id}' has its '{control}' control on but no '{meaning}' relation: relate it to "
                f"{a_or_an(kind)} component ({{from: {machine_id}, to: <{kind}>}}), or add an exception to '{control}' with the "
                "reason"), machine_id)


RULE = StateMachineDefinition
