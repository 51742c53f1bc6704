"""The Kinds reference, generated from the registry: settings (from the JSON Schema), controls, relations."""

from __future__ import annotations

import json
from typing import Any

from archgen.docs import site
from archgen.docs.markdown import code, heading, join_lines, table
from archgen.docs.site import Page
from archgen.graph import SystemGraph
from archgen.kinds import Kind, Registry
from archgen.schema import LAYERS

PATH = site.KINDS
_BOUNDS = (("minimum", "≥ {}"), ("exclusiveMinimum", "> {}"), ("maximum", "≤ {}"), ("exclusiveMaximum", "< {}"),
           ("minLength", "at least {} character(s)"), ("maxLength", "at most {} character(s)"),
           ("minItems", "at least {} item(s)"), ("maxItems", "at most {} item(s)"))


def kinds_page(graph: SystemGraph) -> Page:
    kinds = sorted(graph.registry, key=lambda k: (LAYERS.index(k.layer), k.name))
    rows = [[f"[{k.title}](#{site.kind_anchor(k.name)})", code(k.name), site.layer_title(k.layer), k.summary]
            for k in kinds]
    blocks = [heading(1, "Kinds reference"),
              ["Every kind of component the model may use, read from the kind registry: the settings it "
               "takes (with defaults and bounds, from the typed model's JSON Schema), the security controls "
               "it turns on by default, and the relations it may start with what each becomes.", ""],
              table(["Kind", "Name in the model", "Layer", "What it is"], rows)]
    blocks += [_kind_section(graph, kind) for kind in kinds]
    return Page(PATH, "Kinds", join_lines(blocks))


def _kind_section(graph: SystemGraph, kind: Kind) -> list[str]:
    users = [c for c in graph.components.values() if c.kind == kind.name]
    used = ", ".join(site.component_link(PATH, graph, c.id) for c in users)
    lines = [*heading(2, kind.title, site.kind_anchor(kind.name)), kind.summary, "",
             f"**In the model:** `kind: {kind.name}` · **Default layer:** {site.layer_title(kind.layer)} · "
             f"**Used by:** {used or 'no component of this model'}", ""]
    kinds = graph.registry  # the rest is the kind's alone: made once per process, however many models
    return lines + kinds.memo(("kind section", kind.name), lambda: [
        *_settings(kind), *_controls(kind), *_allows(kinds, kind), *_notes(kind), *_example(kind)])


def _notes(kind: Kind) -> list[str]:
    """What a kind decides for the user and what the local AWS cannot show, in its own words (`notes`)."""
    notes = getattr(kind, "notes", ())
    if not notes:
        return []
    return [*heading(3, "Notes"), *(line for note in notes for line in (f"- {note}",)), ""]


def _example(kind: Kind) -> list[str]:
    """A kind whose use is best shown (the escape hatch for services the catalogue lacks) carries an example."""
    text = getattr(kind, "example", None)
    if not text:
        return []
    return [*heading(3, "Example"), "```yaml", "components:", text.format(id="my-service", label="My service"),
            "```", ""]


def settings_schema(kind: Kind) -> tuple[dict[str, Any], bool]:
    """The JSON Schema of the kind's settings, and whether `settings:` must be given."""
    schema = kind.component.model_json_schema(by_alias=True)
    field = schema.get("properties", {}).get("settings")
    if field is None:
        return {}, False
    return _resolve(field, schema.get("$defs", {})), "settings" in schema.get("required", [])


def _settings(kind: Kind) -> list[str]:
    schema, required = settings_schema(kind)
    properties = schema.get("properties", {})
    if not properties:
        return [*heading(3, "Settings"), "None: this kind has nothing to configure.", ""]
    needed = set(schema.get("required", []))
    rows = [[code(name), _type(prop), "**required**" if name in needed else _default(prop.get("default")),
             _bounds(prop), prop.get("description", "")]
            for name, prop in properties.items()]
    note = ["`settings:` is required for this kind.", ""] if required else []
    return [*heading(3, "Settings"), *note, *table(["Setting", "Type", "Default", "Allowed", "Description"], rows)]


def _controls(kind: Kind) -> list[str]:
    if not kind.controls:
        return []
    rows = [[code(control), text] for control, text in kind.controls.items()]
    return [*heading(3, "Security controls (on by default)"), *table(["Control", "What it does"], rows)]


def _allows(kinds: Registry, kind: Kind) -> list[str]:
    """The meanings the kind takes part in, as a source and as a target, with the kinds on the other side."""
    rows = []
    for role, sides in (("source", kind.offers), ("target", kind.accepts)):
        for side in sides:
            others = [other for other in kinds if (
                other.accepted(side.meaning, kind.name) and side.admits(other.name) if role == "source"
                else other.offered(side.meaning, kind.name) and side.admits(other.name))]
            names = ", ".join(f"[{other.title}](#{site.kind_anchor(other.name)})" for other in others) or "—"
            fields = ", ".join([*(f"{code(f)} (required)" for f in side.requires), *(code(f) for f in side.allows)])
            rows.append([side.meaning, role, names, side.becomes or "—", fields or "—"])
    if not rows:
        return [*heading(3, "Relations"), "None: it takes part in no relation.", ""]
    return [*heading(3, "Relations"),
            *table(["Meaning", "As", "With", "What its side becomes", "Relation fields"], rows)]


def _resolve(schema: dict[str, Any], defs: dict[str, Any]) -> dict[str, Any]:
    ref = schema.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/$defs/"):
        return defs.get(ref.removeprefix("#/$defs/"), {})
    return schema


def _type(prop: dict[str, Any]) -> str:
    if "anyOf" in prop:
        return " or ".join(_type(option) for option in prop["anyOf"])
    kind = prop.get("type")
    if kind == "array":
        return f"list of {_type(prop.get('items', {}))}"
    if kind == "object":
        return "mapping"
    return {"string": "text", "integer": "integer", "number": "number", "boolean": "yes/no",
            "null": "none"}.get(str(kind), "any")


def _default(value: Any) -> str:
    if value is None:
        return "none"
    if isinstance(value, list):
        return "<br>".join(code(str(v)) for v in value) or "empty list"
    return code(json.dumps(value) if isinstance(value, bool) else str(value))


def _bounds(prop: dict[str, Any]) -> str:
    parts = [template.format(prop[key]) for key, template in _BOUNDS if key in prop]
    for where in (prop, prop.get("items", {}), *prop.get("anyOf", [])):
        if "enum" in where:
            parts.append("one of " + ", ".join(code(str(v)) for v in where["enum"]))
        if "pattern" in where:
            parts.append(f"matches {code(where['pattern'])}")
    return "<br>".join(dict.fromkeys(parts)) or "—"
