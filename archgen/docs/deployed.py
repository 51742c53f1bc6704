"""What each component deploys, read from the templates of the same run, and what the last deploy
of this machine left (its outputs' values), shown on the pages at build time.

The templates' resources carry their origin (`Metadata.archgen.component`); an output belongs to
the component whose resources its value references, else to the component its name starts with
(`ItemsFnName` -> `items-fn`). The values of the last deploy are this machine's state, not the
model's: generated pages hold a marker, and the mkdocs plugin fills it in when the site is built.
"""

from __future__ import annotations

import re
from functools import cache
from dataclasses import dataclass, field
from typing import Any, Mapping

from archgen import escape
from archgen.docs.markdown import code, join_lines, table
from archgen.graph import SystemGraph

MARKER = re.compile(r"<!-- archgen: deployed (?P<what>[a-z]+)(?: (?P<wanted>[A-Za-z0-9:,_.-]+))? -->")
_SUB_NAME = re.compile(r"\$\{([A-Za-z0-9]+)(?:\.[A-Za-z0-9.]+)?\}")


@dataclass(frozen=True)
class Output:
    stack: str
    name: str
    description: str


@dataclass
class Deployed:
    """component id -> its stacks (with regions), resources (stack, logical id, type) and outputs."""

    stacks: dict[str, dict[str, str]] = field(default_factory=dict)
    resources: dict[str, list[tuple[str, str, str]]] = field(default_factory=dict)
    outputs: dict[str, list[Output]] = field(default_factory=dict)


@cache
def pascal(component_id: str) -> str:
    return "".join(word.title() for word in component_id.split("-"))


def index(graph: SystemGraph, stacks: list[dict[str, Any]], templates: Mapping[str, dict[str, Any]]) -> Deployed:
    found = Deployed()
    for stack in stacks:
        name, template = str(stack.get("name", "")), templates.get(str(stack.get("template", ""))) or {}
        owners: dict[str, str] = {}
        for logical, body in (template.get("Resources") or {}).items():
            origin = ((body.get("Metadata") or {}).get("archgen") or {}) if isinstance(body, dict) else {}
            component = origin.get("component")
            if component in graph.components:
                owners[logical] = component
                found.stacks.setdefault(component, {})[name] = str(stack.get("region", ""))
                found.resources.setdefault(component, []).append((name, logical, str(body.get("Type", ""))))
        for output, body in (template.get("Outputs") or {}).items():
            owner = _owner(graph, output, body, owners)
            if owner is not None:
                description = str((body or {}).get("Description", "")) if isinstance(body, dict) else ""
                found.outputs.setdefault(owner, []).append(Output(name, str(output), description))
    return found


def _owner(graph: SystemGraph, output: str, body: Any, owners: dict[str, str]) -> str | None:
    referenced = [owners[name] for name in _references(body.get("Value") if isinstance(body, dict) else None)
                  if name in owners]
    if referenced:
        return referenced[0]
    # the component whose PascalCase id is the longest prefix of the output's name (owners hold only components)
    by_name = graph.memo(("components by pascal name",), lambda: {pascal(c): c for c in graph.components})
    lengths = graph.memo(("pascal name lengths",), lambda: sorted({len(name) for name in by_name}, reverse=True))
    return next((by_name[output[:n]] for n in lengths if n <= len(output) and output[:n] in by_name), None)


def _references(value: Any) -> list[str]:
    """The logical ids a CloudFormation value refers to (Ref, GetAtt, Sub), in order."""
    if isinstance(value, dict):
        names: list[str] = []
        for key, inner in value.items():
            if key == "Ref" and isinstance(inner, str):
                names.append(inner)
            elif key == "Fn::GetAtt":
                names.append(str(inner[0] if isinstance(inner, list) else str(inner).split(".")[0]))
            elif key == "Fn::Sub":
                text = inner[0] if isinstance(inner, list) else inner
                names += _SUB_NAME.findall(str(text))
            else:
                names += _references(inner)
        return names
    if isinstance(value, list):
        return [name for item in value for name in _references(item)]
    return []


def marker(what: str, wanted: list[tuple[str, str]] | None = None) -> str:
    """The placeholder a page holds for the last deploy's values (`stack:Output` pairs when given)."""
    pairs = ",".join(f"{stack}:{name}" for stack, name in wanted or [])
    return f"<!-- archgen: deployed {what}{' ' + pairs if pairs else ''} -->"


def value_cell(value: str) -> str:
    """A deployed value: a link when it is a plain http(s) URL, else code."""
    url = escape.link_url(value)
    return f"[{escape.markdown(url)}]({url})" if url else code(value)


def fill(markdown: str, outputs: dict[str, dict[str, str]], when: str | None, source: str) -> str:
    """The page with each marker replaced by the values of the last deploy (or by a note that there is none)."""
    def replace(match: re.Match[str]) -> str:
        what, wanted = match["what"], match["wanted"]
        pairs = [tuple(item.split(":", 1)) for item in wanted.split(",")] if wanted else None
        return render(what, outputs, when, source, pairs)  # type: ignore[arg-type]
    return MARKER.sub(replace, markdown)


def render(what: str, outputs: dict[str, dict[str, str]], when: str | None, source: str,
           pairs: list[tuple[str, str]] | None) -> str:
    rows = [(stack, name, value) for stack, values in sorted(outputs.items()) for name, value in sorted(values.items())
            if pairs is None or (stack, name) in pairs]
    if what == "urls":
        rows = [row for row in rows if escape.link_url(row[2])]
    stamp = f" on {escape.markdown(when)}" if when else ""
    if not rows:
        if what == "all":
            return (f"No deploy recorded here yet: `python generate.py deploy` saves each stack's outputs in "
                    f"`{source}`, and the site shows them.\n")
        return "Not deployed from this machine yet (`python generate.py deploy`).\n" if what == "component" else ""
    if what == "urls":
        lines = [f"Deployed{stamp}: " + ", ".join(f"{value_cell(value)} ({code(name)})" for _, name, value in rows),
                 ""]
        return join_lines([lines])
    note = [f"As the last `python generate.py deploy` from this machine saved them{stamp} (`{source}`).", ""]
    return join_lines([note, table(["Stack", "Output", "Value"],
                                   [[code(stack), code(name), value_cell(value)] for stack, name, value in rows])])
