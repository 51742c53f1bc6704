"""Golden fragments: per kind, the resources the small model's component of that kind becomes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from archgen.render.cloudformation.emit import template_yaml

FIXTURES = Path(__file__).resolve().parent / "fixtures"
MODEL = FIXTURES / "model" / "system.yaml"


def fragments(templates: dict[str, dict[str, Any]], graph: Any) -> dict[str, bytes]:
    """kind name -> YAML of every resource (by stack) whose Metadata names a component of that kind."""
    found: dict[str, dict[str, dict[str, Any]]] = {}
    for stack, template in templates.items():
        for lid, resource in template.get("Resources", {}).items():
            kind = graph.components[resource["Metadata"]["archgen"]["component"]].kind
            found.setdefault(kind, {}).setdefault(stack, {})[lid] = resource
    return {kind: template_yaml(stacks) for kind, stacks in sorted(found.items())}
