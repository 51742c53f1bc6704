"""References: every id named anywhere exists, and every relation is one its kind allows."""

from __future__ import annotations

from typing import Any

from archgen.errors import ModelError, a_or_an, one_of, suggest
from archgen.kinds import Registry
from archgen.kinds._base import RELATION_FIELDS
from archgen.grants import model_placeholders
from archgen.links import Link, Unresolved, article, field_problems, find_grant, via_grant
from archgen.links import build as build_link
from archgen.load import Document
from archgen.rules import RULE_ID, rules
from archgen.schema import CHECK_ID, STEP_PATTERN, ComponentBase, ControlException, Flow, Relation, View


def declared_ids(document: Document, section: str) -> set[str]:
    """The ids written under a keyed section, valid or not (so one error is not reported twice)."""
    data = document.data
    entries = data.get(section) if isinstance(data, dict) else None
    return {str(key) for key in entries} if isinstance(entries, dict) else set()


class References:
    def __init__(self, document: Document, registry: Registry, components: dict[str, ComponentBase],
                 errors: list[ModelError]) -> None:
        self.document = document
        self.registry = registry
        self.components = components
        self.errors = errors
        self.declared = declared_ids(document, "components")

    def component(self, path: tuple[Any, ...], name: str) -> ComponentBase | None:
        """The component `name`, or an error at `path` when no such id is declared."""
        if name in self.components:
            return self.components[name]
        if name not in self.declared:  # a declared but invalid component already has its own error
            self.errors.append(self.document.error(
                path, f"unknown component '{name}'{suggest(name, self.declared)}"))
        return None

    def relations(self, relations: list[Relation]) -> None:
        seen: dict[tuple[str, str], int] = {}
        for relation in relations:
            path = ("relations", relation.index)
            source = self.component(path + ("from",), relation.source)
            target = self.component(path + ("to",), relation.target)
            if (relation.source, relation.target) in seen:
                self.errors.append(self.document.error(path, f"duplicate relation {relation.key} (first at "
                                                             f"relations[{seen[(relation.source, relation.target)]}]): merge them"))
            seen.setdefault((relation.source, relation.target), relation.index)
            if source is not None and target is not None:
                self._allowed(path, relation, source, target)

    def _allowed(self, path: tuple[Any, ...], relation: Relation, source: ComponentBase,
                 target: ComponentBase) -> None:
        via = self._via(path, relation) if relation.via is not None else None
        if relation.via is not None and via is None:
            return
        try:
            link = build_link(self.registry, relation, source, target, via)
        except Unresolved as problem:
            self.errors.append(self.document.error(path + (problem.field,), str(problem)))
            return
        present = {name for name in RELATION_FIELDS if getattr(relation, name) is not None}
        for field, problem in field_problems(link, present):
            self.errors.append(self.document.error(path + (field,), f"'{field}' {problem}"))
        if relation.actions:
            self._actions(path, relation, link)
        if relation.grant is not None:
            self._model_grant(path, link)
        for field in ("routes", "protects"):  # each in the form its API serves (a WebSocket API: route keys)
            for number, route in enumerate(getattr(relation, field) or ()):
                problem = link.source_kind.route_problem(route)
                if problem is not None:
                    self.errors.append(self.document.error(path + (field, number), problem))
        for kind in (link.source_kind, link.target_kind, *([link.via_kind] if link.via_kind else [])):
            for where, message in kind.link_problems(link):
                self.errors.append(self.document.error(where, message))

    def _via(self, path: tuple[Any, ...], relation: Relation) -> ComponentBase | None:
        """The component a relation's `via` names: one that exists and whose code can act for it."""
        via = self.component(path + ("via",), str(relation.via))
        if via is None:
            return None
        acting = self.registry[via.kind]
        if acting.acts_for:
            return self._acting_for(path, relation, via)
        if not acting.signs_urls:
            signers = [kind.name for kind in self.registry if kind.signs_urls]
            self.errors.append(self.document.error(path + ("via",), (
                f"'{via.id}' is {article(via.kind)} {via.kind}, whose code cannot sign a URL for {relation.key}: "
                f"name {article(signers[0]) if len(signers) == 1 else 'a'} {one_of(signers)} that signs it")))
            return None
        if via.id in (relation.source, relation.target):
            self.errors.append(self.document.error(path + ("via",), (
                f"'via' names the relation's own {'source' if via.id == relation.source else 'target'}: name the "
                "function that signs the URL for it")))
            return None
        return via

    def _acting_for(self, path: tuple[Any, ...], relation: Relation, via: ComponentBase) -> ComponentBase | None:
        """A `via` that hands the relation's source its own credentials (an identity pool): the relation's
        meaning must be one it grants, and its source must get credentials from it."""
        wanted = relation.meaning or relation.access
        acts_for = self.registry[via.kind].acts_for
        if wanted not in acts_for:
            what = f"not {wanted}" if wanted else "and this relation says neither"
            self.errors.append(self.document.error(path + ("via",), (
                f"'{via.id}' is {article(via.kind)} {via.kind}: its credentials may {one_of(list(acts_for))}, "
                f"{what}: give the relation 'access: read', 'write' or 'read-write' (a presigned upload is "
                "signed by a function: name one as 'via')")))
            return None
        return via

    def _model_grant(self, path: tuple[Any, ...], link: Link) -> None:
        """A relation's own `grant:` needs a role on its source and names exports its target has."""
        if link.source_kind.role is None:
            self.errors.append(self.document.error(path + ("grant",), (
                f"{article(link.source.kind)} {link.source.kind} has no execution role to hold a grant: "
                "remove 'grant', or start the relation from a component that runs code")))
        exported = [name for name in model_placeholders(link.relation.grant.resources)  # type: ignore[union-attr]
                    if link.target_kind.export_of(link.target, name) is None]
        for name in exported:
            known = link.target_kind.export_names(link.target)
            self.errors.append(self.document.error(path + ("grant", "resources"), (
                f"'{{{name}}}' is not an export of '{link.target.id}'{suggest(name, known)}: its exports are "
                f"{one_of(known) if known else 'none'}, and partition, region, account, url_suffix")))

    def _actions(self, path: tuple[Any, ...], relation: Relation, link: Link) -> None:
        """`actions:` narrows a grant: every action must be one the grant would give."""
        offered = find_grant(self.registry[link.source.kind], self.registry[link.target.kind], link.meaning,
                             link.out, link.into)
        if offered is None and link.via_kind is not None and link.via_kind.grants_as is not None:
            offered = via_grant(link.via_kind.grants_as, link.target_kind, link.meaning)  # an identity pool's
        if offered is None:
            self.errors.append(self.document.error(path + ("actions",), (
                f"{a_or_an(repr(link.meaning.name))} relation to {a_or_an(link.target.kind)} grants nothing to "
                "narrow: remove 'actions'")))
            return
        for index, action in enumerate(relation.actions or ()):
            if action not in offered.actions:
                self.errors.append(self.document.error(path + ("actions", index), (
                    f"'{action}' is not in the grant of {a_or_an(repr(link.meaning.name))} relation to "
                    f"{a_or_an(link.target.kind)}{suggest(action, offered.actions)}: it may be {one_of(offered.actions)}")))

    def flows(self, flows: dict[str, Flow]) -> None:
        # Pairs as written, even of relations with their own errors: a step along them is not a new error.
        raw = self.document.data.get("relations") if isinstance(self.document.data, dict) else None
        pairs = {(r.get("from"), r.get("to")) for r in raw if isinstance(r, dict)
                 and isinstance(r.get("from"), str) and isinstance(r.get("to"), str)} if isinstance(raw, list) else set()
        for flow_id, flow in flows.items():
            for index, step in enumerate(flow.steps):
                path = ("flows", flow_id, "steps", index)
                match = STEP_PATTERN.match(step)
                assert match is not None  # the schema's pattern already holds
                source, target = match["source"], match["target"]
                known = [self.component(path, name) for name in (source, target)]
                if None in known:
                    continue
                if (source, target) not in pairs and (target, source) not in pairs:
                    self.errors.append(self.document.error(
                        path, f"step '{source} -> {target}' follows no relation: declare "
                              f"'{source} -> {target}' under relations, or route the step along one"))

    def views(self, views: dict[str, View], flows: dict[str, Flow]) -> None:
        declared_flows = declared_ids(self.document, "flows")
        for view_id, view in views.items():
            path = ("views", view_id)
            if view.flow is not None and view.flow not in declared_flows:
                self.errors.append(self.document.error(
                    path + ("flow",), f"unknown flow '{view.flow}'{suggest(view.flow, declared_flows)}"))
            for index, name in enumerate(view.components):
                self.component(path + ("components", index), name)
            if view.flow is None and not view.layers and not view.components:
                self.errors.append(self.document.error(path, "the view shows nothing: give it a flow, "
                                                             "layers or components"))

    def exceptions(self, exceptions: list[ControlException]) -> None:
        seen: set[tuple[str, str]] = set()
        for exception in exceptions:
            path = ("exceptions", exception.index)
            target = self._exception_target(path, exception)
            if target is None:
                continue
            pair = (target, exception.control)
            if pair in seen:
                self.errors.append(self.document.error(path, f"duplicate exception for {pair[0]} {pair[1]}"))
            seen.add(pair)

    def _exception_target(self, path: tuple[Any, ...], exception: ControlException) -> str | None:
        """Check what the exception names; return its target ('component' id or 'kind' name)."""
        if exception.kind is not None:
            kind = self.registry.get(exception.kind)
            if kind is None:
                self.errors.append(self.document.error(
                    path + ("kind",), f"unknown kind '{exception.kind}'{suggest(exception.kind, self.registry.names)}"))
                return None
            self._scanner_check(path, kind, exception.control, a_or_an(kind.name))
            return kind.name
        component = self.component(path + ("component",), str(exception.component))
        if component is None:
            return None
        kind = self.registry[component.kind]
        controls = [control for control in kind.controls if kind.control_applies(component, control)]
        if RULE_ID.match(exception.control):
            self._rule_exists(path + ("control",), exception.control)
        elif CHECK_ID.match(exception.control):
            self._scanner_check(path, kind, exception.control, f"{component.kind} '{component.id}'")
        elif exception.control not in controls:
            listed = f"its controls are {one_of(controls)}" if controls else "its kind has no controls"
            self.errors.append(self.document.error(
                path + ("control",), f"'{exception.control}' is not a control of {component.kind} "
                                     f"'{component.id}'{suggest(exception.control, controls)}; {listed}"))
        return component.id

    def _scanner_check(self, path: tuple[Any, ...], kind: Any, check: str, what: str) -> None:
        known = sorted(kind.waivers)
        if check not in known:
            listed = f"the checks it cannot meet are {one_of(known)}" if known else "its templates meet every check"
            self.errors.append(self.document.error(
                path + ("control",), f"'{check}' is not a scanner check {what} cannot meet"
                                     f"{suggest(check, known)}; {listed}"))

    def _rule_exists(self, path: tuple[Any, ...], rule_id: str) -> None:
        known = {rule.id: rule for rule in rules()}
        if rule_id not in known:
            self.errors.append(self.document.error(path, f"unknown rule '{rule_id}'{suggest(rule_id, list(known))}; "
                                                         f"rules are {one_of(list(known))}"))
        elif not known[rule_id].may_be_waived:
            self.errors.append(self.document.error(path, (
                f"rule {rule_id} cannot be waived: it stops what CloudFormation or AWS would refuse, so the "
                f"deploy would fail instead; remove this exception and fix what {rule_id} reports")))
