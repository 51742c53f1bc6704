"""Files a component's settings name (an Amplify build spec) are read only from inside the model folder:
a path or a symlink leading out of it is refused at the setting's line, one inside is read as it is."""

from __future__ import annotations

from pathlib import Path

import pytest

from archgen.errors import ModelInvalid
from archgen.graph import SystemGraph
from archgen.render.cloudformation.assemble import synthesize
from archgen.validate import load_model

MODEL = """system: {name: web, title: Web, description: A site., region: eu-west-1, environment: dev,
         domain: web.example.org}
components:
  users: {kind: external.users, label: Users, description: People.}
  web:
    kind: amplify.app
    label: Web
    description: The site.
    settings: {build_spec: hosting/amplify.yml}
relations:
  - {from: users, to: web, label: HTTPS}
flows: {}
views:
  architecture: {title: Architecture, description: All., layers: [external, frontend]}
"""
SPEC = "version: 1\nfrontend:\n  artifacts:\n    baseDirectory: dist\n    files: ['**/*']\n"


def _project(tmp_path: Path) -> Path:
    model = tmp_path / "project" / "model"
    (model / "hosting").mkdir(parents=True)
    (model / "system.yaml").write_text(MODEL, "utf-8")
    return model


def test_a_build_spec_inside_the_folder_is_the_apps(tmp_path: Path) -> None:
    model = _project(tmp_path)
    (model / "hosting" / "amplify.yml").write_text(SPEC, "utf-8")
    result = synthesize(SystemGraph(load_model(model)))
    app = result.templates["frontend"]["Resources"]["WebApp"]["Properties"]
    assert app["BuildSpec"] == SPEC


def test_a_symlink_out_of_the_folder_is_refused(tmp_path: Path) -> None:
    model = _project(tmp_path)
    outside = tmp_path / "secret.yml"
    outside.write_text("version: 1\n", "utf-8")
    (model / "hosting" / "amplify.yml").symlink_to(outside)
    with pytest.raises(ModelInvalid, match=r"system.yaml:9:.*build_spec: 'hosting/amplify.yml' leaves the model folder"):
        load_model(model)


def test_a_symlink_inside_the_folder_is_followed(tmp_path: Path) -> None:
    model = _project(tmp_path)
    (model / "amplify-real.yml").write_text(SPEC, "utf-8")
    (model / "hosting" / "amplify.yml").symlink_to(model / "amplify-real.yml")
    result = synthesize(SystemGraph(load_model(model)))
    assert result.templates["frontend"]["Resources"]["WebApp"]["Properties"]["BuildSpec"] == SPEC


def test_a_folder_symlinked_out_is_refused(tmp_path: Path) -> None:
    model = _project(tmp_path)
    (model / "hosting").rmdir()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "amplify.yml").write_text(SPEC, "utf-8")
    (model / "hosting").symlink_to(elsewhere, target_is_directory=True)
    with pytest.raises(ModelInvalid, match="leaves the model folder"):
        load_model(model)
