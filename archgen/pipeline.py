"""The pipeline: load -> validate -> graph -> render -> write, each phase timed."""

from __future__ import annotations

import time
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Callable, Iterator

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
        if inputs is not None and manifest.up_to_date(model_dir.parent, only or _all_names(), inputs):
            return RunResult(timings, report=None if check else WriteReport(unchanged=manifest.paths(only)))
    graph = build_graph(model, timings)
    root = graph.model.root
    selected = _selected(only)
    keys = _reuse_keys(selected)
    produced = _render_all(graph, model_dir, manifest, selected, keys, timings)
    result = RunResult(timings, warnings=list(graph.model.warnings))
    with timings.phase("check" if check else "write"):
        if check:
            result.stale = stale_outputs(root, produced, manifest, owned_folders(_relative(model_dir, root)))
        else:
            result.report = write_outputs(root, produced, manifest, inputs, owned_folders(_relative(model_dir, root)),
                                          keys)
            result.warnings.extend(result.report.refused)
    return result


def _reuse_keys(selected: list[Renderer]) -> dict[str, str]:
    """The code fingerprint of each renderer that reuses last run's outputs (`reuse_key`)."""
    return {renderer.name: renderer.reuse_key() for renderer in selected if hasattr(renderer, "reuse_key")}


def _render_all(graph: SystemGraph, model_dir: Path, manifest: Manifest, selected: list[Renderer],
                keys: dict[str, str], timings: Timings) -> dict[str, Outputs]:
    """Every selected renderer's outputs. One that mostly waits on other processes (`background`: the
    diagrams, on Graphviz) runs on a thread while the next ones run; a renderer that reads another's
    outputs of this run (`reads`) starts once that one is done."""
    from archgen.render import RenderContext

    root = graph.model.root
    done: dict[str, Outputs] = {}
    earlier: Outputs = {}
    derived: dict[str, object] = {}
    pending: dict[str, Future[Outputs]] = {}

    def render(renderer: Renderer, context: RenderContext) -> Outputs:
        with timings.phase(f"render {renderer.name}"):
            return renderer.render(graph, context)

    def collect(name: str) -> None:
        done[name] = pending.pop(name).result()  # its exception, if it failed, is raised here
        earlier.update(done[name])

    with ThreadPoolExecutor(max_workers=1) as background:
        # the background ones first (a stable sort): their waiting overlaps everything after them
        for renderer in sorted(selected, key=lambda r: not getattr(r, "background", False)):
            for name in [name for name in pending if name in getattr(renderer, "reads", ())]:
                collect(name)
            context = RenderContext(root, _relative(model_dir, root), _previous(manifest, root, renderer, keys),
                                    MappingProxyType(dict(earlier)), derived)
            if getattr(renderer, "background", False):
                pending[renderer.name] = background.submit(render, renderer, context)
            else:
                done[renderer.name] = render(renderer, context)
                earlier.update(done[renderer.name])
        for name in list(pending):
            collect(name)
    return {renderer.name: done[renderer.name] for renderer in selected}  # in the renderers' order


def _previous(manifest: Manifest, root: Path, renderer: Renderer, keys: dict[str, str]
              ) -> Callable[[str], bytes | None]:
    """Last run's bytes of this renderer's outputs, or nothing when they were made by other code."""
    if not manifest.reusable(renderer.name, keys.get(renderer.name)):
        return lambda path: None
    return lambda path: manifest.previous(root, renderer.name, path)


def _all_names() -> set[str]:
    """Every renderer's name: a run of them all is up to date only if each ran last time (after a
    `synth`, the manifest records the templates alone, and the diagrams and docs are still to make)."""
    from archgen.render import RENDERERS

    return {name for name, _, _ in RENDERERS}


def _selected(only: set[str] | None) -> list[Renderer]:
    from archgen.render import renderers

    return renderers(only)


def _relative(model_dir: Path, root: Path) -> str:
    return model_dir.resolve().relative_to(root.resolve()).as_posix()
