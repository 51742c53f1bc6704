"""Render: each renderer reads the graph and returns its outputs as {relative path: bytes}.

Renderers never read YAML and never write files; `write` does that for all of them.
They are listed here, in the order they run, so the pipeline needs no discovery.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Mapping, Protocol

from archgen.write import Outputs

if TYPE_CHECKING:  # the no-op run reads RENDERERS before any model is loaded: no pydantic for it
    from archgen.graph import SystemGraph


@dataclass(frozen=True)
class RenderContext:
    root: Path          # the project folder the outputs are relative to
    model_dir: str      # the model folder, relative to root (e.g. "model")
    previous: Callable[[str], bytes | None]  # last run's bytes of an output, if intact on disk
    # what the renderers before this one produced in this run (the docs copy the diagrams' PNGs)
    earlier: Mapping[str, bytes] = field(default_factory=dict)
    # what renderers derived in this run and later ones may reuse instead of parsing bytes again
    # (the docs read the templates renderer's dicts: re-reading 6 MB of YAML cost seconds)
    derived: dict[str, Any] = field(default_factory=dict)


class Renderer(Protocol):
    """Optional class attributes the pipeline reads: `background = True` for a renderer that mostly waits
    on other processes (run on a thread while the next ones run), `reads` for the names of the renderers
    whose outputs of this run it reads from `earlier` (it starts once they are done), and a method
    `reuse_key()` for one that reuses last run's outputs (`context.previous`): the fingerprint of the code
    that made them, so that outputs of older code are never reused."""

    name: str

    def render(self, graph: SystemGraph, context: RenderContext) -> Outputs: ...


# (name, module, class) in the order they run; the docs come last: they show the diagrams and templates
# made before them in the same run. Only the selected ones are imported: `synth` never loads `diagrams`,
# Graphviz's bindings or the docs renderer.
RENDERERS = (
    ("schema", "archgen.render.schema_renderer", "SchemaRenderer"),
    ("diagrams", "archgen.render.diagrams_renderer", "DiagramRenderer"),
    ("templates", "archgen.render.templates_renderer", "TemplatesRenderer"),
    ("docs", "archgen.docs.renderer", "DocsRenderer"),
)


def renderers(only: set[str] | None = None) -> list[Renderer]:
    """The renderers named in `only` (every one when None), each module imported only when selected."""
    selected = [(module, cls) for name, module, cls in RENDERERS if only is None or name in only]
    return [getattr(importlib.import_module(module), cls)() for module, cls in selected]
