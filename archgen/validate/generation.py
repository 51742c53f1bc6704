"""What would trip generation on a model that is otherwise valid, caught as errors at their `file:line`.

- Two component ids that make one CloudFormation logical id (`a--b-x` and `a-b-x` are both `ABX`):
  their resources would overwrite each other in one template.
- Tag keys and values CloudFormation cannot carry (an emoji: tags allow letters, digits, spaces and
  `_.:/=+-@`), rejected at deploy by every service.
- An API that serves no route: API Gateway refuses a Deployment of an API with no methods.
- Text that is nothing once made safe to show (only invisible or direction characters): a label, title
  or flow message that every output would draw as an empty box.
"""

from __future__ import annotations

from typing import Any

from archgen import escape
from archgen.errors import ModelError
from archgen.kinds import Registry
from archgen.load import Document
from archgen.render.cloudformation.scope import logical_id
from archgen.schema import ComponentBase, Flow, Relation, SystemInfo, View


def check_generation(document: Document, registry: Registry, parts: dict[str, Any],
                     errors: list[ModelError]) -> None:
    components: dict[str, ComponentBase] = parts["components"] or {}
    _logical_ids(document, components, errors)
    if parts["system"] is not None:
        _tags(document, parts["system"], errors)
    if parts["relations"] is not None:
        _empty_apis(document, registry, components, parts["relations"], errors)
    _visible(document, components, parts["flows"] or {}, parts["views"] or {}, errors)


def _logical_ids(document: Document, components: dict[str, ComponentBase], errors: list[ModelError]) -> None:
    seen: dict[str, str] = {}
    for component_id in components:
        name = logical_id(component_id)
        if name in seen:
            errors.append(document.error(("components", component_id), (
                f"'{component_id}' and '{seen[name]}' both become the CloudFormation logical id '{name}' "
                f"(ids keep their letters and digits only): rename one of them"), at_key=True))
        seen.setdefault(name, component_id)


def _tags(document: Document, system: SystemInfo, errors: list[ModelError]) -> None:
    for key, value in system.tags.items():
        for text, what in ((key, "key"), (value, "value")):
            problem = escape.tag_problem(text)
            if problem is not None:
                errors.append(document.error(("system", "tags", key), (
                    f"the tag {what} {text!r} cannot be deployed: {problem}"),
                    at_key=what == "key"))


def _empty_apis(document: Document, registry: Registry, components: dict[str, ComponentBase],
                relations: list[Relation], errors: list[ModelError]) -> None:
    serving = {r.source for r in relations if r.routes} | _meant_to_serve(document)
    for component in components.values():
        kind = registry[component.kind]
        if any("routes" in side.requires for side in kind.offers) and component.id not in serving:
            errors.append(document.error(("components", component.id), (
                f"the {component.kind} '{component.id}' serves no route, and AWS refuses to deploy an API "
                f"with no methods: add a relation from it to the code that answers, with routes: "
                f"[\"GET /...\"], or remove it"), at_key=True))


def _meant_to_serve(document: Document) -> set[str]:
    """Sources of relations written with routes, valid or not: a relation whose routes are malformed is
    reported where it is and left out of the typed relations, and its API is not also said to serve nothing."""
    written = document.data.get("relations") if isinstance(document.data, dict) else None
    if not isinstance(written, list):
        return set()
    return {item["from"] for item in written
            if isinstance(item, dict) and item.get("routes") and isinstance(item.get("from"), str)}


def _visible(document: Document, components: dict[str, ComponentBase], flows: dict[str, Flow],
             views: dict[str, View], errors: list[ModelError]) -> None:
    texts: list[tuple[tuple[Any, ...], str]] = []
    for component_id, component in components.items():
        texts += [(("components", component_id, "label"), component.label),
                  (("components", component_id, "description"), component.description)]
    for flow_id, flow in flows.items():
        texts += [(("flows", flow_id, "title"), flow.title), (("flows", flow_id, "description"), flow.description)]
        texts += [(("flows", flow_id, "steps", index), step.partition(":")[2]) for index, step in enumerate(flow.steps)]
    for view_id, view in views.items():
        texts += [(("views", view_id, "title"), view.title), (("views", view_id, "description"), view.description)]
    for path, text in texts:
        if text.strip() and not escape.clean(text).strip():
            errors.append(document.error(path, "holds only invisible or direction characters, which every "
                                               "output drops: write the text to show"))
