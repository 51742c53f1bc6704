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
                   "with a service) name `.vtl` files inside the model folder, which the templates embed.")

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


def model_folder(graph: SystemGraph) -> Path:
    return (Path(graph.model.root) / graph.model.folder).resolve()


RULE = MappingTemplateMissing
