"""The Deployment page: the stacks of `deploy/manifest.json` in order, and what each template holds.

It reads the templates renderer's outputs of the same run (never files on disk), so the page
and `deploy/` always agree. Without a manifest the page says so plainly and the build goes on.
Template text (descriptions) holds model text: it is escaped like any.
"""

from __future__ import annotations

import json
from typing import Any, Mapping

import yaml

from archgen import escape
from archgen.docs import site
from archgen.docs.deployed import marker
from archgen.docs.markdown import admonition, code, heading, join_lines, slug, table
from archgen.docs.site import Page, component_link
from archgen.graph import SystemGraph

PATH = site.DEPLOYMENT
MANIFEST = "deploy/manifest.json"


class _TemplateLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """Safe, libyaml-fast when there, and short-form intrinsics (`!Ref X`) read as nothing: the page
    lists what a template declares, it resolves no values."""


_TemplateLoader.add_multi_constructor("!", lambda loader, suffix, node: None)


def manifest_stacks(outputs: Mapping[str, bytes]) -> list[dict[str, Any]]:
    """The stacks of this run's deploy manifest, in deploy order (none when no templates were made)."""
    raw = outputs.get(MANIFEST)
    manifest = json.loads(raw) if raw is not None else None
    if not isinstance(manifest, dict):
        return []
    return sorted(manifest.get("stacks") or [], key=lambda s: s.get("order", 0))


def templates(outputs: Mapping[str, bytes], parsed: Mapping[str, dict[str, Any]] | None) -> dict[str, dict[str, Any]]:
    """Each stack's template as a dict: the templates renderer's own, else read from its bytes."""
    found = dict(parsed or {})
    for stack in manifest_stacks(outputs):
        path = str(stack.get("template", ""))
        if path not in found:
            found[path] = _template(outputs.get(path))
    return found


def deployment_page(graph: SystemGraph, outputs: Mapping[str, bytes],
                    parsed: Mapping[str, dict[str, Any]] | None = None) -> Page:
    """`parsed`: the templates as dicts, when the templates renderer left them (else read from `outputs`)."""
    blocks = [heading(1, "Deployment")]
    raw = outputs.get(MANIFEST)
    manifest = json.loads(raw) if raw is not None else None
    if not isinstance(manifest, dict) or not manifest.get("stacks"):
        blocks.append(admonition("info", "No templates yet",
                                 f"This run produced no `{MANIFEST}` with stacks: the CloudFormation templates "
                                 "are not generated, so there is nothing to deploy yet."))
        return Page(PATH, "Deployment", join_lines(blocks))
    stacks = sorted(manifest["stacks"], key=lambda s: s.get("order", 0))
    blocks += [_summary(graph, manifest, stacks), _how_to(), heading(2, "Outputs of the last deploy"),
               [marker("all"), ""],
               *(_stack(graph, s, outputs, parsed or {}) for s in stacks)]
    return Page(PATH, "Deployment", join_lines(blocks))


def _anchor(name: str) -> str:
    return f"stack-{slug(name)}"


def _stack_link(name: str) -> str:
    return f"[{name}](#{_anchor(name)})"


def _summary(graph: SystemGraph, manifest: dict[str, Any], stacks: list[dict[str, Any]]) -> list[str]:
    system = manifest.get("system", graph.system.name)
    environment = manifest.get("environment", graph.system.environment)
    rows = [[str(s.get("order", "")), _stack_link(s["name"]), code(s.get("stack_name", s["name"])),
             s.get("region", ""), ", ".join(_stack_link(d) for d in s.get("depends_on", [])) or "—",
             code(s.get("template", ""))] for s in stacks]
    return [f"{len(stacks)} CloudFormation stacks for {code(system)} ({code(environment)}), generated from the "
            f"model into `deploy/`, in the order they deploy. `{MANIFEST}` gives each stack's region, its "
            "order, and which stack's outputs feed its parameters.", "",
            *heading(2, "Stacks in order"),
            *table(["#", "Stack", "CloudFormation name", "Region", "Depends on", "Template"], rows)]


