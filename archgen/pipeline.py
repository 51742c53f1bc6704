"""The pipeline: load -> validate -> graph -> render -> write, each phase timed."""

from __future__ import annotations

import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Iterator

from archgen.fingerprint import inputs_fingerprint
from archgen.paths import model_paths
from archgen.write import Manifest, Outputs, WriteReport, owned_folders, stale_outputs, write_outputs

if TYPE_CHECKING:
    from archgen.graph import SystemGraph
    from archgen.render import Renderer


@dataclass
class Timings:
    phases: dict[str, float] = field(default_factory=dict)

    @contextmanager
    def phase(self, name: str) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            self.phases[name] = self.phases.get(name, 0.0) + time.perf_counter() - start

    def summary(self) -> str:
        return ", ".join(f"{name} {seconds * 1000:.0f} ms" for name, seconds in self.phases.items())


@dataclass
class RunResult:
    timings: Timings
    report: WriteReport | None = None
    stale: list[str] = field(default_factory=list)
    warnings: list[object] = field(default_factory=list)


def build_graph(model: Path, timings: Timings) -> SystemGraph:
    # Imported here, not at the top: a run with nothing to do stops at the fingerprint, before them.
    from archgen.graph import SystemGraph
    from archgen.validate import load_model

    with timings.phase("load+validate"):
        validated = load_model(model)
    with timings.phase("graph"):
        graph = validated.graph if validated.graph is not None else SystemGraph(validated)
        graph.views  # computed once here, shared by every renderer
    return graph


def run(model: Path, *, check: bool = False, only: set[str] | None = None) -> RunResult:
    """Generate every output (or those of the renderers named in `only`); `check` writes nothing."""
    timings = Timings()
    model_dir, _ = model_paths(model)
    with timings.phase("fingerprint"):
        inputs = inputs_fingerprint(model_dir) if model_dir.is_dir() else None
        manifest = Manifest.read(model_dir.parent)
        if inputs is not None and manifest.up_to_date(model_dir.parent, only, inputs):
            return RunResult(timings, report=None if check else WriteReport(unchanged=manifest.paths(only)))
    graph = build_graph(model, timings)
    root = graph.model.root
    produced: dict[str, Outputs] = {}
    earlier: Outputs = {}
    derived: dict[str, object] = {}
    from archgen.render import RenderContext

    for renderer in _selected(only):
        context = RenderContext(root, _relative(model_dir, root),
                                lambda path, name=renderer.name: manifest.previous(root, name, path),
                                MappingProxyType(dict(earlier)), derived)
        with timings.phase(f"render {renderer.name}"):
            produced[renderer.name] = renderer.render(graph, context)
        earlier.update(produced[renderer.name])
    result = RunResult(timings, warnings=list(graph.model.warnings))
    with timings.phase("check" if check else "write"):
        if check:
            result.stale = stale_outputs(root, produced, manifest, owned_folders(_relative(model_dir, root)))
        else:
            result.report = write_outputs(root, produced, manifest, inputs, owned_folders(_relative(model_dir, root)))
            result.warnings.extend(result.report.refused)
    return result


def _selected(only: set[str] | None) -> list[Renderer]:
    from archgen.render import renderers

    return renderers(only)


def _relative(model_dir: Path, root: Path) -> str:
    return model_dir.resolve().relative_to(root.resolve()).as_posix()
