"""Audit: the outputs as they are on disk, checked against the validated model.

Three legs, one module each: `diagrams` (diagrams/*.dot: every relation drawn where its views
say), `templates` (deploy/*.yaml and the manifest: every wiring realised, every resource from a
component), `docs` (docs/**/*.md and mkdocs.yml: every component and relation documented). Nothing
is rendered again: a renderer would only agree with itself. The audit passes with every
relation and component covered and no orphan (an output entry with no model origin).
"""

from __future__ import annotations

import time
from pathlib import Path

from archgen.audit import diagrams, docs, templates
from archgen.audit.report import Audit
from archgen.graph import SystemGraph
from archgen.validate import load_model

LEGS = (diagrams, templates, docs)  # the order of the report's columns: drawn, realised, documented


def run_audit(model: Path) -> Audit:
    """Audit the outputs beside `model` (a model folder or its system.yaml); raises ModelInvalid."""
    start = time.perf_counter()
    graph = SystemGraph(load_model(model))
    root = Path(graph.model.root)
    legs = []
    for leg_module in LEGS:
        began = time.perf_counter()
        leg = leg_module.check(graph, root)
        leg.seconds = time.perf_counter() - began
        legs.append(leg)
    return Audit(graph, legs, time.perf_counter() - start)
