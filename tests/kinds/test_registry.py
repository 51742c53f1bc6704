"""The kind registry: one module per kind, names that match, and relations that point at real kinds."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from diagrams import Node

from archgen.kinds import Registry, discover, registry
from archgen.kinds._base import RELATION_FIELDS, Kind
from archgen.meanings import MEANINGS
from archgen.render.diagram import icon_class
from archgen.schema import LAYERS, ComponentBase

KINDS_DIR = Path(__file__).resolve().parents[2] / "archgen" / "kinds"


def test_one_module_per_kind_named_after_it() -> None:
    modules = sorted(p.stem for p in KINDS_DIR.glob("[!_]*.py"))
    assert modules == sorted(kind.name.replace(".", "_") for kind in registry())


@pytest.mark.parametrize("kind", list(registry()), ids=lambda k: k.name)
def test_kind_metadata_is_complete(kind: Kind) -> None:
    assert re.fullmatch(r"[a-z0-9]+\.[a-z0-9_]+", kind.name)
    assert kind.layer in LAYERS
    assert kind.title and kind.summary
    icon = icon_class(kind.icon)
    assert issubclass(icon, Node) and icon._icon
    assert issubclass(kind.component, ComponentBase)
    assert kind.component.model_fields["kind"].annotation.__args__ == (kind.name,)
    for control in kind.controls:
        assert re.fullmatch(r"[a-z][a-z0-9-]*", control)


@pytest.mark.parametrize("kind", list(registry()), ids=lambda k: k.name)
def test_declared_meanings_are_of_the_vocabulary_and_name_registered_kinds(kind: Kind) -> None:
    for sides in (kind.offers, kind.accepts):
        meanings = [side.meaning for side in sides]
        for meaning in set(meanings):  # several only for different kinds on the other end, the generic one last
            same = [side for side in sides if side.meaning == meaning]
            assert all(side.kinds for side in same[:-1]), f"{kind.name}: '{meaning}' declared twice for any kind"
            narrowed = [other for side in same for other in side.kinds]
            assert len(narrowed) == len(set(narrowed)), f"{kind.name}: '{meaning}' declared twice for one kind"
        for side in sides:
            assert side.meaning in MEANINGS, f"{kind.name}: unknown meaning {side.meaning}"
            assert set(side.requires) | set(side.allows) <= set(RELATION_FIELDS)
            for other in side.kinds:
                assert registry().get(other) is not None, f"{kind.name} names unknown kind {other}"



def test_duplicate_kind_names_are_rejected() -> None:
    kind = registry()["lambda.function"]
    with pytest.raises(ValueError, match="duplicate kind 'lambda.function'"):
        Registry([kind, kind])


def test_discovery_is_stable() -> None:
    assert discover().names == registry().names
