"""Which relations a whole-system view draws as marks (⚑ on the watched component) instead of arrows:
only a watcher's watches (alarms -> function), never the request path of a component that happens to
mail a person (issue: a function that tells an admin through a topic lost its arrows to the table)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from archgen.graph import SystemGraph
from archgen.render.diagram_layout import marked, system_watchers
from archgen.render.diagram_views import all_views
from archgen.validate import load_model
from tests.conftest import MODEL

ADMIN = {
    "admin-topic": {"kind": "sns.topic", "layer": "backend", "label": "Admin topic",
                    "description": "Tells the admin of each new item.", "settings": {"email": "admin@example.com"}},
    "admin": {"kind": "external.person", "label": "Admin", "description": "Reads the item mails."},
}


@pytest.fixture(scope="module")
def graph(tmp_path_factory: pytest.TempPathFactory) -> SystemGraph:
    folder = tmp_path_factory.mktemp("mailing") / "model"
    shutil.copytree(MODEL, folder, ignore=shutil.ignore_patterns("__pycache__"))
    system = yaml.safe_load((folder / "system.yaml").read_text("utf-8"))
    system["components"].update(ADMIN)
    system["relations"] += [{"from": "items-fn", "to": "admin-topic", "label": "new item"},
                            {"from": "admin-topic", "to": "admin", "label": "email"}]
    (folder / "system.yaml").write_text(yaml.safe_dump(system, sort_keys=False), "utf-8")
    model = load_model(folder)
    assert model.graph is not None
    return model.graph


def test_only_the_alarms_and_their_alert_chain_are_watchers(graph: SystemGraph) -> None:
    assert system_watchers(graph) == {"alarms", "alerts"}


def test_a_function_that_mails_an_admin_keeps_its_arrows(graph: SystemGraph) -> None:
    views = all_views(graph)
    architecture = views["architecture"]
    marks = {(r.source, r.target) for r in marked(graph, architecture)}
    assert not {pair for pair in marks if pair[0] != "alarms"}
    assert ("items-fn", "items-table") not in marks and ("items-fn", "admin-topic") not in marks
    # the alarms' watches stay marks on what they watch, as before
    assert ("alarms", "items-fn") in marks and ("alarms", "items-table") in marks
    for view in views.values():
        assert all(graph.link(r).meaning.name in ("watch", "subscribe") for r in marked(graph, view)), view.id