def _how_to() -> list[str]:
    return [*heading(2, "How to deploy"),
            "Each stack deploys in the order above, in its own region, through a change set that is shown "
            "before it runs; each stack's outputs fill the parameters of the stacks after it.", "",
            "```bash",
            "python generate.py diff       # what a deploy would change, per stack; deploy/diff/ has the picture",
            "python generate.py deploy     # every stack in order (--yes, --stack NAME, --profile, --region)",
            "python generate.py destroy    # every stack, in reverse order",
            "make deploy-local             # all of it on moto's server on 127.0.0.1: no AWS account needed",
            "```", ""]


def _stack(graph: SystemGraph, stack: dict[str, Any], outputs: Mapping[str, bytes],
           parsed: Mapping[str, dict[str, Any]]) -> list[str]:
    name = stack["name"]
    path = stack.get("template", "")
    template = parsed[path] if path in parsed else _template(outputs.get(path))
    lines = [*heading(2, f"Stack {name}", _anchor(name))]
    if template.get("Description"):
        lines += [escape.markdown(template["Description"]), ""]
    lines += [f"**Order:** {stack.get('order', '?')} · **Region:** {stack.get('region', '?')} · "
              f"**Template:** {code(stack.get('template', '?'))}", ""]
    lines += _parameters(graph, stack, template)
    lines += _outputs(template, stack)
    return lines + _resources(graph, template)


def _template(data: bytes | None) -> dict[str, Any]:
    if data is None:
        return {}
    loaded = yaml.load(data, Loader=_TemplateLoader)  # noqa: S506 - a SafeLoader subclass
    return loaded if isinstance(loaded, dict) else {}


def _parameters(graph: SystemGraph, stack: dict[str, Any], template: dict[str, Any]) -> list[str]:
    declared = template.get("Parameters") or {}
    sources = stack.get("parameters") or {}
    names = list(dict.fromkeys([*sources, *declared]))
    if not names:
        return []
    rows = [[code(n), str((declared.get(n) or {}).get("Type", "")), _source(graph, sources.get(n)),
             escape.markdown((declared.get(n) or {}).get("Description", ""))] for n in names]
    return [*heading(3, "Parameters"), *table(["Parameter", "Type", "Value from", "Description"], rows)]


def _source(graph: SystemGraph, source: Any) -> str:
    if not isinstance(source, dict):
        return "—"
    if "stack" in source:
        return f"output {code(str(source.get('output', '')))} of stack {_stack_link(str(source['stack']))}"
    given = source.get("input", source)
    if not isinstance(given, dict):
        return f"deploy input {code(str(given))}"
    parts = []
    for key, value in given.items():
        if key == "component" and value in graph.components:
            parts.append(f"component {component_link(PATH, graph, value)}")
        elif key != "from":
            parts.append(f"{key} {code(str(value))}")
    origin = str(given.get("from", "deploy"))
    text = "given at deploy time" + (f": {code(origin)}" if origin != "deploy" else "")
    return text + (f" ({', '.join(parts)})" if parts else "")


def _outputs(template: dict[str, Any], stack: dict[str, Any]) -> list[str]:
    declared = template.get("Outputs") or {}
    names = list(dict.fromkeys([*stack.get("outputs", []), *declared]))
    if not names:
        return []
    rows = [[code(n), escape.markdown((declared.get(n) or {}).get("Description", ""))] for n in names]
    return [*heading(3, "Outputs"), *table(["Output", "Description"], rows)]


def _resources(graph: SystemGraph, template: dict[str, Any]) -> list[str]:
    resources = template.get("Resources") or {}
    if not resources:
        return []
    rows = [[code(logical), code(str(body.get("Type", ""))), _origin(graph, body.get("Metadata") or {})]
            for logical, body in resources.items() if isinstance(body, dict)]
    return [*heading(3, f"Resources ({len(rows)})"), *table(["Logical id", "Type", "From the model"], rows)]


def _origin(graph: SystemGraph, metadata: dict[str, Any]) -> str:
    """The component (and relation) a resource comes from, as its Metadata says."""
    origin = metadata.get("archgen") or {}
    parts = []
    component = origin.get("component")
    if component in graph.components:
        parts.append(component_link(PATH, graph, component))
    if origin.get("relation"):
        parts.append(f"relation {code(str(origin['relation']))}")
    return ", ".join(parts) or "—"
