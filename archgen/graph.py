"""Graph: the validated model as one object that every renderer reads.

It answers the questions renderers share (what is in a layer, what a view shows, the
numbered hops of a flow, which controls are on), so no renderer recomputes them.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Callable, TypeVar

from archgen.kinds import Kind, Registry, registry
from archgen.links import Link
from archgen.links import build as build_link
from archgen.schema import LAYERS, STEP_PATTERN, ComponentBase, Model, Relation


T = TypeVar("T")


@dataclass(frozen=True)
class Step:
    number: int
    source: str
    target: str
    message: str
    relation: Relation
    returning: bool  # travels back along the relation (a response), drawn dashed


@dataclass(frozen=True)
class FlowPath:
    id: str
    title: str
    description: str
    steps: tuple[Step, ...]


@dataclass(frozen=True)
class Control:
    id: str
    description: str
    exception: str | None  # the model's reason when this default is switched off

    @property
    def on(self) -> bool:
        return self.exception is None


DEFAULT_VIEW = "architecture"
DEFAULT_VIEW_DESCRIPTION = ("Every component and relation of the system. The model declares no views, so this one "
                            "is drawn for it; a views section replaces it.")


@dataclass(frozen=True)
class ViewContent:
    id: str
    title: str
    description: str
    components: tuple[str, ...]
    relations: tuple[Relation, ...]
    flow: FlowPath | None
    controls: bool
    direction: str


class SystemGraph:
    def __init__(self, model: Model, kinds: Registry | None = None) -> None:
        self.model = model
        self.registry = kinds or registry()
        self.system = model.system
        self.components: dict[str, ComponentBase] = model.components
        self.relations: list[Relation] = model.relations
        # Indexes, so every lookup is O(1) and large models stay linear.
        self._out: dict[str, list[Relation]] = {}
        self._in: dict[str, list[Relation]] = {}
        self._pairs: dict[tuple[str, str], Relation] = {}
        self._memo: dict[tuple[object, ...], object] = {}
        for relation in self.relations:
            self._out.setdefault(relation.source, []).append(relation)
            self._in.setdefault(relation.target, []).append(relation)
            self._pairs.setdefault((relation.source, relation.target), relation)

    def memo(self, key: tuple[object, ...], compute: Callable[[], T]) -> T:
        """A value derived from this (immutable) graph, computed once: kinds ask for the same
        neighbourhood per relation, which on a large model would otherwise be quadratic."""
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]  # type: ignore[no-any-return]

    @cached_property
    def _links(self) -> dict[int, Link]:
        return {r.index: build_link(self.registry, r, self.components[r.source], self.components[r.target],
                                    self.components[r.via] if r.via else None)
                for r in self.relations}

    def links(self) -> list[Link]:
        """Every relation with its meaning resolved, in model order."""
        return list(self._links.values())

    def link(self, relation: Relation) -> Link:
        return self._links[relation.index]

    def kind(self, component_id: str) -> Kind:
        return self.registry[self.components[component_id].kind]

    def layers(self) -> dict[str, list[ComponentBase]]:
        """Components per layer, layers in their fixed order, empty layers left out."""
        grouped: dict[str, list[ComponentBase]] = {layer: [] for layer in LAYERS}
        for component in self.components.values():
            grouped[str(component.layer)].append(component)
        return {layer: members for layer, members in grouped.items() if members}

    def outgoing(self, component_id: str) -> list[Relation]:
        return self._out.get(component_id, [])

    def incoming(self, component_id: str) -> list[Relation]:
        return self._in.get(component_id, [])

    def relation(self, source: str, target: str) -> Relation | None:
        return self._pairs.get((source, target))

    def exception_reason(self, component_id: str, control: str) -> str | None:
        """The model's reason for an exception of this component: its own, else one for its whole kind."""
        kind = self.components[component_id].kind
        for exception in self.model.exceptions:
            if exception.control == control and (exception.component == component_id or exception.kind == kind):
                return str(exception.reason)
        return None

    def controls(self, component_id: str) -> list[Control]:
        reasons = {e.control: e.reason for e in self.model.exceptions if e.component == component_id}
        kind, component = self.kind(component_id), self.components[component_id]
        return [Control(control, text, reasons.get(control)) for control, text in kind.controls.items()
                if kind.control_applies(component, control)]

    @cached_property
    def flows(self) -> dict[str, FlowPath]:
        return {flow_id: FlowPath(flow_id, flow.title, flow.description, self._steps(flow.steps))
                for flow_id, flow in self.model.flows.items()}

    def _steps(self, texts: list[str]) -> tuple[Step, ...]:
        steps = []
        for number, text in enumerate(texts, start=1):
            match = STEP_PATTERN.match(text)
            assert match is not None  # validated
            source, target = match["source"], match["target"]
            forward = self.relation(source, target)
            relation = forward or self.relation(target, source)
            assert relation is not None  # validated: every step follows a relation
            steps.append(Step(number, source, target, match["message"], relation, forward is None))
        return tuple(steps)

    @cached_property
    def views(self) -> dict[str, ViewContent]:
        """The model's views; a model that declares none gets `DEFAULT_VIEW`, the whole system, so that
        its site and README have a drawing before anyone writes a view."""
        if not self.model.views:
            return {DEFAULT_VIEW: ViewContent(DEFAULT_VIEW, "Architecture", DEFAULT_VIEW_DESCRIPTION,
                                              tuple(self.components), tuple(self.relations), None, False, "LR")}
        return {view_id: self._view(view_id) for view_id in self.model.views}

    def _view(self, view_id: str) -> ViewContent:
        view = self.model.views[view_id]
        flow = self.flows[view.flow] if view.flow else None
        shown: dict[str, None] = {}
        for step in flow.steps if flow else ():
            shown.update({step.source: None, step.target: None})
        for component in self.components.values():
            if component.layer in view.layers:
                shown[component.id] = None
        shown.update(dict.fromkeys(view.components))
        if flow:
            unique = {step.relation.index: step.relation for step in flow.steps}
            relations = tuple(unique.values())
        else:
            relations = tuple(r for r in self.relations if r.source in shown and r.target in shown)
        return ViewContent(view_id, view.title, view.description, tuple(shown), relations, flow,
                           view.controls, view.direction)
