"""What only a component's kind can check: the files its settings name (a function's handler in its code
folder), and settings no type can check (a CloudFormation resource's properties against its schema).
Each problem is an error at the setting's `file:line`, asked of the kind (`Kind.file_problems`,
`Kind.settings_problems`)."""

from __future__ import annotations

from pathlib import Path

from archgen.errors import ModelError
from archgen.kinds import Registry
from archgen.load import Document
from archgen.schema import ComponentBase, SystemInfo

DEFAULT_REGION = "us-east-1"  # when the system section has its own errors: the types of the first region

def check_kinds(document: Document, registry: Registry, model_dir: Path, system: SystemInfo | None,
                components: dict[str, ComponentBase], errors: list[ModelError]) -> None:
    region = system.region if system is not None else DEFAULT_REGION
    for component in components.values():
        kind = registry[component.kind]
        for path, message in kind.file_problems(component, model_dir) + kind.settings_problems(component, region):
            errors.append(document.error(path, message))
