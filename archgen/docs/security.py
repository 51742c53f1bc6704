"""The Security page: the defaults on every component, the exceptions with their reasons, the edge protections."""

from __future__ import annotations

from archgen import escape
from archgen.docs import facts, site
from archgen.docs.components import grants
from archgen.docs.figures import Drawing, figure, front_matter, page_width_hide
from archgen.docs.markdown import admonition, code, heading, join_lines, link, table
from archgen.docs.site import Page, component_link
from archgen.graph import SystemGraph
from archgen.routes import PUBLIC_RULE, guard_of, public_routes
from archgen.schema import CHECK_ID

PATH = site.SECURITY
EDGE_LAYER = "edge"  # the layer the issue names: what stands between the internet and the application


def security_page(graph: SystemGraph, drawings: dict[str, Drawing]) -> Page:
    controls = {cid: graph.controls(cid) for cid in graph.components}
    total = sum(len(found) for found in controls.values())
    off = sum(1 for found in controls.values() for control in found if not control.on)
    shown = [drawings[view.id] for view in site.security_views(graph) if view.id in drawings]
    blocks = [front_matter(page_width_hide(shown)), heading(1, "Security"),
              [f"Every kind of component switches its security controls on by default. Of the {total} controls "
               f"of this model, {total - off} are on and {off} {'is' if off == 1 else 'are'} off; a control is "
               "off only where the model says so, with the reason a reviewer reads below.", ""]]
    blocks += [figure(graph, PATH, drawing) for drawing in shown]
    blocks += [_exceptions(graph), _edge(graph), _protected_routes(graph), _protections(graph),
               _defaults(graph), _scanner_waivers(graph)]
    return Page(PATH, "Security", join_lines(blocks))


def _exceptions(graph: SystemGraph) -> list[str]:
    lines = heading(2, "Exceptions")
    # kind-wide exceptions name scanner checks only: they are listed with them, below
    exceptions = [e for e in graph.model.exceptions if e.component is not None and not CHECK_ID.match(e.control)]
    if not exceptions:
        return lines + admonition("success", "No exceptions", "Every default control is on.")
    for exception in exceptions:
        component = graph.components[str(exception.component)]
        text = graph.kind(component.id).controls.get(exception.control)
        if text is None:  # an architecture rule waived for this component
            lines += admonition("warning", f"{escape.markdown(component.label)}: rule {exception.control} is waived",
                                f"{escape.markdown(exception.reason)}\n\nSee the [rules]({link(PATH, site.RULES)}).")
            continue
        lines += admonition("warning", f"{escape.markdown(component.label)}: {exception.control} is off",
                            f"{escape.markdown(exception.reason)}\n\nThe default, *{escape.markdown(text)}*, is not applied to "
                            f"{component_link(PATH, graph, component.id)}.")
    return lines


def _scanner_waivers(graph: SystemGraph) -> list[str]:
    """The scanner checks the design does not follow, with the model's reason (rule E105 requires one),
    which is also the comment of each suppression in the templates."""
    rows = [[component_link(PATH, graph, cid), code(check), escape.markdown(graph.exception_reason(cid, check) or "")]
            for cid, component in graph.components.items()
            for check in graph.kind(cid).waived_checks(component, graph)]
    if not rows:
        return []
    return [*heading(2, "Scanner checks not followed by design"),
            "These checkov checks do not fit what the component is for. The model says why, in its "
            "`exceptions`, and each resource concerned carries that reason in its template's suppression.", "",
            *table(["Component", "Check", "Why (from the model)"], rows)]


def _edge(graph: SystemGraph) -> list[str]:
    members = graph.layers().get(EDGE_LAYER, [])
    rows = [[component_link(PATH, graph, r.source), component_link(PATH, graph, r.target), escape.markdown(r.label),
             grants(graph, r)]
            for c in members for r in graph.outgoing(c.id)]
    if not rows:
        return []
    return [*heading(2, "Edge protections"),
            f"What the [{site.layer_title(EDGE_LAYER)} layer]({link(PATH, site.layer_page(EDGE_LAYER))}) "
            "puts in front of the application, relation by relation:", "",
            *table(["From", "To", "Relation", "What it becomes"], rows)]


def _protected_routes(graph: SystemGraph) -> list[str]:
    """Every route served, and who checks its callers: the authorizer, or nobody with the model's reason."""
    rows = [[code(facts.served(graph, r, route)), component_link(PATH, graph, r.source),
             component_link(PATH, graph, r.target), _checked_by(graph, r.source, route)]
            for r in graph.relations for route in r.routes or ()]
    if not rows:
        return []
    return [*heading(2, "Routes and who checks their callers"),
            "Routes fail closed: an API that checks callers checks them on every route, except the routes the "
            f"model marks public (rule {PUBLIC_RULE}), each with its reason.", "",
            *table(["Route", "Served by", "Calls", "Caller checked by"], rows)]


def _checked_by(graph: SystemGraph, api: str, route: str) -> str:
    guard = guard_of(graph, api, route)
    if guard is not None:
        return component_link(PATH, graph, guard)
    settings_guards = getattr(graph.kind(api), "settings_guards", None)  # an issuer the settings name
    for guarded, checker, how in settings_guards(graph.components[api]) if callable(settings_guards) else ():
        if guarded == route:
            return f"{escape.markdown(checker)}: {escape.markdown(how)}"
    reason = public_routes(graph, api).get(route)
    if reason is not None:
        return f"**nobody: public** ({PUBLIC_RULE}): {escape.markdown(reason)}"
    return "**nobody**: the API checks no caller"


def _protections(graph: SystemGraph) -> list[str]:
    rows = []
    for component in graph.components.values():
        notes = graph.kind(component.id).annotations(component, graph)
        if notes:
            rows.append([component_link(PATH, graph, component.id), site.layer_title(str(component.layer)),
                         "<br>".join(escape.markdown(note) for note in notes)])
    if not rows:
        return []
    return [*heading(2, "Protections in place"), *table(["Component", "Layer", "Protections"], rows)]


def _defaults(graph: SystemGraph) -> list[str]:
    rows = [[component_link(PATH, graph, cid), code(control.id), escape.markdown(control.description),
             "on" if control.on else "**off**: see the exception above"]
            for cid in graph.components for control in graph.controls(cid)]
    without = [component_link(PATH, graph, cid) for cid in graph.components if not graph.controls(cid)]
    lines = [*heading(2, "Defaults per component"), *table(["Component", "Control", "What it does", "Status"], rows)]
    if without:
        lines += [f"Components whose kind has no security controls of its own: {', '.join(without)}.", ""]
    return lines
