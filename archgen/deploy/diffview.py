"""The change a deploy would make, drawn: the architecture view with each component coloured by its change.

A resource names its component in `Metadata.archgen.component` (every template resource does),
so each change in a change set maps to a component; a component takes the strongest change of
its resources. Written with the text report to `deploy/diff/`.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from archgen.deploy.changes import ChangeSet
from archgen.deploy.runner import Plan
from archgen.graph import SystemGraph
from archgen.render.diagram import view_dot
from archgen.render.diagrams_renderer import draw
from archgen.write import atomic_write

DIFF_DIR = "deploy/diff"
# the strongest change wins: a component with one replaced resource shows as replaced
STATES = {"removed": ("#FFE3E3", "#C92A2A"), "replaced": ("#FFE8CC", "#D9480F"),
          "modified": ("#FFF3BF", "#E67700"), "added": ("#D3F9D8", "#2B8A3E")}
_RANK = list(STATES)


def component_states(graph: SystemGraph, plan: Plan) -> dict[str, str]:
    root = Path(graph.model.root)
    states: dict[str, str] = {}
    for change_set in plan.change_sets:
        owners = _owners(root / "deploy" / f"{change_set.stack}.yaml")
        for change in change_set.changes:
            component = owners.get(change.logical_id)
            if component is None:
                continue
            state = _state(change.action, change.replacement)
            if component not in states or _RANK.index(state) < _RANK.index(states[component]):
                states[component] = state
    return states


def _state(action: str, replacement: str) -> str:
    if action == "Remove":
        return "removed"
    if action == "Add":
        return "added"
    return "replaced" if replacement == "True" else "modified"


def _owners(template: Path) -> dict[str, str]:
    try:
        resources = yaml.safe_load(template.read_text("utf-8")).get("Resources", {})
    except OSError:
        return {}
    return {name: body.get("Metadata", {}).get("archgen", {}).get("component", "")
            for name, body in resources.items()}


def coloured_dot(dot: str, states: dict[str, str]) -> str:
    """The view's DOT with its changed components restyled (DOT merges a node's repeated attributes)."""
    lines = [f'\t"{component}" [style="filled,rounded" fillcolor="{fill}" color="{line}" penwidth=3 '
             f'xlabel="{state}" fontcolor="{line}"]'
             for component, state in sorted(states.items()) for fill, line in [STATES[state]]]
    body, closing = dot.rstrip().rsplit("}", 1)
    legend = " · ".join(f"{name}" for name in STATES)
    # nodes first: the arrows end on the icons, inside the boxes the fill would otherwise paint over them
    return (body + "\n".join(lines) + f'\n\tlabel="Deploy diff ({legend})"\n\toutputorder=nodesfirst\n}}'
            + closing + "\n")


def report(plan: Plan, states: dict[str, str]) -> str:
    lines = ["# What a deploy would change", ""]
    for change_set in plan.change_sets:
        lines += _stack_lines(change_set)
    lines += ["## Components", ""]
    lines += [f"- {component}: {state}" for component, state in sorted(states.items())] or ["- none changed"]
    return "\n".join(lines) + "\n"


def _stack_lines(change_set: ChangeSet) -> list[str]:
    head = f"## {change_set.stack} ({change_set.kind.lower()})"
    if change_set.empty:
        return [head, "", "No changes.", ""]
    rows = [f"| {c.action} | {c.logical_id} | {c.resource_type} | {c.replacement} | "
            f"{'<br>'.join(_cell(p.text()) for p in c.properties)} |" for c in change_set.changes]
    lines = [head, "", "| action | resource | type | replacement | properties |", "| --- | --- | --- | --- | --- |",
             *rows, ""]
    replaced = change_set.replaced()
    if replaced:
        lines += [f"Will replace: {', '.join(f'{c.logical_id} ({c.replacement})' for c in replaced)}.", ""]
    return lines


def _cell(text: str) -> str:
    """A value from the change set inside a Markdown table cell: no pipes, no HTML."""
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;")


def write_diff(graph: SystemGraph, plan: Plan) -> list[str]:
    from archgen.environments import deploy_dir

    folder = f"{deploy_dir(graph)}/diff"
    root = Path(graph.model.root)
    states = {c: s for c, s in component_states(graph, plan).items() if c in graph.components}
    view = graph.views.get("architecture") or next(iter(graph.views.values()))
    dot = coloured_dot(view_dot(graph, view), states)
    png, svg = draw(dot.encode())
    written = {f"{folder}/report.md": report(plan, states).encode(), f"{folder}/{view.id}.png": png,
               f"{folder}/{view.id}.svg": svg}
    for path, data in written.items():
        atomic_write(root / path, data)
    return list(written)
