"""What the build and the pipeline share: the zip artifacts of the functions' code, and the checks run."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from archgen.graph import SystemGraph

CHECKED = "Checked"  # the build's artifact with the checked templates (deploy/*.yaml)
CODE_SUFFIX = "Code"
# This product's own checks: the build fails if the outputs are stale, a template lints dirty, or a test fails.
CHECKS = ("make setup", ".venv/bin/python generate.py --check", ".venv/bin/cfn-lint deploy/*.yaml", "make test")


def pascal(text: str) -> str:
    return "".join(word[:1].upper() + word[1:] for word in re.split(r"[^A-Za-z0-9]+", text) if word)


def code_artifacts(graph: SystemGraph) -> list[tuple[str, str, str]]:
    """(artifact name, component id, code folder relative to the model) of every component with code."""
    found = []
    for component_id, component in graph.components.items():
        source = getattr(component.settings, "source", None)
        if isinstance(source, str):
            found.append((pascal(component_id) + CODE_SUFFIX, component_id, source))
    return found


def buildspec(graph: SystemGraph, model_dir: str) -> str:
    """The build: run the checks, then hand the templates and each function's folder on as artifacts."""
    lines = ["version: 0.2", "phases:", "  build:", "    commands:"]
    lines += [f"      - {command}" for command in CHECKS]
    lines += ["artifacts:", "  files:", "    - deploy/**/*", "  secondary-artifacts:",
              f"    {CHECKED}:", "      files:", "        - deploy/**/*"]
    for artifact, _, source in code_artifacts(graph):
        lines += [f"    {artifact}:", f"      base-directory: {model_dir}/{source}", "      files:", "        - '**/*'"]
    return "\n".join(lines) + "\n"


def deploy_parameter(graph: SystemGraph, name: str, spec: dict[str, Any]) -> Any:
    """How a deploy action fills one parameter: another stack's output, the build's zip, or a pass-through."""
    if "stack" in spec:
        return {"Fn::GetParam": [pascal(spec["stack"]) + "Outputs", "outputs.json", spec["output"]]}
    source = spec["input"]
    if source.get("from") == "code-key":
        return {"Fn::GetArtifactAtt": [pascal(source["component"]) + CODE_SUFFIX, "ObjectKey"]}
    if source.get("from") == "code-bucket":
        return {"Fn::GetArtifactAtt": [code_artifacts(graph)[0][0], "BucketName"]}
    return "${" + name + "}"
