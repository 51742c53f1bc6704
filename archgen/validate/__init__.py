"""Validate: the loaded documents become the typed `Model`, or every error is raised at once."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from archgen.errors import ModelError, ModelInvalid
from archgen.inside import is_inside
from archgen.kinds import Registry, registry
from archgen.load import Document, display_name, load_file
from archgen.paths import SYSTEM_FILE, WORKLOG_DIR, model_paths  # noqa: F401 (part of this module's API)
from archgen.schema import Model
from archgen.graph import DEFAULT_VIEW, SystemGraph
from archgen.validate import structure
from archgen.validate.kind_checks import check_kinds
from archgen.validate.rules import check_rules
from archgen.validate.references import References, declared_ids
from archgen.validate.generation import check_generation
from archgen.validate.routes import check_routes
from archgen.validate.worklog import load_worklog



def load_model(model: Path, kinds: Registry | None = None) -> Model:
    """Load and validate the model at `model`; raise ModelInvalid listing every problem."""
    kinds = kinds or registry()
    model_dir, system_file = model_paths(model)
    errors: list[ModelError] = []
    if not system_file.exists():
        raise ModelInvalid([ModelError(display_name(system_file), 1, 1, "", "no model here: create this file "
                                       "(copy one from examples/*/model/ to start), or name the model with --model")])
    document = load_document(system_file, errors, model_dir)
    parts = _check_system(document, kinds, errors) if document else None
    if parts is not None and document is not None:
        check_kinds(document, kinds, model_dir, parts["system"], parts["components"], errors)
    view_ids = parts["view_ids"] if parts else None
    worklog = load_worklog(model_dir / WORKLOG_DIR, view_ids, errors)
    if errors:
        raise ModelInvalid(errors)
    assert parts is not None and document is not None  # no errors means the system file loaded
    model = Model(root=model_dir.parent, system=parts["system"], components=parts["components"],
                  relations=parts["relations"], flows=parts["flows"], views=parts["views"],
                  exceptions=parts["exceptions"], weeks=worklog.primary(), folder=model_dir.name,
                  worklog=worklog)
    # The rules read the graph, so they run last, on a model that is otherwise sound.
    graph = SystemGraph(model, kinds)
    check_rules(document, graph, errors, model.warnings)
    if errors:
        raise ModelInvalid(errors)
    if kinds is registry():
        model.graph = graph  # rule E104 synthesised the templates on it: rendering reuses them
    return model


def _check_system(document: Document, kinds: Registry, errors: list[ModelError]) -> dict[str, Any]:
    data = structure.check_root(document, errors)
    parts: dict[str, Any] = {name: structure.check_section(document, data, name, errors)
                             for name in ("system", "relations", "flows", "views", "exceptions")}
    parts["components"] = structure.check_components(document, data, kinds, errors)
    references = References(document, kinds, parts["components"], errors)
    references.relations(parts["relations"] or [])
    if parts["relations"] is not None:
        references.flows(parts["flows"] or {})
    references.views(parts["views"] or {}, parts["flows"] or {})
    references.exceptions(parts["exceptions"] or [])
    if parts["relations"] is not None:
        check_routes(document, parts["relations"], parts["exceptions"] or [], errors)
    check_generation(document, kinds, parts, errors)
    # the views the graph will have: the declared ones, else the default one (worklog weeks may show it)
    parts["view_ids"] = declared_ids(document, "views") or {DEFAULT_VIEW}
    return parts


def load_document(path: Path, errors: list[ModelError], model_dir: Path) -> Document | None:
    """Load one file of the model folder, adding its errors to `errors` instead of stopping the run."""
    # A model file that is a symlink out (or under a symlinked folder) could point at any file of the
    # machine, the deployer's credentials too, and the parse errors would quote it: it is never read.
    if not is_inside(path, model_dir):
        errors.append(ModelError(display_name(path), 1, 1, "", "this file leads outside the model folder (it, or a "
                                 "folder holding it, is a symlink), so it is not read: replace the link with a copy"))
        return None
    try:
        return load_file(path)
    except ModelInvalid as exc:
        errors.extend(exc.errors)
        return None
