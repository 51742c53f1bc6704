"""What only a component's kind can check: the files its settings name (inside the model folder, symlinks
resolved: `Kind.model_files`; a function's handler in its code folder), and settings no type can check
(a CloudFormation resource's properties against its schema). Each problem is an error at the setting's
`file:line`, asked of the kind (`Kind.file_problems`, `Kind.settings_problems`)."""

from __future__ import annotations

from pathlib import Path

from archgen.errors import ModelError
from archgen.inside import path_problem
from archgen.kinds import Registry
from archgen.load import Document
from archgen.schema import ComponentBase, SystemInfo

DEFAULT_REGION = "us-east-1"  # when the system section has its own errors: the types of the first region

def check_kinds(document: Document, registry: Registry, model_dir: Path, system: SystemInfo | None,
                components: dict[str, ComponentBase], errors: list[ModelError]) -> None:
    region = system.region if system is not None else DEFAULT_REGION
    for component in components.values():
        kind = registry[component.kind]
        refused = [(path, problem) for path, relative in kind.model_files(component)
                   if (problem := path_problem(model_dir, relative)) is not None]
        errors.extend(document.error(path, message) for path, message in refused)
        files = [] if refused else kind.file_problems(component, model_dir)  # never read what is refused
        for path, message in files + kind.settings_problems(component, region):
            errors.append(document.error(path, message))
