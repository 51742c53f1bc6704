"""E122: a direct integration's mapping templates are files inside the model folder."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Iterator

from archgen.rules._base import Finding, Rule

if TYPE_CHECKING:
    from archgen.graph import SystemGraph


class MappingTemplateMissing(Rule):
    id = "E122"
    shortdesc = "Mapping template missing or outside the model folder"
    description = ("The `request_template` and `response_template` of a relation (an API's direct integration "
                   "with a service) name `.vtl` files inside the model folder, which the templates embed: UTF-8 "
                   "text, at most 300 KB.")

    def check(self, graph: SystemGraph) -> Iterator[Finding]:
        folder = model_folder(graph)
        for relation in graph.relations:
            for field in ("request_template", "response_template"):
                name = getattr(relation, field)
                if name is None:
                    continue
                path = (folder / name).resolve()
                if not path.is_relative_to(folder):
                    yield Finding(("relations", relation.index, field),
                                  f"'{name}' leaves the model folder: name a file inside it")
                elif not path.is_file():
                    yield Finding(("relations", relation.index, field), (
                        f"'{name}' is not in the model folder: write the mapping template there "
                        f"({graph.model.folder}/{name})"))
                else:
                    problem = template_problem(path)
                    if problem is not None:
                        yield Finding(("relations", relation.index, field), f"'{name}' {problem}")


MAX_BYTES = 300 * 1024  # API Gateway's limit on a mapping template


def template_problem(path: Path) -> str | None:
    """What makes a mapping template file unusable: too large for API Gateway, or not UTF-8 text."""
    if path.stat().st_size > MAX_BYTES:
        return f"is larger than API Gateway's {MAX_BYTES // 1024} KB for a mapping template: split the call"
    try:
        path.read_text("utf-8")
    except UnicodeDecodeError:
        return "is not UTF-8 text: save the mapping template as UTF-8"
    return None


def model_folder(graph: SystemGraph) -> Path:
    return (Path(graph.model.root) / graph.model.folder).resolve()


RULE = MappingTemplateMissing
